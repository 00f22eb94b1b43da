/// Conversion funnels: per period of the first step, how many people reach each step in order within the window.
extension ViewBuilder {
    /// A person enters a period's funnel at their first first-step event in it. Step k is reached at the earliest
    /// step-k event strictly after the time step k - 1 was reached and at most `within` after entering; taking
    /// the earliest leaves the most room for the steps after it, so a person who can complete the funnel does.
    /// Times are whole milliseconds (epochMilliseconds), the same on every engine. Every step of a period with
    /// entries is reported, 0 where nobody reached it.
    func funnelSelect(_ view: CheckedView, _ funnel: Measure.Funnel, source: Source, timestamp: Column) -> String {
        let definition = view.definition
        let events = quoted("funnel_events")
        func column(_ table: String, _ name: String) -> String { "\(table).\(quoted(name))" }
        let eventColumn = source.eventName.map { quoted($0.value) } ?? "NULL"
        let flags = funnel.steps.enumerated().map { index, step in
            (name: "step_\(index + 1)",
             expression: "CASE WHEN \(eventMatch(eventColumn, step.events.map(\.value)) ?? "1 = 1") THEN 1 ELSE 0 END")
        }
        let at = sql.epochMilliseconds(quoted(timestamp.name.value), type: timestamp.type.value)
        let rows = rows(view, source: source, events: definition.events, people: true, extra: [("at", at)] + flags,
                        extraConditions: [hasTime(timestamp.name.value)], keysVersions: false)
        var stages = ["""
            \(events) AS (
                \(rows)
            )
            """, """
            \(quoted("reached_1")) AS (
                SELECT \(quoted("period_start")), \(quoted("person")), MIN(\(quoted("at"))) AS \(quoted("entered_at")),
                    MIN(\(quoted("at"))) AS \(quoted("reached_at"))
                FROM \(events)
                WHERE \(quoted("step_1")) = 1
                GROUP BY 1, 2
            )
            """]
        for index in funnel.steps.indices.dropFirst() {
            let step = index + 1
            let previous = quoted("previous")
            stages.append("""
                \(quoted("reached_\(step)")) AS (
                    SELECT \(column(previous, "period_start")), \(column(previous, "person")), \(column(previous, "entered_at")),
                        MIN(\(column(events, "at"))) AS \(quoted("reached_at"))
                    FROM \(quoted("reached_\(step - 1)")) AS \(previous)
                    JOIN \(events)
                      ON \(column(events, "person")) = \(column(previous, "person"))
                     AND \(column(events, "step_\(step)")) = 1
                     AND \(column(events, "at")) > \(column(previous, "reached_at"))
                     AND \(column(events, "at")) <= \(column(previous, "entered_at")) + \(funnel.within.value.milliseconds)
                    GROUP BY 1, 2, 3
                )
                """)
        }
        let counts = funnel.steps.indices.map { index in
            "SELECT \(quoted("period_start")), \(index + 1) AS \(quoted("step")), COUNT(*) AS \(quoted("people")) "
                + "FROM \(quoted("reached_\(index + 1)")) GROUP BY 1"
        }
        stages.append("\(quoted("reached")) AS (\n    " + counts.joinedInOneCopy(separator: "\n    UNION ALL\n    ") + "\n)")
        let names = funnel.steps.enumerated().map { index, step in
            "SELECT \(index + 1) AS \(quoted("step")), \(sql.literal(step.name.value)) AS \(quoted("step_name"))"
        }
        stages.append("\(quoted("steps")) AS (\n    " + names.joinedInOneCopy(separator: "\n    UNION ALL\n    ") + "\n)")
        let (entered, here, before, steps) = (quoted("entered"), quoted("here"), quoted("before"), quoted("steps"))
        let people = "COALESCE(\(column(here, "people")), 0)"
        return "WITH " + stages.joinedInOneCopy(separator: ",\n") + """

            SELECT
                \(column(entered, "period_start")) AS \(quoted("period_start")),
                \(column(steps, "step")) AS \(quoted("step")),
                \(column(steps, "step_name")) AS \(quoted("step_name")),
                \(people) AS \(quoted("people")),
                \(sql.toDouble(people)) / \(column(entered, "people")) AS \(quoted("conversion_from_first")),
                CASE WHEN \(column(before, "people")) IS NULL THEN NULL
                     ELSE \(sql.toDouble(people)) / \(column(before, "people")) END AS \(quoted("conversion_from_previous"))
            FROM \(quoted("reached")) AS \(entered)
            CROSS JOIN \(steps)
            LEFT JOIN \(quoted("reached")) AS \(here)
              ON \(column(here, "period_start")) = \(column(entered, "period_start"))
             AND \(column(here, "step")) = \(column(steps, "step"))
            LEFT JOIN \(quoted("reached")) AS \(before)
              ON \(column(before, "period_start")) = \(column(entered, "period_start"))
             AND \(column(before, "step")) = \(column(steps, "step")) - 1
            WHERE \(column(entered, "step")) = 1
            """
    }
}
