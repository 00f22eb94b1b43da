/// Ratio and formula views. Each input view is first summed over known_broken per period and group, then
/// averaged up to the derived grain (daily DAU averaged per month against MAU); an input read n periods earlier
/// (`previous(mau, n)`) then has its period_start moved n periods later, so its value lands on the period that
/// reads it. Each distinct pair of input and shift is one input. The view has a row for every period and group
/// that any input has, those of shifted inputs only from the first through the last period of the unshifted
/// ones (when there are any): those keys, each once, with every input left-joined to them. (A FULL JOIN chain
/// would have to COALESCE the keys of all the inputs before each join; one list of keys reads the same on every
/// engine.)
struct DerivedViewBuilder {
    let builder: ViewBuilder

    private var sql: any SQLDialect { builder.sql }
    private func quoted(_ name: String) -> String { builder.quoted(name) }

    // The query's own names start with an underscore, which no definition id does (ids start with a letter), so
    // they never hide an input's view.
    private var keySet: String { quoted("_keys") }
    private var span: String { quoted("_span") }
    private func alias(_ index: Int) -> String { quoted("_input_\(index + 1)") }

    /// One input of the query: a view, read in the same period (0) or that many periods earlier.
    private struct Slot {
        var view: CheckedView
        var periodsAgo: Int
    }

    /// Each distinct pair of input view and shift, in the order the measure first names it.
    private func slots(_ definition: Definition, inputs: [CheckedView], grain: Grain) -> [Slot] {
        var slots: [Slot] = []
        for reference in definition.measure.inputReferences {
            // Validation refuses a shift at grain total, which has no earlier period.
            let periodsAgo = grain == .total ? 0 : reference.offset
            guard !slots.contains(where: { $0.view.id == reference.id.value && $0.periodsAgo == periodsAgo }),
                  let view = inputs.first(where: { $0.id == reference.id.value }) else { continue }
            slots.append(Slot(view: view, periodsAgo: periodsAgo))
        }
        return slots
    }

    func select(for view: CheckedView, inputs: [CheckedView]) -> String {
        // A derived view's grain is resolved (CheckedCatalog), stated or its inputs' coarsest.
        let grain = view.grain ?? .total
        let keys = (grain == .total ? [] : ["period_start"]) + view.groupColumns
        let slots = self.slots(view.definition, inputs: inputs, grain: grain)
        let aliases = slots.indices.map(alias)

        var parts: [String] = []
        for (index, slot) in slots.enumerated() {
            let select = inputSelect(slot, keys: keys, grain: grain, weekStart: view.weekStart)
            parts.append(String(concatenating: aliases[index], " AS (\n", select, "\n)"))
        }
        // Shifted inputs add no period outside the span of the unshifted ones: `mau - previous(mau)` ends with
        // mau's last month, not a month later. With only shifted inputs, every period they have.
        let unshifted = slots.indices.filter { slots[$0].periodsAgo == 0 }.map { aliases[$0] }
        let clipped = unshifted.count < slots.count && !unshifted.isEmpty
        if clipped { parts.append(String(concatenating: span, " AS (\n", spanSelect(unshifted), "\n)")) }
        parts.append(String(concatenating: keySet, " AS (\n", keySelect(keys, aliases: aliases, clipped: clipped), "\n)"))
        var columns = keys.map { "\(keySet).\(quoted($0)) AS \(quoted($0))" }
        columns.append("\(knownBroken(aliases)) AS \(quoted("known_broken"))")
        columns.append(String(concatenating: value(view.definition, slots: slots, aliases: aliases, grain: grain), " AS ",
                              quoted("value")))
        let joins = aliases.map { alias in
            let on = keys.map { sql.nullSafeEquals("\(alias).\(quoted($0))", "\(keySet).\(quoted($0))") }
            return "LEFT JOIN \(alias)\n  ON " + (on.isEmpty ? sql.boolean(true) : on.joinedInOneCopy(separator: "\n AND "))
        }
        return String(concatenating: "WITH ", parts.joinedInOneCopy(separator: ",\n"), "\nSELECT\n    ",
                      columns.joinedInOneCopy(separator: ",\n    "), "\nFROM ", keySet, "\n",
                      joins.joinedInOneCopy(separator: "\n"))
    }

