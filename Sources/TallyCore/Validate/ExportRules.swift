/// What the exports cannot say, refused at check rather than written wrong.
extension Validator {
    /// dbt writes a source's table between its adapter's quotes without escaping a quote inside (`"ev" --"`
    /// became `"ev" --"`, and the rest of the line a comment): a table named with a quote character cannot be read
    /// by dbt's model as the view reads it.
    mutating func checkDBTTables(of source: Source) {
        guard let dbt = catalog.settings.exports.dbt else { return }
        var said: Set<String> = []
        for dialect in dbt.dialects.map(\.value) {
            let table = source.table(for: dialect)
            guard table.contains(where: { $0 == "\"" || $0 == "`" }), said.insert(table).inserted else { continue }
            emit(.notApplicable,
                 "table '\(table)' (\(dialect.rawValue)) holds a quote character, which dbt writes between quotes "
                     + "without escaping: its models would read another table; rename the table, or leave "
                     + "\(dialect.rawValue) out of exports.dbt.dialects",
                 at: source.span)
        }
    }

    /// LookML ends a field's SQL at `;;`, with no way to escape it, even inside a quoted name: a group column whose
    /// name holds one cannot be a LookML field.
    mutating func checkLookMLColumns(of definition: Definition) {
        guard catalog.settings.exports.lookml != nil else { return }
        for field in definition.measure.groupBy where field.value.outputName.contains(";;") {
            emit(.notApplicable,
                 "group_by '\(field.value)' makes a view column '\(field.value.outputName)', whose ';;' would end its "
                     + "LookML field's SQL (LookML has no way to escape it): group by a column of another name, or "
                     + "leave exports.lookml out",
                 at: field.span)
        }
    }
}
