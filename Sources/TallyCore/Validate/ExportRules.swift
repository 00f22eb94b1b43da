/// What the exports cannot say, refused at check rather than written wrong.
extension Validator {
    /// Text a template engine reads in an export's files: Jinja in dbt's (`{{`, `{%`, `{#`), Liquid and LookML's
    /// `${...}` in LookML's SQL, which Looker substitutes even inside a quoted name.
    static let jinjaDelimiters = ["{{", "{%", "{#"]
    static let lookMLDelimiters = ["${", "{{", "{%", ";;"]

    /// dbt writes a source's table between its adapter's quotes without escaping a quote inside (`"ev" --"` became
    /// `"ev" --"`, and the rest of the line a comment), and renders its column names as Jinja (`k{{ 6*7 }}` became
    /// `k42`): such a source cannot be read by dbt's models as the views read it.
    mutating func checkDBTNames(of source: Source) {
        guard let dbt = catalog.settings.exports.dbt else { return }
        var said: Set<String> = []
        for dialect in dbt.dialects.map(\.value) {
            let table = source.table(for: dialect)
            guard let quote = dialect.sql.identifier("x").first, table.contains(quote), said.insert(table).inserted else {
                continue
            }
            emit(.notApplicable,
                 "table '\(table)' (\(dialect.rawValue)) holds \(quote), the quote dbt writes it between without "
                     + "escaping: its models would read another table; rename the table, or leave "
                     + "\(dialect.rawValue) out of exports.dbt.dialects",
                 at: source.span)
        }
        for column in source.columns where Self.jinjaDelimiters.contains(where: column.name.value.contains) {
            emit(.notApplicable,
                 "column '\(column.name.value)' holds Jinja's delimiters, which dbt renders in its files: rename the "
                     + "column, or leave exports.dbt out",
                 at: column.name.span)
        }
    }

    /// LookML ends a field's SQL at `;;`, with no way to escape it, and substitutes `${...}` and Liquid in it even
    /// inside a quoted name: a group column whose name holds one cannot be a LookML field.
    mutating func checkLookMLColumns(of definition: Definition) {
        guard catalog.settings.exports.lookml != nil else { return }
        for field in definition.measure.groupBy {
            let name = field.value.outputName
            guard let delimiter = Self.lookMLDelimiters.first(where: name.contains) else { continue }
            emit(.notApplicable,
                 "group_by '\(field.value)' makes a view column '\(name)', whose '\(delimiter)' LookML reads in its "
                     + "field's SQL (even quoted): group by a column of another name, or leave exports.lookml out",
                 at: field.span)
        }
    }
}
