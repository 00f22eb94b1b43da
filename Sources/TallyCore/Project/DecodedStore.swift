import Foundation

/// What each definition file decoded to, kept between runs so that a run after an edit decodes only the files that
/// changed: parsing and decoding YAML was over half of a one-edit build. Each entry is the definition written by
/// StoreWriter, under its file's path, size and content hash, and is taken only for a file of that path whose bytes
/// hash the same now; the store as a whole is for one generator (its build id), since another build of tally may
/// decode differently. Only files that decoded with no problem at all are kept: a file with a warning of its own
/// is decoded again each run, so its problems are reported as the decoder words them today.
///
/// Decoding reads nothing but the file (its path gives its role), so an entry is right for every run that reads the
/// same bytes at the same path with the same generator; a damaged entry, another layout or any doubt means decoding
/// the YAML, never a wrong definition.
///
/// It is the output cache's third file (`.decoded`), written whole as the others are, checked by the same
/// checksum at its end; a run that decoded a few files anew appends their entries after it instead, as a block
/// whose checksum continues the one before (DecodedStoreBlocks), until the entries blocks replaced would be more
/// than a fifth of those read.
final class DecodedStore: Sendable {
    /// How a checked file's definition reaches the next store: as stored before (its whole entry, head and
    /// payload, is copied: its head would be written the same, for a path of the same bytes), or as written now.
    enum Form: Sendable {
        case stored(entry: Range<Int>)
        case written([UInt8])
    }

    struct Entry: Sendable {
        let size: Int
        let hash: ContentHash
        /// The whole entry, from its path to the end of its payload.
        let whole: Range<Int>
        let payload: Range<Int>
    }

    static let formatLine = "tally decoded definitions 5"

    let cache: OutputCache
    private let generator: ContentHash
    /// The store file, in pages of its own; nil when there was none.
    let stored: PagedFile?
    let entries: [String: Entry]
    /// How many blocks the store file held, and the last one's checksum (which the next block's continues), when
    /// every byte of it was read as one.
    let chain: (blocks: Int, checksum: UInt64)?
    /// Each project file's content hash, in the project's order.
    let hashes: [ContentHash]
    /// The same hashes by path, where the caller made them already (the job keys of a build), for the validation
    /// store's keys.
    let inputs: InputHashes?

    /// The store of this cache, read now; nil when the generator has no identity to key it by.
    init?(cache: OutputCache, hashes: [ContentHash], inputs: InputHashes? = nil,
          generator: GeneratorIdentity = .current) {
        guard let identity = generator.keyBytes else { return nil }
        self.cache = cache
        self.generator = ContentHash(identity)
        self.hashes = hashes
        self.inputs = inputs
        let read = PhaseTimes.shared.measure("decoded store read") {
            Self.read(cache.decodedFile, generator: ContentHash(identity))
        }
        (stored, entries, chain) = read ?? (nil, [:], nil)
    }

    /// How many definitions the store holds.
    var count: Int { entries.count }

    /// The definition stored for this file (the project's file at `index`), when its bytes are the ones stored.
    func decodedBefore(_ file: ProjectFiles.File, at index: Int) -> (Compiler.Decoded, Form)? {
        guard case .definition(let id, let group) = file.role, hashes.indices.contains(index),
              let entry = entries[file.path],
              entry.size == file.text.count, entry.hash == hashes[index], let stored else { return nil }
        guard let definition = Self.definition(in: UnsafeRawBufferPointer(rebasing: stored.bytes[entry.payload]),
                                               of: file, id: id, group: group) else { return nil }
        return (Compiler.Decoded(value: .definition(id, definition), diagnostics: DiagnosticCollector()),
                .stored(entry: entry.whole))
    }

    /// The definition these bytes hold when they read whole as the one of this file, id and group; nil for any
    /// other bytes.
    private static func definition(in bytes: UnsafeRawBufferPointer, of file: ProjectFiles.File, id: String,
                                   group: String) -> Definition? {
        var reader = StoreReader(bytes, file: file.text.spanFile)
        guard let definition = try? reader.definition(), reader.atEnd, definition.id.value == id,
              definition.file == file.path, definition.group == group else { return nil }
        return definition
    }

