/// Joined columns in the rows layer. Each join the definition reads through is a subquery of its target that
/// renames the columns read to `join__column`, LEFT JOINed on the target's key: the source's own columns stay
/// unqualified, as every layer writes them, and validation keeps the renamed columns apart from them. PostgreSQL
/// flattens such a subquery into the join, so an index on the target's key still serves it.
extension ViewBuilder {
    /// The source's table with the joins `measure` reads through; just the table when it reads none.
    func from(_ source: Source, reading measure: Measure) -> String {
        let joins = source.joinsRead(by: measure)
        guard !joins.isEmpty else { return from(source) }
        // The table takes the source's name, which no join may take, so a join named after the table's own name
        // (the physical table of another source) never clashes with it.
        var text = from(source, as: quoted(source.name))
        for (join, columns) in joins {
            guard let target = join.target else { continue }
            let renamed = columns.map { "\(quoted($0)) AS \(quoted(join.columnAlias($0)))" }
            let matches = join.on.map { "\(quoted(join.columnAlias($0.target.value))) = \(quoted($0.local.value))" }
            text += "\n    LEFT JOIN (SELECT " + renamed.joinedInOneCopy(separator: ", ") + " FROM \(from(target)))"
                + " AS \(quoted(join.name.value)) ON " + matches.joinedInOneCopy(separator: " AND ")
        }
        return text
    }

    /// The SQL of the column a field reads in the rows layer (a dimension's CASE for a dimension), and the JSON path
    /// read from it.
    func fieldColumn(_ path: FieldPath, source: Source) -> (column: String, jsonPath: [String]) {
        switch source.lookup(path) {
        case .joined(let join, let column, let jsonPath)?: (quoted(join.columnAlias(column.name.value)), jsonPath)
        case .dimension(let dimension)?: (self.dimension(dimension, source: source), [])
        // Validation resolved every field; an unknown one is rendered as written, which keeps rendering total.
        case .column?, nil: (quoted(path.column), path.jsonPath)
        }
    }

    /// A field's value: the column, or a JSON field of it as text.
    func field(_ path: FieldPath, source: Source) -> String {
        let (column, jsonPath) = fieldColumn(path, source: source)
        return jsonPath.isEmpty ? column : sql.jsonText(column, path: jsonPath)
    }
}
