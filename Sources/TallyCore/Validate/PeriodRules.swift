/// `fill`, `window` and shifted inputs: what they need of the measure's periods.
extension Validator {
    mutating func checkPeriods(_ definition: Definition) {
        let measure = definition.measure
        let grain = catalog.grain(of: definition)
        if grain == .total {
            for reference in measure.inputReferences {
                guard let periods = reference.periodsAgo?.value else { continue }
                emit(.notApplicable,
                     "'\(reference.id.value)' is read \(periods) period\(periods == 1 ? "" : "s") earlier, but this "
                         + "\(measure.aggregate.rawValue) has grain total: all time has no earlier period; give it a "
                         + "grain, or read '\(reference.id.value)' unshifted",
                     at: reference.span)
            }
        }
        if let fill = measure.fill {
            if grain == .total, !catalog.groupColumns(of: definition).isEmpty {
                emit(.notApplicable,
                     "'fill' on grain total applies to a view without groups (its one row); with group_by there is no "
                         + "period to fill, only the groups that have rows",
                     at: fill.span)
            } else if fill.value == .zero, !measure.aggregate.missingRowIsZero {
                emit(.notApplicable,
                     "fill zero applies where no rows means 0 (count, unique_users, first_time_users, sum, "
                         + "count_distinct); the \(measure.aggregate.rawValue) of no rows is unknown, so use fill null",
                     at: fill.span)
            }
        }
        guard let window = measure.window, let grain else { return }
        switch window.value {
        case .trailingDays:
            if grain == .total {
                emit(.notApplicable, "'window' reports each period over days; grain total has no periods",
                     at: window.span)
            }
        case .toDate(let period):
            // A week can start in one month (or year) and end in the next, so it has no month or year to date.
            if !Self.toDateGrains(period).contains(grain) {
                emit(.notApplicable,
                     "a \(period.rawValue)-to-date window needs a grain that divides a \(period.rawValue): "
                         + Self.toDateGrains(period).map(\.rawValue).joined(separator: " or ")
                         + ", not \(grain.rawValue)",
                     at: window.span)
            }
        }
    }

    /// The grains whose periods each lie within one period of `period`.
    static func toDateGrains(_ period: Grain) -> [Grain] {
        switch period {
        case .week: [.day]
        case .month: [.day]
        case .year: [.day, .month]
        case .day, .total: []
        }
    }
}
