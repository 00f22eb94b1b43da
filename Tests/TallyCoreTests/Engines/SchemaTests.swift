import Foundation
import Testing
@testable import TallyCore

/// The JSON Schema of definition files (generated/schema/definition.schema.json, pinned byte for byte by
/// ReferenceProjectTests), checked by an independent validator (check-jsonschema from PyPI): every definition of
/// the reference projects passes it, and files tally refuses fail it too.
@Suite(.serialized) struct SchemaTests {
    /// Runs the validator with the schema as `tally schema` prints it, from a temporary file.
    static func validate(_ paths: [String]) throws -> (status: Int32, output: String) {
        let python = try #require(EngineEnvironment.python, "scripts/test makes the Python environment")
        let schema = FileManager.default.temporaryDirectory.appendingPathComponent("tally-schema-\(UUID().uuidString).json")
        try Generator.definitionSchema().write(to: schema, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: schema) }
        let run = try EngineEnvironment.run(python, ["-m", "check_jsonschema", "--schemafile", schema.path] + paths, input: "")
        return (run.status, run.stdout + run.stderr)
    }

    @Test func schemaIsWhatTallySchemaPrints() throws {
        let printed = try CLITests.run(["schema"])
        #expect(printed.status == 0)
        #expect(printed.stdout == Generator.definitionSchema())
        #expect(printed.stdout.hasPrefix("{") && printed.stdout.contains("\"$schema\""))
    }

    @Test func decoderKeysComeFromTheSchema() {
        #expect(DefinitionDecoder.keys.contains("deprecated") && DefinitionDecoder.keys.contains("measure"))
        #expect(MeasureDecoder.keys == DefinitionSchema.measure.keys)
        #expect(DefinitionDecoder.eventCodeKeys == ["name", "description", "search", "link"])
    }

    @Test(.enabled(if: EngineEnvironment.python != nil || EngineEnvironment.required))
    func everyReferenceDefinitionValidates() throws {
        var paths: [String] = []
        for name in ReferenceProjectTests.names {
            let catalog = try #require(Compiler.check(ProjectReader(root: TestFiles.referenceProject(name)).read()).catalog)
            paths += catalog.definitions.map {
                TestFiles.referenceProject(name).appendingPathComponent("definitions/\($0.group)/\($0.id.value).yaml").path
            }
        }
        #expect(paths.count > 30)
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
            "any_of_of_one": filtered("{any_of: [{field: a, equals: 1}]}"),
            "any_of_beside_field": filtered("{field: a, any_of: [{field: a, equals: 1}, {field: b, equals: 2}]}"),
            "nested_filter_without_field": filtered("{any_of: [{field: a, equals: 1}, {equals: 2}]}"),
            "between_three": filtered("{field: a, between: [1, 2, 3]}"),
            "matches_without_wildcard": filtered("{field: a, matches: plain}"),
            "comparison_with_boolean": filtered("{field: a, at_least: true}"),
        ]
        func filtered(_ entry: String) -> String {
            valid.replacingOccurrences(of: "grain: week}", with: "grain: week, where: [\(entry)]}")
        }
        for (name, text) in cases {
            let path = folder.appendingPathComponent("\(name).yaml").path
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            let result = try Self.validate([path])
            #expect((result.status == 0) == (name == "valid"), "\(name): \(result.output)")
        }
    }
}
