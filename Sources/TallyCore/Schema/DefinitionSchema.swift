/// Definition files, described for the decoders and for `tally schema`.
enum DefinitionSchema {
    static let name = "^[a-z][a-z0-9_]{0,63}$"
    /// Versions as tally reads them; a bare YAML number (added: 3.25) is accepted too, since tally reads the
    /// text as written.
    static let version = SchemaNode.anyOf([.text(pattern: "^v?[0-9]{1,3}(\\.[0-9]{1,3}){0,2}$"), .number])
    static let prose = SchemaNode.words
    static let names = SchemaNode.list(.words)

    /// Where a where entry's own schema is in the document, for `any_of` to refer back to.
    static let filterPointer = "#/properties/measure/properties/where/items"
    static let orderedValue = SchemaNode.anyOf([.number, .text()])

    static let filter = filter(nestedAt: filterPointer)

    /// A where entry: a field with exactly one operator, or `any_of` of entries found at `pointer` (where the
    /// document holding it keeps this shape). The decoder checks the rest (one operator, values against the
    /// column's type).
    static func filter(nestedAt pointer: String) -> SchemaNode { .object([
        .init(name: "field", node: .text(), description: "A column or column.field."),
        .init(name: "equals", node: .anything, description: "Keep rows equal to this value."),
        .init(name: "not_equals", node: .anything, description: "Keep rows not equal to this value, and NULL rows."),
        .init(name: "in", node: .list(.anything, minimum: 1), description: "Keep rows with one of these values."),
        .init(name: "not_in", node: .list(.anything, minimum: 1), description: "Drop rows with one of these values; NULL rows stay."),
        .init(name: "is_null", node: .boolean, description: "Keep rows where the field is (or is not) null."),
        .init(name: "greater_than", node: orderedValue, description: "Keep rows above this number, date, time or text."),
        .init(name: "at_least", node: orderedValue, description: "Keep rows at or above this value."),
        .init(name: "less_than", node: orderedValue, description: "Keep rows below this value."),
        .init(name: "at_most", node: orderedValue, description: "Keep rows at or below this value."),
        .init(name: "between", node: .list(orderedValue, minimum: 2, maximum: 2), description: "Keep rows from the low value to the high one, both included."),
        .init(name: "matches", node: .text(pattern: "[*?]"), description: "Keep text matching a glob: * any run of characters, ? one."),
        .init(name: "any_of", node: .list(.reference(pointer), minimum: 2), description: "Keep rows that any of these filters keeps."),
    ], oneOf: ["field", "any_of"]) }

    /// A ratio's input: a definition id, or that definition a whole number of the ratio's periods earlier.
    static let shiftedInput = SchemaNode.object([
        .init(name: "definition", node: .text(pattern: name), description: "The definition read."),
        .init(name: "periods_ago", node: .integer(minimum: InputReference.periodsAgoRange.lowerBound,
                                                  maximum: InputReference.periodsAgoRange.upperBound),
              description: "How many of the ratio's periods earlier it is read (12 at grain month: a year earlier)."),
    ], required: ["definition", "periods_ago"])
    static let ratioInput = SchemaNode.anyOf([.text(pattern: name), shiftedInput])

    private static func windowCount(_ unit: ConversionWindow.Unit) -> SchemaNode {
        let range = ConversionWindow.ranges[unit]!
        return .integer(minimum: range.lowerBound, maximum: range.upperBound)
    }

