import TallyCore

/// What a change does to one definition's numbers on the same data: the rows, keyed by every column that is not a
/// value (period, groups, known_broken), whose values differ between the base ref and the working tree.
public struct ValueDiff: Sendable {
    public struct Change: Sendable, Equatable {
        /// The row's key cells, in `keyColumns` order.
        public var key: [String?]
        /// The value column, when the view has more than one.
        public var column: String
        public var old: String?
        public var new: String?
        /// Whether the row exists on each side at all (a missing row differs from a NULL value).
        public var inOld: Bool
        public var inNew: Bool

        /// new − old, when both are numbers.
        public var delta: Double? {
            guard let old = old.flatMap(Double.init), let new = new.flatMap(Double.init) else { return nil }
            return new - old
        }
    }

    public var id: String
    public var title: String
    public var keyColumns: [String]
    public var valueColumns: [String]
    /// Each value column's type, for a person's table to show its values (RunResult.readable).
    public var valueTypes: [String: ColumnType] = [:]
    public var changes: [Change]
    /// How many rows (keys) either side has, to say how many of them changed.
    public var rowCount: Int
    /// Set when the two views do not have the same columns: their rows cannot be matched.
    public var columnsChanged: (old: [String], new: [String])?

    public init(old: RunResult, new: RunResult) {
        id = new.id
        title = new.title
        let columns = ViewColumns(new.columns)
        keyColumns = columns.key
        valueColumns = columns.values
        valueTypes = Dictionary(zip(new.columns, new.types).compactMap { name, type in type.map { (name, $0) } },
                                uniquingKeysWith: { first, _ in first })
        changes = []
        rowCount = 0
        guard old.columns == new.columns else {
            columnsChanged = (old.columns, new.columns)
            return
        }
        let keyIndexes = keyColumns.compactMap(new.index)
        let valueIndexes = valueColumns.compactMap(new.index)
        func keyed(_ result: RunResult) -> [[String?]: [String?]] {
            var rows: [[String?]: [String?]] = [:]
            for row in result.rows { rows[keyIndexes.map { row[$0] }] = valueIndexes.map { row[$0] } }
            return rows
        }
        let before = keyed(old)
        let after = keyed(new)
        let keys = Set(before.keys).union(after.keys).sorted { Self.precedes($0, $1) }
        rowCount = keys.count
        for key in keys {
            let oldValues = before[key]
            let newValues = after[key]
            for (index, column) in valueColumns.enumerated() {
                let old = oldValues?[index] ?? nil
                let new = newValues?[index] ?? nil
                guard oldValues == nil || newValues == nil || !Self.same(old, new) else { continue }
                changes.append(Change(key: key, column: column, old: old, new: new, inOld: oldValues != nil,
                                      inNew: newValues != nil))
            }
        }
    }

    /// Equal as text, or as numbers to 1e-9 relative: engines print the same double in different ways.
    static func same(_ old: String?, _ new: String?) -> Bool {
        if old == new { return true }
        guard let old = old.flatMap(Double.init), let new = new.flatMap(Double.init) else { return false }
        return abs(old - new) <= 1e-9 * max(1, abs(old), abs(new))
    }

    /// Keys in column order, NULL first: periods in time order (dates sort as text), then groups.
    static func precedes(_ left: [String?], _ right: [String?]) -> Bool {
        for (a, b) in zip(left, right) where a != b {
            guard let a else { return true }
            guard let b else { return false }
            return a < b
        }
        return false
    }
}
