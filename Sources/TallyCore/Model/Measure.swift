/// The name of each measure, as `aggregate:` spells it.
public enum Aggregate: String, CaseIterable, Sendable {
    case count
    case uniqueUsers = "unique_users"
    case firstTimeUsers = "first_time_users"
    case sum
    case average
    case min
    case max
    case countDistinct = "count_distinct"
    case median
    case percentile
    case retention
    case ratio
    case formula
    case sql

    /// Measures computed from rows of one source filtered by events.
    public var readsEvents: Bool {
        switch self {
        case .count, .uniqueUsers, .firstTimeUsers, .retention: true
        case .sum, .average, .min, .max, .countDistinct, .median, .percentile: true
        case .ratio, .formula, .sql: false
        }
    }

    /// Measures computed from other definitions.
    public var isDerived: Bool {
        switch self {
        case .ratio, .formula: true
        case .count, .uniqueUsers, .firstTimeUsers, .retention, .sql: false
        case .sum, .average, .min, .max, .countDistinct, .median, .percentile: false
        }
    }

    /// Measures whose missing row means nothing was counted: a period or group without a row is 0, so ratios
    /// and formulas read a missing value of theirs as 0. Any other measure's missing row is unknown and stays
    /// NULL. These are the measures `fill: zero` applies to.
    public var missingRowIsZero: Bool {
        switch self {
        case .count, .uniqueUsers, .firstTimeUsers, .sum, .countDistinct: true
        case .average, .min, .max, .median, .percentile, .retention, .ratio, .formula, .sql: false
        }
    }

    public var countsPeople: Bool {
        switch self {
        case .uniqueUsers, .firstTimeUsers, .retention: true
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
        case .firstTimeUsers, .retention, .ratio, .formula, .sql: []
        }
    }

    /// Measures whose value for a period is the sum of its rows' (or days') values: over a snapshot source they
    /// would count each entity once for every day of the period.
    public var addsUpRows: Bool {
        switch self {
        case .count, .sum: true
        case .uniqueUsers, .firstTimeUsers, .average, .min, .max, .countDistinct, .median, .percentile, .retention,
             .ratio, .formula, .sql: false
        }
    }

    /// Measures of the values of one column or JSON field (`field:`).
    public var measuresField: Bool {
        switch self {
        case .sum, .average, .min, .max, .countDistinct, .median, .percentile: true
        case .count, .uniqueUsers, .firstTimeUsers, .retention, .ratio, .formula, .sql: false
        }
    }
}

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

/// A column, or a field inside a JSON column: `argument.insightType`.
public struct FieldPath: Hashable, Sendable, CustomStringConvertible {
    public var column: String
    public var jsonPath: [String]

    public init(_ text: String) {
        let pieces = text.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        column = pieces[0]
        jsonPath = Array(pieces.dropFirst())
    }

    public var description: String { ([column] + jsonPath).joined(separator: ".") }

    /// The view column it becomes: the last segment in snake_case (insightType → insight_type).
    public var outputName: String { snakeCase(jsonPath.last ?? column) }
}

func snakeCase(_ name: String) -> String {
    if name.utf8.allSatisfy({ $0 < 0x80 }) { return asciiSnakeCase(name) }
    var output = ""
    var previous: Character?
    for character in name {
        if character.isUppercase {
            if let previous, previous.isLowercase || previous.isNumber { output += "_" }
            output += character.lowercased()
        } else if character == "-" || character == " " {
            output += "_"
        } else {
            output.append(character)
        }
        previous = character
    }
    return output
}

/// A ratio's numerator or denominator, or an id a formula names: another definition's view, read in the same
/// period or (`previous(mau, 12)`, `{definition: mau, periods_ago: 12}`) a whole number of the result's periods
/// earlier.
public struct InputReference: Sendable {
    public var id: Located<String>
    /// How many periods of the result's grain earlier the input is read; nil for the same period.
    public var periodsAgo: Located<Int>?
    /// The whole reference as written (`previous(mau, 12)`, or the ratio input's value), where errors about the
    /// shift point.
    public var span: SourceSpan

