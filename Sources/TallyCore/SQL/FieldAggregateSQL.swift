/// Column aggregates: sum, average, min, max, count_distinct, median and percentile of the values of one column
/// or JSON field. Rows whose value is NULL (or, for a numeric JSON field, not a number) are left out in the
/// innermost layer, before known_broken is decided, so every engine leaves out the same rows.
extension ViewBuilder {
    /// A row's value: the column, a JSON field as text, or a JSON field declared integer or float as a number.
    func measured(_ path: FieldPath, source: Source) -> String {
        let (column, jsonPath) = fieldColumn(path, source: source)
        guard !jsonPath.isEmpty, let type = source.valueType(of: path), type == .integer || type == .float
        else { return field(path, source: source) }
        return sql.jsonNumber(column, path: jsonPath)
    }

    /// The matching rows with their value as `measured`, rows without one left out.
    func measuredRows(_ view: CheckedView, values: Measure.Values, source: Source, versionText: Bool = false,
                      extraConditions: [String] = []) -> String {
        let value = measured(values.field.value, source: source)
        return rows(view, source: source, events: view.definition.events, people: false,
                    extra: [("measured", value)],
                    extraConditions: ["\(value) IS NOT NULL"] + extraConditions, versionText: versionText)
    }

    /// sum is additive, like count: rows are split by known_broken, and a period's rows add up to its total.
    func sumSelect(_ view: CheckedView, values: Measure.Values, source: Source) -> String {
        let columns = keyColumns(view, source: source)
            + ["\(knownBroken(view.definition, source: source)) AS \(quoted("known_broken"))"]
        return "SELECT\n    " + (columns + ["SUM(\(quoted("measured"))) AS \(quoted("value"))"]).joinedInOneCopy(separator: ",\n    ")
            + "\nFROM (\n    " + measuredRows(view, values: values, source: source)
            + "\n) AS \(quoted("matching"))\nGROUP BY " + ordinals(columns.count)
    }

    /// An average, smallest or largest value cannot be split by known_broken and put back together, so a period
    /// has one row, known broken if any of its rows was, else false if any was a known release, else NULL.
    func foldedSelect(_ view: CheckedView, values: Measure.Values, source: Source,
                      aggregate: (String) -> String) -> String {
        let keys = keyColumns(view, source: source)
        let broken = brokenFromRank("MAX(\(brokenRank(knownBroken(view.definition, source: source))))")
        let columns = keys + ["\(broken) AS \(quoted("known_broken"))",
                              "\(aggregate(quoted("measured"))) AS \(quoted("value"))"]
        return "SELECT\n    " + columns.joinedInOneCopy(separator: ",\n    ")
            + "\nFROM (\n    " + measuredRows(view, values: values, source: source)
            + "\n) AS \(quoted("matching"))" + groupBy(keys.count)
    }

    /// Distinct values counted once per period and group, like people in unique_users.
    func countDistinctSelect(_ view: CheckedView, values: Measure.Values, source: Source) -> String {
        distinctSelect(view, source: source, distinct: "measured", alias: "distinct_values",
                       rows: measuredRows(view, values: values, source: source))
    }

    /// The continuous percentile: with the n values of a period in order, the value at position (n - 1) × fraction,
    /// interpolated linearly between its two neighbours (PostgreSQL's percentile_cont). Engines without such an
    /// aggregate rank the values with window functions and interpolate the same way, to the same number.
    func percentileSelect(_ view: CheckedView, values: Measure.Values, fraction: Double, source: Source) -> String {
        let fractionLiteral = "\(fraction)"
        if let aggregate = sql.percentileAggregate {
            return foldedSelect(view, values: values, source: source) {
                aggregate(sql.toDouble($0), fractionLiteral)
            }
        }
        let keys = keyColumns(view, source: source)
        let partition = keys.isEmpty ? "" : "PARTITION BY " + keys.joinedInOneCopy(separator: ", ")
        let value = quoted("measured")
        let rank = quoted("rank")
        let lower = quoted("lower_rank")
        let position = quoted("position")
        let positionExpression = "(COUNT(*) OVER (\(partition)) - 1) * \(fractionLiteral)"
        let ranked = keys + [
            "\(sql.toDouble(value)) AS \(value)",
            "\(brokenRank(knownBroken(view.definition, source: source))) AS \(quoted("broken_rank"))",
            "ROW_NUMBER() OVER (\(partition)\(partition.isEmpty ? "" : " ")ORDER BY \(value)) - 1 AS \(rank)",
            "\(positionExpression) AS \(position)",
            "\(sql.wholePart(positionExpression)) AS \(lower)",
        ]
        let lowerValue = "MAX(CASE WHEN \(rank) = \(lower) THEN \(value) END)"
        // At a whole position there is no upper neighbour to read (or none is needed): the lower value stands.
        let upperValue = "COALESCE(MAX(CASE WHEN \(rank) = \(lower) + 1 THEN \(value) END), \(lowerValue))"
        let interpolated = "\(lowerValue) + (MAX(\(position)) - MAX(\(lower))) * (\(upperValue) - \(lowerValue))"
        let columns = keys + ["\(brokenFromRank("MAX(\(quoted("broken_rank")))")) AS \(quoted("known_broken"))",
                              "\(interpolated) AS \(quoted("value"))"]
        return "SELECT\n    " + columns.joinedInOneCopy(separator: ",\n    ")
            + "\nFROM (\n    SELECT\n        " + ranked.joinedInOneCopy(separator: ",\n        ")
            + "\n    FROM (\n    " + measuredRows(view, values: values, source: source)
            + "\n    ) AS \(quoted("matching"))\n) AS \(quoted("ranked"))" + groupBy(keys.count)
    }

    /// GROUP BY the first `count` columns. A total without groups is one aggregate over all rows, which SQL returns
    /// even when there are none; HAVING drops that row, so no rows means no row, as for every other view.
    private func groupBy(_ count: Int) -> String {
        count == 0 ? "\nHAVING COUNT(*) > 0" : "\nGROUP BY " + ordinals(count)
    }
}
