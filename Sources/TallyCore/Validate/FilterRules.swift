/// Where filters against the columns they read: which operators apply to which column types, and whether each
/// compared value fits the column (docs/format.md, "where"). A wrong value is reported at the value.
extension Validator {
    mutating func checkFilter(_ filter: WhereFilter, source: Source, purpose: String = "a 'where' filter") {
        for clause in filter.clauses {
            guard let field = resolve(clause.field, in: source, purpose: purpose) else { continue }
            checkOperation(clause, target: FilterTarget(field))
        }
    }

    private mutating func checkOperation(_ clause: WhereClause, target: FilterTarget) {
        let field = clause.field.value.description
        switch clause.operation {
        case .isNull:
            return
        case .equals(let value), .notEquals(let value):
            // `equals: null` is `is_null: true`, on any column.
            guard value.value != .null else { return }
            checkEquality(clause, [value], target: target, field: field)
        case .isIn(let values), .notIn(let values):
            checkEquality(clause, values, target: target, field: field)
        case .compare(let comparison, let value):
            guard isOrdered(target, field, comparison.rawValue, at: value.span) else { return }
            checkValue(value, target: target, field: field)
        case .between(let low, let high):
            guard isOrdered(target, field, "between", at: low.span) else { return }
            let fits = checkValue(low, target: target, field: field) && checkValue(high, target: target, field: field)
            if fits, FilterOrder.isAbove(low.value, high.value, target: target) {
                emit(.rangeReversed,
                     "'between' on '\(field)' runs from \(ExampleTypes.describe(low.value)) down to "
                         + "\(ExampleTypes.describe(high.value)); give the low value first",
                     at: low.span, notes: [.init("the high value", at: high.span)])
            }
        case .matches(let pattern, _):
            if case .column(let type) = target, type != .text {
                emit(.columnTypeMismatch,
                     "'matches' applies to text columns and JSON fields; '\(field)' is \(FilterOrder.describe(type))",
                     at: pattern.span)
            }
        }
    }

    /// Equality (equals, not_equals, in, not_in) takes values of the column's type, as the engines compare them:
    /// PostgreSQL refuses `text = 5` and `bigint = 'abc'`, and Spark's ANSI mode fails the whole query on such a
    /// cast. A JSON field takes any value: it is compared as its text.
    private mutating func checkEquality(_ clause: WhereClause, _ values: [Located<ExampleValue>],
                                        target: FilterTarget, field: String) {
        guard case .column(let type) = target else { return }
        if type == .json {
            emit(.columnTypeMismatch,
                 "'\(clause.operation.name)' does not apply to json column '\(field)' as a whole; compare one of its "
                     + "fields ('\(field).name')",
                 at: values.first?.span ?? clause.span)
            return
        }
        for value in values {
            guard let problem = FilterOrder.mismatch(value.value, target: target, ordered: false) else { continue }
            emit(.wrongType, "'\(field)' \(problem), found \(ExampleTypes.describe(value.value))", at: value.span)
        }
    }

    /// Comparisons need values with an order: not true and false, not a whole JSON document.
    private mutating func isOrdered(_ target: FilterTarget, _ field: String, _ name: String,
                                    at span: SourceSpan) -> Bool {
        guard case .column(let type) = target else { return true }
        switch type {
        case .boolean:
            emit(.columnTypeMismatch,
                 "'\(name)' does not apply to boolean column '\(field)': true and false are not ordered; use equals",
                 at: span)
            return false
        case .json:
            emit(.columnTypeMismatch,
                 "'\(name)' does not apply to json column '\(field)' as a whole; compare one of its fields "
                     + "('\(field).name')",
                 at: span)
            return false
        case .text, .integer, .float, .timestamp, .date:
            return true
        }
    }

