/// A computed column of a source: the value of its first case whose filters all hold, else `otherwise`. Definitions
/// name it like a column, in group_by, where and field.
public struct Dimension: Sendable {
    public struct Case: Sendable {
        /// Every filter must keep the row; they are `where` filters over the source.
        public var when: [WhereFilter]
        public var then: Located<ExampleValue>
    }

    public var name: Located<String>
    public var cases: [Case]
    /// `else`; NULL when left out.
    public var otherwise: Located<ExampleValue>?

    /// Every value it can take, NULLs left out.
    public var values: [ExampleValue] {
        (cases.map(\.then.value) + [otherwise?.value].compactMap { $0 }).filter { $0 != .null }
    }

    /// integer when every value is a whole number, float when every value is a number, else text (numbers among
    /// text values are written as text), so a dimension orders and compares like a column of that type.
    public var type: ColumnType {
        let values = self.values
        if values.isEmpty { return .text }
        if values.allSatisfy({ if case .integer = $0 { true } else { false } }) { return .integer }
        if values.allSatisfy(Self.isNumber) { return .float }
        return .text
    }

    static func isNumber(_ value: ExampleValue) -> Bool {
        switch value {
        case .integer, .float: true
        case .null, .bool, .string, .list, .object: false
        }
    }

    /// Every clause of every case, in order.
    public var clauses: [WhereClause] { cases.flatMap { $0.when.flatMap(\.clauses) } }
}

extension Source {
    public func dimension(_ name: String) -> Dimension? { dimensions.first { $0.name.value == name } }
}
