import Foundation
import Testing
@testable import TallyCore

/// The decoded store keeps what each definition file decoded to, so a run after an edit decodes only what changed.
/// A definition read back must be the one its YAML decodes to, field for field and span for span: anything else
/// would make a build from the store differ from one without it, or report a problem at another place.
@Suite struct DecodedStoreTests {
    /// Every definition that decodes without a problem in the test projects: the three reference projects (all
    /// sixteen measures among them), the corpus' base, and one written here for what they do not hold (a negated
    /// formula, lists and objects in example rows, a float and a boolean in a filter).
    static let decodedDefinitions: [(file: ProjectFiles.File, definition: Definition)] = {
        let roots = ["code_insights", "features", "sql_edge_cases"].map(TestFiles.referenceProject)
            + [TestFiles.corpus.appendingPathComponent("base")]
        let path = "definitions/extra/negated_mix.yaml"
        let written = ProjectFiles.File(path: path, role: .definition(id: "negated_mix", group: "extra"),
                                        text: SourceText(path: path, bytes: Array(extraDefinition.utf8)))
        return (roots.flatMap { ProjectReader(root: $0).read().files } + [written]).compactMap { file in
            let decoded = Compiler.decode(file, loader: YAMLLoader())
            guard case .definition(_, let definition?) = decoded.value, decoded.diagnostics.diagnostics.isEmpty
            else { return nil }
            return (file, definition)
        }
    }()

    static let extraDefinition = """
        kind: metric
        title: Négated — mix
        definition: The difference, negated.
        rationale: Holds what the reference projects do not.
        measure:
          aggregate: formula
          expression: "-(daily_searches - previous(daily_searches, 3)) / 2"
        examples:
          - name: lists and objects
            given:
              app_events:
                - event: Search
                  occurred_at: "2024-02-01T10:00:00Z"
                  properties: {tags: [a, 1, 2.5, null, true], deep: {x: {y: []}}}
            expect:
              - {period_start: "2024-02-01", value: -0.5}
        """

    /// Every struct and class of a definition, with its stored properties' count (Located's are its own two).
    static let pinnedFieldCounts: [String: Int] = [
        "Definition": 26, "SourceReference": 3, "Dashboard": 3, "EventCode": 4, "Funnel": 2, "Example": 4,
        "ExampleRow": 2, "Deprecation": 4, "RecordedChange": 4, "BrokenRange": 5, "LintException": 2, "Version": 2,
        "KeySpans": 2, "Measure": 5, "Measure.Events": 7, "Measure.People": 3, "Measure.Values": 2,
        "Measure.Percentile": 2, "Measure.Period": 2, "Measure.Ratio": 3, "Measure.Formula": 2, "Measure.Query": 4,
        "Measure.Retention": 8, "Measure.Funnel": 3, "Measure.FunnelStep": 2, "ConversionWindow": 2,
        "InputReference": 3, "Threshold": 3, "WhereClause": 3, "FieldPath": 2, "GlobPattern": 1, "TimeZoneName": 1,
        "SourceSpan": 3, "SourcePosition": 2, "SpanFiles.Number": 1,
    ]

    static func written(_ definition: Definition, of file: ProjectFiles.File) -> [UInt8] {
        var writer = StoreWriter(file: file.text.spanFile)
        writer.definition(definition)
        #expect(!writer.failed, "\(file.path): a span of another file")
        return writer.bytes
    }

    static func readBack(_ bytes: [UInt8], of file: ProjectFiles.File) throws -> Definition {
        try bytes.withUnsafeBytes { buffer in
            var reader = StoreReader(buffer, file: file.text.spanFile)
            let definition = try reader.definition()
            if !reader.atEnd { throw StoreDamage() }
            return definition
        }
    }

