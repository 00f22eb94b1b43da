import Foundation

/// What one generated file was when tally last wrote or checked it: enough to recognise it without rendering.
struct OutputRecord: Equatable, Sendable {
    var path: String
    var size: Int
    var hash: ContentHash
    /// The file's stamp when its bytes were known to be these; nil when there is none to trust.
    var stamp: FileStamp?
}

/// A cache entry: the records, and when they were written (records whose files changed in that same clock tick
/// or later are hashed, not trusted by their stamps).
struct CacheEntry {
    var records: [OutputRecord]
    var writtenAt: Int64
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
    static let formatLine = "tally output cache 2"

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
    static func key(for files: [ProjectFiles.File]) -> String? {
        guard let buildID = GeneratorIdentity.buildID else { return nil }
        var hasher = KeyHasher()
        hasher.add(formatLine)
        hasher.add(buildID)
        for file in files.sorted(by: { $0.path < $1.path }) {
            hasher.add(file.path)
            hasher.add(UInt64(file.text.bytes.count))
            hasher.add(ContentHash(file.text.bytes).value)
        }
        return hasher.finish()
    }

    /// The entry stored under `key`, or nil when it is missing, for other inputs, or unreadable.
    func entry(for key: String) -> CacheEntry? {
        var stamp: FileStamp?
        guard case .bytes(let bytes) = Disk.readFile(file, limit: 256 << 20, stamp: &stamp), let stamp else { return nil }
        let header = Array("\(Self.formatLine)\nkey \(key)\n".utf8)
        guard bytes.starts(with: header), bytes.last == 0x0A else { return nil }
        // Parsed from the bytes: at 30,000 lines, splitting Strings cost more than hashing generated/.
        let records = bytes.withUnsafeBufferPointer { buffer -> [OutputRecord]? in
            var reader = LineReader(buffer: buffer, index: header.count)
            var records: [OutputRecord] = []
            while !reader.atEnd {
                guard let hash = reader.hex(), let size = reader.decimal() else { return nil }
                var stamp: FileStamp?
                if !reader.skipDash() {
                    guard let inode = reader.decimal(), let modified = reader.decimal(),
                          let changed = reader.decimal() else { return nil }
                    stamp = FileStamp(inode: UInt64(inode), size: size, modified: Int64(modified),
                                      changed: Int64(changed))
                }
                guard let path = reader.rest() else { return nil }
                records.append(OutputRecord(path: path, size: size, hash: ContentHash(value: hash), stamp: stamp))
            }
            return records
        }
        return records.map { CacheEntry(records: $0, writtenAt: stamp.modified) }
    }

    /// Replaces the entry, atomically. Best effort: a cache that cannot be written only costs speed later.
    func store(_ records: [OutputRecord], for key: String) {
        guard !records.contains(where: { $0.path.contains("\n") }) else { return }
        var text = "\(Self.formatLine)\nkey \(key)\n"
        for record in records.sorted(by: { $0.path < $1.path }) {
            let stamp = record.stamp.map { "\($0.inode) \($0.modified) \($0.changed)" } ?? "-"
            text += "\(record.hash.hex) \(record.size) \(stamp) \(record.path)\n"
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

/// Reads the space-separated fields of a cache entry's lines.
private struct LineReader {
    let buffer: UnsafeBufferPointer<UInt8>
    var index: Int

    var atEnd: Bool { index >= buffer.count }

    /// Sixteen lowercase hex digits and a space.
    mutating func hex() -> UInt64? {
        var value: UInt64 = 0
        for _ in 0..<16 {
            guard index < buffer.count else { return nil }
            let byte = buffer[index]
            switch byte {
            case 0x30...0x39: value = value << 4 | UInt64(byte - 0x30)
            case 0x61...0x66: value = value << 4 | UInt64(byte - 0x61 + 10)
            default: return nil
            }
            index += 1
        }
        return space() ? value : nil
    }

    /// Up to 19 decimal digits and a space.
    mutating func decimal() -> Int? {
        let start = index
        var value = 0
        while index < buffer.count, (0x30...0x39).contains(buffer[index]), index - start < 19 {
            value = value * 10 + Int(buffer[index] - 0x30)
            index += 1
        }
        return index > start && space() ? value : nil
    }

    /// "- ", the mark of a record without a stamp.
    mutating func skipDash() -> Bool {
        guard index < buffer.count, buffer[index] == 0x2D else { return false }
        index += 1
        return space()
    }

    /// The rest of the line, not empty, and the line break after it.
    mutating func rest() -> String? {
        let start = index
        while index < buffer.count, buffer[index] != 0x0A { index += 1 }
        guard index > start, index < buffer.count else { return nil }
        defer { index += 1 }
        return String(decoding: UnsafeBufferPointer(rebasing: buffer[start..<index]), as: UTF8.self)
    }

    private mutating func space() -> Bool {
        guard index < buffer.count, buffer[index] == 0x20 else { return false }
        index += 1
        return true
    }
}