    public init(id: Located<String>, periodsAgo: Located<Int>? = nil, span: SourceSpan? = nil) {
        self.id = id
        self.periodsAgo = periodsAgo
        self.span = span ?? id.span
    }

    /// The shift in periods; 0 for the same period.
    public var offset: Int { periodsAgo?.value ?? 0 }

    /// The range a shift may take, in periods: up to 1000 (over 19 years of weeks, 83 of months).
    public static let periodsAgoRange = 1...1000
}

/// Arithmetic over other definitions, for formula measures.
public indirect enum FormulaExpression: Sendable {
    case number(Double, text: String)
    case reference(InputReference)
    case negate(FormulaExpression)
    case binary(Character, FormulaExpression, FormulaExpression)

    public var references: [InputReference] {
        switch self {
        case .number: []
        case .reference(let name): [name]
        case .negate(let inner): inner.references
        case .binary(_, let left, let right): left.references + right.references
        }
    }
}

/// What a definition computes: one case per aggregate, each with exactly the keys that aggregate takes. A new
/// aggregate is a new case, and the compiler points at every switch that must handle it.
public struct Measure: Sendable {
    /// The `measure` mapping.
    public var span: SourceSpan
    /// Its `aggregate` value, where diagnostics about the measure as a whole point.
    public var aggregateSpan: SourceSpan
    public var kind: Kind
    /// What a period without rows shows; nil is `omit`, the default.
    public var fill: Located<Fill>? = nil

    public enum Kind: Sendable {
        case count(Events)
        case uniqueUsers(People)
        case firstTimeUsers(People)
        case sum(Values)
        case average(Values)
        case min(Values)
        case max(Values)
        case countDistinct(Values)
        case median(Values)
        case percentile(Percentile)
        case retention(Retention)
        case ratio(Ratio)
        case formula(Formula)
        case sql(Query)
    }

    /// Rows of one source, filtered, grouped and counted per period.
    public struct Events: Sendable {
        public var grain: Located<Grain>
        public var weekStart: WeekStart
        /// `time_zone`, overriding the source's; nil takes the source's.
        public var timeZone: Located<TimeZoneName>?
        public var groupBy: [Located<FieldPath>]
        public var filters: [WhereFilter]
        /// The days each period reports over, when not just its own (count, sum, unique_users, count_distinct).
        public var window: Located<Window>? = nil
        /// Over a snapshot source: which of the period's days it reads.
        public var snapshot: Located<SnapshotReading>? = nil
    }

    /// Events counted once per person.
    public struct People: Sendable {
        public var events: Events
        public var identity: Located<IdentityMode>?
        /// unique_users only: the activity a person needs in the period (or window) to be counted.
        public var atLeast: Threshold? = nil
    }

    /// The values of one column or JSON field in the rows of one source, filtered and grouped per period; rows
    /// whose value is NULL are left out.
    public struct Values: Sendable {
        public var events: Events
        public var field: Located<FieldPath>
    }

    /// A continuous percentile of values: `fraction` 0.5 is the median.
    public struct Percentile: Sendable {
        public var values: Values
        public var fraction: Located<Double>
    }

    /// Cohorts by first cohort event, and who returns on given days.
    public struct Retention: Sendable {
        public var identity: Located<IdentityMode>?
        /// `time_zone` of the cohort and active days, overriding the source's; nil takes the source's.
        public var timeZone: Located<TimeZoneName>?
        public var filters: [WhereFilter]
        public var cohortEvents: [Located<String>]
        public var days: [Located<Int>]
    }

    /// Explicit grain and week start of a derived or hand-written measure. A ratio or formula without them takes
    /// the coarsest input's grain and its weekly inputs' week start (Catalog); otherwise weeks start on Monday.
    public struct Period: Sendable {
        public var grain: Located<Grain>?
        public var weekStart: Located<WeekStart>?
    }

    public struct Ratio: Sendable {
        public var period: Period
        public var numerator: InputReference
        public var denominator: InputReference
    }

    public struct Formula: Sendable {
        public var period: Period
        public var expression: Located<FormulaExpression>
    }

    /// A query written by hand per dialect, with the columns it returns.
    public struct Query: Sendable {
        public var period: Period
        public var reads: [Located<String>]
        public var columns: [(name: Located<String>, type: Located<ColumnType>)]
        public var queries: [Dialect: Located<String>]
    }

