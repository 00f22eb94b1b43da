import Foundation

/// What one generated file was when tally last wrote or checked it: enough to recognise it without rendering.
struct OutputRecord: Equatable, Sendable {
    var path: String
    var size: Int
    var hash: ContentHash
}

/// A cache entry: what checking these inputs found, and what generated/ held, file by file, when they were last
/// proven to produce it.
struct CacheEntry: Equatable {
    /// What the check reported, before --strict: warnings only, since a run with errors renders nothing to prove.
    var diagnostics: [Diagnostic] = []
    var definitionCount = 0
    var records: [OutputRecord]
}

/// Remembers, per project, what the last successful build or check found, under a key of every input byte and the
/// generator's build id: the problems it reported and which generated files it proved current. A later run with
/// the same key only has to hash generated/ against the records and report the same problems again, instead of
/// decoding, validating and rendering everything; any doubt (no entry, another key, a file that differs, an
/// unreadable cache) means doing all of it, so the cache can make tally faster but never wrong. Checking is a
/// function of the inputs alone (no rule reads the clock, the environment or anything outside the files read),
/// which is what makes its problems safe to replay. Content
/// hashes only: file stamps (inode, times), which spared hashing unchanged files, bought 1.05x on a 10,000
/// definition check and rested on how each file system keeps ctime, so they went.
///
/// It lives outside the project ($TALLY_CACHE_DIR, else $XDG_CACHE_HOME/tally, else ~/.cache/tally), one file
/// per project, so a build still touches nothing but generated/.
public struct OutputCache: Sendable {
    /// This project's entry.
    let file: String
    static let formatLine = "tally output cache 5"
    /// The most diagnostics text an entry holds (about 100,000 warnings); a run with more is not remembered.
    static let diagnosticsLimit = 32 << 20

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

    /// The key of a set of inputs: every file's path and bytes, and the generator's identity. nil when the
    /// generator cannot be identified, which turns caching off.
    static func key(for inputs: [(path: String, bytes: [UInt8])],
                    generator: GeneratorIdentity = .current) -> String? {
        guard let generatorBytes = generator.keyBytes else { return nil }
        var hasher = KeyHasher()
        hasher.add(formatLine)
        hasher.add(generatorBytes)
        for input in inputs.sorted(by: { $0.path < $1.path }) {
            hasher.add(input.path)
            hasher.add(UInt64(input.bytes.count))
            hasher.add(ContentHash(input.bytes).value)
        }
        return hasher.finish()
    }

    /// The entry stored under `key`, or nil when it is missing, for other inputs, or unreadable.
    func entry(for key: String) -> CacheEntry? {
        guard case .bytes(let bytes) = Disk.readFile(file, limit: 256 << 20) else { return nil }
        let header = Array("\(Self.formatLine)\nkey \(key)\n".utf8)
        guard bytes.starts(with: header), bytes.last == 0x0A else { return nil }
        // Parsed from the bytes: at 30,000 lines, splitting Strings cost more than hashing generated/.
        return bytes.withUnsafeBufferPointer { buffer -> CacheEntry? in
            var reader = LineReader(buffer: buffer, index: header.count)
            guard reader.word("definitions"), let definitionCount = reader.decimalLine(),
                  reader.word("diagnostics"), let length = reader.decimalLine(), length <= Self.diagnosticsLimit,
                  length < buffer.count - reader.index,
                  buffer[reader.index + length] == 0x0A,
                  let diagnostics = StoredDiagnostics.decode(bytes[reader.index..<reader.index + length])
            else { return nil }
            reader.index += length + 1
            var records: [OutputRecord] = []
            while !reader.atEnd {
                guard let hash = reader.hex(), let size = reader.decimal(), let path = reader.rest() else { return nil }
                records.append(OutputRecord(path: path, size: size, hash: ContentHash(value: hash)))
            }
            return CacheEntry(diagnostics: diagnostics, definitionCount: definitionCount, records: records)
        }
    }

    /// Replaces the entry, atomically. Best effort: a cache that cannot be written only costs speed later.
    func store(_ entry: CacheEntry, for key: String) {
        guard !entry.records.contains(where: { $0.path.contains("\n") }) else { return }
        guard let diagnostics = StoredDiagnostics.encode(entry.diagnostics), diagnostics.count <= Self.diagnosticsLimit
        else { return }
        var text = "\(Self.formatLine)\nkey \(key)\ndefinitions \(entry.definitionCount)\n"
        text += "diagnostics \(diagnostics.count)\n" + String(decoding: diagnostics, as: UTF8.self) + "\n"
        for record in entry.records.sorted(by: { $0.path < $1.path }) {
            text += "\(record.hash.hex) \(record.size) \(record.path)\n"
        }
        let folder = String(file[..<file.lastIndex(of: "/")!])
        let temporary = file + ".\(ProcessInfo.processInfo.processIdentifier).tmp"
        removeAbandonedTemporaries(in: folder)
        do {
            try Disk.makeDirectories(folder)
            try Disk.writeFile(text, to: temporary)
            try Disk.move(temporary, to: file)
        } catch {
            try? Disk.remove(temporary)
            PhaseTimes.shared.note("output cache: not stored (\(error))")
        }
    }

    /// A run killed while storing leaves its temporary file; one an hour old belongs to no live run.
    private func removeAbandonedTemporaries(in folder: String) {
        let hourAgo = Disk.now() - 3_600_000_000_000
        for entry in Disk.entries(of: folder) ?? [] where entry.kind == .regular && entry.name.hasSuffix(".tmp") {
            let path = folder + "/" + entry.name
            if let stamp = Disk.stamp(of: path), stamp.modified < hourAgo { try? Disk.remove(path) }
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

    /// Decimal digits and a space; nil when they do not fit 64 bits (a damaged entry is no entry).
    mutating func unsigned() -> UInt64? {
        let start = index
        var value: UInt64 = 0
        while index < buffer.count, (0x30...0x39).contains(buffer[index]) {
            let (shifted, overflowed) = value.multipliedReportingOverflow(by: 10)
            let (sum, carried) = shifted.addingReportingOverflow(UInt64(buffer[index] - 0x30))
            guard !overflowed, !carried else { return nil }
            value = sum
            index += 1
        }
        return index > start && space() ? value : nil
    }

    mutating func decimal() -> Int? { unsigned().flatMap { Int(exactly: $0) } }

    /// A decimal number that ends its line.
    mutating func decimalLine() -> Int? {
        let start = index
        while index < buffer.count, (0x30...0x39).contains(buffer[index]) { index += 1 }
        guard index > start, index - start <= 18, index < buffer.count, buffer[index] == 0x0A else { return nil }
        defer { index += 1 }
        return Int(String(decoding: UnsafeBufferPointer(rebasing: buffer[start..<index]), as: UTF8.self))
    }

    /// A literal word and the space after it.
    mutating func word(_ literal: String) -> Bool {
        for byte in literal.utf8 {
            guard index < buffer.count, buffer[index] == byte else { return false }
            index += 1
        }
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
