enum MeasureDecoder {
    static let keys = DefinitionSchema.measure.keys

    /// The keys each aggregate takes besides `aggregate`, and which of them it requires (from the schema).
    static func applicable(to aggregate: Aggregate) -> (allowed: Set<String>, required: Set<String>) {
        let keys = DefinitionSchema.measureKeys(for: aggregate)
        return (Set(keys.allowed), Set(keys.required))
    }

    /// The aggregate a measure mapping names, as written, before the mapping is read: an unknown key is told the
    /// keys that apply to it.
    static func writtenAggregate(in node: YAMLNode) -> Aggregate? {
        guard case .mapping(let entries) = node.content,
              let entry = entries.first(where: { $0.key.value == "aggregate" }),
              case .scalar(let scalar) = entry.value.content else { return nil }
        return Aggregate(rawValue: scalar.text)
    }

    static func decode(_ node: YAMLNode, context: DecodeContext) -> Measure? {
        guard let map = MappingReader(node, "'measure'", keys: keys, context: context,
                                      applying: writtenAggregate(in: node).map {
                                          ["aggregate"] + DefinitionSchema.measureKeys(for: $0).allowed
                                      },
                                      belongsAbove: { key in
            DefinitionDecoder.keys.contains(key) ? "the definition's top level" : nil
        }) else { return nil }
        guard let aggregate: Located<Aggregate> = map.choice("aggregate", required: true) else {
            // Without an aggregate nothing can be built, but the keys every aggregate reads the same way are still
            // checked, so that their mistakes come in this round and not the next.
            let _: Located<Grain>? = map.choice("grain")
            let _: Located<WeekStart>? = map.choice("week_start")
            _ = map.timeZone("time_zone")
            return nil
        }
        let rules = applicable(to: aggregate.value)
        for key in keys where key != "aggregate" && map.has(key) && !rules.allowed.contains(key) {
            context.emit(.notApplicable, "'\(key)' does not apply to aggregate \(aggregate.value.rawValue)",
                         at: map.keySpan(key)!)
        }
        // A key reported as misspelled (`grian`) is one slip, one error: not reported missing as well.
        for key in rules.required.sorted() where !map.has(key) && !map.wasSuggested(key) {
            context.emit(.missingField, "aggregate \(aggregate.value.rawValue) needs '\(key)' in 'measure'",
                         at: aggregate.span)
        }
        // A required key that is there is read as required: given no value (null, or blank text) it is reported
        // empty (D003) rather than read as left out, which left the measure, and with it the definition, out
        // without a word. A key not there at all was reported above.
        func presentAndRequired(_ key: String) -> Bool { map.has(key) && rules.required.contains(key) }
        let grain: Located<Grain>? = map.choice("grain", required: presentAndRequired("grain"))
        let weekStart: Located<WeekStart>? = map.choice("week_start")
        if aggregate.value == .growthAccounting, let grain, grain.value == .total {
            context.emit(.notApplicable, "growth accounting compares each period with the one before; grain total "
                             + "has no periods (use day, week, month or year)", at: grain.span)
        }
        if aggregate.value == .funnel, let grain, grain.value == .total {
            context.emit(.notApplicable, "a funnel reports per period of its first step; grain total has no periods "
                             + "(use day, week, month or year)", at: grain.span)
        }
        let timeZone = map.timeZone("time_zone")
        let groupBy = map.stringList("group_by").map { Located(FieldPath($0.value), at: $0.span) }
        var seenOutputs: [String: SourceSpan] = [:]
        for field in groupBy {
            // The view's own columns: a group column of one of these names would make two columns of it, and
            // whatever reads the view by name (tally run, DuckDB, LookML) gets one of them.
            if Catalog.measureColumns.contains(field.value.outputName) {
                context.emit(.duplicateName,
                             "group_by '\(field.value)' makes a view column '\(field.value.outputName)', a name the view's "
                                 + "own columns have (" + Catalog.measureColumns.sorted().joined(separator: ", ")
                                 + "); group by a dimension of another name",
                             at: field.span)
            }
            if let first = seenOutputs[field.value.outputName] {
                context.emit(.duplicateName,
                             "group_by '\(field.value)' makes a second view column '\(field.value.outputName)'",
                             at: field.span, notes: [.init("the first comes from here", at: first)])
            }
            seenOutputs[field.value.outputName] = field.span
        }
        var queries: [Dialect: Located<String>] = [:]
        for entry in map.entries("queries", required: rules.required.contains("queries")) {
            guard let dialect: Located<Dialect> = MappingReader.choice(entry.key, "a dialect in 'queries'",
                                                                        context: context),
                  let query = MappingReader.text(entry.value, "the \(entry.key.value) query", required: true,
                                                 context: context) else { continue }
            queries[dialect.value] = query
        }
        var columns: [(name: Located<String>, type: Located<ColumnType>)] = []
        for entry in map.entries("columns", required: rules.required.contains("columns")) {
            ValueChecks.checkName(entry.key, "output column", context: context)
            guard let text = MappingReader.text(entry.value, "the type of column '\(entry.key.value)'",
                                                required: true, context: context),
                  let type: Located<ColumnType> = MappingReader.choice(text, "the type of column '\(entry.key.value)'",
                                                                         context: context) else { continue }
            columns.append((entry.key, type))
        }
        let expression = map.string("expression", required: presentAndRequired("expression")).flatMap { FormulaParser.parse($0, context: context) }
        let identity: Located<IdentityMode>? = map.choice("identity")
        let filters = map.list("where") { FilterDecoder.decode($0, context: context) }
        let numerator = map.value("numerator", required: presentAndRequired("numerator")).flatMap { decodeRatioInput($0, "numerator", context: context) }
        let denominator = map.value("denominator", required: presentAndRequired("denominator")).flatMap { decodeRatioInput($0, "denominator", context: context) }
        let reads = map.stringList("reads")
        let field = map.string("field", required: presentAndRequired("field")).map { Located(FieldPath($0.value), at: $0.span) }
        let fraction = map.value("percentile", required: presentAndRequired("percentile")).flatMap { decodeFraction($0, context: context) }
        // A missing required key was reported above; the measure is then left out rather than half-built, so no
        // later stage ever sees a ratio without its numerator.
        let period = Measure.Period(grain: grain, weekStart: weekStart)
        let window = map.mapping("window", "'window'", keys: ["days", "to_date"]).flatMap { decodeWindow($0, context: context) }
        // A daily week to date starts its weeks on week_start too.
        if let weekStart, let grain, grain.value != .week, window?.value != .toDate(.week) {
            context.emit(.notApplicable, "'week_start' applies to grain week, or to a window to date of a week, not "
                             + "grain \(grain.value.rawValue)", at: weekStart.span)
        }
        let snapshot = decodeSnapshot(map, aggregate: aggregate.value, window: window, context: context)
        let events = grain.map {
            Measure.Events(grain: $0, weekStart: weekStart?.value ?? .monday, timeZone: timeZone, groupBy: groupBy,
                           filters: filters, window: window, snapshot: snapshot)
        }
        let kind: Measure.Kind?
        switch aggregate.value {
        case .count: kind = events.map { .count($0) }
        case .uniqueUsers:
            let atLeast = map.value("at_least").flatMap { ThresholdDecoder.decode($0, context: context) }
            kind = events.map { .uniqueUsers(.init(events: $0, identity: identity, atLeast: atLeast)) }
        case .firstTimeUsers: kind = events.map { .firstTimeUsers(.init(events: $0, identity: identity)) }
        case .growthAccounting: kind = events.map { .growthAccounting(.init(events: $0, identity: identity)) }
        case .sum: kind = values(events, field).map { .sum($0) }
        case .average: kind = values(events, field).map { .average($0) }
        case .min: kind = values(events, field).map { .min($0) }
        case .max: kind = values(events, field).map { .max($0) }
        case .countDistinct: kind = values(events, field).map { .countDistinct($0) }
        case .median: kind = values(events, field).map { .median($0) }
        case .percentile:
            kind = both(values(events, field), fraction).map { .percentile(.init(values: $0, fraction: $1)) }
        case .retention:
            kind = RetentionDecoder.decode(map, identity: identity, timeZone: timeZone, filters: filters,
                                           aggregateSpan: aggregate.span, context: context).map { .retention($0) }
        case .funnel:
            let people = events.map { Measure.People(events: $0, identity: identity) }
            kind = FunnelDecoder.decode(map, people: people, context: context).map { .funnel($0) }
        case .ratio:
            kind = both(numerator, denominator).map { .ratio(.init(period: period, numerator: $0, denominator: $1)) }
        case .formula: kind = expression.map { .formula(.init(period: period, expression: $0)) }
        case .sql:
            kind = map.has("columns") && map.has("queries")
                ? .sql(.init(period: period, reads: reads, columns: columns, queries: queries)) : nil
        }
        return kind.map { Measure(span: node.span, aggregateSpan: aggregate.span, kind: $0, fill: fill(map, context),
                                  keySpans: map.keySpans) }
    }

