/// How a view cuts time into periods and what it shows where a period has no rows: the grain, the week start,
/// windows, snapshot readings, fill, and who counts as a person.
public enum Grain: String, CaseIterable, Sendable, Comparable {
    case day, week, month, year, total

    public static func < (lhs: Grain, rhs: Grain) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

public enum WeekStart: String, CaseIterable, Sendable {
    case monday, sunday
}

/// The days a period of a windowed measure reports over.
public enum Window: Sendable, Equatable {
    /// The n days that end on the period's last day: 28-day active users reported per day.
    case trailingDays(Int)
    /// From the start of the enclosing week, month or year through the period's last day: month to date.
    case toDate(Grain)

    /// "trailing 28 days", "month to date".
    public var label: String {
        switch self {
        case .trailingDays(let days): days == 1 ? "trailing 1 day" : "trailing \(days) days"
        case .toDate(let period): "\(period.rawValue) to date"
        }
    }
}

/// How a measure over a snapshot source (one row per entity per day) reads the days of a period.
public enum SnapshotReading: String, CaseIterable, Sendable {
    /// The rows of the period's last day with data: seats at month end.
    case periodEnd = "period_end"
    /// The measure per day with data, averaged over those days: average daily seats.
    case periodAverage = "period_average"
}

/// What a view shows for a period (and group) without rows.
public enum Fill: String, CaseIterable, Sendable {
    /// No row: the period is missing, as SQL leaves it.
    case omit
    /// A row with value 0: for measures where no rows means nothing was counted.
    case zero
    /// A row with value NULL: the period is there, its value unknown.
    case null
}

public enum IdentityMode: String, CaseIterable, Sendable {
    case userID = "user_id"
    case userOrAnonymous = "user_or_anonymous"
}
