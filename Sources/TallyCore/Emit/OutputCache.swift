import Foundation

/// What one generated file was when tally last wrote or checked it: enough to recognise it without rendering.
struct OutputRecord: Equatable, Sendable {
    var path: String
    var size: Int
    var hash: ContentHash
    /// The file's stamp when its bytes were known to be these; nil when there is none to trust.
    var stamp: FileStamp?
}

/// A cache entry: the records, and the wall-clock time (ns) at which the run that took their stamps started.
struct CacheEntry: Equatable {
    var records: [OutputRecord]
    var recordedAt: Int64

    /// A stamp vouches for a file only when its ctime is this much older than the run that took it: a file
    /// system with coarse timestamps (1 s on ext3, 2 s on FAT) gives a later write within the same tick the
    /// same ctime, and such a write could have happened after the stamp was taken.
    static let stampMargin: Int64 = 2_000_000_000

    func trusts(_ stamp: FileStamp) -> Bool { stamp.changed < recordedAt - Self.stampMargin }
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
    static let formatLine = "tally output cache 3"

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
        let header = Array("\(Self.formatLine)\nkey \(key)\nrecorded ".utf8)
        guard bytes.starts(with: header), bytes.last == 0x0A else { return nil }
        // Parsed from the bytes: at 30,000 lines, splitting Strings cost more than hashing generated/.
        return bytes.withUnsafeBufferPointer { buffer -> CacheEntry? in
            var reader = LineReader(buffer: buffer, index: header.count)
            guard let recordedAt = reader.decimalLine() else { return nil }
            var records: [OutputRecord] = []
            while !reader.atEnd {
                guard let hash = reader.hex(), let size = reader.decimal() else { return nil }
                var stamp: FileStamp?
                if !reader.skipDash() {
                    guard let inode = reader.unsigned(), let modified = reader.decimal(),
                          let changed = reader.decimal() else { return nil }
                    stamp = FileStamp(inode: inode, size: size, modified: Int64(modified), changed: Int64(changed))
                }
                guard let path = reader.rest() else { return nil }
                records.append(OutputRecord(path: path, size: size, hash: ContentHash(value: hash), stamp: stamp))
            }
            return CacheEntry(records: records, recordedAt: Int64(recordedAt))
        }
    }

    /// Replaces the entry, atomically. Best effort: a cache that cannot be written only costs speed later.
    func store(_ entry: CacheEntry, for key: String) {
        guard !entry.records.contains(where: { $0.path.contains("\n") }), entry.recordedAt >= 0 else { return }
        var text = "\(Self.formatLine)\nkey \(key)\nrecorded \(entry.recordedAt)\n"
        for record in entry.records.sorted(by: { $0.path < $1.path }) {
            let stamp = record.stamp.map { "\($0.inode) \($0.modified) \($0.changed)" } ?? "-"
            text += "\(record.hash.hex) \(record.size) \(stamp) \(record.path)\n"
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

    /// Decimal digits ending the line.
    mutating func decimalLine() -> Int? {
        let start = index
        while index < buffer.count, (0x30...0x39).contains(buffer[index]) { index += 1 }
        guard index > start, index < buffer.count, buffer[index] == 0x0A else { return nil }
        defer { index += 1 }
        return Int(String(decoding: UnsafeBufferPointer(rebasing: buffer[start..<index]), as: UTF8.self))
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
