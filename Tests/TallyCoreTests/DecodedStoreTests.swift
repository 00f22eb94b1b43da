import Foundation
import Testing
@testable import TallyCore

/// The decoded store keeps what each definition file decoded to, so a run after an edit decodes only what changed.
/// A definition read back must be the one its YAML decodes to, field for field and span for span: anything else
/// would make a build from the store differ from one without it, or report a problem at another place.
@Suite struct DecodedStoreTests {
    /// Every definition that decodes without a problem in the test projects: the three reference projects (all
    /// sixteen measures among them) and the corpus' base.
    static let decodedDefinitions: [(file: ProjectFiles.File, definition: Definition)] = {
        let roots = ["code_insights", "features", "sql_edge_cases"].map(TestFiles.referenceProject)
            + [TestFiles.corpus.appendingPathComponent("base")]
        return roots.flatMap { root in
            ProjectReader(root: root).read().files.compactMap { file in
                let decoded = Compiler.decode(file, loader: YAMLLoader())
                guard case .definition(_, let definition?) = decoded.value, decoded.diagnostics.diagnostics.isEmpty
                else { return nil }
                return (file, definition)
            }
        }
    }()

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
        let tagged = ["equals", "notEquals", "isIn", "notIn", "isNull", "compare", "between", "matches", "clause", "anyOf",
                      "number", "reference", "binary", "trailingDays", "toDate", "distinct", "days", "rows", "text", "anyRun",
                      "bool", "integer", "float", "string", "null"]
        #expect(Set(tagged).subtracting(cases).isEmpty, "never read back: \(Set(tagged).subtracting(cases).sorted())")
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
                _ = try? Self.readBack(changed, of: file)
            }
        }
    }

    /// Through builds of the features project: after an edit only the edited file is decoded, every build matches a
    /// build from nothing, and a damaged store, or one of another generator, is decoded again and written anew.
    @Test func aBuildAfterAnEditDecodesOnlyWhatChanged() throws { try IncrementalBuildTests.withBuiltProject { root, cache in
        func stored(generator: GeneratorIdentity = .current) throws -> (store: DecodedStore, files: [ProjectFiles.File]) {
            let files = ProjectReader(root: root).read().files
            let store = try #require(DecodedStore(cache: cache, hashes: files.map { ContentHash($0.text.bytes) },
                                                  generator: generator))
            return (store, files)
        }
        let definitionFiles = ProjectReader(root: root).read().files.filter { if case .definition = $0.role { true } else { false } }
        #expect(try stored().store.count == definitionFiles.count)

        let edited = "definitions/usage/daily_searches.yaml"
        try IncrementalBuildTests.edit(root, edited) { $0.replacingOccurrences(of: "events: [Search]", with: "events: [Search, OpenApp]") }
        let (store, files) = try stored()
        for (index, file) in files.enumerated() where definitionFiles.contains(where: { $0.path == file.path }) {
            #expect((store.decodedBefore(file, at: index) == nil) == (file.path == edited), "\(file.path)")
        }
        try IncrementalBuildTests.buildMatchesFresh(root, cache: cache, "after an edit, from the store")
        let again = try stored()
        let taken = again.files.indices.filter { again.store.decodedBefore(again.files[$0], at: $0) != nil }
        #expect(taken.count == definitionFiles.count, "the edited file is stored again")

        // One byte changed anywhere: the checksum fails and the store is none; the next build writes it again.
        var bytes = try #require(FileManager.default.contents(atPath: cache.decodedFile))
        bytes[bytes.count / 2] ^= 0x01
        try bytes.write(to: URL(fileURLWithPath: cache.decodedFile))
        #expect(try stored().store.count == 0)
        try IncrementalBuildTests.edit(root, edited) { $0.replacingOccurrences(of: "Search, OpenApp", with: "OpenApp, Search") }
        try IncrementalBuildTests.buildMatchesFresh(root, cache: cache, "after the store was damaged")
        #expect(try stored().store.count == definitionFiles.count)
        #expect(try stored(generator: .fileHash(path: "/other/tally", hex: "0123456789abcdef")).store.count == 0)
    } }

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

    init(_ value: Any) {
        write(value, indent: "")
    }

    private mutating func write(_ value: Any, indent: String) {
        let mirror = Mirror(reflecting: value)
        switch mirror.displayStyle {
        case .enum?:
            if mirror.children.isEmpty {
                cases.insert(String(describing: value))
                text += indent + "." + String(describing: value) + "\n"
            } else {
                for child in mirror.children {
                    cases.insert(child.label ?? "?")
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
                entries.append(entry.text)
            }
            text += indent + "[dictionary]\n" + entries.sorted().joined()
        case .optional?:
            if let some = mirror.children.first { write(some.value, indent: indent) } else { text += indent + "nil\n" }
        case nil where mirror.children.isEmpty:
            text += indent + String(reflecting: value) + "\n"
        default:
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
