/// Windowed views: each period of the source's calendar reports over a window of days (the trailing 28, or month
/// to date) instead of its own. Nothing is aggregated, and no version is keyed, before a row is known to be in a
/// window, so a view filtered to one period reads only that period's window through the day index (indexes.sql).
///
/// Where the engine joins laterally, each period runs its own aggregate over the rows of its window: the planner
/// sees the window's bounds as parameters of one index range scan. Elsewhere the calendar is joined to the rows on
/// the window's days, and the joined rows are aggregated per period.
extension ViewBuilder {
    func windowedSelect(_ view: CheckedView, window: Window, source: Source) -> String {
        guard let grain = view.grain, case .source(_, let timestamp?) = view.reads else {
            // Validation keeps windows to event views with a timestamp and a period grain.
            preconditionFailure("\(view.id): a window without periods")
        }
        let periods = quoted("periods")
        let period = "\(periods).\(quoted("period_start"))"
        let days = WindowDays(first: firstDay(ofWindow: window, period: period, grain: grain, weekStart: view.weekStart),
                              last: lastDay(ofPeriod: period, grain: grain))
        let calendar = "WITH \(periods) AS (\n    "
            + sourcePeriods(view, source: source, timestamp: timestamp, grain: grain) + "\n)\n"
        return calendar + (sql.joinsLaterally
            ? lateralWindows(view, source: source, days: days, periods: periods)
            : joinedWindows(view, source: source, days: days, periods: periods))
    }

    /// The bounds of a period's window, as expressions of `periods.period_start`.
    struct WindowDays {
        var first: String
        var last: String

        func contain(_ day: String) -> String { "\(day) BETWEEN \(first) AND \(last)" }
    }

    /// The matching rows of a windowed measure, with the columns its aggregate reads (`measured`, `person`, and
    /// `counted` for a threshold that counts values). `dayFromPeriod`: the rows are bucketed by day, so a days
    /// threshold reads their `period_start` later instead of computing the day twice.
    private func windowRows(_ view: CheckedView, source: Source, versionText: Bool, extraConditions: [String] = [],
                            dayFromPeriod: Bool = false) -> (rows: String, carried: [String]) {
        let definition = view.definition
        switch definition.measure.kind {
        case .count:
            return (rows(view, source: source, events: definition.events, people: false,
                         extraConditions: extraConditions, versionText: versionText), [])
        case .uniqueUsers(let people):
            var threshold = people.atLeast
            if dayFromPeriod, case .days? = threshold?.kind { threshold = nil }
            let extra = thresholdColumns(threshold, view: view, source: source)
            return (rows(view, source: source, events: definition.events, people: true, extra: extra,
                         extraConditions: extraConditions, versionText: versionText),
                    ["person"] + (extra.isEmpty ? [] : ["counted"]))
        case .sum(let values), .countDistinct(let values):
            return (measuredRows(view, values: values, source: source, versionText: versionText,
                                 extraConditions: extraConditions), ["measured"])
        case .firstTimeUsers, .growthAccounting, .average, .min, .max, .median, .percentile, .retention, .funnel, .ratio, .formula,
             .sql:
            preconditionFailure("\(view.id): \(definition.measure.aggregate.rawValue) takes no window")
        }
    }

    /// What a window adds up, for count and sum; nil for the distinct measures, which fold per person or value.
    private func additiveValue(_ measure: Measure) -> String? {
        switch measure.kind {
        case .count: "COUNT(*)"
        case .sum: "SUM(\(quoted("measured")))"
        case .uniqueUsers, .countDistinct: nil
        case .firstTimeUsers, .growthAccounting, .average, .min, .max, .median, .percentile, .retention, .funnel, .ratio, .formula,
             .sql: nil
        }
    }

