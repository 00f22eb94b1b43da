import Foundation
import Testing
@testable import TallyCore

/// Where filters beyond what the reference projects' examples prove on the engines: which values pass against
/// which columns, how `between` is ordered, the diff text, the nesting of any_of in SQL, and odd shapes reported
/// rather than crashing.
@Suite struct FilterTests {
    /// The corpus base project with one count definition whose `where` holds `entries` (YAML list items).
    static func check(_ entries: [String]) -> (CheckResult, String) {
        var files = CorpusTests.base
        let text = """
            kind: metric
            title: Filtered
            definition: d
            rationale: r
            source: {table: event_logs}
            events: [A]
            measure:
              aggregate: count
              grain: total
              where:

            """ + entries.map { "    - " + $0 + "\n" }.joined()
        files["definitions/corpus/filtered.yaml"] = Array(text.utf8)
        return checkRendered(files)
    }

    static let fitting = [
        "{field: id, greater_than: 2.5}",
        "{field: timestamp, at_least: \"2024-03-01\"}",
        "{field: timestamp, less_than: \"2024-03-01T10:00:00.123456Z\"}",
        "{field: source, between: [\"A\", \"Z\"]}",
        "{field: public_argument.count, at_most: 10}",
        "{field: public_argument.label, at_least: \"m\"}",
        "{field: timestamp, between: [\"2024-03-01\", \"2024-03-01T00:00:00Z\"]}",
        "{field: source, matches: \"W?B*\"}",
        "{any_of: [{field: source, equals: WEB}, {any_of: [{field: id, less_than: 0}, {field: public_argument.label, matches: \"*x\"}]}]}",
    ]

    @Test func valuesThatFitTheirColumnsPass() throws {
        let (result, text) = Self.check(Self.fitting)
        #expect(text == "")
        #expect(result.checked != nil)
    }

