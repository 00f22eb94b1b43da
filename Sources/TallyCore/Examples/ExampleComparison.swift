/// Compares what an engine returned with an example's expected rows, as a set: whole numbers exactly, fractions
/// (rates, averages) to 1e-9, booleans whichever way the engine spells them, dates as YYYY-MM-DD.
public enum ExampleComparison {
    /// The rows on each side that found no partner: an example passes when both lists are empty.
    public struct Mismatch: Sendable {
        public var columns: [String]
        /// Expected rows no returned row matched, each with its values in `columns` order.
        public var missing: [(row: ExampleRow, values: [String])]
        /// Returned rows no expected row matched, NULL as "NULL".
        public var unexpected: [[String]]

        /// "columns: ...", then a line per missing row ("expected but not returned: ...") and per unexpected row.
        public var description: String {
            var lines = ["columns: " + columns.joinedInOneCopy(separator: ", ")]
            lines += missing.map { "expected but not returned: " + $0.values.joinedInOneCopy(separator: " | ") }
            lines += unexpected.map { "returned but not expected: " + $0.joinedInOneCopy(separator: " | ") }
            return lines.joinedInOneCopy(separator: "\n")
        }
    }

    /// nil when they match; else the rows on each side without a partner. `booleans`: the columns the view types
    /// boolean (`known_broken`), whose returned values are shown as booleans whatever the example expects.
    public static func mismatch(expected: [ExampleRow], actual: [[String?]], columns: [String],
                                booleans: Set<String> = []) -> Mismatch? {
        var remaining = actual
        var missing: [(row: ExampleRow, values: [String])] = []
        for row in expected {
            let wanted = columns.map { column in row.cells.first { $0.column.value == column }?.value.value ?? .null }
            if let match = remaining.firstIndex(where: { cellsMatch(wanted, $0) }) {
                remaining.remove(at: match)
            } else {
                missing.append((row, wanted.map(describe)))
            }
        }
        guard !missing.isEmpty || !remaining.isEmpty else { return nil }
        // A boolean column, or one the example expects booleans in, shows the returned rows' booleans as the
        // example writes them (SQLite returns 0 and 1, PostgreSQL t and f): otherwise `false` beside `0` reads as a
        // difference where there is none, and `1` is not how an expected row would say it.
        let booleans = columns.indices.filter { index in
            booleans.contains(columns[index]) || expected.contains { row in
                if case .bool = row.cells.first(where: { $0.column.value == columns[index] })?.value.value { return true }
                return false
            }
        }
        let unexpected = remaining.map { row in
            row.indices.map { index -> String in
                guard let cell = row[index] else { return "NULL" }
                guard booleans.contains(index) else { return cell }
                return boolean(cell).map { "\($0)" } ?? cell
            }
        }
        return Mismatch(columns: columns, missing: missing, unexpected: unexpected)
    }

    /// A boolean however an engine spells it (t, 1, TRUE, ...); nil for anything else. What tally run prints too.
    public static func boolean(_ text: String) -> Bool? {
        switch text {
        case "t", "true", "1", "True", "TRUE": true
        case "f", "false", "0", "False", "FALSE": false
        default: nil
        }
    }

    /// nil when they match; else a readable account of the difference.
    public static func difference(expected: [ExampleRow], actual: [[String?]], columns: [String]) -> String? {
        mismatch(expected: expected, actual: actual, columns: columns)?.description
    }

    static func cellsMatch(_ expected: [ExampleValue], _ actual: [String?]) -> Bool {
        guard expected.count == actual.count else { return false }
        return zip(expected, actual).allSatisfy(cellMatches)
    }

    static func cellMatches(_ expected: ExampleValue, _ actual: String?) -> Bool {
        guard let actual else { return expected == .null }
        switch expected {
        case .null: return false
        case .bool(let flag):
            return boolean(actual) == flag
        case .integer(let number): return numbersMatch(Double(number), exactly: number, actual)
        case .float(let number): return numbersMatch(number, exactly: nil, actual)
        case .string(let text):
            return actual == text
        case .list, .object: return actual == ExampleJSON.text(expected)
        }
    }

    /// A whole number returned (a count, a sum of whole numbers: `3`, or `3.0` from an engine that sums in floating
    /// point) must be the expected number exactly: compared within 1e-9, a returned 1000000000 passed for an
    /// expected 1000000001, and a returned 1 for an expected 1.0000000001. Only a fraction returned (a rate, or a
    /// float sum such as 3.0000000000000004, which floating point makes of 3) is compared to 1e-9 of the expected
    /// value, which an expected whole number may then be too.
    static func numbersMatch(_ expected: Double, exactly integer: Int?, _ actual: String) -> Bool {
        if let integer, let returned = Int(actual) { return returned == integer }
        guard let value = Double(actual) else { return false }
        // Beyond 2^53 a double no longer holds every whole number: such a value is compared as written above, or
        // to 1e-9 when an engine returned it in floating point.
        if value == value.rounded(), abs(value) < 0x1p53 { return value == expected }
        return abs(value - expected) <= 1e-9 * max(1, abs(expected))
    }

    static func describe(_ value: ExampleValue) -> String {
        switch value {
        case .null: "NULL"
        case .bool(let flag): "\(flag)"
        case .integer(let number): "\(number)"
        case .float(let number): "\(number)"
        case .string(let text): text
        case .list, .object: ExampleJSON.text(value)
        }
    }
}
