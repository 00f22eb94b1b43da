/// One test of a where filter: a field and one operator. docs/format.md says what each keeps, NULL included.
public struct WhereClause: Sendable {
    public enum Operation: Sendable {
        /// Every value is located: validation checks it against the column's type, at its place.
        case equals(Located<ExampleValue>)
        case notEquals(Located<ExampleValue>)
        case isIn([Located<ExampleValue>])
        case notIn([Located<ExampleValue>])
        case isNull(Bool)
        case compare(Comparison, Located<ExampleValue>)
        /// Inclusive at both ends.
        case between(low: Located<ExampleValue>, high: Located<ExampleValue>)
        /// The pattern, and its text as written.
        case matches(Located<GlobPattern>, text: String)

        /// The operator as written: `equals`, `in`, `greater_than`.
        public var name: String {
            switch self {
            case .equals: "equals"
            case .notEquals: "not_equals"
            case .isIn: "in"
            case .notIn: "not_in"
            case .isNull: "is_null"
            case .compare(let comparison, _): comparison.rawValue
            case .between: "between"
            case .matches: "matches"
            }
        }
    }

    /// greater_than, at_least, less_than, at_most.
    public enum Comparison: String, CaseIterable, Sendable {
        case greaterThan = "greater_than"
        case atLeast = "at_least"
        case lessThan = "less_than"
        case atMost = "at_most"

        public var symbol: String {
            switch self {
            case .greaterThan: ">"
            case .atLeast: ">="
            case .lessThan: "<"
            case .atMost: "<="
            }
        }
    }

    public var field: Located<FieldPath>
    public var operation: Operation
    public var span: SourceSpan
}

/// A `where` entry: one clause, or `any_of` (rows that any of its filters keeps). The entries of a measure's
/// `where` all hold.
public indirect enum WhereFilter: Sendable {
    case clause(WhereClause)
    case anyOf([WhereFilter], span: SourceSpan)

    /// Where the entry is written.
    public var span: SourceSpan {
        switch self {
        case .clause(let clause): clause.span
        case .anyOf(_, let span): span
        }
    }

    /// Every clause inside, in order.
    public var clauses: [WhereClause] {
        switch self {
        case .clause(let clause): [clause]
        case .anyOf(let filters, _): filters.flatMap(\.clauses)
        }
    }
}

/// What a where filter compares a value with: a column of a type, or a field of a JSON column (its text, read as
/// a number when the value is a number).
enum FilterTarget: Equatable {
    case column(ColumnType)
    case jsonField

    init(_ field: SourceField) {
        switch field {
        case .column(let column, let jsonPath), .joined(_, let column, let jsonPath):
            self = jsonPath.isEmpty ? .column(column.type.value) : .jsonField
        case .dimension(let dimension): self = .column(dimension.type)
        }
    }
}
