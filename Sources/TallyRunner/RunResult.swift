import Foundation
import TallyCore

/// One definition's rows as tally run prints them: NULL as nil, booleans true/false, dates YYYY-MM-DD, numbers
/// in their shortest form (a whole float without its ".0"), so every engine's rows read alike.
public struct RunResult: Sendable, Equatable {
    public var id: String
    public var title: String
    public var columns: [String]
    /// Each column's type; nil where it is not known (a group column of undeclared type).
    public var types: [ColumnType?]
    public var rows: [[String?]]

    public init(id: String, title: String, columns: [String], types: [ColumnType?], rows: [[String?]]) {
        self.id = id
        self.title = title
        self.columns = columns
        self.types = types
        self.rows = rows
    }

    /// A cell as an engine returned it, in the form tally prints.
    public static func display(_ raw: String?, type: ColumnType?) -> String? {
        guard let raw else { return nil }
        switch type {
        case .boolean:
            return ExampleComparison.boolean(raw).map { "\($0)" } ?? raw
        case .float:
            return Double(raw).map(number) ?? raw
        case .date:
            return raw.count > 10 ? String(raw.prefix(10)) : raw
        default:
            return raw
        }
    }

    /// A number the way tally prints it: whole numbers without a fraction, others in Swift's shortest form that
    /// reads back to the same double.
    public static func number(_ value: Double) -> String {
        // Every whole double below 2^63 is an Int64 exactly; above, Swift's form (1e+20) is the readable one.
        if value.isFinite, value == value.rounded(), abs(value) < 0x1p63 { return String(Int64(value)) }
        return "\(value)"
    }

    /// A number as a person reads it (tally run's table, tally diff --data's tables): to 15 significant digits,
    /// the most a double holds exactly, so that a sum's float noise (210.00000000000006) reads 210, as sqlite3's
    /// shell shows it. CSV and JSON keep `number`'s exact form, for programs. Other text is kept.
    public static func readable(_ text: String) -> String {
        guard text.contains(where: { $0 == "." || $0 == "e" || $0 == "E" }), let value = Double(text), value.isFinite
        else { return text }
        // Rounded up, the largest doubles would read back as infinity: those keep their every digit.
        guard let rounded = Double(String(format: "%.15g", value)), rounded.isFinite else { return text }
        return number(rounded)
    }

    /// A cell as a person's table shows it: a float column's value `readable`, any other as it is.
    public static func readable(_ text: String, type: ColumnType?) -> String {
        type == .float ? readable(text) : text
    }

    public func index(of column: String) -> Int? { columns.firstIndex(of: column) }
}
