/// A measure's where filters as SQL conditions in one dialect: a clause per entry, `any_of` as an OR of its
/// filters. docs/format.md says what each operator keeps; NULL is spelled out where SQL would drop it silently.
struct FilterSQL {
    let builder: ViewBuilder

    private var sql: any SQLDialect { builder.sql }

    func condition(_ filter: WhereFilter, source: Source) -> String {
        switch filter {
        case .clause(let clause): return condition(clause, source: source)
        case .anyOf(let filters, _):
            return "(" + filters.map { condition($0, source: source) }.joinedInOneCopy(separator: " OR ") + ")"
        }
    }

    private func condition(_ clause: WhereClause, source: Source) -> String {
        let path = clause.field.value
        let column = builder.field(path, source: source)
        let (jsonColumn, jsonPath) = builder.fieldColumn(path, source: source)
        // JSON fields are compared as text, so their literals are too.
        let asText = !jsonPath.isEmpty
        func value(_ item: ExampleValue) -> String {
            if asText, case .string = item { return sql.literal(item) }
            if asText, item != .null { return sql.literal(ExampleJSON.text(item)) }
            return sql.literal(item)
        }
        // Validation resolved the column; text is only a fallback that keeps rendering total.
        let target = source.lookup(path).map(FilterTarget.init) ?? .column(.text)
        // Equality compares the column with the value as written; dates and times, though, are equal as the
        // comparisons order them (a day against a timestamp is its midnight UTC), not as the text of a literal,
        // which SQLite compares as text and other engines read in the session's zone.
        let instants = target == .column(.date) || target == .column(.timestamp)
        let equated = instants ? operand(path, source, target, .null) : column
        func equal(_ item: Located<ExampleValue>) -> String { instants ? literal(item.value, target) : value(item.value) }
        func list(_ items: [Located<ExampleValue>]) -> String { items.map(equal).joinedInOneCopy(separator: ", ") }
        switch clause.operation {
        case .equals(let item) where item.value == .null: return "\(column) IS NULL"
        case .isNull(true): return "\(column) IS NULL"
        case .notEquals(let item) where item.value == .null: return "\(column) IS NOT NULL"
        case .isNull(false): return "\(column) IS NOT NULL"
        case .equals(let item): return "\(equated) = \(equal(item))"
        case .notEquals(let item): return "(\(column) IS NULL OR \(equated) <> \(equal(item)))"
        case .isIn(let items): return "\(equated) IN (\(list(items)))"
        case .notIn(let items): return "(\(column) IS NULL OR \(equated) NOT IN (\(list(items))))"
        // A comparison with NULL is unknown, and WHERE keeps only true: NULL rows never match.
        case .compare(let comparison, let item):
            return "\(operand(path, source, target, item.value)) \(comparison.symbol) \(literal(item.value, target))"
        case .between(let low, let high):
            return "\(operand(path, source, target, low.value)) BETWEEN \(literal(low.value, target)) AND "
                + literal(high.value, target)
        case .matches(let pattern, _):
            guard target == .jsonField else { return sql.glob(column, pattern.value) }
            return sql.glob(sql.jsonString(jsonColumn, path: jsonPath), pattern.value)
        }
    }

    /// The field as ordered for a value: a column as its type orders; a JSON field as a number for a number,
    /// else as a JSON string (other JSON values never match text).
    private func operand(_ path: FieldPath, _ source: Source, _ target: FilterTarget, _ value: ExampleValue) -> String {
        let (column, jsonPath) = builder.fieldColumn(path, source: source)
        switch target {
        case .column(let type): return sql.ordered(builder.field(path, source: source), type: type)
        case .jsonField:
            if isNumber(value) { return sql.jsonNumber(column, path: jsonPath) }
            return sql.ordered(sql.jsonString(column, path: jsonPath), type: .text)
        }
    }

    private func literal(_ value: ExampleValue, _ target: FilterTarget) -> String {
        switch target {
        case .column(let type):
            // A date against a timestamp column is its midnight UTC; written out, no engine reads it in a local zone.
            var value = value
            if type == .timestamp, case .string(let text) = value, ExampleTypes.isDate(text) {
                value = .string(text + "T00:00:00Z")
            }
            return sql.ordered(sql.typedLiteral(value, type: type), type: type)
        case .jsonField:
            return isNumber(value) ? sql.literal(value) : sql.ordered(sql.literal(value), type: .text)
        }
    }

    private func isNumber(_ value: ExampleValue) -> Bool {
        switch value {
        case .integer, .float: true
        case .null, .bool, .string, .list, .object: false
        }
    }
}
