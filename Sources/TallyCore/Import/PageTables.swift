/// Tables as GitHub writes them: a header row, a delimiter row (`| --- | :-: |`), then one row per line, every
/// row between `|`s, or, as GitHub also reads them, without the outer ones (`Name | Added`, `--- | ---`): then
/// every row has a `|` of its own. A `|` escaped with a backslash or inside backticks is text, not a cell border.
extension PageParser {
    struct Table {
        var header: [String]
        var headerLine: Line
        var rows: [(line: Line, cells: [String])]
    }

    /// The cells of a row, trimmed, or nil when the line is no row: it does not start with `|`, or, `outerPipes`
    /// not required, has no `|` that borders a cell.
    static func cells(_ line: Line, outerPipes: Bool = true) -> [String]? {
        guard line.indent < 4 else { return nil }
        let text = line.trimmed
        let leadingPipe = text.hasPrefix("|")
        guard leadingPipe || !outerPipes else { return nil }
        var cells: [String] = []
        var current = ""
        var inCode = false
        var escaped = false
        var borders = 0
        for character in text.dropFirst(leadingPipe ? 1 : 0) {
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
                borders += 1
            } else {
                current.append(character)
            }
        }
        guard leadingPipe || borders > 0 else { return nil }
        // Text after the last `|` is a cell of its own when the row leaves out its closing `|`.
        if !InlineMarkdown.collapse(current).isEmpty { cells.append(current) }
        return cells.map { InlineMarkdown.collapse($0.replacing("\\|", with: "|")) }
    }

    /// `| --- | :-: |`: every cell dashes, with a colon at either end for alignment.
    static func isDelimiterRow(_ line: Line, outerPipes: Bool = true) -> Bool {
        guard let cells = cells(line, outerPipes: outerPipes), !cells.isEmpty else { return false }
        return cells.allSatisfy { cell in
            var core = Substring(cell)
            if core.hasPrefix(":") { core = core.dropFirst() }
            if core.hasSuffix(":") { core = core.dropLast() }
            return !core.isEmpty && core.allSatisfy { $0 == "-" }
        }
    }

    /// The table that starts at `lines[start]` and the index after its last row, or nil when no table starts there.
    static func table(at start: Int, of lines: [Line]) -> (table: Table, end: Int)? {
        guard start + 1 < lines.count else { return nil }
        // With outer pipes, as most pages write tables; else without, where the header and delimiter rows have as
        // many cells (so a line of text over a `---` rule is no table).
        let outerPipes = cells(lines[start]) != nil
        guard let header = cells(lines[start], outerPipes: outerPipes),
              isDelimiterRow(lines[start + 1], outerPipes: outerPipes),
              outerPipes || cells(lines[start + 1], outerPipes: false)?.count == header.count else {
            return nil
        }
        var rows: [(line: Line, cells: [String])] = []
        var index = start + 2
        while index < lines.count, let row = cells(lines[index], outerPipes: outerPipes) {
            rows.append((lines[index], row))
            index += 1
        }
        return (Table(header: header, headerLine: lines[start], rows: rows), index)
    }
}
