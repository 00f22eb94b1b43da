import Foundation
import Testing
@testable import TallyCore

/// Names the exports cannot carry are refused at check, where they are written, rather than exported wrong.
@Suite struct ExportRulesTests {
    static let project = RequiredValuesTests.project

    static func errors(_ edits: [String: (String) -> String]) -> [Diagnostic] {
        var files = project
        for (path, edit) in edits { files[path] = Array(edit(String(decoding: files[path]!, as: UTF8.self)).utf8) }
        return Compiler.check(ProjectFiles.fromMemory(files)).diagnostics.sorted().filter { $0.severity == .error }
    }

    /// Edits declaring text columns of these names (as written in YAML) in seat_counts and grouping
    /// average_seats_filled by some of them, its examples, which leave them out, left out.
    static func grouped(by groupBy: [String], declaring columns: [String]) -> [String: (String) -> String] {
        let team = "  team: {type: text, classification: public}\n"
        return [
            "definitions/sources/seat_counts.yaml": { text in
                text.replacingOccurrences(of: team, with: team + columns.map { "  \($0): {type: text, classification: public}\n" }.joined())
            },
            "definitions/trends/average_seats_filled.yaml": { text in
                let edited = text.replacingOccurrences(of: "  field: seats\n",
                                                       with: "  field: seats\n  group_by: [\(groupBy.joined(separator: ", "))]\n")
                return String(edited[..<edited.range(of: "examples:")!.lowerBound])
            },
        ]
    }

    /// dbt quotes a table's name without escaping a quote in it: `"ev" --"` had made its model read table `ev`.
    @Test func aTableNamedWithAQuoteIsRefusedForDBT() {
        let errors = Self.errors(["definitions/sources/seat_counts.yaml": {
            $0.replacingOccurrences(of: "table: seat_counts", with: "table: {duckdb: 'seat\" --', postgres: seat_counts}")
        }])
        #expect(errors.map(\.code) == [.notApplicable], "\(errors.map(\.message))")
        #expect(errors.first?.message.hasPrefix("table 'seat\" --' (duckdb) holds \", the quote dbt writes it between") == true,
                "\(errors.map(\.message))")
        #expect(errors.first?.span.file == "definitions/sources/seat_counts.yaml")
    }

    /// The schema goes into every LookML view's sql_table_name, where `;;` ended the SQL.
    @Test func aLookMLSchemaIsANameOrNamesJoinedByDots() {
        for schema in ["\"ana;;lytics\"", "\"sch`ema\"", "a..b"] {
            let errors = Self.errors(["tally.yaml": { $0.replacingOccurrences(of: "schema: metrics", with: "schema: \(schema)") }])
            #expect(errors.map(\.code) == [.invalidName], "\(schema): \(errors.map(\.message))")
        }
        #expect(Self.errors(["tally.yaml": { $0.replacingOccurrences(of: "schema: metrics", with: "schema: my-project.analytics_1") }]).isEmpty)
    }

    /// BigQuery resolves no name inside a view against a default dataset: `bigquery.dataset` names the one the views
    /// are created in, checked as a LookML schema is, whether or not 'dialects' builds them at the moment.
    /// The views are created in the dataset and read each other from it, in every statement that names one: the
    /// view's own, its inputs', and an example's query; LookML over BigQuery reads them there unless its own schema
    /// says otherwise. Other dialects name no schema.
    @Test func bigQueryViewsAreNamedInTheirDataset() throws {
        let lookerOnBigQuery = { (text: String) in
            text.replacingOccurrences(of: "lookml: {connection: analytics, dialect: postgres, schema: metrics}",
                                      with: "lookml: {connection: analytics, dialect: bigquery}")
        }
        var files = Self.project
        files["tally.yaml"] = Array(lookerOnBigQuery(String(decoding: files["tally.yaml"]!, as: UTF8.self)).utf8)
        let catalog = try #require(Compiler.check(ProjectFiles.fromMemory(files)).checked)
        // The dialect whose views name their schema (BigQuery's dataset), and one whose do not.
        let naming = try #require(Dialect.allCases.first { $0.sql.viewSchemaSetting != nil })
        let plain = try #require(catalog.settings.dialects.first { $0.sql.viewSchemaSetting == nil })
        let ratio = try #require(catalog.views.first { if case .ratio = $0.definition.measure.kind { true } else { false } })
        let generated = Dictionary(uniqueKeysWithValues: Generator.files(for: catalog).map { ($0.path, $0.contents) })
        let bigquery = try #require(generated[SQLEmitter.viewPath(of: ratio.definition, in: naming)])
        #expect(bigquery.contains("CREATE OR REPLACE VIEW `tally_views.\(ratio.id)` AS"), "\(bigquery)")
        for input in ratio.definition.measure.inputs {
            #expect(bigquery.contains("`tally_views.\(input.value)`"), "\(input.value) in \(bigquery)")
        }
        let other = try #require(generated[SQLEmitter.viewPath(of: ratio.definition, in: plain)])
        #expect(!other.contains("tally_views"))
        let example = try #require(ratio.definition.examples.first)
        let script = ExampleSQL.make(example, of: ratio, catalog: catalog, dialect: naming)
        #expect(script.query.hasSuffix(" FROM `tally_views.\(ratio.id)`") && script.schemas.contains("tally_views"),
                "\(script.query) \(script.schemas)")
        let lookml = try #require(generated.first { $0.key.hasSuffix("/\(ratio.id).view.lkml") }?.value)
        #expect(lookml.contains("sql_table_name: `tally_views.\(ratio.id)` ;;"), "\(lookml)")
        // A ratio has one row per period and group: its known_broken splits none (found by a new-user trial).
        #expect(lookml.contains("Shown only when one row of the view is selected (one period, one value of each group "
                                + "column): these values do not add up.") && !lookml.contains("split by it"), "\(lookml)")
    }

    @Test func theBigQueryDatasetIsANameOfABuiltDialect() {
        func errors(_ setting: String, dialects: String? = nil) -> [String] {
            Self.errors(["tally.yaml": { text in
                var text = text.replacingOccurrences(of: "bigquery: {dataset: tally_views}", with: "bigquery: \(setting)")
                if let dialects {
                    text = text.replacingOccurrences(of: "dialects: [postgres, sqlite, bigquery, duckdb, spark, snowflake]",
                                                     with: dialects)
                }
                return text
            }]).map(\.message)
        }
        #expect(errors("{dataset: my-project.tally_views}").isEmpty)
        #expect(errors("{dataset: \"tally;;views\"}") == ["'dataset' must be a schema's name, or names joined by dots "
            + "(project.dataset), each of letters, digits, '_', '-', '$' and ':': it goes into every bigquery view's name"])
        #expect(errors("{}").contains { $0.contains("'dataset'") }, "\(errors("{}"))")
        // Kept, and checked, while the dialect is left out of 'dialects' for a while: no error of its own.
        #expect(errors("{dataset: tally_views}", dialects: "dialects: [postgres, sqlite]").filter { $0.contains("dataset") }.isEmpty)
        #expect(errors("{dataset: \"a;;b\"}", dialects: "dialects: [postgres, sqlite]").filter { $0.contains("'dataset'") }.count == 1)
    }
}