    @Test func everyDefinitionReadsBackAsItDecoded() throws {
        #expect(Self.decodedDefinitions.count > 100)
        #expect(Self.decodedDefinitions.contains { $0.file.path.hasSuffix("negated_mix.yaml") },
                "the definition written here decodes")
        var aggregates: Set<String> = []
        var cases: Set<String> = []
        for (file, definition) in Self.decodedDefinitions {
            aggregates.insert(definition.measure.aggregate.rawValue)
            let original = CanonicalDump(definition)
            let back = CanonicalDump(try Self.readBack(Self.written(definition, of: file), of: file))
            cases.formUnion(original.cases)
            if back.text != original.text {
                Issue.record("\(file.path) reads back otherwise:\n\(firstDifference(original.text, back.text))")
            }
        }
        #expect(aggregates == Set(Aggregate.allCases.map(\.rawValue)), "every measure is among the definitions read back")
        // Every case the store writes by its own tag is among them, so each is read back at least once.
        let tagged = [
            "WhereClause.Operation": ["equals", "notEquals", "isIn", "notIn", "isNull", "compare", "between", "matches"],
            "WhereFilter": ["clause", "anyOf"], "FormulaExpression": ["number", "reference", "negate", "binary"],
            "Window": ["trailingDays", "toDate"], "Threshold.Kind": ["days", "rows", "distinct"],
            "GlobPattern.Piece": ["text", "anyRun", "anyOne"],
            "ExampleValue": ["null", "bool", "integer", "float", "string", "list", "object"],
        ].flatMap { type, names in names.map { type + "." + $0 } }
        let unread = Set(tagged).subtracting(cases)
        #expect(unread.isEmpty, "never read back: \(unread.sorted())")
        // A property added to the model with a default value compiles without the store writing it, and is lost
        // on the way back: each type's count of stored properties is pinned here, to be raised with Store/.
        var counts: [String: Int] = [:]
        for (_, definition) in Self.decodedDefinitions { counts.merge(CanonicalDump(definition).fieldCounts) { $1 } }
        let pinned = Self.pinnedFieldCounts
        #expect(Set(pinned.keys).subtracting(counts.keys).isEmpty, "pinned but never read back: \(Set(pinned.keys).subtracting(counts.keys).sorted())")
        for (type, count) in counts.sorted(by: { $0.key < $1.key })
        where pinned[type] != count && !type.hasPrefix("Located<") {
            let was = pinned[type].map(String.init) ?? "none"
            let message = "\(type) has \(count) stored properties, \(was) pinned: "
                + "write and read the new ones in Store/, then pin \(count)"
            Issue.record(Comment(rawValue: message))
        }
    }

    /// A damaged store reads as damage: every shorter prefix of a definition's bytes fails to read, and a byte
    /// changed anywhere reads as damage or as some definition, never as a crash or a read past the end.
    @Test func damagedBytesNeverCrash() throws {
        var generator = SeededGenerator(seed: 18)
        for (file, definition) in Self.decodedDefinitions.prefix(40) {
            let bytes = Self.written(definition, of: file)
            for length in stride(from: 0, to: bytes.count, by: max(1, bytes.count / 200)) {
                #expect(throws: StoreDamage.self, "\(file.path) cut at \(length)") {
                    _ = try Self.readBack(Array(bytes[..<length]), of: file)
                }
            }
            for _ in 0..<200 {
                var changed = bytes
                changed[Int.random(in: 0..<changed.count, using: &generator)] = UInt8.random(in: 0...255, using: &generator)
                // The examples too, which are read when first asked for.
                _ = (try? Self.readBack(changed, of: file))?.examples
            }
        }
    }

    /// A definition's examples are read when first asked for, but damage in them is found when the definition is
    /// read: a digit of an example's timestamp changed (which would still read, as another time) is damage at once.
    @Test func damageInExamplesIsFoundWhenTheDefinitionIsRead() throws {
        let (file, definition) = try #require(Self.decodedDefinitions.first { candidate, _ in
            String(decoding: candidate.text.bytes, as: UTF8.self).contains("T10:00:00Z")
        })
        let bytes = Self.written(definition, of: file)
        let stamp = Array("T10:00:00Z".utf8)
        let at = try #require(bytes.indices.first { bytes[$0...].starts(with: stamp) }, "\(file.path)")
        #expect(try Self.readBack(bytes, of: file).examples.count == definition.examples.count)
        var changed = bytes
        changed[at + 1] = UInt8(ascii: "2")
        #expect(throws: StoreDamage.self, "\(file.path)") { _ = try Self.readBack(changed, of: file) }
    }

    /// Through builds of the features project: after an edit only the edited file is decoded, every build matches a
    /// build from nothing, and a damaged store, or one of another generator, is decoded again and written anew.
    @Test func aBuildAfterAnEditDecodesOnlyWhatChanged() throws { try IncrementalBuildTests.withBuiltProject { root, cache in
        func stored(generator: GeneratorIdentity = .current) throws -> (store: DecodedStore, files: [ProjectFiles.File]) {
            let project = ProjectReader(root: root).read()
            let store = try #require(DecodedStore(cache: cache, hashes: project.contentHashes, generator: generator))
            return (store, project.files)
        }
        let definitionFiles = ProjectReader(root: root).read().files.filter {
            if case .definition = $0.role { true } else { false }
        }
        #expect(try stored().store.count == definitionFiles.count)

        let edited = "definitions/usage/daily_searches.yaml"
        try IncrementalBuildTests.edit(root, edited) {
            $0.replacingOccurrences(of: "events: [Search]", with: "events: [Search, OpenApp]")
        }
        let (store, files) = try stored()
        for (index, file) in files.enumerated() where definitionFiles.contains(where: { $0.path == file.path }) {
            #expect((store.decodedBefore(file, at: index) == nil) == (file.path == edited), "\(file.path)")
        }
        try IncrementalBuildTests.buildMatchesFresh(root, cache: cache, "after an edit, from the store")
        let again = try stored()
        let taken = again.files.indices.filter { again.store.decodedBefore(again.files[$0], at: $0) != nil }
        #expect(taken.count == definitionFiles.count, "the edited file is stored again")
        // Kept after the edit, the edited file's entry is appended as a block of its own, after the store as it was.
        #expect(again.store.chain?.blocks == 2)
        let fresh = OutputCacheTests.temporaryCache()
        defer { OutputCacheTests.remove(fresh) }
        _ = try OutputCacheTests.build(root, cache: fresh)
        let kept = try #require(FileManager.default.contents(atPath: cache.decodedFile))
        let wholeStore = try #require(FileManager.default.contents(atPath: fresh.decodedFile))
        #expect(kept.count > wholeStore.count)

        // One byte of its first block changed: the checksum fails and the store is none; the next build writes it
        // again.
        var bytes = try #require(FileManager.default.contents(atPath: cache.decodedFile))
        bytes[bytes.count / 2] ^= 0x01
        try bytes.write(to: URL(fileURLWithPath: cache.decodedFile))
        #expect(try stored().store.count == 0)
        try IncrementalBuildTests.edit(root, edited) { $0.replacingOccurrences(of: "Search, OpenApp", with: "OpenApp, Search") }
        try IncrementalBuildTests.buildMatchesFresh(root, cache: cache, "after the store was damaged")
        #expect(try stored().store.count == definitionFiles.count)
        #expect(try stored(generator: .fileHash(path: "/other/tally", hex: "0123456789abcdef")).store.count == 0)

        // A file deleted between two unchanged ones: the store is written whole, its entries, apart in the last
        // store, copied over as two runs, and it is again byte for byte the one a run that decoded every file keeps.
        try FileManager.default.removeItem(at: root.appendingPathComponent("definitions/service/slowest_request.yaml"))
        _ = try OutputCacheTests.build(root, cache: cache)
        let afterDeletion = OutputCacheTests.temporaryCache()
        defer { OutputCacheTests.remove(afterDeletion) }
        _ = try OutputCacheTests.build(root, cache: afterDeletion)
        #expect(try stored().store.count == definitionFiles.count - 1)
        #expect(FileManager.default.contents(atPath: cache.decodedFile)
                    == FileManager.default.contents(atPath: afterDeletion.decodedFile))
    } }

    /// A definition decoded from YAML by a run that keeps a store is used as read back from the form it is kept in
    /// (DecodedStore.compacted), and the next run takes it from the store: in both, every corpus case reports what
    /// a check without a store reports, in the same words and at the same places.
    @Test func everyCorpusCaseReportsAlikeWhenDecodedForTheStoreAndTakenFromIt() throws {
        let cache = OutputCacheTests.temporaryCache()
        defer { OutputCacheTests.remove(cache) }
        var taken = 0
        for name in CorpusTests.cases {
            let bytes = [UInt8](try Data(contentsOf: TestFiles.corpus.appendingPathComponent("cases/\(name).yaml")))
            var files = CorpusTests.base
            files[CorpusTests.placement(of: name, bytes: bytes)] = bytes
            let project = ProjectFiles.fromMemory(files)
            let (_, withoutStore) = checkRendered(files)
            try? FileManager.default.removeItem(atPath: cache.decodedFile)
            for run in ["decoded for the store", "taken from the store"] {
                let result = Compiler.check(project, decodedStoreIn: cache)
                let text = DiagnosticRenderer(format: .human, sources: result.texts).render(result.diagnostics.sorted())
                #expect(text == withoutStore, "\(name), \(run)")
            }
            taken += DecodedStore(cache: cache, hashes: project.contentHashes)?.count ?? 0
        }
        #expect(taken >= CorpusTests.cases.count, "the second runs took definitions from the store")
    }

    /// Edit after edit, each run appends the edited file's entry as a block; once the entries they replace would be
    /// more than a fifth of the file, the store is written whole again, one block, as a run that decoded every file
    /// writes it. A block cut short (a run killed while appending) ends the store before it, and the next run
    /// writes it whole; so does a store file changed since it was read.
    @Test func editsAppendBlocksUntilTheStoreIsWrittenWhole() throws { try IncrementalBuildTests.withBuiltProject { root, cache in
        let edited = "definitions/usage/daily_searches.yaml"
        func check() -> DecodedStore? {
            let project = ProjectReader(root: root).read()
            _ = Compiler.check(project, decodedStoreIn: cache)
            return DecodedStore(cache: cache, hashes: project.contentHashes)
        }
        func size() -> Int { (try? FileManager.default.attributesOfItem(atPath: cache.decodedFile)[.size] as? Int) ?? 0 }
        var blocks: [Int?] = []
        var largest = 0
        for round in 1...80 {
            try IncrementalBuildTests.edit(root, edited) { $0.replacingOccurrences(of: "\ndefinition: ", with: "\ndefinition: \(round) ") }
            let store = try #require(check())
            blocks.append(store.chain?.blocks)
            largest = max(largest, size())
            #expect(store.count > 60)
            if store.chain?.blocks == 1, round > 1 { break }
        }
        #expect(blocks.prefix(3) == [2, 3, 4])
        #expect(blocks.last == 1, "written whole once the replaced entries were a fifth of the file")
        let fresh = OutputCacheTests.temporaryCache()
        defer { OutputCacheTests.remove(fresh) }
        _ = Compiler.check(ProjectReader(root: root).read(), decodedStoreIn: fresh)
        #expect(FileManager.default.contents(atPath: cache.decodedFile) == FileManager.default.contents(atPath: fresh.decodedFile))
        #expect(largest * 5 <= size() * 6 + 8192)

        // Appended, then cut short by a byte: the block's checksum fails, and the store is the blocks before it.
        try IncrementalBuildTests.edit(root, edited) { $0.replacingOccurrences(of: "\ndefinition: ", with: "\ndefinition: cut ") }
        #expect(try #require(check()).chain?.blocks == 2)
        let handle = try #require(FileHandle(forUpdatingAtPath: cache.decodedFile))
        try handle.truncate(atOffset: UInt64(size() - 1))
        try handle.close()
        let project = ProjectReader(root: root).read()
        let cut = try #require(DecodedStore(cache: cache, hashes: project.contentHashes))
        #expect(cut.chain == nil)
        let index = try #require(project.files.firstIndex { $0.path == edited })
        #expect(cut.decodedBefore(project.files[index], at: index) == nil, "the cut block's entry is not read")
        #expect(cut.count > 60)
        #expect(try #require(check()).chain?.blocks == 1, "written whole after a block cut short")

        // Changed since it was read (here only its time): the block is not appended to it; it is written whole.
        try IncrementalBuildTests.edit(root, edited) { $0.replacingOccurrences(of: "\ndefinition: ", with: "\ndefinition: touched ") }
        let before = ProjectReader(root: root).read()
        let store = try #require(DecodedStore(cache: cache, hashes: before.contentHashes))
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: -60)], ofItemAtPath: cache.decodedFile)
        _ = Compiler.check(before, store: store)
        #expect(try #require(DecodedStore(cache: cache, hashes: before.contentHashes)).chain?.blocks == 1)
    } }

    /// A block is read only after the very blocks it was appended to: its checksum continues theirs. The first
    /// block changed under a checksum of its own (another store's, by its stamp's look the same file) ends the
    /// store before the block appended to the first. And an edit with a file deleted besides writes the store whole,
    /// without the deleted file's entry, rather than appending the edit and leaving that entry behind.
    @Test func blocksFollowTheirOwnStoreAndDeletionsWriteItWhole() throws {
        try IncrementalBuildTests.withBuiltProject { root, cache in
            func store() throws -> DecodedStore {
                try #require(DecodedStore(cache: cache, hashes: ProjectReader(root: root).read().contentHashes))
            }
            let first = try #require(FileManager.default.contents(atPath: cache.decodedFile)).count
            let stored = try store().count
            try IncrementalBuildTests.edit(root, "definitions/usage/daily_searches.yaml") {
                $0.replacingOccurrences(of: "\ndefinition: ", with: "\ndefinition: Edited. ")
            }
            _ = Compiler.check(ProjectReader(root: root).read(), decodedStoreIn: cache)
            #expect(try store().chain?.blocks == 2)
            var bytes = Array(try #require(FileManager.default.contents(atPath: cache.decodedFile)))
            let checksumLine = 4 + 16 + 1
            bytes[first / 2] ^= 0x01
            let rechecked = Array("end \(ContentHash(Array(bytes[..<(first - checksumLine)])).hex)\n".utf8)
            bytes.replaceSubrange(first - checksumLine..<first, with: rechecked)
            try Data(bytes).write(to: URL(fileURLWithPath: cache.decodedFile))
            let changed = try store()
            #expect(changed.chain == nil, "the appended block does not continue the first block as it is now")
            #expect(changed.count >= stored - 1)

            _ = Compiler.check(ProjectReader(root: root).read(), decodedStoreIn: cache)
            #expect(try store().chain?.blocks == 1)
            try FileManager.default.removeItem(at: root.appendingPathComponent("definitions/service/slowest_request.yaml"))
            try IncrementalBuildTests.edit(root, "definitions/usage/daily_searches.yaml") {
                $0.replacingOccurrences(of: "\ndefinition: Edited. ", with: "\ndefinition: Edited again. ")
            }
            _ = Compiler.check(ProjectReader(root: root).read(), decodedStoreIn: cache)
            let afterDeletion = try store()
            #expect(afterDeletion.chain?.blocks == 1, "written whole")
            #expect(afterDeletion.count == stored - 1)
        }
    }

    /// Problems found in definitions read from the store are those a check without it finds, at the same places;
    /// a file removed leaves the store, and a check that changes nothing does not write it.
    @Test func aCheckFromTheStoreReportsWhatAFreshCheckReports() throws {
        try IncrementalBuildTests.withBuiltProject { root, cache in
            // Definitions of three groups read this one: each reference is now unknown, in a file read from the store.
            try FileManager.default.removeItem(at: root.appendingPathComponent("definitions/usage/daily_searches.yaml"))
            let project = ProjectReader(root: root).read()
            func store() throws -> DecodedStore {
                try #require(DecodedStore(cache: cache, hashes: project.contentHashes))
            }
            let stored = try store().count
            let fresh = Compiler.check(project).diagnostics.diagnostics
            let fromStore = Compiler.check(project, store: try store()).diagnostics.diagnostics
            #expect(fresh.count >= 3)
            #expect(fromStore == fresh)
            #expect(try store().count == stored - 1)

            let stamp = try #require(Disk.stamp(of: cache.decodedFile))
            _ = Compiler.check(project, store: try store())
            #expect(Disk.stamp(of: cache.decodedFile) == stamp, "nothing changed, nothing written")
        }
    }

    /// A store file whose checksum holds but whose bytes do not (written by hand, or by a tally with a bug): an
    /// index that does not read is no store, and whatever its entries hold, reading them never crashes.
    @Test func aStoreDamagedUnderItsChecksumNeverCrashes() throws {
        try IncrementalBuildTests.withBuiltProject { root, cache in
            let project = ProjectReader(root: root).read()
            let hashes = project.contentHashes
            let original = try #require(FileManager.default.contents(atPath: cache.decodedFile)).map { $0 }
            let checksumLine = 4 + 16 + 1
            let body = original.count - checksumLine
            // The binary part starts after the format line and the generator line.
            let start = try #require(original.indices.filter { original[$0] == 0x0A }.dropFirst().first) + 1
            func rewrite(_ change: (inout [UInt8]) -> Void) throws -> DecodedStore {
                var bytes = Array(original[..<body])
                change(&bytes)
                bytes += Array("end \(ContentHash(bytes).hex)\n".utf8)
                try Data(bytes).write(to: URL(fileURLWithPath: cache.decodedFile))
                return try #require(DecodedStore(cache: cache, hashes: hashes))
            }
            #expect(try rewrite { _ in }.count > 60, "a store rewritten unchanged still reads")
            #expect(try rewrite { $0[start] = 0xFF }.count == 0, "an entry count that does not end (a LEB128 byte with more to come)")
            #expect(try rewrite { $0.removeLast() }.count == 0, "the last entry cut short")
            var generator = SeededGenerator(seed: 7)
            for _ in 0..<60 {
                let store = try rewrite { bytes in
                    for _ in 0..<3 {
                        bytes[Int.random(in: start..<bytes.count, using: &generator)] ^= UInt8.random(in: 1...255, using: &generator)
                    }
                }
                // Examples are read when first asked for: damage in them is found with the rest, never then.
                for (index, file) in project.files.enumerated() {
                    if case .definition(_, let definition?)? = store.decodedBefore(file, at: index)?.0.value {
                        _ = definition.examples
                    }
                }
            }
        }
    }

    /// The deepest formula a definition may hold (FormulaParser.maxOperators) reads back; one deeper than the
    /// reader takes is not written at all, so it is decoded from its YAML rather than rewritten on every run.
    @Test func theDeepestFormulaReadsBackAndDeeperIsNotKept() throws {
        let file = "definitions/g/deep.yaml"
        let span = SourceSpan.line(1, of: file)
        let reference = FormulaExpression.reference(InputReference(id: Located("a", at: span)))
        func chain(_ operators: Int) -> FormulaExpression {
            (0..<operators).reduce(reference) { left, _ in .binary("-", left, reference) }
        }
        func written(_ expression: FormulaExpression) -> StoreWriter {
            var writer = StoreWriter(file: SpanFiles.number(of: file))
            writer.formula(expression)
            return writer
        }
        let deepest = written(chain(FormulaParser.maxOperators))
        #expect(!deepest.failed)
        let back = try deepest.bytes.withUnsafeBytes { buffer in
            var reader = StoreReader(buffer, file: SpanFiles.number(of: file))
            return try reader.formula()
        }
        #expect(CanonicalDump(back).text == CanonicalDump(chain(FormulaParser.maxOperators)).text)
        #expect(written(chain(StoreReader.maxDepth)).failed)
    }

    /// Nesting deeper than any definition holds is damage, read without spending the stack.
    @Test func deepNestingReadsAsDamage() {
        for (name, bytes) in [("negated formulas", [UInt8](repeating: 2, count: 200_000)),
                              ("lists of lists", Array([[UInt8]](repeating: [5, 1], count: 100_000).joined())),
                              ("any_of in any_of", Array([[UInt8]](repeating: [1, 1], count: 100_000).joined()))] {
            bytes.withUnsafeBytes { buffer in
                var reader = StoreReader(buffer, file: SpanFiles.number(of: "definitions/g/deep.yaml"))
                #expect(throws: StoreDamage.self, "\(name)") {
                    switch name {
                    case "negated formulas": _ = try reader.formula()
                    case "lists of lists": _ = try reader.exampleValue()
                    default: _ = try reader.filter()
                    }
                }
            }
        }
    }

    /// Only a definition that decoded without a problem is kept: one with a warning of its own is decoded again,
    /// so the warning is reported as the decoder words it.
    @Test func aFileWithProblemsIsNotKept() throws {
        let cache = OutputCacheTests.temporaryCache()
        defer { OutputCacheTests.remove(cache) }
        let (file, definition) = try #require(Self.decodedDefinitions.first)
        let store = try #require(DecodedStore(cache: cache, hashes: [ContentHash(file.text.bytes)]))
        var clean = Compiler.Decoded(value: .definition(definition.id.value, definition), diagnostics: DiagnosticCollector())
        #expect(store.form(of: clean, file: file) != nil)
        clean.diagnostics.emit(Diagnostic(.unknownKey, "a warning", at: definition.id.span, severity: .warning))
        #expect(store.form(of: clean, file: file) == nil)
    }
}

