import CSQLite

/// An in-memory SQLite database through the system libsqlite3: the embedded default engine.
final class SQLiteDatabase {
    private var handle: OpaquePointer?

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    init() throws {
        guard sqlite3_open(":memory:", &handle) == SQLITE_OK else { throw Failure(description: "cannot open SQLite") }
    }

    deinit { sqlite3_close(handle) }

    func execute(_ sql: String) throws {
        var message: UnsafeMutablePointer<CChar>?
        guard sqlite3_exec(handle, sql, nil, nil, &message) == SQLITE_OK else {
            let text = message.map { String(cString: $0) } ?? "unknown error"
            sqlite3_free(message)
            throw Failure(description: "\(text)\nin: \(sql)")
        }
    }

    /// Every cell as text, NULL as nil.
    func query(_ sql: String) throws -> [[String?]] {
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(handle, sql, -1, &statement, nil) == SQLITE_OK else {
            throw Failure(description: String(cString: sqlite3_errmsg(handle)) + "\nin: \(sql)")
        }
        defer { sqlite3_finalize(statement) }
        var rows: [[String?]] = []
        while true {
            let step = sqlite3_step(statement)
            if step == SQLITE_DONE { break }
            guard step == SQLITE_ROW else {
                throw Failure(description: String(cString: sqlite3_errmsg(handle)) + "\nin: \(sql)")
            }
            let count = sqlite3_column_count(statement)
            rows.append((0..<count).map { index in
                sqlite3_column_type(statement, index) == SQLITE_NULL
                    ? nil : String(cString: sqlite3_column_text(statement, index))
            })
        }
        return rows
    }
}

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
