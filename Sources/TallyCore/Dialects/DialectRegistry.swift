/// The dialects tally.yaml can enable, and the type that writes each. Adding a dialect is a case here, its line
/// in `sql`, and its file in this folder.
public enum Dialect: String, CaseIterable, Sendable, Comparable {
    case postgres
    case sqlite
    case bigquery

    /// The SQL this dialect is written in.
    var sql: any SQLDialect {
        switch self {
        case .postgres: PostgresDialect()
        case .sqlite: SQLiteDialect()
        case .bigquery: BigQueryDialect()
        }
    }

    /// The engine tally runs definitions on itself (tally run, tally diff --data): embedded, in-process, no server.
    public static let embedded = Dialect.sqlite

    /// The file extensions of the embedded engine's database files, which tally run reads a source's table from.
    public static let embeddedDatabaseExtensions = ["sqlite", "sqlite3", "db"]

    public static func < (lhs: Dialect, rhs: Dialect) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
