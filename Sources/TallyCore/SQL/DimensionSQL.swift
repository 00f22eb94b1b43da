/// A dimension as the CASE that computes it in the rows layer: its cases in order, so the first whose filters all
/// keep the row gives the value, and rows no case keeps take `else` (NULL when it is left out).
extension ViewBuilder {
    func dimension(_ dimension: Dimension, source: Source) -> String {
        // The cases read columns and joined columns only (validated); over a source without dimensions, a case that
        // named one anyway could never make rendering recurse.
        var plain = source
        plain.dimensions = []
        let filters = FilterSQL(builder: self)
        let branches = dimension.cases.map { item in
            let conditions = item.when.map { filters.condition($0, source: plain) }
            return "WHEN " + conditions.joinedInOneCopy(separator: " AND ") + " THEN " + value(item.then.value, of: dimension)
        }
        let otherwise = dimension.otherwise.map { value($0.value, of: dimension) } ?? "NULL"
        // In parentheses: filters and aggregates put it beside operators, as they would a column.
        return "(CASE " + branches.joinedInOneCopy(separator: " ") + " ELSE \(otherwise) END)"
    }

    /// A value as the dimension's type: a number of a text dimension is its text.
    private func value(_ value: ExampleValue, of dimension: Dimension) -> String {
        switch (dimension.type, value) {
        case (_, .null): "NULL"
        case (.text, .string): sql.literal(value)
        case (.text, _): sql.literal(ExampleJSON.text(value))
        case (.integer, _), (.float, _), (.boolean, _), (.timestamp, _), (.date, _), (.json, _): sql.literal(value)
        }
    }
}
