/// Tables as GitHub writes them: a header row, a delimiter row (`| --- | :-: |`), then one row per line, every
/// row between `|`s. A `|` escaped with a backslash or inside backticks is text, not a cell border.
extension PageParser {
    struct Table {
        var header: [String]
        var headerLine: Line
        var rows: [(line: Line, cells: [String])]
    }

    /// The cells of a row, trimmed, or nil when the line is no row (it does not start with `|`).
    static func cells(_ line: Line) -> [String]? {
        guard line.indent < 4 else { return nil }
        let text = line.trimmed
        guard text.hasPrefix("|") else { return nil }
        var cells: [String] = []
        var current = ""
        var inCode = false
        var escaped = false
        for character in text.dropFirst() {
            if escaped {
                current.append(character)
                escaped = false
            } else if character == "\\" {
                escaped = true
                current.append(character)
            } else if character == "`" {
                inCode.toggle()
                current.append(character)
            } else if character == "|" && !inCode {
                cells.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        // Text after the last `|` is a cell of its own when the row leaves out its closing `|`.
        if !InlineMarkdown.collapse(current).isEmpty { cells.append(current) }
        return cells.map { InlineMarkdown.collapse($0.replacing("\\|", with: "|")) }
    }

    /// `| --- | :-: |`: every cell dashes, with a colon at either end for alignment.
    static func isDelimiterRow(_ line: Line) -> Bool {
        guard let cells = cells(line), !cells.isEmpty else { return false }
        return cells.allSatisfy { cell in
            var core = Substring(cell)
            if core.hasPrefix(":") { core = core.dropFirst() }
            if core.hasSuffix(":") { core = core.dropLast() }
            return !core.isEmpty && core.allSatisfy { $0 == "-" }
        }
    }

    /// The table that starts at `lines[start]` and the index after its last row, or nil when no table starts there.
    static func table(at start: Int, of lines: [Line]) -> (table: Table, end: Int)? {
        guard start + 1 < lines.count, let header = cells(lines[start]), isDelimiterRow(lines[start + 1]) else {
            return nil
        }
        var rows: [(line: Line, cells: [String])] = []
        var index = start + 2
        while index < lines.count, let row = cells(lines[index]) {
            rows.append((lines[index], row))
            index += 1
        }
        return (Table(header: header, headerLine: lines[start], rows: rows), index)
    }
}
