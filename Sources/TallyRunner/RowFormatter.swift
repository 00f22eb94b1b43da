import TallyCore

/// How tally run prints rows: an aligned table for people, CSV (a header and the rows, nothing else) or one JSON
/// document for programs.
public enum RowFormat: String, CaseIterable, Sendable {
    case table, csv, json
}

public enum RowFormatter {
    /// Every result in one format. CSV holds one result only: the caller refuses several.
    public static func render(_ results: [RunResult], as format: RowFormat) -> String {
        switch format {
        case .table: return results.map(table).joined(separator: "\n")
        case .csv: return results.map(csv).joined()
        case .json: return json(results)
        }
    }

    /// The title, then the columns aligned under a header: numbers to the right, NULL as an empty cell.
    public static func table(_ result: RunResult) -> String {
        let numeric = result.types.map { $0 == .integer || $0 == .float }
        // Control characters in a value (an escape sequence, a line break) are shown as their symbols (U+2400...),
        // as diagnostics show them: written raw, they would break the table or drive the terminal.
        let rows = result.rows.map { row in
            zip(row, result.types).map { cell, type in RunResult.readable((cell ?? "").visibleControls, type: type) }
        }
        let cells = [result.columns] + rows
        let widths = result.columns.indices.map { column in cells.map { $0[column].terminalWidth }.max() ?? 0 }
        func line(_ row: [String]) -> String {
            row.enumerated().map { column, text in
                let padding = String(repeating: " ", count: widths[column] - text.terminalWidth)
                return numeric[column] ? padding + text : text + padding
            }.joined(separator: "  ").trimmingTrailingSpaces() + "\n"
        }
        var text = "\(result.id): \(result.title)\n"
        text += line(result.columns)
        text += widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ") + "\n"
        text += rows.map(line).joined()
        if result.rows.isEmpty { text += "(no rows)\n" }
        return text
    }

    /// RFC 4180: a header, then a line per row; a field holding a comma, quote or line break is quoted. NULL is
    /// an empty field and an empty string `""`, so that a group of '' and the NULL group stay two rows apart.
    public static func csv(_ result: RunResult) -> String {
        func field(_ text: String?) -> String {
            guard let text else { return "" }
            guard text.isEmpty || text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else {
                return text
            }
            return "\"" + text.split(separator: "\"", omittingEmptySubsequences: false).joined(separator: "\"\"") + "\""
        }
        return ([result.columns.map(field)] + result.rows.map { $0.map(field) })
            .map { $0.joined(separator: ",") + "\n" }.joined()
    }

    /// {"definitions": [{"id", "title", "columns", "rows": [{column: value}]}]}: numbers and booleans as JSON's
    /// own, NULL as null, everything else as strings.
    public static func json(_ results: [RunResult]) -> String {
        JSONValue.object([("definitions", .array(results.map(jsonValue)))]).pretty() + "\n"
    }

    static func jsonValue(_ result: RunResult) -> JSONValue {
        .object([
            ("id", .string(result.id)),
            ("title", .string(result.title)),
            ("columns", .array(result.columns.map(JSONValue.string))),
            ("rows", .array(result.rows.map { row in
                .object(zip(result.columns, zip(row, result.types)).map { column, cell in
                    (column, jsonCell(cell.0, type: cell.1))
                })
            })),
        ])
    }

    static func jsonCell(_ text: String?, type: ColumnType?) -> JSONValue {
        guard let text else { return .null }
        switch type {
        case .boolean where text == "true" || text == "false": return .bool(text == "true")
        case .integer: return Int(text).map(JSONValue.integer) ?? .string(text)
        case .float:
            if let whole = Int(text) { return .integer(whole) }
            // JSON has no infinity (a float sum past the largest double): it stays the text the table prints.
            guard let number = Double(text), number.isFinite else { return .string(text) }
            return .number(number)
        default: return .string(text)
        }
    }
}

extension String {
    func trimmingTrailingSpaces() -> String {
        var text = Substring(self)
        while text.last == " " { text = text.dropLast() }
        return String(text)
    }
}

private extension String {
    /// C0 controls and DEL as the Control Pictures block draws them.
    var visibleControls: String {
        guard unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else { return self }
        var shown = String.UnicodeScalarView()
        for scalar in unicodeScalars {
            if scalar.value < 0x20 { shown.append(Unicode.Scalar(0x2400 + scalar.value)!) }
            else if scalar.value == 0x7F { shown.append("\u{2421}") }
            else { shown.append(scalar) }
        }
        return String(shown)
    }
}
