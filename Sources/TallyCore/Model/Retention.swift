extension Measure {
    /// Cohorts by first cohort event, and who returns in given periods after it. The key that lists the offsets
    /// (`days`, `weeks` or `months`) says what a cohort is, and names the view's offset column.
    public struct Retention: Sendable {
        public var identity: Located<IdentityMode>?
        /// `time_zone` of the cohort and active days, overriding the source's; nil takes the source's.
        public var timeZone: Located<TimeZoneName>?
        public var filters: [WhereFilter]
        public var cohortEvents: [Located<String>]
        /// day, week or month, located at the key that chose it.
        public var cohortGrain: Located<Grain>
        public var weekStart: WeekStart
        /// The periods after the cohort's own (1 is the next day, week or month) that are reported.
        public var offsets: [Located<Int>]
        public var returns: Located<RetentionReturn>?

        public var returnRule: RetentionReturn { returns?.value ?? .inPeriod }

        /// The view's column that holds the offset: `day`, `week` or `month`.
        public var offsetColumn: String { cohortGrain.value.rawValue }
    }
}

/// When a person counts as retained for offset N.
public enum RetentionReturn: String, CaseIterable, Sendable {
    /// Active in the Nth period after the cohort's own ("N-day retention").
    case inPeriod = "in_period"
    /// Active in the Nth period or any later one ("unbounded retention"): the share that has not left for good.
    case inPeriodOrLater = "in_period_or_later"
}

/// The cohort periods retention knows, each with the key that lists its offsets.
enum RetentionCohort: String, CaseIterable {
    case days, weeks, months

    var grain: Grain {
        switch self {
        case .days: .day
        case .weeks: .week
        case .months: .month
        }
    }
}
