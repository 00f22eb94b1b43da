import Foundation
import Testing
@testable import TallyCore

/// generated/schema/definition.schema.json, checked by an independent validator (check-jsonschema from PyPI):
/// every definition of the project passes it, and files tally refuses fail it too.
@Suite(.serialized) struct SchemaTests {
    static let schema = TestFiles.repositoryRoot.appendingPathComponent("generated/schema/definition.schema.json")

    static func validate(_ paths: [String]) throws -> (status: Int32, output: String) {
        let python = try #require(EngineEnvironment.python, "scripts/test makes the Python environment")
        let run = try EngineEnvironment.run(python, ["-m", "check_jsonschema", "--schemafile", schema.path] + paths, input: "")
        return (run.status, run.stdout + run.stderr)
    }

    @Test func schemaIsWhatTallySchemaPrints() throws {
        let committed = try String(contentsOf: Self.schema, encoding: .utf8)
        #expect(committed == Generator.definitionSchema())
        let printed = try CLITests.run(["schema"])
        #expect(printed.stdout == committed)
    }

    @Test func decoderKeysComeFromTheSchema() {
        #expect(DefinitionDecoder.keys.contains("deprecated") && DefinitionDecoder.keys.contains("measure"))
        #expect(MeasureDecoder.keys == DefinitionSchema.measure.keys)
        #expect(DefinitionDecoder.eventCodeKeys == ["name", "description", "search", "link"])
    }

    @Test(.enabled(if: EngineEnvironment.python != nil || EngineEnvironment.required))
    func everyProjectDefinitionValidatesAndCarriesTheModeline() throws {
        let folder = TestFiles.repositoryRoot.appendingPathComponent("definitions")
        var paths: [String] = []
        for group in try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() where group != "sources" {
            for name in try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent(group).path).sorted()
            where name.hasSuffix(".yaml") && name != "group.yaml" {
                let path = folder.appendingPathComponent("\(group)/\(name)").path
                paths.append(path)
                let first = try String(contentsOfFile: path, encoding: .utf8).prefix { $0 != "\n" }
                #expect(first == "# yaml-language-server: $schema=../../generated/schema/definition.schema.json", "\(name)")
            }
        }
        #expect(paths.count == 40)
        let result = try Self.validate(paths)
        #expect(result.status == 0, "\(result.output)")
    }

    @Test(.enabled(if: EngineEnvironment.python != nil || EngineEnvironment.required))
    func invalidFilesFailTheSchema() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tally-schema-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let valid = "kind: ping\ntitle: T\ntype: frontend_event\ndefinition: d\nrationale: r\n"
            + "measure: {aggregate: count, grain: week}\nadded: \"3.25\"\n"
        let cases = [
            "valid": valid,
            "unknown_key": valid + "titel: x\n",
            "bad_enum": valid.replacingOccurrences(of: "grain: week", with: "grain: fortnight"),
            "missing_rationale": valid.replacingOccurrences(of: "rationale: r\n", with: ""),
            "bad_version": valid.replacingOccurrences(of: "\"3.25\"", with: "\"3.x\""),
            "ping_without_added": valid.replacingOccurrences(of: "added: \"3.25\"\n", with: ""),
        ]
        for (name, text) in cases {
            let path = folder.appendingPathComponent("\(name).yaml").path
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            let result = try Self.validate([path])
            #expect((result.status == 0) == (name == "valid"), "\(name): \(result.output)")
        }
    }
}
