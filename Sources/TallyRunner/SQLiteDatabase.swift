import CSQLite

/// An SQLite database through the system libsqlite3, in memory unless given a file: the embedded engine that
/// `tally test` and `tally run` use.
public final class SQLiteDatabase {
    private var handle: OpaquePointer?

    public struct Failure: Error, CustomStringConvertible {
        public var description: String

        public init(description: String) {
            self.description = description
        }
    }

    /// Done once, before the first connection: see tally_sqlite_disable_memory_statistics.
    private static let configured: Void = { _ = tally_sqlite_disable_memory_statistics() }()

    public init(path: String = ":memory:", readOnly: Bool = false) throws {
        _ = Self.configured
        // Each connection is used by one thread at a time, so SQLite's per-connection mutex is not needed.
        let flags = (readOnly ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE)) | SQLITE_OPEN_NOMUTEX
        guard sqlite3_open_v2(path, &handle, flags, nil) == SQLITE_OK else {
            let message = handle.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            sqlite3_close(handle)
            handle = nil
            throw Failure(description: "cannot open SQLite database \(path): \(message)")
        }
    }

    deinit { sqlite3_close(handle) }

    public func execute(_ sql: String) throws {
        var message: UnsafeMutablePointer<CChar>?
        guard sqlite3_exec(handle, sql, nil, nil, &message) == SQLITE_OK else {
            let text = message.map { String(cString: $0) } ?? "unknown error"
            sqlite3_free(message)
            throw Failure(description: "\(text)\nin: \(sql)")
        }
    }

    /// A statement to run many times with new values (see SQLiteStatement).
    public func prepare(_ sql: String) throws -> SQLiteStatement {
        guard let handle else { throw Failure(description: "the database is closed") }
        return try SQLiteStatement(owner: self, database: handle, sql: sql)
    }

    /// Every cell as text, NULL as nil.
    public func query(_ sql: String) throws -> [[String?]] {
        var rows: [[String?]] = []
        try query(sql) { rows.append($0) }
        return rows
    }

    /// Each row's cells as text (NULL as nil), one row at a time, so a large result never sits in memory whole.
    public func query(_ sql: String, row: ([String?]) throws -> Void) throws {
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(handle, sql, -1, &statement, nil) == SQLITE_OK else {
            throw Failure(description: String(cString: sqlite3_errmsg(handle)) + "\nin: \(sql)")
        }
        defer { sqlite3_finalize(statement) }
        while true {
            let step = sqlite3_step(statement)
            if step == SQLITE_DONE { break }
            guard step == SQLITE_ROW else {
                throw Failure(description: String(cString: sqlite3_errmsg(handle)) + "\nin: \(sql)")
            }
            let count = sqlite3_column_count(statement)
            try row((0..<count).map { index in
                switch sqlite3_column_type(statement, index) {
                case SQLITE_NULL: return nil
                // SQLite's own text of a double keeps 15 digits: 1.7976931348623157e308 came back as a number
                // that overflows to infinity, and 0.5555555555555556 as 0.555555555555556. Swift's shortest form
                // reads back to the same double, as PostgreSQL and DuckDB print it.
                case SQLITE_FLOAT: return "\(sqlite3_column_double(statement, index))"
                default:
                    // By length, not up to the first NUL: a JSON value holding \u0000 is a string with a NUL in it.
                    guard let text = sqlite3_column_text(statement, index) else { return "" }
                    return String(decoding: UnsafeBufferPointer(start: text, count: Int(sqlite3_column_bytes(statement, index))),
                                  as: UTF8.self)
                }
            })
        }
    }

    /// The names of a query's result columns, in order.
    public func columnNames(of sql: String) throws -> [String] {
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(handle, sql, -1, &statement, nil) == SQLITE_OK else {
            throw Failure(description: String(cString: sqlite3_errmsg(handle)) + "\nin: \(sql)")
        }
        defer { sqlite3_finalize(statement) }
        return (0..<sqlite3_column_count(statement)).map { String(cString: sqlite3_column_name(statement, $0)) }
    }
}
