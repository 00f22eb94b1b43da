/// Retention: each person's cohort (the day, week or month of their first cohort event) and whether they came
/// back in the periods after it.
extension ViewBuilder {
    /// One row per cohort and offset: the cohort's people, those retained, and their share. A person joins one
    /// cohort only, their first. Retained means a return event in period cohort + N (`in_period`), or in it or any
    /// later one (`in_period_or_later`: the person's last return is then at or after it). A cohort too young for
    /// offset N (its period N starting after the source's latest day, whatever that day's event) is not reported:
    /// nobody could have come back yet, and 0% would be a claim the data cannot make.
    func retentionSelect(_ definition: Definition, _ retention: Measure.Retention, source: Source,
                         timestamp: Column) -> String {
        let moment = quoted(timestamp.name.value)
        let grain = retention.cohortGrain.value
        let period = sql.periodStart(moment, type: timestamp.type.value, grain: grain, weekStart: retention.weekStart,
                                     zone: definition.measure.timeZone(over: source))
        let person = identity(definition, source: source)
        let people = peopleFilter(definition, source: source)
        let cohortFilter = rowFilter(definition, source: source, events: retention.cohortEvents, excluding: false)
            + people
        let returnFilter = rowFilter(definition, source: source, events: definition.events) + people
        let offsetColumn = quoted(retention.offsetColumn)
        let (cohort, returns, targets) = (quoted("cohort"), quoted("returns"), quoted("targets"))
        func column(_ table: String, _ name: String) -> String { "\(table).\(quoted(name))" }
        let cohortStart = column(cohort, "cohort_start")
        let targetRows = retention.offsets.map(\.value).map { offset in
            "SELECT DISTINCT \(cohortStart) AS \(quoted("cohort_start")), \(offset) AS \(offsetColumn), "
                + "\(sql.shiftPeriods(cohortStart, by: offset, grain: grain)) AS \(quoted("target")) FROM \(cohort)"
        }.joinedInOneCopy(separator: "\n    UNION ALL\n    ")
        let returnsSelect: String
        let returned: String
        switch retention.returnRule {
        case .inPeriod:
            returnsSelect = "SELECT DISTINCT \(person) AS \(quoted("person")), \(period) AS \(quoted("returned_in"))"
            returned = "\(column(returns, "returned_in")) = \(column(targets, "target"))"
        case .inPeriodOrLater:
            returnsSelect = "SELECT \(person) AS \(quoted("person")), MAX(\(period)) AS \(quoted("returned_in"))"
            returned = "\(column(returns, "returned_in")) >= \(column(targets, "target"))"
        }
        let retained = "COUNT(\(column(returns, "person")))"
        let latest = quoted("latest")
        // A row a zone's offsets do not reach (SQLite's, outside 1970-2100) has no local day, so it ends no data:
        // taken as the latest, its NULL day had left every cohort unreported (a 9999-12-31 placeholder row).
        let reached = !localDayMayBeNull(definition, source: source) ? ""
            : " WHERE " + localDay(moment, type: timestamp.type.value, of: definition, source: source) + " IS NOT NULL"
        let lastDay = "(SELECT \(localDay(latest, type: timestamp.type.value, of: definition, source: source)) "
            + "FROM (SELECT MAX(\(moment)) AS \(latest) FROM \(from(source))\(reached)) AS \(quoted("bounds")))"
        let table = from(source, reading: definition.measure)
        return """
            WITH \(cohort) AS (
                SELECT \(person) AS \(quoted("person")), MIN(\(period)) AS \(quoted("cohort_start"))
                FROM \(table)\(whereClause(cohortFilter, indent: "    "))
                GROUP BY 1
            ),
            \(returns) AS (
                \(returnsSelect)
                FROM \(table)\(whereClause(returnFilter, indent: "    "))\(retention.returnRule == .inPeriod ? "" : "\n    GROUP BY 1")
            ),
            \(targets) AS (
                \(targetRows)
            )
            SELECT
                \(cohortStart) AS \(quoted("cohort_start")),
                \(column(targets, retention.offsetColumn)) AS \(offsetColumn),
                COUNT(*) AS \(quoted("cohort_size")),
                \(retained) AS \(quoted("retained")),
                \(sql.toDouble(retained)) / COUNT(*) AS \(quoted("rate"))
            FROM \(cohort)
            JOIN \(targets) ON \(column(targets, "cohort_start")) = \(cohortStart)
            LEFT JOIN \(returns)
              ON \(column(returns, "person")) = \(column(cohort, "person"))
             AND \(returned)
            WHERE \(column(targets, "target")) <= \(lastDay)
            GROUP BY 1, 2
            """
    }
}
