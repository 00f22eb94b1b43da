import Foundation

/// What one generated file was when tally last wrote or checked it: enough to recognise it without rendering.
struct OutputRecord: Equatable, Sendable {
    var path: String
    var size: Int
    var hash: ContentHash
    /// The file's stamp, taken after a read found these bytes, when it is settled (FileStamp.settled): a file that
    /// still has it is taken as holding them without being read again. Nil for a file written or changed moments
    /// before, which is read at its next proof, when its stamp is taken again.
    var stamp: FileStamp? = nil

    /// Whether the plain file (not a link) at `location` holds exactly what this records. Read, not mapped: mapping
    /// 30,000 small files cost twice as much in page faults.
    func isHeld(at location: String) -> Bool {
        holds(Disk.readFile(location, limit: size, following: false))
    }

    /// Whether a read of the file gave exactly what this records.
    func holds(_ read: Disk.ReadResult) -> Bool {
        guard case .bytes(let bytes) = read else { return false }
        return bytes.count == size && ContentHash(bytes) == hash
    }
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
/// which is what makes its problems safe to replay. Each
/// record keys a file by its content hash; a settled stamp (FileStamp) beside it spares reading the file while it
/// has that stamp, since nothing can change a file and leave its stamp as it was once its times are older than the
/// file system's step (FileStamp.settled; StampTrust names the file systems and boots stamps are taken on).
/// Reading and hashing generated/'s 30,000 files was most of a no-op check at 10,000 definitions (0.196 s; with
/// stamps 0.137 s, median of 12 interleaved runs) and a fifth of a one-edit build's CPU time.
///
/// Beside the entry, a second file keeps what each group job of the last render made (JobReuse): a build whose
/// inputs differ takes the jobs whose own inputs did not. It is kept apart so that proving generated/ current
/// reads only the entry, and needs no agreement with it: a job's output depends on its key alone, and each file
/// and piece is checked against generated/ before it is taken. Each file ends with a checksum of itself; the
/// group jobs and the decoded store are appended to by blocks (LedgerBlock, DecodedStoreBlocks), each ending with
/// a checksum that continues the one before.
///
/// A third file keeps what each definition file decoded to (DecodedStore), a fourth each definition's own
/// diagnostics (ValidationStore), a fifth each project file's stamp, which spares reading it (InputStamps).
///
/// It lives outside the project ($TALLY_CACHE_DIR, else $XDG_CACHE_HOME/tally, else ~/.cache/tally), five files
/// per project, so a build still touches nothing but generated/.
public struct OutputCache: Sendable {
    /// This project's entry.
    let file: String
    static let formatLine = "tally output cache 8"
    static let jobsFormatLine = "tally group jobs 4"

    /// This project's group jobs.
    var jobsFile: String { String(file.dropLast(".outputs".count)) + ".jobs" }
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
        key(forHashed: inputs.map { ($0.path, $0.bytes.count, ContentHash($0.bytes)) }, generator: generator)
    }

    /// As above, from each file's size and hash, hashed once for this key and the group jobs' keys.
    static func key(forHashed inputs: [(path: String, size: Int, hash: ContentHash)],
                    generator: GeneratorIdentity = .current) -> String? {
        guard let generatorBytes = generator.keyBytes else { return nil }
        var hasher = KeyHasher()
        hasher.add(formatLine)
        hasher.add(generatorBytes)
        for input in inputs.sorted(by: { $0.path < $1.path }) {
            hasher.add(input.path)
            hasher.add(UInt64(input.size))
            hasher.add(input.hash.value)
        }
        return hasher.finish()
    }

    /// The entry stored under `key`, or nil when it is missing, for other inputs, or unreadable.
    func entry(for key: String) -> CacheEntry? {
        storedEntry(onlyFor: key)?.entry
    }