    /// The form a file just decoded is kept in: nil unless it is a definition that decoded without a problem.
    func form(of decoded: Compiler.Decoded, file: ProjectFiles.File) -> Form? {
        guard case .definition(_, let definition?) = decoded.value, decoded.diagnostics.diagnostics.isEmpty,
              decoded.sourceTable == nil else { return nil }
        var writer = StoreWriter(file: file.text.spanFile, capacity: file.text.count)
        writer.definition(definition)
        return writer.failed ? nil : .written(writer.bytes)
    }

    /// A definition just decoded from YAML as the next run will take it from the store: read back from the form it
    /// is kept in (`form(of:file:)`), so that it holds what a stored one holds (its examples and key spans as
    /// blocks, read when asked for), not its YAML's whole decoding. At 10,000 definitions, a run that decoded every
    /// file (after a branch switch) held 20 MB more through its render than one that took them from the store.
    /// Unchanged when it has no such form or does not read back as itself.
    func compacted(_ decoded: Compiler.Decoded, form: Form?, file: ProjectFiles.File) -> Compiler.Decoded {
        guard case .written(let bytes)? = form, case .definition(let id, let original?) = decoded.value,
              let definition = bytes.withUnsafeBytes({ Self.definition(in: $0, of: file, id: id, group: original.group) })
        else { return decoded }
        return Compiler.Decoded(value: .definition(id, definition), diagnostics: decoded.diagnostics)
    }

    /// Makes the store hold the definitions of these files (`forms` parallel to `files`), unless it already holds
    /// exactly them: by a block appended (DecodedStoreBlocks), else written whole. Best effort, as the output
    /// cache: a store that cannot be written only costs speed.
    func keep(_ forms: [Form?], of files: [ProjectFiles.File]) {
        let taken = forms.count { if case .stored? = $0 { true } else { false } }
        let written = forms.count { if case .written? = $0 { true } else { false } }
        PhaseTimes.shared.note("definitions taken from the decoded store: \(taken) of \(entries.count) stored")
        // A store whose end did not read (an append cut short) is written whole even when nothing changed.
        guard written > 0 || taken != entries.count || (stored != nil && chain == nil) else { return }
        if appended(forms, of: files) { return }
        PhaseTimes.shared.measure("decoded store write") {
            cache.writeChecked(cache.decodedFile, formatLine: Self.formatLine) { text, feed in
                text.add("generator ")
                text.add(hexLine: generator.value)
                var index = StoreWriter(file: nil, capacity: 16)
                index.unsigned(UInt64(taken + written))
                text.add(index.bytes)
                let before = stored?.bytes ?? UnsafeRawBufferPointer(start: nil, count: 0)
                // Stored entries that lay one after the other before are handed over as one block of the old
                // store, as they lie: copied entry by entry, each through a writer of its own, they were most of
                // the 20-35 ms this write took after one edit at 10,000 definitions.
                var block: Range<Int>?
                func handOverBlock() {
                    if let range = block { text.handOver(block: UnsafeRawBufferPointer(rebasing: before[range]), to: feed) }
                    block = nil
                }
                for (place, (file, form)) in zip(files, forms).enumerated() {
                    guard let form else { continue }
                    switch form {
                    case .stored(let entry):
                        if let range = block, range.upperBound == entry.lowerBound {
                            block = range.lowerBound..<entry.upperBound
                        } else {
                            handOverBlock()
                            block = entry
                        }
                    case .written(let payload):
                        handOverBlock()
                        var head = StoreWriter(file: nil, capacity: file.path.utf8.count + 32)
                        writeHead(of: file, at: place, payloadCount: payload.count, to: &head)
                        text.add(head.bytes)
                        text.add(payload)
                        text.handOver(to: feed)
                    }
                }
                handOverBlock()
            }
        }
    }

    /// Writes the head of the entry of the project's file at `place` (its path, size and content hash, and the
    /// payload's length), as a whole write and an appended block lay it and `block(in:from:checkedFrom:seed:)` reads
    /// it back.
    func writeHead(of file: ProjectFiles.File, at place: Int, payloadCount: Int, to writer: inout StoreWriter) {
        writer.string(file.path)
        writer.unsigned(UInt64(file.text.count))
        writer.word(hashes[place].value)
        writer.unsigned(UInt64(payloadCount))
    }