    static let measure = SchemaNode.object([
        .init(name: "aggregate", node: .choice(Aggregate.self), description: "What is computed."),
        .init(name: "grain", node: .choice(Grain.self), description: "The period rows are counted over."),
        .init(name: "week_start", node: .choice(WeekStart.self), description: "The first day of a week."),
        .init(name: "time_zone", node: .text(), description: "The IANA time zone of the days periods are made of (America/Los_Angeles); overrides the source's, UTC if neither says."),
        .init(name: "identity", node: .choice(IdentityMode.self), description: "Who counts as one person."),
        .init(name: "group_by", node: names, description: "Columns, or column.field for a JSON field."),
        .init(name: "field", node: .text(), description: "Column aggregates: the column, or column.field, whose values are measured."),
        .init(name: "window", node: .object([
            .init(name: "days", node: .integer(minimum: 1, maximum: 3660), description: "The trailing days each period reports over, ending on its last day."),
            .init(name: "to_date", node: .choice(["week", "month", "year"]), description: "From the start of the enclosing week, month or year through the period's last day."),
        ]), description: "Count, sum, unique_users, count_distinct: report each period over a window of days."),
        .init(name: "at_least", node: .object([
            .init(name: "days", node: .integer(minimum: Threshold.daysRange.lowerBound, maximum: Threshold.daysRange.upperBound), description: "Distinct local days with a matching row."),
            .init(name: "rows", node: .integer(minimum: Threshold.countRange.lowerBound, maximum: Threshold.countRange.upperBound), description: "Matching rows."),
            .init(name: "distinct", node: .text(), description: "A column, or column.field, whose distinct non-null values are counted; with count."),
            .init(name: "count", node: .integer(minimum: Threshold.countRange.lowerBound, maximum: Threshold.countRange.upperBound), description: "With distinct: the least number of distinct values."),
        ], oneOf: ["days", "rows", "distinct"]), description: "Unique_users: count only the people with at least this much activity in the period (or window)."),
        .init(name: "fill", node: .choice(Fill.self), description: "A period without rows: omit (the default), zero, or null (in quotes: YAML reads a bare null as no value).", nullable: false),
        .init(name: "snapshot", node: .choice(SnapshotReading.self), description: "Over a snapshot source: a period reads its last day with data (period_end) or the average of its days with data (period_average)."),
        .init(name: "percentile", node: .fraction, description: "Percentile: the fraction of values at or below the result, strictly between 0 and 1 (0.95 for p95)."),
        .init(name: "where", node: .list(filter), description: "Row filters; every entry holds."),
        .init(name: "cohort_events", node: names, description: "Retention: events that start a cohort."),
        .init(name: "days", node: .list(.integer(minimum: 1, maximum: 3660), minimum: 1), description: "Retention: daily cohorts, and the days after the cohort's day that are reported."),
        .init(name: "weeks", node: .list(.integer(minimum: 1, maximum: 3660), minimum: 1), description: "Retention: weekly cohorts, and the weeks after the cohort's week that are reported."),
        .init(name: "months", node: .list(.integer(minimum: 1, maximum: 3660), minimum: 1), description: "Retention: monthly cohorts, and the months after the cohort's month that are reported."),
        .init(name: "retained", node: .choice(RetentionReturn.self), description: "Retention: active in period N exactly (in_period, the default) or in period N or any later one (in_period_or_later)."),
        .init(name: "steps", node: .list(.anyOf([.text(), .list(.text(), minimum: 1), .object([
            .init(name: "name", node: .words, description: "The step's name in the view."),
            .init(name: "events", node: .list(.text(), minimum: 1), description: "Alternative events; any one reaches the step."),
        ], required: ["name", "events"])]), minimum: 2, maximum: 20), description: "Funnel: ordered steps, each an event, a list of alternative events, or {name, events}."),
        .init(name: "within", node: .object([
            .init(name: "minutes", node: windowCount(.minutes), description: "Minutes after entering."),
            .init(name: "hours", node: windowCount(.hours), description: "Hours after entering."),
            .init(name: "days", node: windowCount(.days), description: "Days (of 24 hours) after entering."),
        ], oneOf: ["minutes", "hours", "days"]), description: "Funnel: the conversion window, from the first step's event to the last step's."),
        .init(name: "numerator", node: ratioInput, description: "Ratio: the definition on top."),
        .init(name: "denominator", node: ratioInput, description: "Ratio: the definition below."),
        .init(name: "expression", node: .text(), description: "Formula: arithmetic over definition ids and numbers; previous(id) or previous(id, periods) reads a definition whole periods earlier."),
        .init(name: "reads", node: .list(.text(pattern: name)), description: "Sql: sources read besides source.table."),
        .init(name: "columns", node: .map(values: .choice(ColumnType.self)), description: "Sql: output columns and their types, in order."),
        .init(name: "queries", node: .map(values: .text(), keys: Dialect.allCases.map(\.rawValue)), description: "Sql: one query per dialect."),
    ], required: ["aggregate"], conditions: Aggregate.allCases.map { aggregate in
        let keys = measureKeys(for: aggregate)
        return .init(key: "aggregate", value: aggregate.rawValue, require: keys.required,
                     allow: ["aggregate"] + keys.allowed)
    })

