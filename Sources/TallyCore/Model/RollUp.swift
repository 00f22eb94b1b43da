/// How a view's values combine when a tool adds rows together (Looker, a BI table without the period or a group
/// column): a count of rows or a total adds up; a distinct count, an average, a ratio or a value over a trailing
/// window does not, and then only one row at a time is a true value.
public enum RollUp: Sendable, Equatable {
    case sum
    case min
    case max
    /// Not additive: a value is shown only when exactly one row is selected, never a wrong total.
    case oneRow

    public init(of measure: Measure) {
        // Overlapping windows and snapshots' days count the same rows or entities again in every period.
        if measure.window != nil || measure.snapshot?.value == .periodAverage {
            self = .oneRow
            return
        }
        switch measure.kind {
        case .count, .sum, .firstTimeUsers:
            self = measure.snapshot == nil ? .sum : .oneRow
        case .growthAccounting:
            // Each person is in one category per period, and new at most once ever: categories and periods add up
            // to person-periods, which is what a total of retained or churned means.
            self = .sum
        case .min: self = .min
        case .max: self = .max
        case .uniqueUsers, .countDistinct, .average, .median, .percentile, .ratio, .formula, .sql, .retention, .funnel:
            self = .oneRow
        }
    }
}
