import Foundation
import Testing
import TallyRunner
@testable import TallyCore

/// The JSON Schemas of project files (generated/schema/<kind>.schema.json, pinned byte for byte by
/// ReferenceProjectTests), checked by an independent validator (check-jsonschema from PyPI): every definition,
/// source, group and tally.yaml of the reference projects passes its schema, and files tally refuses fail it too.
/// scripts/test validates the project's own files the same way.
@Suite(.serialized) struct SchemaTests {
    /// Runs the validator with the schema of a kind as `tally schema` prints it, from a temporary file.
    static func validate(_ paths: [String], kind: String = "definition") throws -> (status: Int32, output: String) {
        let python = try #require(EngineEnvironment.python, "scripts/test makes the Python environment")
        let schema = FileManager.default.temporaryDirectory.appendingPathComponent("tally-schema-\(UUID().uuidString).json")
        try #require(Generator.schema(kind)).write(to: schema, atomically: false, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: schema) }
        let run = try Subprocess.run(python, ["-m", "check_jsonschema", "--schemafile", schema.path] + paths, input: "")
        return (run.status, run.stdout + run.stderr)
    }

    @Test func schemaIsWhatTallySchemaPrints() throws {
        let printed = try CLITests.run(["schema"])
        #expect(printed.status == 0)
        #expect(printed.stdout == Generator.definitionSchema())
        #expect(printed.stdout.hasPrefix("{") && printed.stdout.contains("\"$schema\""))
    }

    @Test(arguments: ["definition", "source", "group", "tally"])
    func everyKindIsPrintedAndGenerated(kind: String) throws {
        let printed = try CLITests.run(["schema", kind])
        #expect(printed.status == 0)
        #expect(printed.stdout == Generator.schema(kind))
        #expect(printed.stdout.contains("\"$id\": \"https://tally.dev/schema/\(kind).schema.json\""))
        let generated = try String(contentsOf: TestFiles.referenceProject("features")
            .appendingPathComponent("generated/schema/\(kind).schema.json"), encoding: .utf8)
        #expect(generated == printed.stdout)
    }

    @Test func anUnknownKindIsAUsageError() throws {
        let run = try CLITests.run(["schema", "widget"])
        #expect(run.status == 64)
        #expect(run.stderr.contains("no schema 'widget'; the kinds are definition, source, group, tally"))
    }

