import TallyCore

/// Value diffs as Markdown for a pull-request comment: per definition, a table of the rows whose values changed
/// with old, new and delta.
public struct ValueDiffReport: Sendable {
    public var base: String
    public var diffs: [ValueDiff]
    /// Definitions the base does not have, run in the working tree only: their values, with nothing to compare.
    public var added: [RunResult] = []
    /// Lines said before the tables: what data ran, which definitions could not be compared.
    public var notes: [String]
    /// Rows shown per definition; a comment has a size limit, and the first rows say what happened.
    public var rowLimit = 50

    public init(base: String, diffs: [ValueDiff], notes: [String]) {
        self.base = base
        self.diffs = diffs
        self.notes = notes
    }

    public func markdown() -> String {
        var lines = ["### tally: values changed since \(CommentCell.code(base))", ""]
        lines += notes.map { "- " + $0 }
        if !notes.isEmpty { lines.append("") }
        if diffs.isEmpty && added.isEmpty { lines += ["No changed definition to run.", ""] }
        let unchanged = diffs.filter { $0.changes.isEmpty && $0.columnsChanged == nil }
        if !unchanged.isEmpty {
            lines += ["Same values on this data: " + unchanged.map { "`\($0.id)`" }.joined(separator: ", ") + ".", ""]
        }
        for diff in diffs where !diff.changes.isEmpty || diff.columnsChanged != nil {
            lines += ["#### `\(diff.id)`: \(cell(diff.title))", ""]
            if let columns = diff.columnsChanged {
                lines += ["Its columns changed (\(columns.old.joined(separator: ", ")) → \(columns.new.joined(separator: ", "))), "
                          + "so its rows are not compared.", ""]
                continue
            }
            let rows = Set(diff.changes.map(\.key)).count
            lines += ["\(rows) of \(diff.rowCount) row\(diff.rowCount == 1 ? "" : "s") changed.", ""]
            let several = diff.valueColumns.count > 1
            let header = diff.keyColumns + (several ? ["column"] : []) + ["old", "new", "delta"]
            lines.append("| " + header.joined(separator: " | ") + " |")
            // old, new and delta are numbers: right-aligned.
            lines.append("| " + header.indices.map { $0 >= header.count - 3 ? "---:" : "---" }.joined(separator: " | ") + " |")
            for change in diff.changes.prefix(rowLimit) {
                // NULL as the value columns show it: an empty cell is empty text.
                var cells = change.key.map { cell($0 ?? "NULL") }
                if several { cells.append(change.column) }
                // A float to 15 digits; any other value as the engine gave it (an sql measure's text value "1.10").
                let shown = { (value: String) in RunResult.readable(value, type: diff.valueTypes[change.column]) }
                cells.append(change.inOld ? cell(change.old.map(shown) ?? "NULL") : "(no row)")
                cells.append(change.inNew ? cell(change.new.map(shown) ?? "NULL") : "(no row)")
                cells.append(change.delta.map(signed) ?? "")
                lines.append("| " + cells.joined(separator: " | ") + " |")
            }
            if diff.changes.count > rowLimit {
                lines += ["", "… and \(diff.changes.count - rowLimit) more changed values."]
            }
            lines.append("")
        }
        for result in added { lines += addedSection(result) }
        return lines.joined(separator: "\n")
    }

    /// A new definition's rows, the first `rowLimit`: a reviewer reads what it gives before it is merged.
    private func addedSection(_ result: RunResult) -> [String] {
        var lines = ["#### `\(result.id)`: \(cell(result.title)) (new)", ""]
        guard !result.rows.isEmpty else { return lines + ["No rows on this data.", ""] }
        lines.append("| " + result.columns.joined(separator: " | ") + " |")
        lines.append("| " + result.columns.map { _ in "---" }.joined(separator: " | ") + " |")
        for row in result.rows.prefix(rowLimit) {
            let cells = zip(row, result.types).map { value, type in cell(value.map { RunResult.readable($0, type: type) } ?? "NULL") }
            lines.append("| " + cells.joined(separator: " | ") + " |")
        }
        if result.rows.count > rowLimit { lines += ["", "… and \(result.rows.count - rowLimit) more rows."] }
        return lines + [""]
    }

    private func signed(_ delta: Double) -> String {
        let shown = RunResult.readable(RunResult.number(delta))
        return delta > 0 ? "+" + shown : shown
    }

    /// A table cell: values from data are shown as they are, so Markdown in them stays text, a pipe keeps the row
    /// whole and an `@name` in a value mentions nobody.
    private func cell(_ text: String) -> String { CommentCell.text(text) }
}
