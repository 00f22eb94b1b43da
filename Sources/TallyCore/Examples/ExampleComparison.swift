/// Compares what an engine returned with an example's expected rows, as a set: numbers exactly (rates to
/// 1e-9), booleans whichever way the engine spells them, dates as YYYY-MM-DD.
public enum ExampleComparison {
    /// nil when they match; else a readable account of the difference.
    public static func difference(expected: [ExampleRow], actual: [[String?]], columns: [String]) -> String? {
        var remaining = actual
        var missing: [String] = []
        for row in expected {
            let wanted = columns.map { column in row.cells.first { $0.column.value == column }?.value.value ?? .null }
            if let match = remaining.firstIndex(where: { cellsMatch(wanted, $0) }) {
                remaining.remove(at: match)
            } else {
                missing.append(describe(wanted))
            }
        }
        guard !missing.isEmpty || !remaining.isEmpty else { return nil }
        var lines = ["columns: " + columns.joined(separator: ", ")]
        lines += missing.map { "expected but not returned: \($0)" }
        lines += remaining.map { "returned but not expected: " + $0.map { $0 ?? "NULL" }.joined(separator: " | ") }
        return lines.joined(separator: "\n")
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
            let truthy = ["t", "true", "1", "True", "TRUE"]
            let falsy = ["f", "false", "0", "False", "FALSE"]
            return flag ? truthy.contains(actual) : falsy.contains(actual)
        case .integer(let number): return numbersMatch(Double(number), actual)
        case .float(let number): return numbersMatch(number, actual)
        case .string(let text):
            return actual == text
        case .list, .object: return actual == ExampleJSON.text(expected)
        }
    }

    static func numbersMatch(_ expected: Double, _ actual: String) -> Bool {
        guard let value = Double(actual) else { return false }
        return abs(value - expected) <= 1e-9 * max(1, abs(expected))
    }

    static func describe(_ values: [ExampleValue]) -> String {
        values.map { value -> String in
            switch value {
            case .null: "NULL"
            case .bool(let flag): "\(flag)"
            case .integer(let number): "\(number)"
            case .float(let number): "\(number)"
            case .string(let text): text
            case .list, .object: ExampleJSON.text(value)
            }
        }.joined(separator: " | ")
    }
}
