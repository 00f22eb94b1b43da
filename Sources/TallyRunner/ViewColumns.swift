/// What each column of a view's rows is, for comparing and charting them: the day periods start on, the measured
/// values, known_broken, and the rest, which name a row's series within a period (groups, a growth category, a
/// funnel step, a retention offset).
public struct ViewColumns: Sendable, Equatable {
    /// period_start, or a retention view's cohort_start; nil for grain total.
    public var period: String?
    /// The measured columns, the main one first.
    public var values: [String]
    /// The columns that with the period identify a row.
    public var series: [String]
    public var knownBroken: String?

    /// The value columns of every kind of view, main ones first: a period view's value, a funnel's people and
    /// conversions, a retention cohort's size, retained people and rate.
    static let valueNames = ["value", "people", "rate", "retained", "cohort_size", "conversion_from_first",
                             "conversion_from_previous"]

    public init(_ columns: [String]) {
        let period = PeriodFilter.periodColumn(among: columns)
        let values = Self.valueNames.filter(columns.contains)
        let knownBroken = columns.contains("known_broken") ? "known_broken" : nil
        self.period = period
        self.values = values
        self.knownBroken = knownBroken
        series = columns.filter { $0 != period && !values.contains($0) && $0 != knownBroken }
    }

    /// The columns identifying a row: the period, the series columns, and known_broken (views split a period's
    /// rows by it).
    public var key: [String] { (period.map { [$0] } ?? []) + series + (knownBroken.map { [$0] } ?? []) }
}
