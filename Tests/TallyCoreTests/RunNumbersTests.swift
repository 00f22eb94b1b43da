import Foundation
import Testing
import TallyCore
@testable import TallyRunner

/// Numbers from tally run as the engine holds them: every digit a double has, whole ones without a fraction, and
/// the extremes of a double charted, not crashing or looping.
@Suite struct RunNumbersTests {
    /// SQLite's own text of a double keeps 15 digits: the largest double came back as one that overflows to
    /// infinity. Doubles are read as doubles.
    @Test func doublesKeepEveryDigit() throws {
        let database = try SQLiteDatabase()
        let rows = try database.query("SELECT 1.7976931348623157e308, 5.0 / 9, 9007199254740993, 1e308 * 10, 2.0")
        #expect(rows == [["1.7976931348623157e+308", "0.5555555555555556", "9007199254740993", "inf", "2.0"]])
        #expect(rows[0].map { RunResult.display($0, type: .float) }
                == ["1.7976931348623157e+308", "0.5555555555555556", "9007199254740992", "inf", "2"])
        #expect(RunResult.number(123456789012345678) == "123456789012345680")
        #expect(RunResult.number(1e20) == "1e+20")
    }

    /// Tables for people show a float to 15 significant digits, so a sum's float noise does not show; CSV and JSON
    /// keep every digit (found by a new-user trial: 210.00000000000006 in tally run and in tally diff --data).
    @Test func tablesShowFifteenDigitsAndProgramsGetEvery() {
        #expect(RunResult.readable("210.00000000000006") == "210")
        #expect(RunResult.readable("0.30000000000000004") == "0.3")
        #expect(RunResult.readable("0.5555555555555556") == "0.555555555555556")
        #expect(RunResult.readable("1.7976931348623157e+308") == "1.7976931348623157e+308")
        #expect(RunResult.readable("1e+20") == "1e+20")
        #expect(RunResult.readable("9007199254740993") == "9007199254740993")
        #expect(RunResult.readable("inf") == "inf" && RunResult.readable("2024-01-01") == "2024-01-01")
        let result = RunResult(id: "v", title: "V", columns: ["value", "count"], types: [.float, .integer],
                               rows: [["210.00000000000006", "1"]])
        #expect(RowFormatter.table(result).contains("\n  210      1\n"), "\(RowFormatter.table(result))")
        #expect(RowFormatter.csv(result) == "value,count\n210.00000000000006,1\n")
        #expect(RowFormatter.jsonCell("210.00000000000006", type: .float) == .number(210.00000000000006))
        // In tally diff --data's table too, floats only: a text value keeps its digits (found by review).
        func row(_ values: [String]) -> RunResult {
            RunResult(id: "v", title: "V", columns: ["period_start", "value", "rate"], types: [.date, .text, .float],
                      rows: [["2024-01-01"] + values])
        }
        let moved = ValueDiff(old: row(["2.50", "1.5"]), new: row(["1.10", "210.00000000000006"]))
        let table = ValueDiffReport(base: "HEAD", diffs: [moved], notes: []).markdown()
        #expect(table.contains("| 2024-01-01 | rate | 1.5 | 210 | +208.5 |"), "\(table)")
        #expect(table.contains("| 2024-01-01 | value | 2.50 | 1.10 |"), "\(table)")
    }

    /// A value's text is read whole (a NUL inside kept), and a table shows control characters as symbols, never
    /// raw: an escape sequence in the data must not drive the terminal, a line break must not split a row.
    @Test func textIsWholeAndTablesShowControls() throws {
        let database = try SQLiteDatabase()
        #expect(try database.query("SELECT 'x' || char(0) || 'y'") == [["x\u{0}y"]])
        let result = RunResult(id: "v", title: "V", columns: ["name", "value"], types: [.text, .integer],
                               rows: [["a\u{1B}[31mred\nnext", "1"]])
        let table = RowFormatter.table(result)
        #expect(table.contains("a\u{241B}[31mred\u{240A}next"), "\(table)")
        #expect(!table.contains("\u{1B}"))
    }

    /// Columns line up in a terminal: a wide character (CJK, fullwidth) takes two columns, a combining mark none.
    @Test func tablesAlignWideAndCombiningCharacters() {
        let result = RunResult(id: "v", title: "V", columns: ["plan", "value"], types: [.text, .integer],
                               rows: [["日本語プラン", "1"], ["free", "22"], ["cafe\u{301}", "3"]])
        let lines = RowFormatter.table(result).split(separator: "\n").dropFirst()
        // Every row's value ends in the same terminal column as the header's.
        let ends = lines.map { String($0).terminalWidth }
        #expect(Set(ends.dropFirst(1)).count == 1 && ends[0] == ends[2], "\(lines)")
        #expect(lines.contains("日本語プラン      1"), "\(lines)")
        #expect("日本語".terminalWidth == 6 && "cafe\u{301}".terminalWidth == 4 && "abc".terminalWidth == 3)
    }

    /// Infinity is a gap in the line (JSON has no infinity: the text instead); values at the largest double still
    /// make an axis, and the chart is written.
    @Test func extremeValuesAreCharted() throws {
        let result = RunResult(id: "v", title: "V", columns: ["period_start", "value"], types: [.date, .float],
                               rows: [["2024-01-01", "1.7976931348623157e+308"], ["2024-01-02", "-1.7e+308"],
                                      ["2024-01-03", "inf"], ["2024-01-04", "1"]])
        let svg = try SVGChart(result).render()
        #expect(svg.hasSuffix("</svg>\n"))
        #expect(!svg.contains("nan") && !svg.contains("inf"))
        #expect(RowFormatter.jsonCell("inf", type: .float) == .string("inf"))
        let empty = RunResult(id: "v", title: "V", columns: ["period_start", "value"], types: [.date, .float], rows: [])
        #expect(try SVGChart(empty).render().contains(">no rows</text>"), "an empty chart says why it is empty")
        #expect(RowFormatter.jsonCell("0.5555555555555556", type: .float) == .number(0.5555555555555556))
    }
}