    /// The entry the project has and its key, or only when it is for `wanted`; nil when it is missing or unreadable.
    func storedEntry(onlyFor wanted: String? = nil) -> (key: String, entry: CacheEntry)? {
        Self.readChecked(file, formatLine: Self.formatLine) { reader, bytes -> (String, CacheEntry)? in
            guard let sameBoot = reader.bootLine(), reader.word("key"), let key = reader.rest(),
                  wanted == nil || key == wanted,
                  reader.word("definitions"), let definitionCount = reader.decimalLine(),
                  reader.word("diagnostics"), let length = reader.decimalLine(), length <= Self.diagnosticsLimit,
                  length < reader.buffer.count - reader.index,
                  reader.buffer[reader.index + length] == 0x0A,
                  let diagnostics = StoredDiagnostics.decode(bytes[reader.index..<reader.index + length])
            else { return nil }
            reader.index += length + 1
            guard reader.word("records"), let recordCount = reader.decimalLine() else { return nil }
            var records: [OutputRecord] = []
            for _ in 0..<recordCount {
                guard let record = reader.record(keepingStamp: sameBoot) else { return nil }
                records.append(record)
            }
            guard reader.atEnd else { return nil }
            return (key, CacheEntry(diagnostics: diagnostics, definitionCount: definitionCount, records: records))
        }
    }

    /// Parses a cache file whose first line is `formatLine` and whose last is the checksum of all before it: an
    /// entry damaged anywhere (a flipped digit in an offset still parses) is no entry. Parsed from the bytes: at
    /// 30,000 lines, splitting Strings cost more than hashing generated/.
    static func readChecked<Result>(_ path: String, formatLine: String,
                                            parse: (inout LineReader, [UInt8]) -> Result?) -> Result? {
        guard case .bytes(let bytes) = Disk.readFile(path, limit: 256 << 20) else { return nil }
        return bytes.withUnsafeBufferPointer { whole in
            parseChecked(whole, formatLine: formatLine) { reader in parse(&reader, bytes) }
        }
    }

    /// As above, on bytes already in memory (a mapped file).
    static func parseChecked<Result>(_ whole: UnsafeBufferPointer<UInt8>, formatLine: String,
                                     parse: (inout LineReader) -> Result?) -> Result? {
        let header = Array("\(formatLine)\n".utf8)
        let checksumLine = 4 + 16 + 1
        guard whole.starts(with: header), whole.count >= header.count + checksumLine else { return nil }
        var end = LineReader(buffer: whole, index: whole.count - checksumLine)
        let body = UnsafeBufferPointer(rebasing: whole[..<(whole.count - checksumLine)])
        guard end.word("end"), let checksum = end.hexLine(), end.atEnd,
              ContentHash(UnsafeRawBufferPointer(body)).value == checksum else { return nil }
        var reader = LineReader(buffer: body, index: header.count)
        return parse(&reader)
    }

    /// Replaces the entry, atomically. Best effort: a cache that cannot be written only costs speed later.
    func store(_ entry: CacheEntry, for key: String) {
        guard !entry.records.contains(where: { $0.path.contains(byte: newline) }) else { return }
        guard let diagnostics = StoredDiagnostics.encode(entry.diagnostics), diagnostics.count <= Self.diagnosticsLimit
        else { return }
        writeChecked(file, formatLine: Self.formatLine) { text, feed in
            text.addBootLine()
            text.add("key \(key)\ndefinitions \(entry.definitionCount)\n")
            text.add("diagnostics \(diagnostics.count)\n")
            text.add(diagnostics)
            text.add("\nrecords \(entry.records.count)\n")
            for index in OutputRecord.pathOrder(of: entry.records) {
                text.add(entry.records[index])
                text.handOver(to: feed)
            }
        }
    }

    /// Names with a line break would end their line early: such a path is never stored.
    private var newline: UInt8 { UInt8(ascii: "\n") }