    /// The store file, its entries by path and its blocks' chain (nil when its end did not read as a block); nil
    /// when it is missing, its first block is damaged, or it is of another generator. Read into pages of its own,
    /// not into an array: see PagedFile.
    private static func read(_ path: String, generator: ContentHash)
        -> (PagedFile, [String: Entry], (blocks: Int, checksum: UInt64)?)? {
        guard let file = PagedFile(path, limit: 1 << 30) else { return nil }
        let whole = file.bytes.bindMemory(to: UInt8.self)
        let header = Array("\(formatLine)\n".utf8)
        guard whole.starts(with: header) else { return nil }
        var lines = LineReader(buffer: whole, index: header.count)
        guard lines.word("generator"), lines.hexLine() == generator.value else { return nil }
        var entries: [String: Entry] = [:]
        var blocks = 0
        // The first block's checksum is over the file from its start, as every cache file's is; each later one's
        // over its own bytes, continuing the one before (its seed), so that a block is taken only after the very
        // blocks it was appended to, under their header and generator.
        var checkedFrom = 0
        var checksum: UInt64 = 0
        var index = lines.index
        while index < whole.count {
            // A block that does not read, or not as its checksum says, ends the store where it starts: the first,
            // and there is none; a later one (an append cut short), and the store is the blocks before it.
            guard let block = Self.block(in: file.bytes, from: index, checkedFrom: checkedFrom, seed: checksum) else {
                return blocks == 0 ? nil : (file, entries, nil)
            }
            if blocks == 0 { entries.reserveCapacity(block.entries.count) }
            for (path, entry) in block.entries { entries[path] = entry }
            blocks += 1
            index = block.end
            checkedFrom = block.end
            checksum = block.checksum
        }
        return blocks == 0 ? nil : (file, entries, (blocks, checksum))
    }

    /// The entries of the block at `start` (an entry count, then each entry), where its checksum line ends, and
    /// the checksum, when the line follows them and holds the hash of the bytes from `checkedFrom` to it under
    /// `seed`; else nil.
    private static func block(in bytes: UnsafeRawBufferPointer, from start: Int, checkedFrom: Int,
                              seed: UInt64) -> (entries: [(String, Entry)], end: Int, checksum: UInt64)? {
        var reader = StoreReader(bytes, file: nil, from: start)
        guard let count = try? reader.count() else { return nil }
        var entries: [(String, Entry)] = []
        // An entry takes 11 bytes at least: room for no more than the file can hold.
        entries.reserveCapacity(min(count, (bytes.count - reader.index) / 11))
        for _ in 0..<count {
            let whole = reader.index
            guard let path = try? reader.string(), let size = try? reader.unsigned(),
                  let hash = try? reader.word(), let length = try? reader.count() else { return nil }
            let payload = reader.index
            guard (try? reader.skip(length)) != nil else { return nil }
            entries.append((path, Entry(size: Int(truncatingIfNeeded: size), hash: ContentHash(value: hash),
                                        whole: whole..<payload + length, payload: payload..<payload + length)))
        }
        var line = LineReader(buffer: bytes.bindMemory(to: UInt8.self), index: reader.index)
        guard let checksum = line.checksumLine(of: checkedFrom, seed: seed) else { return nil }
        return (entries, line.index, checksum)
    }
}

extension Compiler {
    /// A check that takes each definition whose file is unchanged from the decoded store kept in `cache`, and keeps
    /// this run's there: for the commands that check a project before they run something on it (test, run, show,
    /// versions, diff), which prove nothing about generated/. Without a cache, a plain check.
    public static func check(_ project: ProjectFiles, decodedStoreIn cache: OutputCache?,
                             keepingDecoded: Bool = false) -> CheckResult {
        let store = cache.flatMap { cache in
            DecodedStore(cache: cache, hashes: PhaseTimes.shared.measure("cache key") { project.contentHashes })
        }
        return check(project, keepingDecoded: keepingDecoded, store: store)
    }
}

extension OutputCache {
    /// This project's decoded definitions (DecodedStore).
    var decodedFile: String { String(file.dropLast(".outputs".count)) + ".decoded" }
}
