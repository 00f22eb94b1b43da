/// A retention's own keys: the cohort events, exactly one offset list (`days`, `weeks` or `months`, which also
/// says what a cohort is), `week_start` for weekly cohorts and `retained`.
enum RetentionDecoder {
    static let offsetRange = 1...3660

    static func decode(_ map: MappingReader, identity: Located<IdentityMode>?, timeZone: Located<TimeZoneName>?,
                       filters: [WhereFilter], aggregateSpan: SourceSpan, context: DecodeContext) -> Measure.Retention? {
        // MeasureDecoder reports a missing `cohort_events`; here only an empty one.
        let cohortEvents = map.stringList("cohort_events", required: map.has("cohort_events"))
        let given = RetentionCohort.allCases.filter { map.has($0.rawValue) }
        func offsets(_ cohort: RetentionCohort) -> [Located<Int>] {
            let unit = String(cohort.rawValue.dropLast())
            return map.list(cohort.rawValue, required: true) { item -> Located<Int>? in
                ValueChecks.wholeNumber(item, in: offsetRange, "a retention \(unit)", context: context)
                    .map { Located($0, at: item.span) }
            }
        }
        guard given.count == 1, let cohort = given.first, let key = map.keySpan(cohort.rawValue) else {
            if given.count > 1, let second = map.keySpan(given[1].rawValue) {
                context.emit(.notApplicable,
                             "a retention has one kind of cohort: '\(given[0].rawValue)' and '\(given[1].rawValue)' "
                                 + "cannot both be given", at: second)
                // Each list's own mistakes too, in this round rather than after one list is deleted.
                for cohort in given { _ = offsets(cohort) }
            } else {
                context.emit(.missingField,
                             "aggregate retention needs the offsets it reports: 'days' (daily cohorts), 'weeks' "
                                 + "(weekly) or 'months' (monthly)", at: aggregateSpan)
            }
            return nil
        }
        let offsets = offsets(cohort)
        let weekStart: Located<WeekStart>? = map.choice("week_start")
        if let weekStart, cohort != .weeks {
            context.emit(.notApplicable, "'week_start' applies to weekly cohorts ('weeks') only", at: weekStart.span)
        }
        guard !cohortEvents.isEmpty, !offsets.isEmpty else { return nil }
        return Measure.Retention(identity: identity, timeZone: timeZone, filters: filters, cohortEvents: cohortEvents,
                                 cohortGrain: Located(cohort.grain, at: key), weekStart: weekStart?.value ?? .monday,
                                 offsets: offsets, returns: map.choice("retained"))
    }
}
