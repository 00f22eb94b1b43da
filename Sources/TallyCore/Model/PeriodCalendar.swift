/// How a view's timestamps fall into periods, beyond the grain: the day weeks start on. The inputs of a ratio or
/// formula must share it wherever it changes their bucketing, or their periods would not line up. A time zone,
/// once definitions have one, is one more field here and one more line in `agrees(with:)`.
public struct PeriodCalendar: Sendable, Equatable {
    /// nil where the periods are not weeks: days, months and all time do not depend on the week start.
    public var weekStart: WeekStart?

    public init(grain: Grain?, weekStart: WeekStart) {
        self.weekStart = grain == .week ? weekStart : nil
    }

    /// Whether any setting here changes how the view buckets time (only the week start of weekly periods, for
    /// now); a view for which none does agrees with every other.
    public var matters: Bool { weekStart != nil }

    /// Whether two views bucket time alike wherever both depend on a setting.
    public func agrees(with other: PeriodCalendar) -> Bool {
        weekStart == nil || other.weekStart == nil || weekStart == other.weekStart
    }

    /// What a message says about the calendar: "weeks starting sunday".
    public var description: String {
        weekStart.map { "weeks starting \($0.rawValue)" } ?? "no weeks"
    }
}
