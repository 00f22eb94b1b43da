import Foundation
import Testing
@testable import TallyRunner

/// The CSV and line readers of tally run: RFC 4180 quoting, line ends and line numbers, whatever the chunk size.
@Suite struct CSVReaderTests {
    static func records(_ text: String, chunk: Int) throws -> [CSVReader.Record] {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("tally-csv-\(UUID().uuidString).csv").path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let reader = try CSVReader(path: path, chunk: chunk)
        var records: [CSVReader.Record] = []
        while let record = try reader.next() { records.append(record) }
        return records
    }

    @Test func quotingLineEndsAndLineNumbersAtEveryChunkSize() throws {
        let text = "\u{FEFF}a,b,c\r\n1,\"x, \"\"y\"\"\",\"two\nlines\"\r\n\n,,\n\"unclosed,2,3\nstill\n"
        for chunk in [1, 2, 3, 7, 1 << 20] {
            let records = try Self.records(text, chunk: chunk)
            #expect(records.map(\.fields) == [["a", "b", "c"], ["1", "x, \"y\"", "two\nlines"], ["", "", ""],
                                              ["unclosed,2,3\nstill\n"]], "chunk \(chunk)")
            #expect(records.map(\.line) == [1, 2, 5, 6], "chunk \(chunk)")
            #expect(records.map(\.problem) == [nil, nil, nil, "a quoted field is not closed before the end of the file "
                                                     + "(lines 6-7 were read as this one row; close the quote)"])
        }
    }

    @Test func strayQuotesAreProblemsNotGuesses() throws {
        let records = try Self.records("a\"b,c\n\"a\"b,c\nlast,line", chunk: 4)
        #expect(records.map(\.problem) == [
            "a quote inside a field that does not start with one (write \"\" inside a quoted field)",
            "text after a closing quote",
            nil,
        ])
        #expect(records.last?.fields == ["last", "line"])
    }

    @Test func linesKeepTheirNumbersAcrossChunks() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("tally-lines-\(UUID().uuidString)").path
        try Data("\u{FEFF}{\"a\":1}\r\n\n{\"b\":2}".utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let reader = try LineReader(path: path, chunk: 3)
        var lines: [String] = []
        while let line = try reader.next() { lines.append("\(line.number):\(line.text ?? "<not UTF-8>")") }
        #expect(lines == ["1:{\"a\":1}", "2:", "3:{\"b\":2}"])
    }
}

/// The progress line of a long load, shown at once here (no quiet period) so that nothing depends on the clock.
@Suite struct LoadProgressTests {
    @Test func aLogGetsWholeLinesAndATerminalOneRewrittenLine() {
        var log: [String] = []
        let inLog = LoadProgress(label: "events.csv", terminal: false, quiet: 0) { log.append($0) }
        inLog.update(bytes: 2_500_000, of: 10_000_000, rows: 20_000)
        inLog.update(bytes: 5_000_000, of: 10_000_000, rows: 40_000)
        inLog.finish(rows: 80_000)
        #expect(log.count == 2)
        #expect(log.first == "loading events.csv: 2.5 MB of 10.0 MB (25%), 20000 rows\n")
        #expect(log.last?.hasPrefix("loading events.csv: 80000 rows in ") == true)
        #expect(log.last?.hasSuffix(" s\n") == true)

        var screen: [String] = []
        let onTerminal = LoadProgress(label: "events.csv", terminal: true, quiet: 0) { screen.append($0) }
        onTerminal.update(bytes: 2_500_000, of: 10_000_000, rows: 20_000)
        onTerminal.finish(rows: 80_000)
        #expect(screen.first == "\rloading events.csv: 2.5 MB of 10.0 MB (25%), 20000 rows\u{1B}[K")
        #expect(screen.last?.hasSuffix(" s\u{1B}[K\n") == true)
    }

    @Test func aQuickLoadSaysNothing() {
        var lines: [String] = []
        let progress = LoadProgress(label: "events.csv", terminal: false, quiet: 3600) { lines.append($0) }
        progress.update(bytes: 1, of: 2, rows: 1)
        progress.finish(rows: 2)
        #expect(lines.isEmpty)
    }
}