/// A value written out through its reflection, every stored property and enum payload included, with a
/// dictionary's entries sorted (its own order differs from one dictionary to the next); and the enum cases met.
struct CanonicalDump {
    private(set) var text = ""
    private(set) var cases: Set<String> = []
    /// How many stored properties each struct and class has, by type name.
    private(set) var fieldCounts: [String: Int] = [:]

    init(_ value: Any) {
        write(value, indent: "")
    }

    private mutating func write(_ value: Any, indent: String) {
        // Examples read when first asked for are dumped as what they read as, as examples decoded at once are.
        if let list = value as? ExampleList {
            write(list.examples, indent: indent)
            return
        }
        // Key spans kept as the store's bytes likewise, as the spans they read as; still counted, to stay pinned.
        if let spans = value as? KeySpans {
            fieldCounts["KeySpans"] = Mirror(reflecting: spans).children.count
            write(spans.entries, indent: indent)
            return
        }
        let mirror = Mirror(reflecting: value)
        switch mirror.displayStyle {
        case .enum?:
            // Named with their type, as Swift spells it inside the module: "WhereClause.Operation.isNull".
            let type = String(reflecting: mirror.subjectType).split(separator: ".").dropFirst().joined(separator: ".")
            if mirror.children.isEmpty {
                cases.insert(type + "." + String(describing: value))
                text += indent + "." + String(describing: value) + "\n"
            } else {
                for child in mirror.children {
                    cases.insert(type + "." + (child.label ?? "?"))
                    text += indent + "." + (child.label ?? "?") + "\n"
                    write(child.value, indent: indent + "  ")
                }
            }
        case .dictionary?:
            var entries: [String] = []
            for child in mirror.children {
                var entry = CanonicalDump(child.value)
                entry.text = entry.text.split(separator: "\n").map { indent + "  " + $0 }.joined(separator: "\n") + "\n"
                cases.formUnion(entry.cases)
                fieldCounts.merge(entry.fieldCounts) { first, _ in first }
                entries.append(entry.text)
            }
            text += indent + "[dictionary]\n" + entries.sorted().joined()
        case .optional?:
            if let some = mirror.children.first { write(some.value, indent: indent) } else { text += indent + "nil\n" }
        case nil where mirror.children.isEmpty:
            text += indent + String(reflecting: value) + "\n"
        default:
            if mirror.displayStyle == .struct || mirror.displayStyle == .class {
                let type = String(reflecting: mirror.subjectType).split(separator: ".").dropFirst().joined(separator: ".")
                fieldCounts[type] = mirror.children.count
            }
            text += indent + "\(mirror.subjectType)\n"
            for child in mirror.children {
                text += indent + "- " + (child.label ?? "") + "\n"
                write(child.value, indent: indent + "  ")
            }
        }
    }
}

/// The first line where two texts differ, with its neighbours, for a failure message.
func firstDifference(_ left: String, _ right: String) -> String {
    let (a, b) = (left.split(separator: "\n", omittingEmptySubsequences: false),
                  right.split(separator: "\n", omittingEmptySubsequences: false))
    guard let line = zip(a, b).enumerated().first(where: { $0.element.0 != $0.element.1 })?.offset else {
        return "one ends at line \(min(a.count, b.count) + 1)"
    }
    let context = max(0, line - 6)..<line + 1
    return "line \(line + 1):\n" + a[context].joined(separator: "\n") + "\n  against\n" + b[context].joined(separator: "\n")
}
