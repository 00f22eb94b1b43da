/// unique_users' `at_least`: a person's activity in a period (or window), measured over the same rows that decide
/// their known_broken, as one more aggregate of the per-person layer, which HAVING then keeps or drops. Every
/// matching row is activity, known broken or not; a row whose counted value is NULL still folds into known_broken.
extension ViewBuilder {
    /// The per-row value the threshold counts distinct values of, as the rows layer computes it (`counted`): the
    /// local day for days, the field for distinct; nil for rows, which counts rows.
    func thresholdValue(_ threshold: Threshold, view: CheckedView, source: Source) -> String? {
        switch threshold.kind {
        case .rows: return nil
        case .distinct(let path): return field(path.value, source: source)
        case .days:
            guard case .source(_, let timestamp?) = view.reads else {
                // Validation keeps days to sources with a timestamp.
                preconditionFailure("\(view.id): at_least days over a source without a timestamp")
            }
            return localDay(quoted(timestamp.name.value), type: timestamp.type.value, of: view.definition,
                            source: source)
        }
    }

    /// The condition on one person's rows (grouped) that keeps them.
    func thresholdHaving(_ threshold: Threshold) -> String {
        let least = String(threshold.count.value)
        switch threshold.kind {
        case .rows: return "COUNT(*) >= \(least)"
        case .days, .distinct: return "COUNT(DISTINCT \(quoted("counted"))) >= \(least)"
        }
    }

    /// The rows layer's extra column for the threshold, if it counts a value.
    func thresholdColumns(_ threshold: Threshold?, view: CheckedView,
                          source: Source) -> [(name: String, expression: String)] {
        guard let threshold, let value = thresholdValue(threshold, view: view, source: source) else { return [] }
        return [("counted", value)]
    }
}
