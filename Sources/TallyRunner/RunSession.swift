import TallyCore

/// One project's definitions run on loaded data: a temporary SQLite database holding a table per source given, and
/// the views of the definitions asked for.
public final class RunSession {
    public let catalog: CheckedCatalog
    public let database: SQLiteDatabase
    private let sql: RunnableSQL
    private let loader: TableLoader
    private var createdViews: Set<String> = []

    /// A definition reads a source no --data gives: running it on an empty table would print wrong numbers.
    public struct MissingData: Error, CustomStringConvertible {
        public var definition: String
        public var sources: [String]

        public var description: String {
            "\(definition) reads " + (sources.count == 1 ? "source \(sources[0])" : "sources " + sources.joined(separator: ", "))
                + ", which no --data gives; add " + sources.map { "--data \($0)=PATH" }.joined(separator: " ")
        }
    }

    public init(catalog: CheckedCatalog, terminal: Bool = false, progress: ((String) -> Void)? = nil) throws {
        self.catalog = catalog
        // A temporary database on disk (SQLite's empty path), not in memory: a file larger than memory still loads,
        // its pages spilling to disk beyond the cache. Nothing needs to survive a crash, so no journal and no syncs.
        database = try SQLiteDatabase(path: "")
        try database.execute("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA cache_size = -65536; "
                             + "PRAGMA temp_store = FILE")
        sql = RunnableSQL(catalog: catalog, dialect: .embedded)
        loader = TableLoader(database: database, sql: sql, terminal: terminal, progress: progress)
    }

    /// The first view that `view` needs (itself or an input) with no SQL for the embedded engine: an sql measure
    /// without a query in its dialect.
    public static func withoutEmbeddedQuery(_ view: CheckedView) -> CheckedView? {
        view.withInputs.first { !$0.hasSQL(in: .embedded) }
    }

    /// The sources the views read, in first-read order.
    public func sourcesRead(by views: [CheckedView]) -> [String] {
        var names: [String] = []
        for view in views {
            for name in catalog.catalog.sourcesRead(by: view.definition) where !names.contains(name) { names.append(name) }
        }
        return names
    }

    /// Throws MissingData for the first view that reads a source `data` does not give.
    public func requireData(_ data: [DataSourceArgument], for views: [CheckedView]) throws {
        let given = Set(data.map(\.source))
        for view in views {
            let missing = catalog.catalog.sourcesRead(by: view.definition).filter { !given.contains($0) }
            if !missing.isEmpty { throw MissingData(definition: view.id, sources: missing) }
        }
    }

    /// Loads one file into its source's table (several files for one source add up).
    public func load(_ argument: DataSourceArgument) throws -> TableLoader.Loaded {
        guard let source = catalog.catalog.sources[argument.source] else {
            throw TableLoader.Failure(description: "no source \(argument.source)")
        }
        return try loader.load(argument, into: source)
    }

    /// The view's rows, periods filtered, in order of every column.
    public func run(_ view: CheckedView, periods: PeriodFilter = .everything) throws -> RunResult {
        for needed in view.withInputs where createdViews.insert(needed.id).inserted {
            try database.execute(sql.createView(needed))
        }
        let columns = view.shape.map(\.name)
        let groupTypes = catalog.catalog.groupColumnTypes(of: view.definition)
        let types = view.shape.map { $0.type ?? groupTypes[$0.name] }
        var query = "SELECT " + columns.map(sql.identifier).joined(separator: ", ") + " FROM " + sql.identifier(view.id)
        if let period = try periods.column(in: view) {
            let conditions = [periods.from.map { "\(sql.identifier(period)) >= '\($0)'" },
                              periods.to.map { "\(sql.identifier(period)) <= '\($0)'" }].compactMap { $0 }
            query += " WHERE " + conditions.joined(separator: " AND ")
        }
        query += " ORDER BY " + (1...max(1, columns.count)).map(String.init).joined(separator: ", ")
        var rows: [[String?]] = []
        var infinite = false
        do {
            try database.query(query) { cells in
                // SQLite's floats do not refuse to overflow as its integers do: a sum past a double's range comes out
                // as Inf, which was printed as a value ("inf", a string in JSON) with exit status 0.
                infinite = infinite || zip(cells, types).contains { cell, type in
                    (type == .float || type == .integer) && cell.flatMap(Double.init).map { !$0.isFinite } == true
                }
                rows.append(zip(cells, types).map { RunResult.display($0, type: $1) })
            }
        } catch let failure as SQLiteDatabase.Failure where failure.description.hasPrefix("integer overflow") {
            // SQLite's integers are 64-bit and its SUM refuses to wrap: say so, not the query.
            throw SQLiteDatabase.Failure(description: "\(view.id): a value passed SQLite's 64-bit integers (about "
                                         + "9.2e18) while computing it (integer overflow); its data cannot be summed on SQLite")
        }
        if infinite {
            throw SQLiteDatabase.Failure(description: "\(view.id): a value passed a float's range (about ±1.8e308) while "
                                         + "computing it (it came out infinite); its data cannot be computed on SQLite")
        }
        return RunResult(id: view.id, title: view.definition.title.value, columns: columns, types: types, rows: rows)
    }
}
