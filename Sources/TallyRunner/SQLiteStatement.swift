import CSQLite

/// A value as SQLite stores it: what a loaded cell becomes once checked against its column's type.
public enum SQLiteValue: Equatable, Sendable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
}

/// SQLite copies bound text at once, so a reused buffer can change after binding.
private let transientDestructor = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

/// A prepared statement run many times with new values, as a bulk load needs: parsing the INSERT once per file
/// instead of once per row.
public final class SQLiteStatement {
    private let statement: OpaquePointer
    private let database: OpaquePointer
    /// Keeps the database open while the statement lives: a statement must be finalized before its database closes.
    private let owner: SQLiteDatabase

    init(owner: SQLiteDatabase, database: OpaquePointer, sql: String) throws {
        var prepared: OpaquePointer?
        guard sqlite3_prepare_v2(database, sql, -1, &prepared, nil) == SQLITE_OK, let prepared else {
            throw SQLiteDatabase.Failure(description: String(cString: sqlite3_errmsg(database)) + "\nin: \(sql)")
        }
        self.statement = prepared
        self.database = database
        self.owner = owner
    }

    deinit { sqlite3_finalize(statement) }

    /// Binds `values` to the parameters in order, runs the statement once and resets it for the next values.
    public func run(_ values: [SQLiteValue]) throws {
        defer {
            sqlite3_reset(statement)
            sqlite3_clear_bindings(statement)
        }
        for (offset, value) in values.enumerated() {
            let index = Int32(offset + 1)
            let status: Int32
            switch value {
            case .null: status = sqlite3_bind_null(statement, index)
            case .integer(let number): status = sqlite3_bind_int64(statement, index, number)
            case .real(let number): status = sqlite3_bind_double(statement, index, number)
            case .text(let text): status = sqlite3_bind_text(statement, index, text, -1, transientDestructor)
            }
            guard status == SQLITE_OK else { throw failure() }
        }
        guard sqlite3_step(statement) == SQLITE_DONE else { throw failure() }
    }

    private func failure() -> SQLiteDatabase.Failure {
        SQLiteDatabase.Failure(description: String(cString: sqlite3_errmsg(database)))
    }
}
