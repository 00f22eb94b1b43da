import Foundation
@testable import TallyCore
import TallyRunner

/// One statement batch for an engine: the schemas its dotted table names need, its setup, and the query whose
/// rows are compared.
struct EngineJob {
    var schemas: [String]
    var setup: [String]
    var query: String
}

/// A real engine that runs one dialect's SQL. Jobs are isolated from each other (a fresh database, or a
/// transaction rolled back).
protocol SQLEngine {
    /// How failures name the engine.
    var label: String { get }
    /// Whether a value holding \r comes back as it went in (psql's unaligned output cannot carry it).
    var carriesCarriageReturns: Bool { get }
    /// Whether any string works as a JSON member name in a path. Where a translator stands between the SQL and the
    /// engine (sqlglot, fakesnow), names holding quotes or brackets fail it, so there only values are hostile.
    var readsAnyJSONMemberName: Bool { get }
    /// Whether jobs run in this process, cheap enough for tens of thousands of rows (no server, no transpiler).
    var runsInProcess: Bool { get }
    /// Rows per job, in job order, as text (NULL as nil); a failing job does not stop the others.
    func run(_ jobs: [EngineJob]) throws -> [Result<[[String?]], SQLiteDatabase.Failure>]
}

/// The engine each dialect's SQL is proven on. This file and Sources/TallyCore/Dialects/ are the only places that
/// name a dialect: tests iterate `Dialect.allCases` and ask here.
enum EngineRegistry {
    enum Availability {
        case ready(any SQLEngine)
        /// Not set up in this environment (scripts/test sets every engine up and requires them all).
        case missing(String)
    }

    static func engine(for dialect: Dialect) -> Availability {
        switch dialect {
        case .sqlite:
            return .ready(SQLiteEngine())
        case .postgres:
            guard let server = postgresServer else { return .missing("no PostgreSQL: scripts/test starts one") }
            return .ready(server)
        case .bigquery:
            guard let python = EngineEnvironment.python else {
                return .missing("no Python with sqlglot and duckdb: scripts/test makes one")
            }
            return .ready(PythonBatchEngine.bigqueryOnDuckDB(python: python))
        case .duckdb:
            guard let python = EngineEnvironment.python else {
                return .missing("no Python with duckdb: scripts/test makes one")
            }
            return .ready(PythonBatchEngine.duckdb(python: python))
        case .spark:
            guard let python = EngineEnvironment.sparkPython else {
                return .missing("no Python with pyspark (TALLY_SPARK_PYTHON): scripts/test makes one")
            }
            return .ready(SparkEngine.shared(python: python))
        case .snowflake:
            guard let python = EngineEnvironment.snowflakePython else {
                return .missing("no Python with fakesnow (TALLY_SNOWFLAKE_PYTHON): scripts/test makes one")
            }
            return .ready(PythonBatchEngine.fakesnow(python: python))
        }
    }

    /// For a dialect that writes indexes (indexes.sql): the statements that make its engine's planner read an index
    /// wherever one serves (over a table of a few rows it would rather read the table), and the query that lists the
    /// indexes tally made, by name.
    static func indexProbe(for dialect: Dialect) -> (preferIndexes: [String], indexNames: String)? {
        switch dialect {
        case .postgres:
            return (["SET enable_seqscan = off"],
                    "SELECT indexname FROM pg_indexes WHERE indexname LIKE 'tally%' ORDER BY indexname")
        case .sqlite, .bigquery, .duckdb, .spark, .snowflake:
            return nil
        }
    }

    /// The throwaway PostgreSQL server of scripts/test, for tests that need PostgreSQL itself (reference queries
    /// written in its SQL), with the dialect its views are written in.
    static var postgresServer: PostgresEngine? {
        EngineEnvironment.postgres.map { PostgresEngine(host: $0.host, port: $0.port) }
    }

    static let postgresDialect = Dialect.postgres

    /// The dialect dbt runs the reference project's models in for DBTTests (dbt-duckdb, from PyPI).
    static let dbtDialect = Dialect.duckdb

    /// Every dialect's engine, or a reason to skip it; a missing engine fails when scripts/test requires them.
    static func available(_ dialect: Dialect) throws -> (any SQLEngine)? {
        switch engine(for: dialect) {
        case .ready(let engine): return engine
        case .missing(let reason):
            if EngineEnvironment.required { throw SQLiteDatabase.Failure(description: "\(dialect.rawValue): \(reason)") }
            return nil
        }
    }
}

extension SQLiteEngine: SQLEngine {
    var carriesCarriageReturns: Bool { true }
    var readsAnyJSONMemberName: Bool { true }
    var runsInProcess: Bool { true }
}

extension PostgresEngine: SQLEngine {
    /// Each job in its own transaction, rolled back (PostgreSQL has schemas: a job's are created inside it).
    func run(_ jobs: [EngineJob]) throws -> [Result<[[String?]], SQLiteDatabase.Failure>] {
        run(jobs.map { ExampleSQL(tables: $0.setup, views: [], query: $0.query, columns: [], schemas: $0.schemas) })
    }

    var carriesCarriageReturns: Bool { false }
    var readsAnyJSONMemberName: Bool { true }
    var runsInProcess: Bool { false }
}

extension PythonBatchEngine: SQLEngine {
    var carriesCarriageReturns: Bool { true }
    var runsInProcess: Bool { false }
}

extension SparkEngine: SQLEngine {
    var carriesCarriageReturns: Bool { true }
    var readsAnyJSONMemberName: Bool { true }
    var runsInProcess: Bool { false }
}
