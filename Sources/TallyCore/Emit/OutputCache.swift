import Foundation

/// What one generated file was when tally last wrote or checked it: enough to recognise it without rendering.
struct OutputRecord: Equatable, Sendable {
    var path: String
    var size: Int
    var hash: ContentHash
}

/// Remembers, per project, which generated files the last successful build or check proved current, under a key
/// of every input byte and the generator's build id. A later run with the same key only has to hash generated/
/// against the records instead of rendering everything again; any doubt (no entry, another key, a file that
/// differs, an unreadable cache) means rendering, so the cache can make tally faster but never wrong.
///
/// It lives outside the project ($TALLY_CACHE_DIR, else $XDG_CACHE_HOME/tally, else ~/.cache/tally), one file
/// per project, so a build still touches nothing but generated/.
public struct OutputCache: Sendable {
    /// This project's entry.
    let file: String
    static let formatLine = "tally output cache 1"

    /// nil when there is nowhere to keep it.
    public static func forProject(at root: URL,
                                  environment: [String: String] = ProcessInfo.processInfo.environment) -> OutputCache? {
        let folder: String
        if let chosen = environment["TALLY_CACHE_DIR"], !chosen.isEmpty {
            folder = chosen
        } else if let base = environment["XDG_CACHE_HOME"], base.hasPrefix("/") {
            folder = base + "/tally"
        } else if let home = environment["HOME"], home.hasPrefix("/") {
            folder = home + "/.cache/tally"
        } else {
            return nil
        }
        let project = root.resolvingSymlinksInPath().path
        return OutputCache(file: folder + "/" + ContentHash(project).hex + ".outputs")
    }

    /// The key of a set of inputs: every file's path and bytes, and the generator's build id. nil when the
    /// generator cannot be identified, which turns caching off.
    static func key(for texts: [String: SourceText]) -> String? {
        guard let buildID = GeneratorIdentity.buildID else { return nil }
        var hasher = KeyHasher()
        hasher.add(formatLine)
        hasher.add(buildID)
        for path in texts.keys.sorted() {
            let bytes = texts[path]!.bytes
            hasher.add(path)
            hasher.add(UInt64(bytes.count))
            hasher.add(ContentHash(bytes).value)
        }
        return hasher.finish()
    }

    /// The records stored under `key`, or nil when the entry is missing, for other inputs, or unreadable.
    func records(for key: String) -> [OutputRecord]? {
        guard case .bytes(let bytes) = Disk.readFile(file, limit: 256 << 20) else { return nil }
        let header = Array("\(Self.formatLine)\nkey \(key)\n".utf8)
        guard bytes.starts(with: header), bytes.last == 0x0A else { return nil }
        // Parsed from the bytes: at 30,000 lines, splitting Strings cost more than hashing generated/.
        return bytes.withUnsafeBufferPointer { buffer -> [OutputRecord]? in
            var records: [OutputRecord] = []
            var index = header.count
            while index < buffer.count {
                var hash: UInt64 = 0
                for _ in 0..<16 {
                    guard index < buffer.count, let digit = Self.hexDigit(buffer[index]) else { return nil }
                    hash = hash << 4 | UInt64(digit)
                    index += 1
                }
                guard index < buffer.count, buffer[index] == 0x20 else { return nil }
                index += 1
                var size = 0
                let sizeStart = index
                while index < buffer.count, (0x30...0x39).contains(buffer[index]), index - sizeStart < 12 {
                    size = size * 10 + Int(buffer[index] - 0x30)
                    index += 1
                }
                guard index > sizeStart, index < buffer.count, buffer[index] == 0x20 else { return nil }
                index += 1
                let pathStart = index
                while buffer[index] != 0x0A { index += 1 }  // the file ends with a newline
                guard index > pathStart else { return nil }
                let path = String(decoding: UnsafeBufferPointer(rebasing: buffer[pathStart..<index]), as: UTF8.self)
                records.append(OutputRecord(path: path, size: size, hash: ContentHash(value: hash)))
                index += 1
            }
            return records
        }
    }

    private static func hexDigit(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 0x30...0x39: byte - 0x30
        case 0x61...0x66: byte - 0x61 + 10
        default: nil
        }
    }

    /// Replaces the entry, atomically. Best effort: a cache that cannot be written only costs speed later.
    func store(_ records: [OutputRecord], for key: String) {
        guard !records.contains(where: { $0.path.contains("\n") }) else { return }
        var text = "\(Self.formatLine)\nkey \(key)\n"
        for record in records.sorted(by: { $0.path < $1.path }) {
            text += "\(record.hash.hex) \(record.size) \(record.path)\n"
        }
        let folder = String(file[..<file.lastIndex(of: "/")!])
        let temporary = file + ".\(ProcessInfo.processInfo.processIdentifier).tmp"
        do {
            try Disk.makeDirectories(folder)
            try Disk.writeFile(text, to: temporary)
            try Disk.move(temporary, to: file)
        } catch {
            try? Disk.remove(temporary)
        }
    }

    /// Forgets the entry, so the next run renders.
    func clear() { try? Disk.remove(file) }
}
