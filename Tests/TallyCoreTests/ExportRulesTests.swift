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