    @Test func diffTextDescribesEveryOperator() throws {
        let (result, _) = Self.check(Self.fitting)
        let definition = try #require(result.catalog?.definition("filtered"))
        let text = DefinitionFields.flatten(definition).first { $0.field == "measure.where" }?.value
        #expect(text == "id > 2.5, timestamp >= 2024-03-01, timestamp < 2024-03-01T10:00:00.123456Z, "
                + "source between A and Z (inclusive), public_argument.count <= 10, public_argument.label >= m, "
                + "timestamp between 2024-03-01 and 2024-03-01T00:00:00Z (inclusive), source matches W?B*, "
                + "any of (source = WEB; any of (id < 0; public_argument.label matches *x))")
    }

    /// An any_of is one parenthesized OR, nested ones inside it, ANDed with the other entries, in every dialect.
    @Test func anyOfNestsInParentheses() throws {
        let (result, _) = Self.check(["{field: id, at_least: 1}", Self.fitting.last!])
        let catalog = try #require(result.checked)
        let views = Generator.files(for: catalog).filter { $0.path.hasSuffix("/corpus/filtered.sql") }
        #expect(views.count == catalog.settings.dialects.count)
        for view in views {
            let lines = view.contents.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
            let anyOf = try #require(lines.first { $0.hasPrefix("AND (") && $0.contains(" OR ") }, "\(view.path)")
            #expect(anyOf.hasSuffix("))"), "\(view.path): \(anyOf)")
            #expect(anyOf.components(separatedBy: " OR ").count == 3, "\(view.path): \(anyOf)")
            #expect(lines.contains { $0.hasPrefix("AND ") && $0.hasSuffix(" >= 1") }, "\(view.path)")
        }
    }

    @Test func betweenIsOrderedAsItRuns() {
        func reversed(_ field: String, _ low: String, _ high: String) -> Bool {
            Self.check(["{field: \(field), between: [\(low), \(high)]}"]).1.contains("error[V001]")
        }
        // Times by instant: a date is its midnight, a fraction comes after the whole second.
        #expect(!reversed("timestamp", "\"2024-03-01\"", "\"2024-03-01T00:00:00Z\""))
        #expect(reversed("timestamp", "\"2024-03-01T00:00:00.5Z\"", "\"2024-03-01T00:00:00Z\""))
        #expect(!reversed("timestamp", "\"2024-03-01T00:00:00Z\"", "\"2024-03-01T00:00:00.5Z\""))
        // Numbers by value, not by their text; text by its bytes.
        #expect(!reversed("id", "9", "10"))
        #expect(reversed("id", "10", "9.5"))
        #expect(!reversed("source", "\"B\"", "\"a\""))
        #expect(reversed("source", "\"a\"", "\"B\""))
        #expect(!reversed("public_argument.n", "-1", "1e3"))
    }

    @Test func wrongValuesAreReportedAtTheValue() {
        let cases: [(String, String)] = [
            ("{field: timestamp, at_least: \"2024-02-30\"}", "11:36: error[D004]: 'timestamp' is a timestamp column"),
            ("{field: timestamp, at_least: \"2024-03-01T24:00:00Z\"}", "11:36: error[D004]: 'timestamp' is a timestamp column"),
            ("{field: id, at_most: 1e999}", "11:28: error[D004]: 'at_most' holds a number too large for a float"),
            ("{field: source, equals: 1e999}", "11:31: error[D004]: 'equals' holds a number too large for a float"),
            ("{field: public_argument.n, between: [1, \"2\"]}", "11:47: error[D004]: 'between' takes two numbers or two texts"),
            ("{field: source, matches: \"\"}", "11:32: error[D013]: 'matches' pattern '' has no wildcard"),
            ("{field: source, matches: 5}", "11:32: error[D004]: 'matches' takes a glob in quotes"),
            ("{field: id, greater_than: [1]}", "11:33: error[D004]: 'greater_than' compares with one number"),
            ("{field: id, not_in: [1, null]}", "11:27: error[D004]: 'not_in' lists null, which SQL's NOT IN never matches"),
            ("{field: url, at_least: \"a\"}", "11:15: error[P001]: a 'where' filter reads column 'url'"),
        ]
        for (entry, expected) in cases {
            let text = Self.check([entry]).1
            #expect(text.contains("definitions/corpus/filtered.yaml:" + expected), "\(entry):\n\(text)")
        }
    }

    /// Shapes no one means still end in diagnostics, never in a crash or a view.
    @Test func oddShapesAreReportedNotCrashed() {
        let deep = String(repeating: "{any_of: [{field: id, equals: 1}, ", count: 25) + "{field: id, equals: 2}"
            + String(repeating: "]}", count: 25)
        let entries = [
            "{any_of: {field: id}}", "{any_of: x}", "{any_of: null}", "{any_of: [1, 2]}", "{any_of: [[], {}]}",
            "{field: id, between: x}", "{field: id, between: [1, 2, 3]}", "{field: id, between: [[1], {}]}",
            "{field: id, matches: null}", "{field: id, greater_than: {a: 1}}", "{field: id, at_least: 1, at_most: 2}",
            "{field: public_argument, matches: \"*\"}", "{any_of: [{field: nope, at_least: 1}, {field: id, matches: \"?\"}]}",
            "{field: id, is_null: 3}", "{}", "x",
        ]
        for entry in entries {
            let (result, text) = Self.check([entry])
            #expect(text.contains("error["), "\(entry):\n\(text)")
            #expect(result.checked == nil, "\(entry)")
        }
        let (result, text) = Self.check([deep])
        #expect(result.checked != nil || text.contains("error[Y004]"), "\(text)")
    }

    @Test func globsParseEachWildcardTheirKindHas() {
        #expect(GlobPattern(event: "a?*b").pieces == [.text("a?"), .anyRun, .text("b")])
        #expect(GlobPattern(filter: "a?*b").pieces == [.text("a"), .anyOne, .anyRun, .text("b")])
        #expect(GlobPattern(filter: "**").pieces == [.anyRun, .anyRun])
        #expect(!GlobPattern(filter: "plain").hasWildcard && GlobPattern(filter: "?").hasWildcard)
        #expect(!GlobPattern(event: "what?").hasWildcard)
        #expect(GlobPattern(filter: "").pieces.isEmpty && !GlobPattern(filter: "").hasWildcard)
    }
}
