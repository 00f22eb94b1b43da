/// A definition's rows at the base ref and in the working tree as one result, told apart by a first series
/// column, so that one chart draws both: a line per side (and per group).
public enum ComparisonRows {
    public static func merge(old: RunResult, new: RunResult, base: String) -> RunResult {
        let side = new.columns.contains("version") ? "tally_version" : "version"
        // The period stays first; the side column comes right after it, so it leads each line's label.
        let periodIndex = new.columns.firstIndex(of: "period_start")
        func withSide(_ row: [String?], _ label: String) -> [String?] {
            var row = row
            row.insert(label, at: periodIndex.map { $0 + 1 } ?? 0)
            return row
        }
        var columns = new.columns
        var types = new.types
        columns.insert(side, at: periodIndex.map { $0 + 1 } ?? 0)
        types.insert(.text, at: periodIndex.map { $0 + 1 } ?? 0)
        let rows = old.rows.map { withSide($0, base) } + new.rows.map { withSide($0, "working tree") }
        return RunResult(id: new.id, title: new.title + " (\(base) and working tree)", columns: columns, types: types,
                         rows: rows)
    }
}
