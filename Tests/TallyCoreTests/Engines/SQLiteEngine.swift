import TallyRunner

/// The embedded engine: each job in a fresh in-memory database.
struct SQLiteEngine {
    var label: String { "SQLite" }

    func run(_ jobs: [EngineJob]) throws -> [Result<[[String?]], SQLiteDatabase.Failure>] {
        jobs.map { job in
            Result {
                let database = try SQLiteDatabase()
                for statement in job.setup { try database.execute(statement) }
                return try database.query(job.query)
            }.mapError { $0 as? SQLiteDatabase.Failure ?? SQLiteDatabase.Failure(description: "\($0)") }
        }
    }
}