extension ExportRulesTests {
    /// dbt renders a column's name as Jinja (`k{{ 6*7 }}` was `k42` to its unit tests), and Looker substitutes
    /// `${...}` in a field's SQL even quoted.
    @Test func templateDelimitersInNamesAreRefusedForTheExportsThatReadThem() {
        let errors = Self.errors(Self.grouped(by: ["\"a${total}\""], declaring: ["\"k{{ 6*7 }}\"", "\"a${total}\""]))
        #expect(errors.map(\.code) == [.notApplicable, .notApplicable], "\(errors.map(\.message))")
        #expect(errors.map(\.span.file).sorted() == ["definitions/sources/seat_counts.yaml", "definitions/trends/average_seats_filled.yaml"])
    }
}

/// PostgreSQL keeps 63 bytes of a name: two group columns alike that far were one ambiguous column there, while
/// check and SQLite passed.
@Suite struct LongColumnNamesTests {
    @Test func groupColumnsAlikeInTheirFirst63BytesAreOneName() {
        let long = String(repeating: "x", count: 63)
        let errors = ExportRulesTests.errors(ExportRulesTests.grouped(by: ["\(long)_plan", "\(long)_seat"],
                                                                      declaring: ["\(long)_plan", "\(long)_seat"]))
        #expect(errors.map(\.code) == [.duplicateName], "\(errors.map(\.message))")
        #expect(errors.first?.message.contains("first 63 bytes, all that postgres keeps") == true, "\(errors.map(\.message))")
    }

    /// Cut at a character: a 62-byte name and it with an é (two bytes) are one name to PostgreSQL.
    @Test func aNameIsCutAtACharacter() {
        let name = String(repeating: "x", count: 62)
        let postgres = EngineRegistry.postgresDialect.sql
        #expect(postgres.keptName(name + "é") == name)
        #expect(postgres.keptName(name + "ab") == name + "a")
        #expect(postgres.keptName("short") == "short")
    }
}

