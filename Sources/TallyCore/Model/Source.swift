public enum ColumnType: String, CaseIterable, Sendable {
    case text, integer, float, boolean, timestamp, date, json
}

/// Data classification per the event-level data policy: definitions may read public and pseudonymous data only.
public enum Classification: String, CaseIterable, Sendable {
    case `public`, pseudonymous, `private`, restricted

    public var isReadable: Bool { self == .public || self == .pseudonymous }
}

public struct Column: Sendable {
    public var name: Located<String>
    public var type: Located<ColumnType>
    public var classification: Located<Classification>
    public var description: String?
    public var defaultValue: Located<ExampleValue>?
    /// JSON fields a definition may name, for json columns; empty means none are declared.
    public var fields: [JSONField]

    public func field(_ name: String) -> JSONField? { fields.first { $0.name.value == name } }

    /// The type of the column's values, or of the values of a JSON field of it (text when undeclared).
    public func valueType(at jsonPath: [String]) -> ColumnType {
        guard let fieldName = jsonPath.first else { return type.value }
        guard type.value == .json, jsonPath.count == 1 else { return .text }
        return field(fieldName)?.valueType ?? .text
    }
}

/// A declared field of a json column: who may read it, and what its values are.
public struct JSONField: Sendable {
    /// The types a JSON field may declare: it is read as text, and as a number where it is one.
    public static let types: [ColumnType] = [.text, .integer, .float]

    public var name: Located<String>
    public var classification: Located<Classification>
    /// text unless declared; integer and float fields can be summed, averaged and compared as numbers.
    public var type: Located<ColumnType>?

    public var valueType: ColumnType { type?.value ?? .text }
}

/// A source whose rows are states, not happenings: one row per entity (a subscription, a license seat) per day,
/// its timestamp the day the state was taken. Adding up its days counts each entity once a day, so measures over
/// it say how a period reads its days (`Measure.Events.snapshot`).
public struct SourceSnapshot: Sendable {
    /// The `snapshot` mapping.
    public var span: SourceSpan
    /// The columns that name one entity; a day has at most one row per entity.
    public var entity: [Located<String>]
}

/// A table definitions read.
public struct Source: Sendable {
    public var name: String
    public var file: String
    public var span: SourceSpan
    /// The physical table per dialect; a dialect not listed uses `defaultTable`.
    public var tables: [Dialect: String]
    public var defaultTable: String
    public var description: String
    public var timestamp: Located<String>?
    /// Where the days of definitions over this source begin and end, unless a measure says otherwise; nil is UTC.
    public var timeZone: Located<TimeZoneName>?
    public var eventName: Located<String>?
    public var version: Located<String>?
    public var userID: Located<String>?
    public var anonymousID: Located<String>?
    /// Set when the source holds one row per entity per day (`snapshot: {entity: ...}`).
    public var snapshot: SourceSnapshot?
    public var columns: [Column]
    /// The columns that identify a row (`key`), which a join's `on` must cover; empty when none is declared.
    public var key: [Located<String>]
    /// Many-to-one lookups, in the order written.
    public var joins: [SourceJoin]
    /// Computed columns, in the order written.
    public var dimensions: [Dimension]
    /// The event names the source is known to log (`known_events`), when it declares them: definitions naming
    /// another event, or a glob matching none of them, are warned about. Empty: no registry, no warning.
    public var knownEvents: [Located<String>] = []
    /// A date column holding each row's UTC day of `timestamp`, by which the table is partitioned (Spark, Hive,
    /// BigQuery) or clustered: views over UTC days take their periods from it, so an engine filtering a view on
    /// period_start reads only the partitions of those days.
    public var partitionDate: Located<String>? = nil

    public func column(_ name: String) -> Column? { columns.first { $0.name.value == name } }

    /// The type of a field's values: a column's, a declared JSON field's (text when undeclared), a joined column's;
    /// nil when unknown.
    public func valueType(of path: FieldPath) -> ColumnType? {
        guard let field = lookup(path) else { return nil }
        switch field {
        case .column(let column, let jsonPath), .joined(_, let column, let jsonPath):
            return column.valueType(at: jsonPath)
        case .dimension(let dimension): return dimension.type
        }
    }

    public func table(for dialect: Dialect) -> String { tables[dialect] ?? defaultTable }
}