    /// The keys each aggregate takes besides `aggregate`, and which of them it requires: the decoder refuses any
    /// other (and reports each required one missing), and the schema says so to the editor.
    static func measureKeys(for aggregate: Aggregate) -> (allowed: [String], required: [String]) {
        switch aggregate {
        case .count: (["grain", "week_start", "time_zone", "group_by", "where", "window", "fill", "snapshot"], ["grain"])
        case .uniqueUsers:
            (["grain", "week_start", "time_zone", "identity", "group_by", "where", "window", "at_least", "fill",
              "snapshot"], ["grain"])
        case .firstTimeUsers: (["grain", "week_start", "time_zone", "identity", "group_by", "where", "fill"], ["grain"])
        case .growthAccounting: (["grain", "week_start", "time_zone", "identity", "where"], ["grain"])
        case .sum, .countDistinct:
            (["grain", "week_start", "time_zone", "group_by", "where", "field", "window", "fill", "snapshot"],
             ["grain", "field"])
        case .average, .min, .max, .median:
            (["grain", "week_start", "time_zone", "group_by", "where", "field", "fill", "snapshot"], ["grain", "field"])
        case .percentile:
            (["grain", "week_start", "time_zone", "group_by", "where", "field", "percentile", "fill", "snapshot"],
             ["grain", "field", "percentile"])
        case .retention:
            (["identity", "time_zone", "where", "cohort_events", "days", "weeks", "months", "week_start", "retained"],
             ["cohort_events"])
        case .funnel: (["grain", "week_start", "time_zone", "identity", "where", "within", "steps"], ["grain", "within", "steps"])
        case .ratio: (["grain", "week_start", "numerator", "denominator", "fill"], ["numerator", "denominator"])
        case .formula: (["grain", "week_start", "expression", "fill"], ["expression"])
        case .sql: (["reads", "columns", "queries", "grain", "week_start"], ["columns", "queries"])
        }
    }

    static let range = SchemaNode.object([
        .init(name: "from", node: version, description: "The first broken release (3.31 starts at 3.31.0)."),
        .init(name: "through", node: version, description: "The last broken release (3.26 includes 3.26.7); none: still broken."),
        .init(name: "reason", node: prose, description: "What is wrong with the data."),
        .init(name: "fix", node: .text(), description: "The fixing pull request: a URL or #12345."),
    ], required: ["from"])

    static let row = SchemaNode.map(values: .anything)

