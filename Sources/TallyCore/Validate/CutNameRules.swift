/// An engine that keeps only a name's first bytes (PostgreSQL: 63, cut at a character) drops the rest without an
/// error: two group columns alike that far are one column there, ambiguous in every query, while check and the
/// other engines pass them.
extension Validator {
    mutating func checkCutNames(of definition: Definition) {
        // One dialect for each way of cutting names (SQLDialect.keptName), so that each clash is said once.
        var byLimit: [Int: [Dialect]] = [:]
        for dialect in catalog.settings.dialects {
            if let limit = dialect.sql.nameBytes { byLimit[limit, default: []].append(dialect) }
        }
        for (limit, dialects) in byLimit.sorted(by: { $0.key < $1.key }) {
            var seen: [String: SourceSpan] = [:]
            for field in definition.measure.groupBy {
                let kept = dialects[0].sql.keptName(field.value.outputName)
                if let first = seen[kept] {
                    emit(.duplicateName,
                         "group_by '\(field.value)' makes a view column alike another in its first \(limit) bytes, "
                             + "all that \(dialects.map(\.rawValue).joined(separator: " and ")) keeps of a name: the "
                             + "two would be one column there",
                         at: field.span, notes: [.init("the other comes from here", at: first)])
                } else {
                    seen[kept] = field.span
                }
            }
        }
    }
}
