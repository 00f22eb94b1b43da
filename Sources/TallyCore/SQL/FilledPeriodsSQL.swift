/// `fill: zero` and `fill: null`: every period of the calendar appears for every group the view has, with 0 or
/// NULL where it has no rows, so charts show the gap instead of drawing a line across it.
extension ViewBuilder {
    func filledSelect(_ body: String, view: CheckedView, fill: Fill, grain: Grain) -> String {
        let unfilled = quoted("unfilled")
        let periods = quoted("periods")
        let groupsTable = quoted("groups")
        let period = quoted("period_start")
        let series: String
        if case .source(let source, let timestamp?) = view.reads {
            series = sourcePeriods(view, source: source, timestamp: timestamp, grain: grain)
        } else {
            // Derived views read no table of their own: their calendar runs from their first period to their last.
            series = sql.periodSeries(from: "(SELECT MIN(\(period)) FROM \(unfilled))",
                                      through: "(SELECT MAX(\(period)) FROM \(unfilled))", grain: grain)
        }
        let groups = view.groupColumns.map(quoted)
        var parts = ["\(unfilled) AS (\n" + body + "\n)", "\(periods) AS (\n    " + series + "\n)"]
        if !groups.isEmpty {
            parts.append("\(groupsTable) AS (\n    SELECT DISTINCT " + groups.joinedInOneCopy(separator: ", ") + " FROM \(unfilled)\n)")
        }
        let filled = ["\(periods).\(period)"] + groups.map { "\(groupsTable).\($0)" }
            + [sql.nullBoolean, fill == .zero ? "0" : "NULL"]
        let missing = ["\(unfilled).\(period) = \(periods).\(period)"]
            + groups.map { sql.nullSafeEquals("\(unfilled).\($0)", "\(groupsTable).\($0)") }
        return "WITH " + parts.joinedInOneCopy(separator: ",\n")
            + "\nSELECT " + view.shape.map { quoted($0.name) }.joinedInOneCopy(separator: ", ") + " FROM \(unfilled)"
            + "\nUNION ALL\nSELECT " + filled.joinedInOneCopy(separator: ", ")
            + "\nFROM \(periods)" + (groups.isEmpty ? "" : " CROSS JOIN \(groupsTable)")
            + "\nWHERE NOT EXISTS (\n    SELECT 1 FROM \(unfilled)\n    WHERE " + missing.joinedInOneCopy(separator: "\n      AND ")
            + "\n)"
    }

    /// A total without groups is one number: filled, it has its one row even when nothing matched (0 dashboards),
    /// as a plain COUNT(*) would.
    func filledTotal(_ body: String, view: CheckedView, fill: Fill) -> String {
        let unfilled = quoted("unfilled")
        return "WITH \(unfilled) AS (\n" + body + "\n)"
            + "\nSELECT " + view.shape.map { quoted($0.name) }.joinedInOneCopy(separator: ", ") + " FROM \(unfilled)"
            + "\nUNION ALL\nSELECT \(sql.nullBoolean), \(fill == .zero ? "0" : "NULL")"
            + "\nFROM (SELECT 1 AS \(quoted("one"))) AS \(quoted("one_row"))"
            + "\nWHERE NOT EXISTS (SELECT 1 FROM \(unfilled))"
    }
}