    @discardableResult
    private mutating func checkValue(_ value: Located<ExampleValue>, target: FilterTarget, field: String) -> Bool {
        guard let problem = FilterOrder.mismatch(value.value, target: target) else { return true }
        emit(.wrongType, "'\(field)' \(problem), found \(ExampleTypes.describe(value.value))", at: value.span)
        return false
    }
}

/// Ordering values as the generated SQL orders them, so that `between` is checked the way it runs.
enum FilterOrder {
    /// What is wrong with a compared value for its target, or nil when it fits: `ordered` for a comparison, else
    /// for equality.
    static func mismatch(_ value: ExampleValue, target: FilterTarget, ordered: Bool = true) -> String? {
        guard case .column(let type) = target else { return nil }  // a JSON field takes a number or text
        switch (type, value) {
        case (.integer, .integer), (.integer, .float), (.float, .integer), (.float, .float): return nil
        case (.integer, _), (.float, _): return "is \(describe(type)): compare it with a number"
        case (.text, .string): return nil
        case (.text, _):
            return ordered ? "is a text column, ordered as text: quote the value\(quoted(value)) to compare it with text"
                : "is a text column: quote the value\(quoted(value)) to compare it with text"
        case (.boolean, .bool) where !ordered: return nil
        case (.boolean, _) where !ordered: return "is a boolean column: compare it with true or false"
        case (.date, .string(let text)) where ExampleTypes.isDate(text): return nil
        case (.date, _): return "is a date column: compare it with a quoted date \"YYYY-MM-DD\""
        case (.timestamp, .string(let text)) where ExampleTypes.isDate(text) || ExampleTypes.isTimestamp(text):
            return nil
        case (.timestamp, _):
            return "is a timestamp column: compare it with a quoted UTC time \"YYYY-MM-DDTHH:MM:SSZ\" or a date "
                + "\"YYYY-MM-DD\" (its midnight UTC)"
        case (.boolean, _), (.json, _): return "has no order"
        }
    }

    /// The value as text, for a whole number or boolean where text was meant: ` ("5")` for `5`; empty for a float,
    /// whose reading is not what was written (`1.50` reads as 1.5, and `"1.5"` would match other rows), and for a
    /// value that quoting would not make text (null, a list, a mapping).
    private static func quoted(_ value: ExampleValue) -> String {
        switch value {
        case .bool, .integer: " (\"\(ExampleComparison.describe(value))\")"
        case .float, .null, .string, .list, .object: ""
        }
    }

    /// "an integer column", "a float column".
    static func describe(_ type: ColumnType) -> String {
        (type == .integer ? "an " : "a ") + type.rawValue + " column"
    }

    /// Whether `low` sorts after `high`, for values that fit their target.
    static func isAbove(_ low: ExampleValue, _ high: ExampleValue, target: FilterTarget) -> Bool {
        switch (low, high) {
        case (.integer(let a), .integer(let b)): return a > b
        case (.integer, _), (.float, _): return (number(low) ?? 0) > (number(high) ?? 0)
        case (.string(let a), .string(let b)):
            if target == .column(.timestamp) { return instant(b).utf8.lexicographicallyPrecedes(instant(a).utf8) }
            // Text sorts by its UTF-8 bytes on every engine; ISO dates sort by day that way too.
            return b.utf8.lexicographicallyPrecedes(a.utf8)
        default: return false
        }
    }

    private static func number(_ value: ExampleValue) -> Double? {
        switch value {
        case .integer(let number): Double(number)
        case .float(let number): number
        default: nil
        }
    }

    /// A timestamp value in one sortable form: a date is its midnight, and the fraction is padded to 6 digits.
    static func instant(_ text: String) -> String {
        guard ExampleTypes.isTimestamp(text) else { return text + "T00:00:00.000000" }
        let bare = text.dropLast()  // the Z
        guard let dot = bare.firstIndex(of: ".") else { return bare + ".000000" }
        let fraction = bare[bare.index(after: dot)...]
        return bare + String(repeating: "0", count: max(0, 6 - fraction.count))
    }
}