    public var aggregate: Aggregate {
        switch kind {
        case .count: .count
        case .uniqueUsers: .uniqueUsers
        case .firstTimeUsers: .firstTimeUsers
        case .sum: .sum
        case .average: .average
        case .min: .min
        case .max: .max
        case .countDistinct: .countDistinct
        case .median: .median
        case .percentile: .percentile
        case .retention: .retention
        case .ratio: .ratio
        case .formula: .formula
        case .sql: .sql
        }
    }

    /// The grain the definition states; nil where it is implied (retention: days; derived: the inputs').
    public var grain: Located<Grain>? {
        switch kind {
        case .count(let events): events.grain
        case .uniqueUsers(let people), .firstTimeUsers(let people): people.events.grain
        case .sum(let values), .average(let values), .min(let values), .max(let values), .countDistinct(let values),
             .median(let values): values.events.grain
        case .percentile(let percentile): percentile.values.events.grain
        case .retention: nil
        case .ratio(let ratio): ratio.period.grain
        case .formula(let formula): formula.period.grain
        case .sql(let query): query.period.grain
        }
    }

    /// The grain and week start a ratio, formula or sql measure states; nil for the measures over a source, which
    /// must state a grain (retention: days).
    public var period: Period? {
        switch kind {
        case .ratio(let ratio): ratio.period
        case .formula(let formula): formula.period
        case .sql(let query): query.period
        case .count, .uniqueUsers, .firstTimeUsers, .retention, .sum, .average, .min, .max, .countDistinct, .median,
             .percentile: nil
        }
    }

    /// The week start as stated, else Monday. A ratio's or formula's own weeks are Catalog.weekStart(of:).
    public var weekStart: WeekStart {
        switch kind {
        case .count(let events): events.weekStart
        case .uniqueUsers(let people), .firstTimeUsers(let people): people.events.weekStart
        case .sum(let values), .average(let values), .min(let values), .max(let values), .countDistinct(let values),
             .median(let values): values.events.weekStart
        case .percentile(let percentile): percentile.values.events.weekStart
        case .retention: .monday
        case .ratio(let ratio): ratio.period.weekStart?.value ?? .monday
        case .formula(let formula): formula.period.weekStart?.value ?? .monday
        case .sql(let query): query.period.weekStart?.value ?? .monday
        }
    }

    /// The time zone the measure declares (`time_zone`); nil where it takes its source's (Catalog.timeZone(of:)),
    /// and for ratio, formula and sql, which take none.
    public var timeZone: Located<TimeZoneName>? {
        switch kind {
        case .count(let events): events.timeZone
        case .uniqueUsers(let people), .firstTimeUsers(let people): people.events.timeZone
        case .sum(let values), .average(let values), .min(let values), .max(let values), .countDistinct(let values),
             .median(let values): values.events.timeZone
        case .percentile(let percentile): percentile.values.events.timeZone
        case .retention(let retention): retention.timeZone
        case .ratio, .formula, .sql: nil
        }
    }

    /// The zone the days of a measure over `source` are local to: its `time_zone`, else the source's, else UTC.
    public func timeZone(over source: Source) -> TimeZoneName { timeZone?.value ?? source.timeZone?.value ?? .utc }

    public var identity: Located<IdentityMode>? {
        switch kind {
        case .uniqueUsers(let people), .firstTimeUsers(let people): people.identity
        case .retention(let retention): retention.identity
        case .count, .ratio, .formula, .sql: nil
        case .sum, .average, .min, .max, .countDistinct, .median, .percentile: nil
        }
    }

    public var identityMode: IdentityMode { identity?.value ?? .userID }

    public var groupBy: [Located<FieldPath>] {
        switch kind {
        case .count(let events): events.groupBy
        case .uniqueUsers(let people), .firstTimeUsers(let people): people.events.groupBy
        case .sum, .average, .min, .max, .countDistinct, .median, .percentile: measuredValues?.events.groupBy ?? []
        case .retention, .ratio, .formula, .sql: []
        }
    }