    /// Writes a cache file beside its final name, then renames it: its format line, what `body` adds, and the
    /// checksum line. Written as it is made, a chunk at a time: at 10,000 definitions the group jobs are 5 MB,
    /// which as one String (grown by doubling) was the peak of a build's memory.
    func writeChecked(_ path: String, formatLine: String,
                              body: (inout EntryText, (UnsafeRawBufferPointer) -> Void) -> Void) {
        func write(_ feed: (UnsafeRawBufferPointer) -> Void) {
            var text = EntryText()
            text.add(formatLine + "\n")
            withoutActuallyEscaping(feed) { feed in body(&text, feed) }
            text.handOver(to: feed, all: true)
            text.add("end ")
            text.add(hexLine: text.checksum.value)
            text.handOver(to: feed, all: true)
        }
        // Bytes of this run may not be the ones its keys were made from (DeferredRead): nothing is kept.
        guard changedInput == nil else { return }
        let folder = String(path[..<path.lastSlash!])
        let temporary = path + ".\(ProcessInfo.processInfo.processIdentifier).tmp"
        removeAbandonedTemporaries(in: folder)
        do {
            try Disk.makeDirectories(folder)
            try Disk.writeFile(to: temporary, parts: { write($0) })
            guard changedInput == nil else {
                try? Disk.remove(temporary)
                return
            }
            try Disk.replace(path, with: temporary)
            // The old version, where the two were exchanged (Disk.replace: a rename over it flushed the new one,
            // 9 ms for the 11 MB decoded store at 10,000 definitions).
            try? Disk.remove(temporary)
        } catch {
            try? Disk.remove(temporary)
            PhaseTimes.shared.note("output cache: not stored (\(error))")
            Self.storeFailure.withLock { $0 = $0 ?? "\(error)" }
        }
    }

    /// The share of a cache file appended to by blocks (the decoded store, the group jobs) that what is no longer
    /// read may take, as a fraction of what is: one in `blockWasteShare`; past it, the file is written whole.
    static let blockWasteShare = 5

    /// Writes `body` at the end of the cache file at `path`, with the line of its checksum continuing `seed` (the
    /// last block's), in one write, when the file is still the one stamped `read` (another run may have written it
    /// whole since: were the stamp the same, the block's checksum, continuing the last block read, would not
    /// continue that file's) and no input changed while the run read it (as `writeChecked`); true when all were
    /// written. A write cut short leaves a block whose checksum fails, which ends the file there and has the next
    /// run write it whole. Opened without waiting, as every cache file is read: a FIFO put in its place would
    /// block the open forever.
    func appendBlock(_ body: [UInt8], seed: UInt64, to path: String, after read: FileStamp) -> Bool {
        let bytes = body + Array("end \(ContentHash(body, seed: seed).hex)\n".utf8)
        let descriptor = open(path, O_WRONLY | O_APPEND | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        guard FileStamp.of(descriptor: descriptor) == read, changedInput == nil else { return false }
        let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        return written == bytes.count
    }

    /// A run killed while storing leaves its temporary file; one an hour old belongs to no live run.
    private func removeAbandonedTemporaries(in folder: String) {
        let hourAgo = Disk.now() - 3_600_000_000_000
        for entry in Disk.entries(of: folder) ?? [] where entry.kind == .regular && entry.name.hasSuffix(".tmp") {
            let path = folder + "/" + entry.name
            if let stamp = Disk.stamp(of: path), stamp.modified < hourAgo { try? Disk.remove(path) }
        }
    }

    /// The first reason a cache file of this run could not be stored, for the command to say once at its end: a
    /// cache that is never stored is never wrong, only slow, which nobody would otherwise learn.
    private static let storeFailure = Locked<String?>(nil)
    public static var lastStoreFailure: String? { storeFailure.withLock { $0 } }

    /// By cache, the first project file this run found changed after taking it on its stamp's word (DeferredRead):
    /// from then on, that cache is not written.
    private static let changedInputs = Locked<[String: String]>([:])

    /// Notes that a file taken on its stamp did not read as the bytes stamped.
    func inputChanged(_ path: String) { Self.changedInputs.withLock { $0[file] = $0[file] ?? path } }

    /// The file this run found changed under this cache, if any.
    var changedInput: String? { Self.changedInputs.withLock { $0[file] } }

    /// A file some cache of this run found changed, for the command to say at its end.
    public static var anyChangedInput: String? { changedInputs.withLock { $0.values.min() } }

    /// Forgets the entry, so the next run renders.
    func clear() { try? Disk.remove(file) }
}
