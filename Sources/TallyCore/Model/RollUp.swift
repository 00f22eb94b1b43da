/// How a view's values combine when a tool adds rows together (Looker, a BI table without the period or a group
/// column): a count of rows or a total adds up; a distinct count, an average, a ratio or a value over a trailing
/// window does not, and then only one period (or one row) at a time is a true value.
public enum RollUp: Sendable, Equatable {
    case sum
    case min
    case max
    /// A period's rows, split by known_broken, add up to its value (each person, value or row is in one of them),
    /// but periods and groups do not: a value is shown for one period and one value of each group column.
    case onePeriod
    /// Not additive at all: a value is shown only when exactly one row is selected, never a wrong total.
    case oneRow

    /// `overSnapshot`: the measure's rows come from a snapshot source (a row per entity per day).
    public init(of measure: Measure, overSnapshot: Bool) {
        switch measure.kind {
        case .count, .sum:
            // Overlapping windows and a snapshot's days count the same rows or entities again in every period
            // (a month of daily seat counts is not the month's seats), but a period's rows still add up.
            self = measure.window != nil || overSnapshot || measure.snapshot != nil ? .onePeriod : .sum
        case .firstTimeUsers:
            // A person is new in one period only, ever.
            self = .sum
        case .growthAccounting:
            // Each person is in one category per period, and new at most once ever: categories and periods add up
            // to person-periods, which is what a total of retained or churned means.
            self = .sum
        case .min: self = .min
        case .max: self = .max
        case .uniqueUsers, .countDistinct: self = .onePeriod
        case .average, .median, .percentile, .ratio, .formula, .sql, .retention, .funnel:
            self = .oneRow
        }
    }
}
