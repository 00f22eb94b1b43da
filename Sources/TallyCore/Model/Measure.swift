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
    /// Where each key of the `measure` mapping is written, so a change can be reported at its own line.
    public var keySpans = KeySpans()

    public enum Kind: Sendable {
        case count(Events)
        case uniqueUsers(People)
        case firstTimeUsers(People)
        /// Growth accounting: each period's people by category (new, retained, resurrected, churned). Its
        /// events take no group_by, window or snapshot.
        case growthAccounting(People)
        case sum(Values)
        case average(Values)
        case min(Values)
        case max(Values)
        case countDistinct(Values)
        case median(Values)
        case percentile(Percentile)
        case retention(Retention)
        /// Ordered steps per person within a conversion window, reported per period of the first step.
        case funnel(Funnel)
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
        case .growthAccounting: .growthAccounting
        case .sum: .sum
        case .average: .average
        case .min: .min
        case .max: .max
        case .countDistinct: .countDistinct
        case .median: .median
        case .percentile: .percentile
        case .retention: .retention
        case .funnel: .funnel
        case .ratio: .ratio
        case .formula: .formula
        case .sql: .sql
        }
    }

    /// The grain the definition states; nil where it is implied (retention: its cohorts, Catalog.grain(of:); derived: the inputs').
    public var grain: Located<Grain>? {
        switch kind {
        case .count(let events): events.grain
        case .uniqueUsers(let people), .firstTimeUsers(let people), .growthAccounting(let people): people.events.grain
        case .sum(let values), .average(let values), .min(let values), .max(let values), .countDistinct(let values),
             .median(let values): values.events.grain
        case .percentile(let percentile): percentile.values.events.grain
        case .funnel(let funnel): funnel.people.events.grain
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
        case .count, .uniqueUsers, .firstTimeUsers, .growthAccounting, .retention, .funnel, .sum, .average, .min, .max,
             .countDistinct, .median, .percentile: nil
        }
    }

    /// The week start as stated, else Monday. A ratio's or formula's own weeks are Catalog.weekStart(of:).
    public var weekStart: WeekStart {
        switch kind {
        case .count(let events): events.weekStart
        case .uniqueUsers(let people), .firstTimeUsers(let people), .growthAccounting(let people): people.events.weekStart
        case .sum(let values), .average(let values), .min(let values), .max(let values), .countDistinct(let values),
             .median(let values): values.events.weekStart
        case .percentile(let percentile): percentile.values.events.weekStart
        case .funnel(let funnel): funnel.people.events.weekStart
        case .retention(let retention): retention.weekStart
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
        case .uniqueUsers(let people), .firstTimeUsers(let people), .growthAccounting(let people): people.events.timeZone
        case .sum(let values), .average(let values), .min(let values), .max(let values), .countDistinct(let values),
             .median(let values): values.events.timeZone
        case .percentile(let percentile): percentile.values.events.timeZone
        case .funnel(let funnel): funnel.people.events.timeZone
        case .retention(let retention): retention.timeZone
        case .ratio, .formula, .sql: nil
        }
    }

    /// The zone the days of a measure over `source` are local to: its `time_zone`, else the source's, else UTC.
    public func timeZone(over source: Source) -> TimeZoneName { timeZone?.value ?? source.timeZone?.value ?? .utc }

    public var identity: Located<IdentityMode>? {
        switch kind {
        case .uniqueUsers(let people), .firstTimeUsers(let people), .growthAccounting(let people): people.identity
        case .retention(let retention): retention.identity
        case .funnel(let funnel): funnel.people.identity
        case .count, .ratio, .formula, .sql: nil
        case .sum, .average, .min, .max, .countDistinct, .median, .percentile: nil
        }
    }

    public var identityMode: IdentityMode { identity?.value ?? .userID }

    public var groupBy: [Located<FieldPath>] {
        switch kind {
        case .count(let events): events.groupBy
        case .uniqueUsers(let people), .firstTimeUsers(let people), .growthAccounting(let people): people.events.groupBy
        case .sum, .average, .min, .max, .countDistinct, .median, .percentile: measuredValues?.events.groupBy ?? []
        case .retention, .funnel, .ratio, .formula, .sql: []
        }
    }

    public var filters: [WhereFilter] {
        switch kind {
        case .count(let events): events.filters
        case .uniqueUsers(let people), .firstTimeUsers(let people), .growthAccounting(let people): people.events.filters
        case .sum, .average, .min, .max, .countDistinct, .median, .percentile: measuredValues?.events.filters ?? []
        case .retention(let retention): retention.filters
        case .funnel(let funnel): funnel.people.events.filters
        case .ratio, .formula, .sql: []
        }
    }

    public var cohortEvents: [Located<String>] {
        switch kind {
        case .retention(let retention): retention.cohortEvents
        case .count, .uniqueUsers, .firstTimeUsers, .growthAccounting, .funnel, .ratio, .formula, .sql: []
        case .sum, .average, .min, .max, .countDistinct, .median, .percentile: []
        }
    }

    /// Sources a hand-written query reads besides its own table; only sql measures name any.
    public var reads: [Located<String>] {
        switch kind {
        case .sql(let query): query.reads
        case .count, .uniqueUsers, .firstTimeUsers, .growthAccounting, .retention, .funnel, .ratio, .formula: []
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
        case .count, .uniqueUsers, .firstTimeUsers, .growthAccounting, .retention, .funnel, .sql: []
        case .sum, .average, .min, .max, .countDistinct, .median, .percentile: []
        }
    }

    /// The column or JSON field a column aggregate measures, with its events, groups and filters.
    public var window: Located<Window>? {
        switch kind {
        case .count(let events): events.window
        case .uniqueUsers(let people): people.events.window
        case .sum(let values), .countDistinct(let values): values.events.window
        case .firstTimeUsers, .growthAccounting, .average, .min, .max, .median, .percentile, .retention, .funnel, .ratio, .formula,
             .sql: nil
        }
    }

    /// Whether `value` is a whole number on every engine (format.md: an integer): a measure that counts, except over
    /// a snapshot's days averaged.
    public var valueIsWholeNumber: Bool {
        aggregate.countsWholeThings && snapshot?.value != .periodAverage
    }

    /// How the measure reads the days of a snapshot source, when it says.
    public var snapshot: Located<SnapshotReading>? {
        switch kind {
        case .count(let events): events.snapshot
        case .uniqueUsers(let people): people.events.snapshot
        case .sum(let values), .average(let values), .min(let values), .max(let values), .countDistinct(let values),
             .median(let values): values.events.snapshot
        case .percentile(let percentile): percentile.values.events.snapshot
        case .firstTimeUsers, .growthAccounting, .retention, .funnel, .ratio, .formula, .sql: nil
        }
    }

    /// unique_users' per-person threshold (`at_least`).
    public var threshold: Threshold? {
        switch kind {
        case .uniqueUsers(let people): people.atLeast
        case .count, .firstTimeUsers, .growthAccounting, .retention, .funnel, .ratio, .formula, .sql: nil
        case .sum, .average, .min, .max, .countDistinct, .median, .percentile: nil
        }
    }

    /// Every field the measure names over its source: group_by, where filters, the measured field and the field
    /// whose distinct values a threshold counts.
    public var namedFields: [Located<FieldPath>] {
        var distinct: [Located<FieldPath>] = []
        if case .distinct(let path)? = threshold?.kind { distinct.append(path) }
        return groupBy + filters.flatMap(\.clauses).map(\.field) + [measuredValues?.field].compactMap { $0 } + distinct
    }

    public var measuredValues: Values? {
        switch kind {
        case .sum(let values), .average(let values), .min(let values), .max(let values), .countDistinct(let values),
             .median(let values): values
        case .percentile(let percentile): percentile.values
        case .count, .uniqueUsers, .firstTimeUsers, .growthAccounting, .retention, .funnel, .ratio, .formula, .sql: nil
        }
    }
}
