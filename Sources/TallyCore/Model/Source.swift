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
    public var fields: [(name: Located<String>, classification: Located<Classification>)]
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
    public var eventName: Located<String>?
    public var version: Located<String>?
    public var userID: Located<String>?
    public var anonymousID: Located<String>?
    public var columns: [Column]

    public func column(_ name: String) -> Column? { columns.first { $0.name.value == name } }

    public func table(for dialect: Dialect) -> String { tables[dialect] ?? defaultTable }
}