    private func lateralWindows(_ view: CheckedView, source: Source, days: WindowDays, periods: String) -> String {
        let measure = view.definition.measure
        // The rows of one window, without a period of their own: bucketed by day only to test the window.
        let total = view.regrained(.total)
        let day = period(view.regrained(.day), source: source) ?? "NULL"
        let (rows, carried) = windowRows(total, source: source, versionText: false,
                                         extraConditions: [days.contain(day)])
        let windowed = quoted("windowed")
        let groups = measure.groupBy.map { quoted($0.value.outputName) }
        let broken = knownBroken(view.definition, source: source)
        let inner: String
        var outer = ["\(periods).\(quoted("period_start")) AS \(quoted("period_start"))"]
            + groups.map { "\(windowed).\($0) AS \($0)" }
        var outerGroups = ""
        if let value = additiveValue(measure) {
            let keys = groups + ["\(broken) AS \(quoted("known_broken"))"]
            inner = "SELECT\n        " + (keys + ["\(value) AS \(quoted("value"))"]).joinedInOneCopy(separator: ",\n        ")
                + "\n    FROM (\n    " + rows + "\n    ) AS \(quoted("matching"))"
                + (keys.isEmpty ? "" : "\n    GROUP BY " + ordinals(keys.count))
            outer += ["\(windowed).\(quoted("known_broken")) AS \(quoted("known_broken"))",
                      "\(windowed).\(quoted("value")) AS \(quoted("value"))"]
        } else {
            let distinct = quoted(carried[0])
            let keys = groups + [distinct, "MAX(\(brokenRank(broken))) AS \(quoted("broken_rank"))"]
            inner = "SELECT\n        " + keys.joinedInOneCopy(separator: ",\n        ")
                + "\n    FROM (\n    " + rows + "\n    ) AS \(quoted("matching"))\n    GROUP BY " + ordinals(groups.count + 1)
                + (measure.threshold.map { "\n    HAVING " + thresholdHaving($0) } ?? "")
            outer += ["\(brokenFromRank("\(windowed).\(quoted("broken_rank"))")) AS \(quoted("known_broken"))",
                      "COUNT(*) AS \(quoted("value"))"]
            outerGroups = "\nGROUP BY " + ordinals(outer.count - 1)
        }
        return "SELECT\n    " + outer.joinedInOneCopy(separator: ",\n    ") + "\nFROM \(periods)\nCROSS JOIN LATERAL (\n    "
            + inner + "\n) AS \(windowed)" + outerGroups
    }

    private func joinedWindows(_ view: CheckedView, source: Source, days: WindowDays, periods: String) -> String {
        let measure = view.definition.measure
        let matching = quoted("matching")
        let (rows, carried) = windowRows(view.regrained(.day), source: source, versionText: true, dayFromPeriod: true)
        let groups = measure.groupBy.map { quoted($0.value.outputName) }
        var windowed = ["\(periods).\(quoted("period_start")) AS \(quoted("period_start"))"]
            + (groups + carried.map(quoted)).map { "\(matching).\($0) AS \($0)" }
        // A row's day is the period of the daily rows.
        if case .days? = measure.threshold?.kind {
            windowed.append("\(matching).\(quoted("period_start")) AS \(quoted("counted"))")
        }
        // Keyed after the join, so only rows inside some window are.
        if let key = versionKey(source, of: "\(matching).\(quoted("version_text"))", for: view.definition) {
            windowed.append("\(key) AS \(quoted("version_key"))")
        }
        let joined = "SELECT\n        " + windowed.joinedInOneCopy(separator: ",\n        ")
            + "\n    FROM \(periods)\n    JOIN (\n    " + rows + "\n    ) AS \(matching)\n      ON "
            + days.contain("\(matching).\(quoted("period_start"))")
        // The joined rows have the shape of a period's rows in an unwindowed view, so the same aggregation follows.
        guard let value = additiveValue(measure) else {
            return distinctSelect(view, source: source, distinct: carried[0], alias: "window_values", rows: joined,
                                  rowsAlias: "windowed", having: measure.threshold.map(thresholdHaving))
        }
        let keys = [quoted("period_start")] + groups
            + ["\(knownBroken(view.definition, source: source)) AS \(quoted("known_broken"))"]
        return "SELECT\n    " + (keys + ["\(value) AS \(quoted("value"))"]).joinedInOneCopy(separator: ",\n    ")
            + "\nFROM (\n    " + joined + "\n) AS \(quoted("windowed"))\nGROUP BY " + ordinals(keys.count)
    }
}
