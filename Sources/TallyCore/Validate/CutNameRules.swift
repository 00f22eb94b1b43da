/// An engine that keeps only a name's first bytes (PostgreSQL: 63, cut at a character) drops the rest without an
/// error: two group columns alike that far are one column there, ambiguous in every query, while check and the
/// other engines pass them.
extension Validator {
    mutating func checkCutNames(of definition: Definition) {
        let limits = Set(catalog.settings.dialects.compactMap(\.sql.nameBytes))
        for limit in limits.sorted() {
            var seen: [String: SourceSpan] = [:]
            for field in definition.measure.groupBy {
                let name = field.value.outputName
                let kept = Self.cut(name, toBytes: limit)
                if let first = seen[kept] {
                    emit(.duplicateName,
                         "group_by '\(field.value)' makes a view column alike another in its first \(limit) bytes, "
                             + "all that \(dialects(keeping: limit)) keeps of a name: the two would be one column there",
                         at: field.span, notes: [.init("the other comes from here", at: first)])
                } else {
                    seen[kept] = field.span
                }
            }
        }
    }

    private func dialects(keeping limit: Int) -> String {
        catalog.settings.dialects.filter { $0.sql.nameBytes == limit }.map(\.rawValue).joined(separator: " and ")
    }

    /// A name as such an engine keeps it: the longest run of its first characters within `limit` bytes.
    static func cut(_ name: String, toBytes limit: Int) -> String {
        guard name.utf8.count > limit else { return name }
        var kept = ""
        var bytes = 0
        for scalar in name.unicodeScalars {
            bytes += String(scalar).utf8.count
            guard bytes <= limit else { break }
            kept.unicodeScalars.append(scalar)
        }
        return kept
    }
}