    static let definition = SchemaNode.object([
        .init(name: "id", node: .text(pattern: name), description: "Optional; must equal the file name."),
        .init(name: "kind", node: .choice(DefinitionKind.self), description: "A ping or a metric."),
        .init(name: "title", node: .words, description: "The heading in the docs."),
        .init(name: "type", node: .choice(PingType.self), description: "Pings: FE event or BE capture."),
        .init(name: "definition", node: prose, description: "What is counted, precisely."),
        .init(name: "rationale", node: prose, description: "Why it exists (Intended purpose, Why this metric)."),
        .init(name: "implementation", node: prose, description: "Functional implementation."),
        .init(name: "considerations", node: prose, description: "Other considerations."),
        .init(name: "source", node: .object([
            .init(name: "table", node: .text(pattern: name), description: "A source from definitions/sources/."),
            .init(name: "description", node: prose, description: "How the data is captured and reached."),
            .init(name: "dashboards", node: .list(.object([
                .init(name: "title", node: .words, description: "The dashboard's name."),
                .init(name: "url", node: .text(pattern: "^https?://"), description: "Its link."),
                .init(name: "chart", node: .words, description: "The chart on it."),
            ], required: ["title", "url"])), description: "Source of truth links."),
        ]), description: "Where the data comes from."),
        .init(name: "events", node: names, description: "Event names or globs with *."),
        .init(name: "exclude_events", node: names, description: "Names or globs taken out of events."),
        .init(name: "event_codes", node: .list(.anyOf([.text(), .object([
            .init(name: "name", node: .text(), description: "The name the docs list."),
            .init(name: "description", node: prose, description: "What it tracks."),
            .init(name: "search", node: .text(), description: "The term the code-search link looks for."),
            .init(name: "link", node: .text(pattern: "^https?://"), description: "A full link instead of the template."),
        ], required: ["name"])])), description: "What the docs list as Event Code."),
        .init(name: "event_code_link", node: .text(pattern: "\\{event\\}"), description: "A URL template with {event}."),
        .init(name: "funnels", node: .list(.object([
            .init(name: "name", node: .words, description: "The funnel's name."),
            .init(name: "steps", node: .list(.anyOf([.text(), .list(.text(), minimum: 1)]), minimum: 1),
                  description: "Ordered steps, each one event or alternatives."),
        ], required: ["name", "steps"])), description: "Creation funnels, for the docs."),
        .init(name: "measure", node: measure, description: "What the view computes."),
        .init(name: "no_lint", node: .list(.object([
            .init(name: "rule", node: .text(pattern: "^[A-Z][0-9]{3}$"), description: "The code of a warning (tally rules)."),
            .init(name: "reason", node: prose, description: "Why this definition may break it."),
        ], required: ["rule", "reason"])), description: "Warnings silenced in this definition, each with its reason; errors cannot be."),
        .init(name: "prs", node: .list(.text()), description: "Pull requests: URLs or #12345."),
        .init(name: "added", node: version, description: "The release it was added in."),
        .init(name: "broken", node: .list(range), description: "Releases whose data is known to be wrong."),
        .init(name: "owners", node: names, description: "Teams."),
        .init(name: "examples", node: .list(.object([
            .init(name: "name", node: .words, description: "What the example shows."),
            .init(name: "given", node: .map(values: .list(row)), description: "Rows per source."),
            .init(name: "expect", node: .list(row), description: "The view's rows, as a set."),
        ], required: ["name", "given", "expect"])), description: "Test fixtures run against the generated SQL."),
        .init(name: "deprecated", node: .object([
            .init(name: "version", node: version, description: "Deprecated since."),
            .init(name: "reason", node: prose, description: "Why."),
            .init(name: "replaced_by", node: .text(pattern: name), description: "The definition to use instead."),
        ], required: ["version", "reason"]), description: "On its way out; keeps its view until deleted."),
        .init(name: "changes", node: .list(.object([
            .init(name: "version", node: version, description: "The release of the change."),
            .init(name: "description", node: prose, description: "What changed."),
            .init(name: "pr", node: .text(), description: "The pull request."),
        ], required: ["version", "description"])), description: "Breaking changes to a released definition."),
    ], required: ["kind", "title", "definition", "rationale", "measure"],
       conditions: [.init(key: "kind", value: "ping", require: ["type", "added"])])

    static let document = SchemaDocument(
        file: "definition.schema.json", title: "tally definition",
        describes: "A tally definition file: definitions/<group>/<id>.yaml", kind: "definition files",
        root: definition)
}
