/// The dialects tally.yaml can enable, and the type that writes each. Adding a dialect is a case here, its line
/// in `sql`, and its file in this folder.
public enum Dialect: String, CaseIterable, Sendable, Comparable {
    case postgres
    case sqlite
    case bigquery
    case duckdb
    case spark
    case snowflake

    /// The SQL this dialect is written in.
    var sql: any SQLDialect {
        switch self {
        case .postgres: PostgresDialect()
        case .sqlite: SQLiteDialect()
        case .bigquery: BigQueryDialect()
        case .duckdb: DuckDBDialect()
        case .spark: SparkDialect()
        case .snowflake: SnowflakeDialect()
        }
    }

    /// The dbt adapters (`target.type`) that run this dialect's SQL.
    public var dbtAdapters: [String] {
        switch self {
        case .postgres: ["postgres"]
        case .sqlite: ["sqlite"]
        case .bigquery: ["bigquery"]
        case .duckdb: ["duckdb"]
        case .spark: ["spark", "databricks"]
        case .snowflake: ["snowflake"]
        }
    }

    /// The dialect of the engine linked into tally, which `tally test` and `tally run` use without a server.
    public static let embedded = Dialect.sqlite

    /// The file extensions of the embedded engine's database files, which tally run reads a source's table from.
    public static let embeddedDatabaseExtensions = ["sqlite", "sqlite3", "db"]

    /// The dialect of the servers tally reaches through psql.
    public static let psql = Dialect.postgres

    /// The dialect of a server a connection URL names (`tally test --engine`), nil for one tally cannot reach.
    public static func ofServer(url: String) -> Dialect? {
        url.hasPrefix("postgres://") || url.hasPrefix("postgresql://") ? psql : nil
    }

    public static func < (lhs: Dialect, rhs: Dialect) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