    /// The measure's fill. A bare `fill: null` reads as YAML's null, which leaves any other key out: here it looks
    /// like the fill "null" and is refused, so that a measure meant to give NULL for periods without rows does not
    /// silently leave them out.
    private static func fill(_ map: MappingReader, _ context: DecodeContext) -> Located<Fill>? {
        if let span = map.nullValueSpan("fill") {
            context.emit(.unknownValue, "'fill' is YAML's null here (a bare null, ~ or no value), which would leave it "
                         + "out; write fill: \"null\" in quotes for NULL in periods without rows, or leave the key out",
                         at: span)
            return nil
        }
        return map.choice("fill")
    }

    /// A ratio's numerator or denominator: a definition id, or `{definition: mau, periods_ago: 1}` for that
    /// definition a whole number of the ratio's periods earlier (a formula's `previous(mau, 1)`).
    private static func decodeRatioInput(_ node: YAMLNode, _ key: String, context: DecodeContext) -> InputReference? {
        switch node.content {
        case .mapping: break
        case .scalar: return MappingReader.text(node, "'\(key)'", required: true, context: context).map { InputReference(id: $0) }
        case .sequence:
            context.emit(.wrongType, "'\(key)' must be a definition id or {definition: ID, periods_ago: N}, found "
                             + node.kindDescription, at: node.span)
            return nil
        }
        let keys = DefinitionDecoder.shiftedInputKeys
        guard let map = MappingReader(node, "'\(key)'", keys: keys, context: context) else { return nil }
        let id = map.string("definition", required: true)
        let periods = map.value("periods_ago", required: true)
        let range = InputReference.periodsAgoRange
        guard let id, let periods,
              let count = ValueChecks.wholeNumber(periods, in: range, "'periods_ago'", unit: " of periods", context: context)
        else { return nil }
        return InputReference(id: id, periodsAgo: Located(count, at: periods.span), span: node.span)
    }

