/// Ratio and formula views: each input view is first summed over known_broken, then averaged up to the derived
/// grain (daily DAU averaged per month against MAU), then joined from the first input on period_start and the
/// group columns they share.
struct DerivedViewBuilder {
    let builder: ViewBuilder

    private var sql: any SQLDialect { builder.sql }
    private func quoted(_ name: String) -> String { builder.quoted(name) }

    func select(for view: CheckedView, inputs: [CheckedView]) -> String {
        let definition = view.definition
        // A derived view's grain is resolved (CheckedCatalog), stated or its inputs' coarsest.
        let grain = view.grain ?? .total
        let keys = (grain == .total ? [] : ["period_start"]) + view.groupColumns
        let aliases = inputs.indices.map { quoted("input_\($0 + 1)") }

        var parts: [String] = []
        for (index, input) in inputs.enumerated() {
            parts.append("\(aliases[index]) AS (\n\(inputSelect(input, keys: keys, grain: grain, weekStart: definition.measure.weekStart))\n)")
        }
        let first = aliases[0]
        var columns = keys.map { "\(first).\(quoted($0)) AS \(quoted($0))" }
        let broken = aliases.map { "COALESCE(\($0).\(quoted("broken")), 0)" }.joined(separator: " + ")
        columns.append("(\(broken)) > 0 AS \(quoted("known_broken"))")
        columns.append("\(value(definition, inputs: inputs.map(\.id), aliases: aliases)) AS \(quoted("value"))")
        var joins: [String] = []
        for alias in aliases.dropFirst() {
            let on = keys.map { sql.nullSafeEquals("\(alias).\(quoted($0))", "\(first).\(quoted($0))") }
            joins.append(on.isEmpty ? "CROSS JOIN \(alias)" : "LEFT JOIN \(alias)\n  ON " + on.joined(separator: "\n AND "))
        }
        return "WITH " + parts.joined(separator: ",\n") + "\nSELECT\n    " + columns.joined(separator: ",\n    ")
            + "\nFROM \(first)" + (joins.isEmpty ? "" : "\n" + joins.joined(separator: "\n"))
    }

    /// One input: summed over known_broken per period and shared group, then averaged to the derived grain.
    private func inputSelect(_ input: CheckedView, keys: [String], grain: Grain, weekStart: WeekStart) -> String {
        let inputGrain = input.grain ?? .total
        let groups = keys.filter { $0 != "period_start" }
        var summedColumns = groups.map(quoted)
        if inputGrain != .total { summedColumns.insert(quoted("period_start"), at: 0) }
        let brokenFlag = "MAX(CASE WHEN \(quoted("known_broken")) THEN 1 ELSE 0 END) AS \(quoted("broken"))"
        let summedGroups = summedColumns.isEmpty ? "" : "\n        GROUP BY " + (1...summedColumns.count).map(String.init).joined(separator: ", ")
        let summed = "        SELECT " + (summedColumns + ["SUM(\(quoted("value"))) AS \(quoted("value"))", brokenFlag])
            .joined(separator: ", ") + "\n        FROM \(quoted(input.id))" + summedGroups

        var outer: [String] = []
        if grain != .total {
            let period = inputGrain == grain
                ? quoted("period_start")
                : sql.periodStart(quoted("period_start"), type: .date, grain: grain, weekStart: weekStart, zone: .utc)
            outer.append("\(period) AS \(quoted("period_start"))")
        }
        outer += groups.map(quoted)
        let outerGroups = outer.isEmpty ? "" : "\n    GROUP BY " + (1...outer.count).map(String.init).joined(separator: ", ")
        outer += ["AVG(\(quoted("value"))) AS \(quoted("value"))", "MAX(\(quoted("broken"))) AS \(quoted("broken"))"]
        return "    SELECT " + outer.joined(separator: ", ") + "\n    FROM (\n" + summed + "\n    ) AS \(quoted("summed"))"
            + outerGroups
    }

    private func value(_ definition: Definition, inputs: [String], aliases: [String]) -> String {
        func reference(_ id: String) -> String {
            "\(aliases[inputs.firstIndex(of: id) ?? 0]).\(quoted("value"))"
        }
        switch definition.measure.kind {
        case .ratio(let ratio):
            let below = reference(ratio.denominator.value)
            return "CASE WHEN \(below) IS NULL OR \(below) = 0 THEN NULL ELSE \(sql.toDouble(reference(ratio.numerator.value))) / \(below) END"
        case .formula(let formula):
            return self.formula(formula.expression.value, reference: reference)
        case .count, .uniqueUsers, .firstTimeUsers, .retention, .sql, .sum, .average, .min, .max, .countDistinct,
             .median, .percentile:
            preconditionFailure("\(definition.id.value): only ratios and formulas are derived views")
        }
    }

    private func formula(_ expression: FormulaExpression, reference: (String) -> String) -> String {
        switch expression {
        case .number(_, let text): return text
        case .reference(let name): return sql.toDouble(reference(name.value))
        case .negate(let inner): return "(-\(formula(inner, reference: reference)))"
        case .binary(let operation, let left, let right):
            let lhs = formula(left, reference: reference)
            let rhs = formula(right, reference: reference)
            // Division by zero is NULL, as in ratios, on every engine.
            return operation == "/" ? "(\(lhs) / NULLIF(\(rhs), 0))" : "(\(lhs) \(operation) \(rhs))"
        }
    }
}
