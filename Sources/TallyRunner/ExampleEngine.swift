import Foundation
import TallyCore

/// Where `tally test` runs examples: each example in isolation (a fresh database, or a transaction rolled back),
/// in the engine's dialect.
public protocol ExampleEngine: Sendable {
    /// How reports name the engine.
    var label: String { get }
    var dialect: Dialect { get }
    /// Rows per example, in order, as text (NULL as nil); a failing example does not stop the others.
    func run(_ examples: [ExampleSQL]) -> [Result<[[String?]], SQLiteDatabase.Failure>]
    /// Throws when the engine cannot be reached at all: said once, before any example, rather than once per example.
    func connect() throws
}

extension ExampleEngine {
    public func connect() throws {}
}

/// Embedded SQLite, in this process: each example in a fresh in-memory database, both cores busy.
public struct EmbeddedSQLite: ExampleEngine {
    public init() {}

    public var label: String { "SQLite" }
    public var dialect: Dialect { .embedded }

    public func run(_ examples: [ExampleSQL]) -> [Result<[[String?]], SQLiteDatabase.Failure>] {
        parallelMap(examples) { example in
            Result {
                let database = try SQLiteDatabase()
                for statement in example.setup { try database.execute(statement) }
                return try database.query(example.query)
            }.mapError { $0 as? SQLiteDatabase.Failure ?? SQLiteDatabase.Failure(description: "\($0)") }
        }
    }
}