    /// One input: summed over known_broken per period and group, then averaged to the derived grain, and moved
    /// later by its shift. Its known_broken becomes a rank whose maximum is the Kleene OR of the flags folded into
    /// it; a shifted input's rank is that of the period it was read from.
    private func inputSelect(_ slot: Slot, keys: [String], grain: Grain, weekStart: WeekStart) -> String {
        let input = slot.view
        let inputGrain = input.grain ?? .total
        let groups = keys.filter { $0 != "period_start" }
        var summedColumns = groups.map(quoted)
        if inputGrain != .total { summedColumns.insert(quoted("period_start"), at: 0) }
        let rank = String(concatenating: "MAX(", brokenRank(quoted("known_broken")), ") AS ", quoted("broken_rank"))
        let summedGroups = summedColumns.isEmpty ? "" : "\n        GROUP BY " + builder.ordinals(summedColumns.count)
        // Days averaged up to weeks, months or years count every day of the period: a day without a row of a
        // count-like input counted nothing, so it is a 0 in the average (DAU/MAU over the month's calendar days).
        let overCalendarDays = inputGrain == .day && grain != .day && grain != .total
            && input.definition.measure.aggregate.missingRowIsZero
        var summedValues = [String(concatenating: "SUM(", quoted("value"), ") AS ", quoted("value")), rank]
        if overCalendarDays {
            let start = sql.periodStart(quoted("period_start"), type: .date, grain: grain, weekStart: weekStart, zone: .utc)
            let days = sql.dayCount(from: start, through: builder.lastDay(ofPeriod: start, grain: grain))
            summedValues.append("MAX(\(days)) AS \(quoted("period_days"))")
        }
        let summed = String(concatenating: "        SELECT ", (summedColumns + summedValues).joinedInOneCopy(separator: ", "),
                            "\n        FROM ", builder.relation(of: input), summedGroups)

        var outer: [String] = []
        if grain != .total {
            var period = inputGrain == grain
                ? quoted("period_start")
                : sql.periodStart(quoted("period_start"), type: .date, grain: grain, weekStart: weekStart, zone: .utc)
            if slot.periodsAgo > 0 { period = sql.shiftPeriods(period, by: slot.periodsAgo, grain: grain) }
            outer.append(String(concatenating: period, " AS ", quoted("period_start")))
        }
        outer += groups.map(quoted)
        let outerGroups = outer.isEmpty ? "" : "\n    GROUP BY " + builder.ordinals(outer.count)
        let average = overCalendarDays
            ? "\(sql.toDouble("SUM(\(quoted("value")))")) / MAX(\(quoted("period_days")))"
            : String(concatenating: "AVG(", quoted("value"), ")")
        outer += [String(concatenating: average, " AS ", quoted("value")),
                  String(concatenating: "MAX(", quoted("broken_rank"), ") AS ", quoted("broken_rank"))]
        return String(concatenating: "    SELECT ", outer.joinedInOneCopy(separator: ", "), "\n    FROM (\n", summed,
                      "\n    ) AS ", quoted("summed"), outerGroups)
    }

    /// known_broken as a number that orders false (0) before unknown (1) before true (2): the maximum of
    /// several is then their Kleene OR.
    private func brokenRank(_ flag: String) -> String {
        "CASE WHEN \(flag) THEN 2 WHEN NOT \(flag) THEN 0 ELSE 1 END"
    }