    public var filters: [WhereFilter] {
        switch kind {
        case .count(let events): events.filters
        case .uniqueUsers(let people), .firstTimeUsers(let people): people.events.filters
        case .sum, .average, .min, .max, .countDistinct, .median, .percentile: measuredValues?.events.filters ?? []
        case .retention(let retention): retention.filters
        case .ratio, .formula, .sql: []
        }
    }

    public var cohortEvents: [Located<String>] {
        switch kind {
        case .retention(let retention): retention.cohortEvents
        case .count, .uniqueUsers, .firstTimeUsers, .ratio, .formula, .sql: []
        case .sum, .average, .min, .max, .countDistinct, .median, .percentile: []
        }
    }

    /// Sources a hand-written query reads besides its own table; only sql measures name any.
    public var reads: [Located<String>] {
        switch kind {
        case .sql(let query): query.reads
        case .count, .uniqueUsers, .firstTimeUsers, .retention, .ratio, .formula: []
        case .sum, .average, .min, .max, .countDistinct, .median, .percentile: []
        }
    }

    /// Definitions this measure is computed from, as written (a formula may name one twice), shifted or not.
    public var inputs: [Located<String>] { inputReferences.map(\.id) }

    /// The references to other definitions, as written, each with its shift.
    public var inputReferences: [InputReference] {
        switch kind {
        case .ratio(let ratio): [ratio.numerator, ratio.denominator]
        case .formula(let formula): formula.expression.value.references
        case .count, .uniqueUsers, .firstTimeUsers, .retention, .sql: []
        case .sum, .average, .min, .max, .countDistinct, .median, .percentile: []
        }
    }

    /// The column or JSON field a column aggregate measures, with its events, groups and filters.
    public var window: Located<Window>? {
        switch kind {
        case .count(let events): events.window
        case .uniqueUsers(let people): people.events.window
        case .sum(let values), .countDistinct(let values): values.events.window
        case .firstTimeUsers, .average, .min, .max, .median, .percentile, .retention, .ratio, .formula, .sql: nil
        }
    }

    /// How the measure reads the days of a snapshot source, when it says.
    public var snapshot: Located<SnapshotReading>? {
        switch kind {
        case .count(let events): events.snapshot
        case .uniqueUsers(let people): people.events.snapshot
        case .sum(let values), .average(let values), .min(let values), .max(let values), .countDistinct(let values),
             .median(let values): values.events.snapshot
        case .percentile(let percentile): percentile.values.events.snapshot
        case .firstTimeUsers, .retention, .ratio, .formula, .sql: nil
        }
    }

    /// unique_users' per-person threshold (`at_least`).
    public var threshold: Threshold? {
        switch kind {
        case .uniqueUsers(let people): people.atLeast
        case .count, .firstTimeUsers, .retention, .ratio, .formula, .sql: nil
        case .sum, .average, .min, .max, .countDistinct, .median, .percentile: nil
        }
    }

    /// Every field the measure names over its source: group_by, where filters and the measured field.
    public var namedFields: [Located<FieldPath>] {
        groupBy + filters.flatMap(\.clauses).map(\.field) + [measuredValues?.field].compactMap { $0 }
    }

    public var measuredValues: Values? {
        switch kind {
        case .sum(let values), .average(let values), .min(let values), .max(let values), .countDistinct(let values),
             .median(let values): values
        case .percentile(let percentile): percentile.values
        case .count, .uniqueUsers, .firstTimeUsers, .retention, .ratio, .formula, .sql: nil
        }
    }
}

/// snakeCase for ASCII names, the usual case, on bytes: the same rule without Unicode's case tables.
private func asciiSnakeCase(_ name: String) -> String {
    var output: [UInt8] = []
    output.reserveCapacity(name.utf8.count + 4)
    var previous: UInt8?
    for byte in name.utf8 {
        if (0x41...0x5A).contains(byte) {
            if let previous, (0x61...0x7A).contains(previous) || (0x30...0x39).contains(previous) { output.append(0x5F) }
            output.append(byte + 0x20)
        } else if byte == 0x2D || byte == 0x20 {
            output.append(0x5F)
        } else {
            output.append(byte)
        }
        previous = byte
    }
    return String(decoding: output, as: UTF8.self)
}