    @Test func decoderKeysComeFromTheSchema() {
        #expect(DefinitionDecoder.keys.contains("deprecated") && DefinitionDecoder.keys.contains("measure"))
        #expect(MeasureDecoder.keys == ["aggregate", "grain", "week_start", "time_zone", "identity", "group_by", "field",
                                        "window", "at_least", "fill", "snapshot", "percentile", "where", "cohort_events",
                                        "days", "weeks", "months", "retained", "steps", "within", "numerator",
                                        "denominator", "expression", "reads", "columns", "queries"])
        #expect(DefinitionDecoder.eventCodeKeys == ["name", "description", "search", "link"])
        #expect(SourceDecoder.keys == ["table", "description", "timestamp", "time_zone", "event_name", "version",
                                       "identity", "snapshot", "columns", "key", "joins", "dimensions", "partition_date", "known_events"])
        #expect(SourceDecoder.columnKeys == ["type", "classification", "description", "default", "fields"])
        #expect(JoinDecoder.keys == ["source", "on"] && DimensionDecoder.caseKeys == ["when", "then"])
        #expect(GroupDecoder.keys == ["title", "introduction", "terminology", "owners"])
        // And a mapping named after each dialect with settings of its own (BigQuery's dataset).
        #expect(SettingsDecoder.keys == ["name", "current_version", "repository", "dialects", "links", "rules", "exports"]
                + Dialect.allCases.filter { $0.sql.viewSchemaSetting != nil }.map(\.rawValue))
    }

    /// Each kind's files of every reference project, by path.
    static func referenceFiles() throws -> [String: [String]] {
        var files: [String: [String]] = [:]
        for name in ReferenceProjectTests.names {
            let root = TestFiles.referenceProject(name)
            files["tally", default: []].append(root.appendingPathComponent("tally.yaml").path)
            for path in TestFiles.tree(at: root.appendingPathComponent("definitions")).keys.sorted() {
                let kind = path.hasPrefix("sources/") ? "source" : path.hasSuffix("/group.yaml") ? "group" : "definition"
                files[kind, default: []].append(root.appendingPathComponent("definitions/" + path).path)
            }
        }
        return files
    }

    @Test(.enabled(if: EngineEnvironment.python != nil || EngineEnvironment.required))
    func everyReferenceSourceGroupAndSettingsFileValidates() throws {
        let files = try Self.referenceFiles()
        #expect(files["source"]?.count ?? 0 > 15 && files["group"]?.count ?? 0 >= 5 && files["tally"]?.count == 3)
        for kind in ["source", "group", "tally"] {
            let result = try Self.validate(files[kind] ?? [], kind: kind)
            #expect(result.status == 0, "\(kind): \(result.output)")
        }
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
            // tally reads any scalar where it takes text: the schema never refuses what tally reads.
            "valid_scalars_as_text": valid + "events: [SearchSubmitted, 404]\nowners: [123, true]\n",
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
            // A percentile is a fraction strictly between 0 and 1, as tally check requires (95 for p95 is the slip).
            "valid_percentile": percentile("0.95"),
            "percentile_95": percentile("95"),
            "percentile_one": percentile("1"),
            "percentile_zero": percentile("0"),
            // Each aggregate takes its own keys, as tally check does (D012 for a key that does not apply).
            "key_of_another_aggregate": valid.replacingOccurrences(of: "grain: week}", with: "grain: week, field: ms}"),
            "count_without_grain": valid.replacingOccurrences(of: "{aggregate: count, grain: week}",
                                                              with: "{aggregate: count}"),
            "valid_retention_without_grain": valid.replacingOccurrences(
                of: "{aggregate: count, grain: week}", with: "{aggregate: retention, cohort_events: [A], days: [1, 7]}"),
        ]
        func percentile(_ value: String) -> String {
            valid.replacingOccurrences(of: "{aggregate: count, grain: week}",
                                       with: "{aggregate: percentile, grain: week, field: ms, percentile: \(value)}")
        }
        func filtered(_ entry: String) -> String {
            valid.replacingOccurrences(of: "grain: week}", with: "grain: week, where: [\(entry)]}")
        }
        for (name, text) in cases {
            let path = folder.appendingPathComponent("\(name).yaml").path
            try text.write(toFile: path, atomically: false, encoding: .utf8)
            let result = try Self.validate([path])
            #expect((result.status == 0) == name.hasPrefix("valid"), "\(name): \(result.output)")
        }
    }

    /// What `tally init` writes passes the schema each file's modeline names.
    @Test(.enabled(if: EngineEnvironment.python != nil || EngineEnvironment.required))
    func theProjectTallyInitWritesValidates() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("tally-schema-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        try ProjectTemplate(name: "shop", repository: "https://github.com/acme/shop").write(into: root.path)
        for (path, kind) in [("tally.yaml", "tally"), ("definitions/sources/events.yaml", "source"),
                             ("definitions/product/group.yaml", "group"), (ProjectTemplate.examplePath, "definition")] {
            let text = try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)
            let depth = path.split(separator: "/").count - 1
            #expect(text.hasPrefix("# yaml-language-server: $schema=" + String(repeating: "../", count: depth)
                                       + "generated/schema/\(kind).schema.json\n"), "\(path)")
            let result = try Self.validate([root.appendingPathComponent(path).path], kind: kind)
            #expect(result.status == 0, "\(path): \(result.output)")
        }
    }

    /// Bare numbers and booleans where text goes are text to tally (title: 2024), so the schema accepts them too:
    /// an editor must not flag a file tally check passes.
    @Test(.enabled(if: EngineEnvironment.python != nil || EngineEnvironment.required))
    func scalarsTallyReadsAsTextPassTheSchema() throws {
        let definition = """
            kind: metric
            title: 2024
            definition: d.
            rationale: true
            source: {table: event_logs}
            events: [InsightHover]
            measure: {aggregate: count, grain: week}

            """
        var files = CorpusTests.base
        files["definitions/corpus/numbers.yaml"] = Array(definition.utf8)
        let result = Compiler.check(ProjectFiles.fromMemory(files))
        #expect(!result.diagnostics.hasErrors, "\(PinnedDiagnosticsTests.lines(result.diagnostics.diagnostics))")
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("tally-numbers-\(UUID().uuidString).yaml")
        try definition.write(to: file, atomically: false, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let validated = try Self.validate([file.path])
        #expect(validated.status == 0, "\(validated.output)")
    }

    /// A key given as YAML's null (no value, ~ or null) is the key left out to tally, so the schema takes it too;
    /// but a bare `fill: null`, which looks like the fill "null", both refuse.
    @Test(.enabled(if: EngineEnvironment.python != nil || EngineEnvironment.required))
    func nullKeysPassTheSchemaAsTallyReadsThem() throws {
        let definition = """
            kind: metric
            title: Nulls
            definition: d.
            rationale: r.
            implementation:
            considerations: ~
            owners: null
            source: {table: event_logs, description: null}
            events: [InsightHover]
            measure: {aggregate: count, grain: week, week_start: null, group_by: ~, where: null}
            broken:
              - {from: "3.30", through: "3.31", reason: r., fix: null}
            examples: null

            """
        let fillNull = definition.replacingOccurrences(of: "where: null}", with: "fill: null}")
        // Keys whose schema chooses among keys (oneOf): null must pass it too.
        let people = definition.replacingOccurrences(of: "aggregate: count,", with: "aggregate: unique_users, at_least: ~, window: ~,")
        #expect(people != definition)
        for (text, valid) in [(definition, true), (people, true), (fillNull, false)] {
            var files = CorpusTests.base
            files["definitions/corpus/nulls.yaml"] = Array(text.utf8)
            let result = Compiler.check(ProjectFiles.fromMemory(files))
            #expect(result.diagnostics.hasErrors != valid, "\(PinnedDiagnosticsTests.lines(result.diagnostics.diagnostics))")
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("tally-nulls-\(UUID().uuidString).yaml")
            try text.write(to: file, atomically: false, encoding: .utf8)
            defer { try? FileManager.default.removeItem(at: file) }
            let validated = try Self.validate([file.path])
            #expect((validated.status == 0) == valid, "\(validated.output)")
        }
    }

    /// Files tally refuses, one mistake each, fail their schema; the valid file of each kind passes.
    @Test(.enabled(if: EngineEnvironment.python != nil || EngineEnvironment.required))
    func wrongSourcesGroupsAndSettingsFailTheirSchemas() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tally-schema-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let source = """
            table: {postgres: events, bigquery: analytics.events}
            description: d
            timestamp: at
            identity: {user_id: user_id}
            columns:
              at: {type: timestamp, classification: public}
              user_id: {type: integer, classification: pseudonymous}
              payload: {type: json, classification: private, fields: {plan: public, bytes: {classification: public, type: integer}}}
            key: [user_id, at]
            joins:
              owner: {source: users, on: {user_id: id}}
            dimensions:
              size:
                cases:
                  - {when: {field: payload.bytes, at_least: 1000}, then: large}
                  - {when: [{any_of: [{field: user_id, equals: 1}, {field: user_id, equals: 2}]}], then: 1}
                else: small

            """
        let group = "title: T\nintroduction: I\nterminology: [{term: a, definition: b}]\nowners: [x]\n"
        let settings = """
            current_version: "1.0"
            repository: "https://github.com/acme/metrics"
            dialects: [postgres]
            links: {event_code: "https://x/{event}", pull_request: "https://github.com/acme/metrics/pull/{number}"}

            """
        let cases: [(kind: String, name: String, text: String, valid: Bool)] = [
            ("source", "valid", source, true),
            ("source", "unknown_key", source + "owner: x\n", false),
            ("source", "no_columns", source.replacingOccurrences(of: "columns:", with: "colums:"), false),
            ("source", "bad_column_type", source.replacingOccurrences(of: "type: timestamp", with: "type: datetime"), false),
            ("source", "bad_classification", source.replacingOccurrences(of: "classification: pseudonymous", with: "classification: secret"), false),
            ("source", "bad_field_type", source.replacingOccurrences(of: "type: integer}}}", with: "type: json}}}"), false),
            ("source", "bad_dialect_table", source.replacingOccurrences(of: "postgres: events", with: "mysql: events"), false),
            ("source", "join_without_on", source.replacingOccurrences(of: ", on: {user_id: id}", with: ""), false),
            ("source", "dimension_case_boolean", source.replacingOccurrences(of: "then: large", with: "then: true"), false),
            ("source", "dimension_nested_filter_without_field", source.replacingOccurrences(of: "{field: user_id, equals: 2}", with: "{equals: 2}"), false),
            ("group", "valid", group, true),
            ("group", "no_introduction", "title: T\n", false),
            ("group", "term_without_definition", group.replacingOccurrences(of: ", definition: b", with: ""), false),
            ("tally", "valid", settings, true),
            ("tally", "gitlab_repository", settings.replacingOccurrences(of: "https://github.com/acme/metrics\"", with: "https://gitlab.com/acme/metrics\""), false),
            ("tally", "unknown_dialect", settings.replacingOccurrences(of: "[postgres]", with: "[mysql]"), false),
            ("tally", "no_dialects", settings.replacingOccurrences(of: "[postgres]", with: "[]"), false),
            ("tally", "template_without_placeholder", settings.replacingOccurrences(of: "x/{event}", with: "x/"), false),
            ("tally", "bad_version", settings.replacingOccurrences(of: "\"1.0\"", with: "\"one\""), false),
            // What tally refuses and the schema can say too: a dialect twice (D008), Looker on the embedded engine
            // (D012), a required text left blank (D003), a repository with a query (D010).
            ("tally", "dialect_twice", settings.replacingOccurrences(of: "[postgres]", with: "[postgres, postgres]"), false),
            ("tally", "looker_on_the_embedded_engine",
             settings + "exports: {lookml: {connection: c, dialect: \(Dialect.embedded.rawValue)}}\n", false),
            ("tally", "looker_connection_a_number", settings + "exports: {lookml: {connection: 123, dialect: postgres}}\n", true),
            ("tally", "repository_with_a_query",
             settings.replacingOccurrences(of: "acme/metrics\"", with: "acme/metrics?x=1\""), false),
            ("group", "blank_title", group.replacingOccurrences(of: "title: T", with: "title: \" \""), false),
            ("group", "owners_numbers", group.replacingOccurrences(of: "owners: [x]", with: "owners: [123, true]"), true),
            ("source", "table_a_number", source.replacingOccurrences(of: "table: {postgres: events, bigquery: analytics.events}",
                                                                      with: "table: 123"), true),
        ]
        for item in cases {
            let path = folder.appendingPathComponent("\(item.kind)_\(item.name).yaml").path
            try item.text.write(toFile: path, atomically: false, encoding: .utf8)
            let result = try Self.validate([path], kind: item.kind)
            #expect((result.status == 0) == item.valid, "\(item.kind) \(item.name): \(result.output)")
        }
    }
}
