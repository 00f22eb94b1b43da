/// Growth accounting: each period's people by how their activity relates to the period before.
extension ViewBuilder {
    /// One row per person and period they were active in (their rows folded into one known_broken rank, as
    /// unique_users folds them); each row is new (the person's first active period), retained (also active in
    /// the period before) or resurrected (not in the period before, but earlier). A person active in a period
    /// and not in the next is churned in the next, under the rank of the period they were last active in, as
    /// long as that next period is not after the source's last one: churn after the data ends is not known.
    func growthAccountingSelect(_ view: CheckedView, source: Source, timestamp: Column) -> String {
        let definition = view.definition
        // Validation allows no grain total here (MeasureDecoder), so the view has periods.
        let grain = view.grain ?? .month
        let active = quoted("active")
        let previous = quoted("previous")
        let next = quoted("next")
        let firsts = quoted("firsts")
        func column(_ table: String, _ name: String) -> String { "\(table).\(quoted(name))" }
        let rank = "MAX(\(brokenRank(knownBroken(definition, source: source))))"
        // A row without a time is in no period: not a period of its own, which would make its person resurrected.
        let rows = rows(view, source: source, events: definition.events, people: true,
                        extraConditions: [hasTime(timestamp.name.value)])
        let lastPeriod = sourcePeriod("MAX", view, source: source, timestamp: timestamp, grain: grain)
        // Nor is a row a zone's offsets do not reach (SQLite's, outside 1970-2100): its period is NULL, which as a
        // period of its own made a new person resurrected.
        let reached = !localDayMayBeNull(definition, source: source) ? ""
            : "\n    WHERE \(quoted("period_start")) IS NOT NULL"
        let following = sql.shiftPeriods(column(active, "period_start"), by: 1, grain: grain)
        return """
            WITH \(active) AS (
                SELECT \(quoted("period_start")), \(quoted("person")), \(rank) AS \(quoted("broken_rank"))
                FROM (
                \(rows)
                ) AS \(quoted("matching"))\(reached)
                GROUP BY 1, 2
            ),
            \(firsts) AS (
                SELECT \(quoted("person")), MIN(\(quoted("period_start"))) AS \(quoted("first_period"))
                FROM \(active)
                GROUP BY 1
            ),
            \(quoted("categorized")) AS (
                SELECT
                    \(column(active, "period_start")) AS \(quoted("period_start")),
                    CASE WHEN \(column(active, "period_start")) = \(column(firsts, "first_period")) THEN \(sql.literal("new"))
                         WHEN \(column(previous, "person")) IS NOT NULL THEN \(sql.literal("retained"))
                         ELSE \(sql.literal("resurrected")) END AS \(quoted("category")),
                    \(column(active, "broken_rank")) AS \(quoted("broken_rank"))
                FROM \(active)
                JOIN \(firsts) ON \(column(firsts, "person")) = \(column(active, "person"))
                LEFT JOIN \(active) AS \(previous)
                  ON \(column(previous, "person")) = \(column(active, "person"))
                 AND \(sql.shiftPeriods(column(previous, "period_start"), by: 1, grain: grain)) = \(column(active, "period_start"))
                UNION ALL
                SELECT
                    \(following) AS \(quoted("period_start")),
                    \(sql.literal("churned")) AS \(quoted("category")),
                    \(column(active, "broken_rank")) AS \(quoted("broken_rank"))
                FROM \(active)
                LEFT JOIN \(active) AS \(next)
                  ON \(column(next, "person")) = \(column(active, "person"))
                 AND \(column(next, "period_start")) = \(following)
                WHERE \(column(next, "person")) IS NULL
                  AND \(column(active, "period_start")) < \(lastPeriod)
            )
            SELECT
                \(quoted("period_start")),
                \(quoted("category")),
                \(brokenFromRank(quoted("broken_rank"))) AS \(quoted("known_broken")),
                COUNT(*) AS \(quoted("value"))
            FROM \(quoted("categorized"))
            GROUP BY 1, 2, 3
            """
    }
}