    /// `{days: 28}` or `{to_date: month}`: exactly one of the two.
    private static func decodeWindow(_ map: MappingReader, context: DecodeContext) -> Located<Window>? {
        let to: Located<ToDate>? = map.choice("to_date")
        let days = map.value("days")
        guard (days == nil) != (to == nil) else {
            context.emit(.missingField, "'window' takes exactly one of 'days' (trailing days) and 'to_date' "
                             + "(week, month or year to date)", at: map.anchor)
            return nil
        }
        if let to { return Located(.toDate(to.value.grain), at: map.anchor) }
        // Exactly one of the two is given (above), and it is not `to_date`.
        guard let days, let count = ValueChecks.wholeNumber(days, in: 1...3660, "'days'", unit: " of days", context: context)
        else { return nil }
        return Located(.trailingDays(count), at: map.anchor)
    }

    /// `snapshot: period_end | period_average`, for the aggregates that can read it (applicable(to:) already
    /// reported the others). A snapshot measure reads one day, or each day once: a window would add days up.
    private static func decodeSnapshot(_ map: MappingReader, aggregate: Aggregate, window: Located<Window>?,
                                       context: DecodeContext) -> Located<SnapshotReading>? {
        guard let snapshot: Located<SnapshotReading> = map.choice("snapshot"),
              !aggregate.snapshotReadings.isEmpty else { return nil }
        guard aggregate.snapshotReadings.contains(snapshot.value) else {
            context.emit(.notApplicable,
                         "snapshot \(snapshot.value.rawValue) averages daily counts or totals (count, unique_users, sum, "
                             + "count_distinct); the \(aggregate.rawValue) of a snapshot is read at snapshot period_end",
                         at: snapshot.span)
            return nil
        }
        if let window {
            context.emit(.notApplicable,
                         "'window' adds up days, and a snapshot measure reads each period's last day (period_end) or "
                             + "its days' average (period_average); leave out one of them",
                         at: window.span)
        }
        return snapshot
    }

    /// The periods a window can run to date over.
    enum ToDate: String, CaseIterable {
        case week, month, year

        var grain: Grain {
            switch self {
            case .week: .week
            case .month: .month
            case .year: .year
            }
        }
    }

    private static func values(_ events: Measure.Events?, _ field: Located<FieldPath>?) -> Measure.Values? {
        both(events, field).map { Measure.Values(events: $0, field: $1) }
    }

    /// A percentile is a fraction strictly between 0 and 1; 95 for p95 is the likely slip, so the error says so.
    private static func decodeFraction(_ node: YAMLNode, context: DecodeContext) -> Located<Double>? {
        guard case .scalar(let scalar) = node.content, scalar.style == .plain, let number = Double(scalar.text),
              number > 0, number < 1 else {
            context.emit(.wrongType, "'percentile' must be a fraction between 0 and 1 (0.95 for the 95th "
                             + "percentile, or use aggregate median), found " + node.kindDescription, at: node.span)
            return nil
        }
        return Located(number, at: node.span)
    }

    private static func both<A, B>(_ first: A?, _ second: B?) -> (A, B)? {
        guard let first, let second else { return nil }
        return (first, second)
    }
}
