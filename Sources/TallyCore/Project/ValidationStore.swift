/// Each definition's own diagnostics (the rules Validator runs for one definition), kept between runs so that a run
/// after an edit validates only the definitions the edit can reach: validating all 10,000 definitions of a
/// generated project was a sixth of a one-edit build (700 million instructions).
///
/// A definition's rules read the definition, the definitions it names (its inputs, theirs in turn, and the one
/// that replaces it) and what is not a definition: tally.yaml, the sources, group.yaml files and the ids of files
/// that did not load (Validator's audit). Its entry is kept under a key of exactly those: its own file and every
/// definition it reaches, each by path and content hash; every other project file's hash; the unloadable ids; and
/// the generator. A name that does not resolve gives no key, since its message suggests among every id: such a
/// definition is validated on every run. A rule that one day reads more must add it to the key;
/// ValidationStoreTests compares the diagnostics of runs that take entries with runs that do not, over edits of
/// every kind of file.
///
/// It is the output cache's fourth file (`.validated`), checked by the same end-of-file checksum: a damaged,
/// missing or foreign file means validating every definition, never a wrong diagnostic.
final class ValidationStore: Sendable {
    static let formatLine = "tally validated definitions 1"

    /// A definition's key: 128 bits, as two hashes rather than a String, so that 10,000 of them allocate nothing.
    struct Key: Hashable, Sendable {
        var first: UInt64
        var second: UInt64
    }

    /// One definition's diagnostics under its key: StoredDiagnostics' JSON, empty for none.
    struct Entry: Sendable {
        var key: Key
        var diagnostics: [UInt8]
    }

    /// Where `keep` writes; nil for entries lent by another check (`tally diff`'s base takes the work tree's),
    /// which keep nothing.
    private let cache: OutputCache?
    private let stored: [Key: [UInt8]]
    /// Each input file's hash, and the hash of what every definition's rules may read besides definitions.
    private let inputs: InputHashes
    /// That hash with the unloadable ids.
    private let common: [UInt8]

    /// `stored`: the entries the cache held (`read(from:)`).
    init(cache: OutputCache?, stored: [Entry], inputs: InputHashes, unloadable: Set<String>) {
        self.cache = cache
        var byKey: [Key: [UInt8]] = [:]
        byKey.reserveCapacity(stored.count)
        for entry in stored { byKey[entry.key] = entry.diagnostics }
        self.stored = byKey
        self.inputs = inputs
        var common = KeyHasher()
        common.add(Self.formatLine)
        common.add(inputs.common)
        common.add(UInt64(unloadable.count))
        for id in unloadable.sorted() { common.add(id) }
        self.common = Array(common.finish().utf8)
    }

    /// The key of a definition's diagnostics in this project; nil when a name it reaches does not resolve or a file
    /// has no hash.
    func key(of definition: Definition, in catalog: Catalog) -> Key? {
        var reached: [String: Definition] = [:]
        var waiting = definition.measure.inputs.map(\.value)
        if let replacement = definition.deprecated?.replacedBy?.value, replacement != definition.id.value {
            waiting.append(replacement)
        }
        while let name = waiting.popLast() {
            guard reached[name] == nil else { continue }
            guard let other = catalog.definition(name) else { return nil }
            reached[name] = other
            waiting += other.measure.inputs.map(\.value)
        }
        var hasher = KeyHasher()
        hasher.add(common)
        guard inputs.add(definition.file, to: &hasher) else { return nil }
        hasher.add(UInt64(reached.count))
        for name in reached.keys.sorted() {
            hasher.add(name)
            guard inputs.add(reached[name]!.file, to: &hasher) else { return nil }
        }
        let (first, second) = hasher.finishPair()
        return Key(first: first.value, second: second.value)
    }

    /// The diagnostics stored under this key, as stored and decoded; nil when there are none stored or they do
    /// not read back.
    func kept(_ key: Key) -> (entry: Entry, diagnostics: [Diagnostic])? {
        guard let bytes = stored[key] else { return nil }
        if bytes.isEmpty { return (Entry(key: key, diagnostics: bytes), []) }
        guard let diagnostics = StoredDiagnostics.decode(bytes[...]) else { return nil }
        return (Entry(key: key, diagnostics: bytes), diagnostics)
    }

    /// The entry for diagnostics just found; nil when they cannot be stored.
    static func entry(_ key: Key, diagnostics: ArraySlice<Diagnostic>) -> Entry? {
        if diagnostics.isEmpty { return Entry(key: key, diagnostics: []) }
        return StoredDiagnostics.encode(Array(diagnostics)).map { Entry(key: key, diagnostics: $0) }
    }

    /// Replaces the stored entries with these, unless the file holds exactly them (every entry was taken). An entry
    /// that did not read back and was found again has the same key and other bytes: the file is written. Best effort, as the output cache: a file that cannot be written only costs speed.
    func keep(_ entries: [Entry]) {
        guard let cache else { return }
        guard entries.count != stored.count || !entries.allSatisfy({ stored[$0.key] == $0.diagnostics }) else { return }
        cache.writeChecked(cache.validatedFile, formatLine: Self.formatLine) { text, feed in
            text.add("entries \(entries.count)\n")
            for entry in entries {
                text.add(hex: entry.key.first)
                text.add(hex: entry.key.second)
                text.add("\(entry.diagnostics.count)\n")
                if !entry.diagnostics.isEmpty {
                    text.add(entry.diagnostics)
                    text.add("\n")
                }
                text.handOver(to: feed)
            }
        }
    }

    /// The entries the cache holds; empty when there are none or the file is damaged.
    static func read(from cache: OutputCache) -> [Entry] {
        OutputCache.readChecked(cache.validatedFile, formatLine: formatLine) { reader, _ -> [Entry]? in
            guard reader.word("entries"), let count = reader.decimalLine() else { return nil }
            var entries: [Entry] = []
            // An entry takes 36 bytes at least: room for no more than the file can hold.
            entries.reserveCapacity(min(count, reader.buffer.count / 36))
            for _ in 0..<count {
                guard let first = reader.hex(), let second = reader.hex(), let length = reader.decimalLine() else { return nil }
                let key = Key(first: first, second: second)
                guard length > 0 else {
                    entries.append(Entry(key: key, diagnostics: []))
                    continue
                }
                let end = reader.index + length
                guard end < reader.buffer.count, reader.buffer[end] == 0x0A else { return nil }
                entries.append(Entry(key: key, diagnostics: Array(reader.buffer[reader.index..<end])))
                reader.index = end + 1
            }
            return reader.atEnd ? entries : nil
        } ?? []
    }
}

extension OutputCache {
    /// This project's definitions' own diagnostics (ValidationStore).
    var validatedFile: String { String(file.dropLast(".outputs".count)) + ".validated" }
}
