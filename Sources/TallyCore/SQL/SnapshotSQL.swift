/// Views over snapshot sources, one row per entity per day. A period of several days reads the rows of its last
/// day with data (`snapshot: period_end`), or its days' values averaged over its days with data
/// (`snapshot: period_average`): adding its days up would count every entity once a day. At grain day a period is
/// its one day, and both read it as it is.
extension ViewBuilder {
    /// How a view reads a snapshot's days, with the column that holds the day; nil where it reads each period
    /// whole.
    func snapshotDays(_ view: CheckedView) -> (reading: SnapshotReading, timestamp: Column)? {
        guard let reading = view.definition.measure.snapshot?.value, let grain = view.grain, grain != .day,
              case .source(_, let timestamp?) = view.reads else { return nil }
        return (reading, timestamp)
    }

    /// The day a row's state was taken, written as a day's period start: the expression of the day index. A
    /// timestamp column's day is its local day in the measure's zone (`Measure.timeZone(over:)`), as its periods
    /// are; a date column is its day.
    func snapshotDay(_ view: CheckedView, source: Source, timestamp: Column) -> String {
        sql.periodStart(quoted(timestamp.name.value), type: timestamp.type.value, grain: .day, weekStart: .monday,
                        zone: view.definition.measure.timeZone(over: source))
    }

    /// The innermost layer of a snapshot view: `columns` of the rows that pass `conditions`, with period_start.
    func snapshotRows(_ view: CheckedView, reading: SnapshotReading, source: Source, timestamp: Column,
                      columns: [(name: String, expression: String)], conditions: [String]) -> String {
        let day = snapshotDay(view, source: source, timestamp: timestamp)
        func select(_ columns: [(name: String, expression: String)], where conditions: [String]) -> String {
            let list = columns.isEmpty ? [("row", "1")] : columns
            return "SELECT\n        " + selectList(list).joinedInOneCopy(separator: ",\n        ")
                + "\n    FROM \(from(source, reading: view.definition.measure))" + whereClause(conditions, indent: "    ")
        }
        let period = self.period(view, source: source).map { [(name: "period_start", expression: $0)] } ?? []
        switch reading {
        case .periodAverage:
            // Each row keeps its day, so that a person or value is counted once a day (perValueSelect).
            return select(period + columns + [("snapshot_day", day)], where: conditions)
        case .periodEnd:
            guard let grain = view.grain, grain != .total else {
                // All time has one last day: the source's latest.
                return select(columns, where: conditions + ["\(day) = (SELECT MAX(\(day)) FROM \(from(source)))"])
            }
            // The last day is found among all the source's rows and the filters apply to its rows only, so a filter
            // that leaves nothing of the last day leaves the period without rows instead of reading an older day.
            let lastDaysTable = quoted("last_days")
            let matching = quoted("snapshot_rows")
            let outer = [(name: "period_start", expression: "\(lastDaysTable).\(quoted("period_start"))")]
                + columns.map { (name: $0.name, expression: "\(matching).\(quoted($0.name))") }
            let inner = select([("snapshot_day", day)] + columns, where: conditions)
            return "SELECT\n        " + selectList(outer).joinedInOneCopy(separator: ",\n        ")
                + "\n    FROM (\n        " + lastDays(of: grain, view: view, source: source, timestamp: timestamp)
                + "\n    ) AS \(lastDaysTable)\n    JOIN (\n        " + indented(inner, by: 4) + "\n    ) AS \(matching)"
                + "\n      ON \(matching).\(quoted("snapshot_day")) = \(lastDaysTable).\(quoted("last_day"))"
        }
    }

    /// Each period's last day with data, as period_start and last_day. Where tally writes indexes, it writes one
    /// on the day (SQLEmitter), and each period of the calendar looks its last day up there, joined laterally so
    /// that the lookup runs once per period, as a column the next join reads: one probe, so a view filtered to one
    /// period reads that day's rows and nothing else of the period. Elsewhere one MAX per period over the table is
    /// the plain form, which engines without indexes scan for anyway.
    func lastDays(of grain: Grain, view: CheckedView, source: Source, timestamp: Column) -> String {
        let day = snapshotDay(view, source: source, timestamp: timestamp)
        let period = quoted("period_start")
        let lastDay = quoted("last_day")
        guard sql.createIndex != nil, sql.joinsLaterally else {
            let start = self.period(view, source: source) ?? day
            return "SELECT \(start) AS \(period), MAX(\(day)) AS \(lastDay)\n        FROM \(from(source))\n        GROUP BY 1"
        }
        let periods = quoted("periods")
        let latest = quoted("latest")
        // The days are local days already: a date has no zone to move it by.
        func bound(_ function: String) -> String {
            "(SELECT \(sql.periodStart("\(function)(\(day))", type: .date, grain: grain, weekStart: view.weekStart, zone: .utc)) "
                + "FROM \(from(source)))"
        }
        let start = "\(periods).\(period)"
        return "SELECT \(start) AS \(period), \(latest).\(lastDay) AS \(lastDay)\n        FROM (\n            "
            + indented(sql.periodSeries(from: bound("MIN"), through: bound("MAX"), grain: grain), by: 8)
            + "\n        ) AS \(periods)\n        CROSS JOIN LATERAL (\n            SELECT MAX(\(day)) AS \(lastDay) FROM \(from(source))"
            + "\n            WHERE \(day) BETWEEN \(start) AND " + self.lastDay(ofPeriod: start, grain: grain)
            + "\n        ) AS \(latest)"
    }

    /// period_average: the period's value divided by its days with data (days on which the source has any row,
    /// whatever the filters). Counts and totals summed over a period's rows are the sum of its days' values, and
    /// people and values are counted once a day (perValueSelect), so this is the average of the daily values, a
    /// day with data but no matching rows counting as 0. Rows split by known_broken still add up to the average.
    func averagedOverDays(_ body: String, view: CheckedView) -> String {
        guard let snapshot = snapshotDays(view), snapshot.reading == .periodAverage,
              case .source(let source, _) = view.reads else { return body }
        let day = snapshotDay(view, source: source, timestamp: snapshot.timestamp)
        let perPeriod = quoted("per_period")
        let days = quoted("days_with_data")
        let columns = view.shape.map { column in
            column.name == "value"
                ? "\(sql.toDouble("\(perPeriod).\(quoted("value"))")) / \(days).\(quoted("days")) AS \(quoted("value"))"
                : "\(perPeriod).\(quoted(column.name)) AS \(quoted(column.name))"
        }
        let join: String
        if let period = period(view, source: source) {
            join = "JOIN (\n    SELECT \(period) AS \(quoted("period_start")), COUNT(DISTINCT \(day)) AS \(quoted("days"))"
                + "\n    FROM \(from(source))\n    GROUP BY 1\n) AS \(days)\n  ON \(days).\(quoted("period_start")) = "
                + "\(perPeriod).\(quoted("period_start"))"
        } else {
            join = "CROSS JOIN (\n    SELECT COUNT(DISTINCT \(day)) AS \(quoted("days")) FROM \(from(source))\n) AS \(days)"
        }
        return "SELECT\n    " + columns.joinedInOneCopy(separator: ",\n    ") + "\nFROM (\n    " + indented(body, by: 4)
            + "\n) AS \(perPeriod)\n" + join
    }

    /// Every line after the first moved right by `spaces`, to nest a query inside another.
    private func indented(_ query: String, by spaces: Int) -> String {
        query.replacingAll("\n", with: "\n" + String(repeating: " ", count: spaces))
    }
}