/// This change's diagnostics, each pinned whole: place (line:column), code and message.
@Suite struct NewDiagnosticsPinnedTests {
    static func lines(_ edits: [String: (String) -> String]) -> [String] {
        PinnedDiagnosticsTests.lines(ExportRulesTests.errors(edits))
    }

    @Test func exportRules() {
        #expect(Self.lines(["definitions/sources/seat_counts.yaml": {
            $0.replacingOccurrences(of: "table: seat_counts", with: "table: {duckdb: 'seat\" --', postgres: seat_counts}")
        }]) == [#"definitions/sources/seat_counts.yaml:1:1: error[D012]: table 'seat" --' (duckdb) holds ", the quote dbt writes it "#
                    + #"between without escaping: its models would read another table; rename the table, or leave duckdb out of "#
                    + "exports.dbt.dialects"])
        #expect(Self.lines(ExportRulesTests.grouped(by: ["\"a${total}\""], declaring: ["\"k{{ 6*7 }}\"", "\"a${total}\""]))
                    == [#"definitions/sources/seat_counts.yaml:7:3: error[D012]: column 'k{{ 6*7 }}' holds Jinja's delimiters, which dbt "#
                        + "renders in its files: rename the column, or leave exports.dbt out",
                     #"definitions/trends/average_seats_filled.yaml:10:14: error[D012]: group_by 'a${total}' makes a view "#
                        + #"column 'a${total}', whose '${' LookML reads in its field's SQL (even quoted): group by a column of "#
                        + "another name, or leave exports.lookml out"])
        #expect(Self.lines(["tally.yaml": { $0.replacingOccurrences(of: "schema: metrics", with: "schema: \"ana;;lytics\"") }])
                    == [#"tally.yaml:12:62: error[D006]: 'schema' must be a schema's name, or names joined by dots (project.dataset), "#
                        + #"each of letters, digits, '_', '-', '$' and ':': it goes into every LookML view's sql_table_name"#])
        // The view dataset's name, pinned at its place (tally.yaml line 10, the value's column).
        let naming = Dialect.allCases.first { $0.sql.viewSchemaSetting != nil }!.rawValue
        #expect(Self.lines(["tally.yaml": { $0.replacingOccurrences(of: "\(naming): {dataset: tally_views}",
                                                                      with: "\(naming): {dataset: \"tally;;views\"}") }])
                    == [#"tally.yaml:10:21: error[D006]: 'dataset' must be a schema's name, or names joined by dots "#
                        + #"(project.dataset), each of letters, digits, '_', '-', '$' and ':': it goes into every "#
                        + "\(naming) view's name"])
        let long = String(repeating: "x", count: 63)
        #expect(Self.lines(ExportRulesTests.grouped(by: ["\(long)_plan", "\(long)_seat"], declaring: ["\(long)_plan", "\(long)_seat"]))
                    == ["definitions/trends/average_seats_filled.yaml:10:84: error[D008]: group_by '\(long)_seat' makes a view column "
                        + "alike another in its first 63 bytes, all that postgres keeps of a name: the two would be one column there"])
    }

    @Test func emptyValues() {
        #expect(Self.lines(["definitions/trends/average_seats_filled.yaml": { $0.replacingOccurrences(of: "grain: day", with: "grain: ~") }])
                    == ["definitions/trends/average_seats_filled.yaml:8:3: error[D003]: 'grain' is empty; give it a value"])
        #expect(Self.lines(["definitions/sources/app_events.yaml": { $0.replacingOccurrences(of: "event_name: event", with: "event_name: ''") }])
                    .filter { $0.hasPrefix("definitions/sources/") } == ["definitions/sources/app_events.yaml:4:13: error[D003]: 'event_name' is empty; name a column, or leave the key out"])
    }

    @Test func groupsOfOneSwiftName() {
        let files = SwiftNamesTests.project(events: "[View]", groups: ["search_v2", "search_v_2"])
        #expect(PinnedDiagnosticsTests.lines(CheckedCatalogTests.check(files).diagnostics.diagnostics) == ["definitions/search_v_2/group.yaml:1:1: error[D008]: group folders 'search_v2' and 'search_v_2' make one Swift "
                    + "name, searchV2, for their fixtures (generated/swift/Fixtures/); rename one folder"])
    }
}
