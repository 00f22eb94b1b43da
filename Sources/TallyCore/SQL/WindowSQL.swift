/// Windowed views: each period of the source's calendar reports over a window of days (the trailing 28, or month
/// to date) instead of its own. Days are computed first, once; each period then reads the days of its window.
extension ViewBuilder {
    func windowedSelect(_ view: CheckedView, window: Window, source: Source) -> String {
        guard let grain = view.grain, case .source(_, let timestamp?) = view.reads else {
            // Validation keeps windows to event views with a timestamp and a period grain.
            preconditionFailure("\(view.id): a window without periods")
        }
        let measure = view.definition.measure
        let daily = CheckedView(definition: view.definition, grain: .day, weekStart: view.weekStart,
                                groupColumns: view.groupColumns, shape: view.shape, reads: view.reads)
        let periods = quoted("periods")
        let days = quoted("daily")
        let period = "\(periods).\(quoted("period_start"))"
        let inWindow = "\(days).\(quoted("period_start")) BETWEEN "
            + firstDay(ofWindow: window, period: period, grain: grain, weekStart: view.weekStart)
            + " AND " + lastDay(ofPeriod: period, grain: grain)
        let groups = measure.groupBy.map { quoted($0.value.outputName) }
        let keys = ["\(period) AS \(quoted("period_start"))"] + groups.map { "\(days).\($0) AS \($0)" }
        let calendar = "\(periods) AS (\n    " + sourcePeriods(view, source: source, timestamp: timestamp, grain: grain)
            + "\n)"
        func withDays(_ dayQuery: String) -> String { "WITH \(days) AS (\n" + dayQuery + "\n),\n" + calendar }

        switch measure.kind {
        case .count, .sum:
            // Additive: a window's value per known_broken is the sum of its days'.
            let dayQuery: String
            if case .sum(let values) = measure.kind {
                dayQuery = sumSelect(daily, values: values, source: source)
            } else {
                dayQuery = countSelect(daily, source: source)
            }
            let columns = keys + ["\(days).\(quoted("known_broken")) AS \(quoted("known_broken"))"]
            return withDays(dayQuery) + "\nSELECT\n    "
                + (columns + ["SUM(\(days).\(quoted("value"))) AS \(quoted("value"))"]).joined(separator: ",\n    ")
                + "\nFROM \(periods)\nJOIN \(days)\n  ON " + inWindow + "\nGROUP BY " + ordinals(columns.count)
        case .uniqueUsers, .countDistinct:
            // Distinct over the whole window, not per day: each person (or value) once, known broken if any of
            // their rows in the window was.
            let distinct: String
            let dayRows: String
            if case .countDistinct(let values) = measure.kind {
                distinct = "measured"
                dayRows = measuredRows(daily, values: values, source: source)
            } else {
                distinct = "person"
                dayRows = rows(daily, source: source, events: view.definition.events, people: true)
            }
            let perWindow = keys + ["\(days).\(quoted(distinct)) AS \(quoted(distinct))",
                                    "MAX(\(days).\(quoted("broken_rank"))) AS \(quoted("broken_rank"))"]
            let outer = [quoted("period_start")] + groups
                + ["\(brokenFromRank(quoted("broken_rank"))) AS \(quoted("known_broken"))"]
            return withDays(perValueSelect(daily, source: source, distinct: distinct, rows: dayRows)) + "\nSELECT\n    "
                + (outer + ["COUNT(*) AS \(quoted("value"))"]).joined(separator: ",\n    ")
                + "\nFROM (\n    SELECT\n        " + perWindow.joined(separator: ",\n        ")
                + "\n    FROM \(periods)\n    JOIN \(days)\n      ON " + inWindow
                + "\n    GROUP BY " + ordinals(keys.count + 1) + "\n) AS \(quoted("window_values"))\nGROUP BY "
                + ordinals(outer.count)
        case .firstTimeUsers, .average, .min, .max, .median, .percentile, .retention, .ratio, .formula, .sql:
            preconditionFailure("\(view.id): \(measure.aggregate.rawValue) takes no window")
        }
    }
}