    /// Every period and group that some input has, once; when `clipped`, only periods within `_span`. Without
    /// keys each input is one aggregate over all its rows, which has a row even when there are none; only that row
    /// has a NULL rank, so it adds no key.
    private func keySelect(_ keys: [String], aliases: [String], clipped: Bool) -> String {
        let columns = keys.isEmpty ? ["1 AS \(quoted("row"))"] : keys.map(quoted)
        let filter = keys.isEmpty ? " WHERE \(quoted("broken_rank")) IS NOT NULL" : ""
        let selected = columns.joinedInOneCopy(separator: ", ")
        let each = aliases.map { String(concatenating: "        SELECT ", selected, " FROM ", $0, filter) }
        let outer = keys.isEmpty ? [quoted("row")] : keys.map(quoted)
        let period = quoted("period_start")
        let within = clipped
            ? "\n    WHERE \(period) >= (SELECT \(quoted("first_period")) FROM \(span))"
                + "\n      AND \(period) <= (SELECT \(quoted("last_period")) FROM \(span))"
            : ""
        return String(concatenating: "    SELECT DISTINCT ", outer.joinedInOneCopy(separator: ", "), "\n    FROM (\n",
                      each.joinedInOneCopy(separator: "\n        UNION ALL\n"), "\n    ) AS ", quoted("all_keys"), within)
    }

    /// The first and last period of the unshifted inputs, together.
    private func spanSelect(_ aliases: [String]) -> String {
        let period = quoted("period_start")
        let each = aliases.map { "        SELECT \(period) FROM \($0)" }
        return "    SELECT MIN(\(period)) AS \(quoted("first_period")), MAX(\(period)) AS \(quoted("last_period"))"
            + "\n    FROM (\n" + each.joinedInOneCopy(separator: "\n        UNION ALL\n") + "\n    ) AS \(quoted("unshifted"))"
    }

    /// True if any input present at the key is known broken there, else unknown (NULL) if any is unknown, else
    /// false. An input without a row at the key has no say.
    private func knownBroken(_ aliases: [String]) -> String {
        func any(_ rank: Int) -> String {
            let tested = String(concatenating: ".", quoted("broken_rank"), " = ", String(rank))
            return aliases.map { $0 + tested }.joinedInOneCopy(separator: " OR ")
        }
        return String(concatenating: "CASE WHEN ", any(2), " THEN ", sql.boolean(true), " WHEN ", any(1), " THEN ",
                      sql.nullBoolean, " ELSE ", sql.boolean(false), " END")
    }

    private func value(_ definition: Definition, slots: [Slot], aliases: [String], grain: Grain) -> String {
        func index(_ input: InputReference) -> Int {
            let periodsAgo = grain == .total ? 0 : input.offset
            return slots.firstIndex { $0.view.id == input.id.value && $0.periodsAgo == periodsAgo } ?? 0
        }
        func raw(_ input: InputReference) -> String { String(concatenating: aliases[index(input)], ".", quoted("value")) }
        /// An input's value at the key as a double; where the input has no row, 0 if its missing rows counted
        /// nothing (a count), else NULL.
        func reference(_ input: InputReference) -> String {
            let value = sql.toDouble(raw(input))
            let additive = slots[index(input)].view.definition.measure.aggregate.missingRowIsZero
            return additive ? "COALESCE(\(value), 0)" : value
        }
        switch definition.measure.kind {
        case .ratio(let ratio):
            // The denominator as it is: 0, or missing (for a count that means 0 too), gives NULL.
            let below = raw(ratio.denominator)
            return "CASE WHEN \(below) IS NULL OR \(below) = 0 THEN NULL ELSE \(reference(ratio.numerator)) / \(below) END"
        case .formula(let formula):
            return self.formula(formula.expression.value, reference: reference)
        case .count, .uniqueUsers, .firstTimeUsers, .growthAccounting, .retention, .funnel, .sql, .sum, .average, .min, .max,
             .countDistinct, .median, .percentile:
            preconditionFailure("\(definition.id.value): only ratios and formulas are derived views")
        }
    }

    private func formula(_ expression: FormulaExpression, reference: (InputReference) -> String) -> String {
        switch expression {
        case .number(_, let text): return text
        case .reference(let input): return reference(input)
        case .negate(let inner): return "(-\(formula(inner, reference: reference)))"
        case .binary(let operation, let left, let right):
            let lhs = formula(left, reference: reference)
            let rhs = formula(right, reference: reference)
            // Division by zero is NULL, as in ratios, on every engine.
            return operation == "/" ? "(\(lhs) / NULLIF(\(rhs), 0))" : "(\(lhs) \(operation) \(rhs))"
        }
    }
}
