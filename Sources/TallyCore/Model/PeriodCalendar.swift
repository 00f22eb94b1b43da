/// How a view's periods are cut besides their grain: the day weeks start on, and the time zone days are local
/// to. Two views can be combined period by period only where their calendars agree.
public struct PeriodCalendar: Sendable, Equatable {
    /// nil where the periods are not weeks: days, months and all time do not depend on the week start.
    public var weekStart: WeekStart?
    /// nil for all time, and where the zone is not tally's to know (an sql measure's queries decide it, or a
    /// ratio's inputs disagree, which is reported on the ratio itself).
    public var zone: TimeZoneName?

    public init(grain: Grain?, weekStart: WeekStart, zone: TimeZoneName? = nil) {
        self.weekStart = grain == .week ? weekStart : nil
        self.zone = grain == .total ? nil : zone
    }

    /// The same calendar without its zone: what week starts are compared on.
    public var weeks: PeriodCalendar {
        var calendar = self
        calendar.zone = nil
        return calendar
    }

    /// Whether any setting here changes how the view buckets time; a view for which none does agrees with every
    /// other.
    public var matters: Bool { weekStart != nil || zone != nil }

    /// Whether two views bucket time alike wherever both depend on a setting.
    public func agrees(with other: PeriodCalendar) -> Bool {
        (weekStart == nil || other.weekStart == nil || weekStart == other.weekStart)
            && (zone == nil || other.zone == nil || zone == other.zone)
    }

    /// What a message says about the calendar: "weeks starting sunday of America/Los_Angeles days".
    public var description: String {
        let days = zone.map { "\($0.identifier) days" }
        switch (weekStart, days) {
        case (let weekStart?, let days?): return "weeks starting \(weekStart.rawValue) of \(days)"
        case (let weekStart?, nil): return "weeks starting \(weekStart.rawValue)"
        case (nil, let days?): return days
        case (nil, nil): return "no weeks"
        }
    }
}
