/// A source's dimensions: named apart from its columns and joins, since a definition names all three alike, and
/// cases whose filters read what a `where` of a definition over the source may read. A dimension is checked where
/// it is declared, once: a definition that names it reads data its cases read, all of it readable.
extension Validator {
    mutating func checkDimensions(of source: Source) {
        for dimension in source.dimensions {
            let name = dimension.name.value
            if let column = source.column(name) {
                emit(.duplicateName, "dimension '\(name)' has the name of a column of '\(source.name)'",
                     at: dimension.name.span, notes: [.init("the column", at: column.name.span)])
            }
            if let join = source.join(name) {
                emit(.duplicateName, "dimension '\(name)' has the name of a join of '\(source.name)'",
                     at: dimension.name.span, notes: [.init("the join", at: join.name.span)])
            }
            // A case reads columns and joined columns; another dimension's cases are written out instead, which
            // keeps every dimension one CASE over the rows.
            var plain = source
            plain.dimensions = []
            for filter in dimension.cases.flatMap(\.when) {
                let dimensionsRead = filter.clauses.filter {
                    if case .dimension? = source.lookup($0.field.value) { true } else { false }
                }
                for clause in dimensionsRead {
                    emit(.notApplicable,
                         "a case of dimension '\(name)' reads dimension '\(clause.field.value.column)'; cases read "
                             + "columns and joined columns, so write out the filters of its cases here",
                         at: clause.field.span)
                }
                if dimensionsRead.isEmpty { checkFilter(filter, source: plain, purpose: "dimension '\(name)'") }
            }
        }
    }
}
