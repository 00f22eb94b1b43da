/// The name of each measure, as `aggregate:` spells it.
public enum Aggregate: String, CaseIterable, Sendable {
    case count
    case uniqueUsers = "unique_users"
    case firstTimeUsers = "first_time_users"
    case growthAccounting = "growth_accounting"
    case sum
    case average
    case min
    case max
    case countDistinct = "count_distinct"
    case median
    case percentile
    case retention
    case funnel
    case ratio
    case formula
    case sql

    /// Measures computed from rows of one source filtered by events.
    public var readsEvents: Bool {
        switch self {
        case .count, .uniqueUsers, .firstTimeUsers, .growthAccounting, .retention, .funnel: true
        case .sum, .average, .min, .max, .countDistinct, .median, .percentile: true
        case .ratio, .formula, .sql: false
        }
    }

    /// Measures computed from other definitions.
    public var isDerived: Bool {
        switch self {
        case .ratio, .formula: true
        case .count, .uniqueUsers, .firstTimeUsers, .growthAccounting, .retention, .funnel, .sql: false
        case .sum, .average, .min, .max, .countDistinct, .median, .percentile: false
        }
    }

    /// Measures whose missing row means nothing was counted: a period or group without a row is 0, so ratios
    /// and formulas read a missing value of theirs as 0. Any other measure's missing row is unknown and stays
    /// NULL. These are the measures `fill: zero` applies to.
    public var missingRowIsZero: Bool {
        switch self {
        case .count, .uniqueUsers, .firstTimeUsers, .growthAccounting, .sum, .countDistinct: true
        case .average, .min, .max, .median, .percentile, .retention, .funnel, .ratio, .formula, .sql: false
        }
    }

    /// Measures whose value counts rows, people or values: a whole number (an integer column) on every engine,
    /// unless a snapshot's days are averaged (Measure.valueIsWholeNumber).
    public var countsWholeThings: Bool {
        switch self {
        case .count, .uniqueUsers, .firstTimeUsers, .growthAccounting, .countDistinct: true
        case .sum, .average, .min, .max, .median, .percentile, .retention, .funnel, .ratio, .formula, .sql: false
        }
    }

    public var countsPeople: Bool {
        switch self {
        case .uniqueUsers, .firstTimeUsers, .growthAccounting, .retention, .funnel: true
        case .count, .ratio, .formula, .sql: false
        case .sum, .average, .min, .max, .countDistinct, .median, .percentile: false
        }
    }

    /// How a measure over a snapshot source may read a period's days (`snapshot:`). period_end computes the
    /// measure over the rows of the period's last day with data, which any measure over rows can; period_average
    /// averages daily values, which only measures whose daily value is a count or total have (an average of daily
    /// medians is not a median of anything).
    public var snapshotReadings: [SnapshotReading] {
        switch self {
        case .count, .uniqueUsers, .sum, .countDistinct: [.periodEnd, .periodAverage]
        case .average, .min, .max, .median, .percentile: [.periodEnd]
        case .firstTimeUsers, .growthAccounting, .retention, .funnel, .ratio, .formula, .sql: []
        }
    }

    /// Measures whose value for a period is the sum of its rows' (or days') values: over a snapshot source they
    /// would count each entity once for every day of the period.
    public var addsUpRows: Bool {
        switch self {
        case .count, .sum: true
        case .uniqueUsers, .firstTimeUsers, .growthAccounting, .average, .min, .max, .countDistinct, .median, .percentile, .retention,
             .funnel, .ratio, .formula, .sql: false
        }
    }

    /// Measures of the values of one column or JSON field (`field:`).
    public var measuresField: Bool {
        switch self {
        case .sum, .average, .min, .max, .countDistinct, .median, .percentile: true
        case .count, .uniqueUsers, .firstTimeUsers, .growthAccounting, .retention, .funnel, .ratio, .formula, .sql: false
        }
    }
}
