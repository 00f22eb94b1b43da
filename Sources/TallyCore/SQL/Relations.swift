/// How a view names what it reads. The views tally writes read tables and other views by name; a dbt model reads
/// them through `source()` and `ref()`, so dbt knows its lineage; and a dbt unit test of a ratio, which can give
/// rows only for the model's direct parents, gives each input's rows as that input's query over the example's
/// own rows, inlined.
enum Relations: Sendable {
    case tables
    /// `sourceNames`: the dbt source each tally source is a table of (DBTSources); `project`: the dbt project's name,
    /// which each `ref()` names.
    case dbt(sourceNames: [String: String], project: String, CheckedCatalog)
    case inline(Example, CheckedCatalog)
}

extension ViewBuilder {
    /// The source's rows in FROM, under `alias` when one is given.
    func from(_ source: Source, as alias: String? = nil) -> String {
        let named = alias.map { " AS " + $0 } ?? ""
        switch relations {
        case .tables: return sql.table(source.table(for: dialect)) + named
        case .dbt(let sourceNames, _, _): return "{{ source('\(sourceNames[source.name] ?? "tally")', '\(source.name)') }}" + named
        case .inline(let example, _):
            return "(\n" + inlineRows(of: source, from: example) + "\n) AS " + (alias ?? quoted(source.name))
        }
    }

    /// Another definition's view in FROM.
    func relation(of view: CheckedView) -> String {
        switch relations {
        case .tables: return viewName(view.id)
        case .dbt(_, let project, _): return DBTEmitter.refCall(view.id, project: project)
        case .inline: return "(\n" + select(for: view) + "\n) AS " + quoted(view.id)
        }
    }

    /// A hand-written query with the tables of the sources it reads (`source.table` and `reads`) put as this
    /// builder names them: each table name right after FROM or JOIN. As written for plain views.
    func readingRelations(_ query: String, of definition: Definition) -> String {
        let catalog: CheckedCatalog
        switch relations {
        case .tables: return query
        case .dbt(_, _, let checked), .inline(_, let checked): catalog = checked
        }
        let names = ([definition.source.table].compactMap { $0 } + definition.measure.reads).map(\.value)
        var text = query
        for source in names.compactMap({ catalog.catalog.sources[$0] }) {
            // Under the query's own alias when it gave one, else under the source's name, so that columns the query
            // qualifies by the table's name still resolve.
            text = TableReferences.replacing(source.table(for: dialect), in: text) { alias in
                from(source, as: alias ?? quoted(source.name))
            }
        }
        return text
    }

    /// The example's rows of a source as a query with the source's columns and types; none given, no rows.
    func inlineRows(of source: Source, from example: Example) -> String {
        let rows = example.given.first { $0.source.value == source.name }?.rows ?? []
        func select(_ row: ExampleRow?, index: Int) -> String {
            "SELECT " + source.columns.map { column in
                let value = row.map { ExampleSQL.cellValue($0, column: column, index: index, source: source) } ?? .null
                let literal = value == .null ? "CAST(NULL AS \(sql.columnType(column.type.value)))"
                    : sql.typedLiteral(value, type: column.type.value)
                return literal + " AS " + quoted(column.name.value)
            }.joinedInOneCopy(separator: ", ")
        }
        guard !rows.isEmpty else { return select(nil, index: 0) + " WHERE 1 = 0" }
        return rows.enumerated().map { select($1, index: $0) }.joinedInOneCopy(separator: "\nUNION ALL\n")
    }
}
