import Foundation
import TallyCore

/// Loads one source's rows from a file into its table, by the source's declared columns, one prepared INSERT per
/// row inside one transaction, streaming: the file is never in memory whole. Rows that do not fit are left out
/// and named (BadRows); the caller decides whether that fails the run.
public final class TableLoader {
    private let database: SQLiteDatabase
    private let sql: RunnableSQL
    private let progress: ((String) -> Void)?
    private let terminal: Bool
    private var createdTables: Set<String> = []

    /// What loading one file did.
    public struct Loaded: Sendable {
        public var source: String
        public var path: String
        public var rows = 0
        public var bad = BadRows()
        /// Columns of the file the source does not declare, which were not loaded.
        public var warnings: [String] = []
    }

    /// A file that cannot be loaded at all (unreadable, no header, no such table).
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// `progress` receives progress lines (for stderr) when a load takes more than a few seconds; `terminal` says
    /// whether they may be rewritten in place.
    public init(database: SQLiteDatabase, sql: RunnableSQL, terminal: Bool = false,
                progress: ((String) -> Void)? = nil) {
        self.database = database
        self.sql = sql
        self.terminal = terminal
        self.progress = progress
    }

    /// Creates the source's table (once per source) and loads the file's rows into it.
    public func load(_ argument: DataSourceArgument, into source: Source) throws -> Loaded {
        try createTable(source)
        let columns = source.columns
        let insert = try database.prepare(
            "INSERT INTO \(sql.table(source.table(for: sql.dialect))) ("
                + columns.map { sql.identifier($0.name.value) }.joined(separator: ", ") + ") VALUES ("
                + Array(repeating: "?", count: columns.count).joined(separator: ", ") + ")")
        let run = Run(shaper: RowShaper(source: source), insert: insert,
                      loaded: Loaded(source: source.name, path: argument.path),
                      meter: progress.map { LoadProgress(label: argument.path, terminal: terminal, write: $0) })
        try database.execute("BEGIN")
        do {
            switch argument.format {
            case .csv: try loadCSV(argument.path, run)
            case .jsonLines: try loadJSONLines(argument.path, run)
            case .embeddedDatabase: try loadDatabase(argument.path, run)
            }
            try database.execute("COMMIT")
        } catch {
            try? database.execute("ROLLBACK")
            throw error
        }
        run.meter?.finish(rows: run.loaded.rows)
        return run.loaded
    }

    /// One file's load under way: where rows go and what has been counted.
    private final class Run {
        let shaper: RowShaper
        let insert: SQLiteStatement
        var loaded: Loaded
        let meter: LoadProgress?

        init(shaper: RowShaper, insert: SQLiteStatement, loaded: Loaded, meter: LoadProgress?) {
            self.shaper = shaper
            self.insert = insert
            self.loaded = loaded
            self.meter = meter
        }

        func reject(_ location: String, column: String?, _ reason: String) {
            loaded.bad.record(.init(location: location, column: column, reason: reason))
        }

        /// Inserts a shaped row, or records why it cannot be.
        func accept(_ shaped: Result<[SQLiteValue], RowProblem>, at location: () -> String) throws {
            switch shaped {
            case .success(let values):
                if let problem = shaper.problem(in: values) {
                    reject(location(), column: problem.column, problem.reason)
                } else {
                    try insert.run(values)
                    loaded.rows += 1
                }
            case .failure(let problem):
                reject(location(), column: problem.column, problem.reason)
            }
        }
    }

    private func createTable(_ source: Source) throws {
        let table = source.table(for: sql.dialect)
        guard createdTables.insert(table).inserted else { return }
        // SQLite has schemas only as attached databases: a dotted table name needs one by that name.
        if let dot = table.firstIndex(of: ".") {
            let schema = String(table[..<dot])
            let attached = try database.query("PRAGMA database_list").contains { $0.count > 1 && $0[1] == schema }
            if !attached { try database.execute("ATTACH DATABASE ':memory:' AS \(sql.identifier(schema))") }
        }
        try database.execute(sql.createTable(source))
    }

    private func loadCSV(_ path: String, _ run: Run) throws {
        let reader: CSVReader
        do { reader = try CSVReader(path: path) } catch { throw Failure(description: error.description) }
        guard let header = try reader.next(measuringColumns: true) else {
            throw Failure(description: "\(path):1:1: the file is empty; a CSV needs a header row naming its columns")
        }
        if let problem = header.problem { throw Failure(description: "\(path):1:1: the header row is malformed: \(problem)") }
        let mapping = try run.shaper.mapping(for: header.fields) { field, message in
            "\(path):1:\(header.columns[field]): \(message)"
        }
        run.loaded.warnings += mapping.warnings
        var counter = 0
        while let record = try reader.next() {
            counter += 1
            if counter & 0x1FFF == 0 { run.meter?.update(bytes: reader.bytesRead, of: reader.size, rows: run.loaded.rows) }
            // Spelled out only for a row that is rejected: building it for every row cost a string per row.
            let location = { "\(path):\(record.line)" }
            if let problem = record.problem {
                run.reject(location(), column: nil, "malformed CSV: \(problem)")
            } else if record.fields.count != header.fields.count {
                run.reject(location(), column: nil, "\(record.fields.count) fields, but the header has \(header.fields.count)")
            } else if let field = record.notUTF8.first(where: { mapping.fieldColumns[$0] != nil }) {
                // A column that is not loaded may hold anything.
                run.reject(location(), column: header.fields[field], "not valid UTF-8; save the file as UTF-8")
            } else {
                try run.accept(run.shaper.values(csv: record.fields, mapping: mapping), at: location)
            }
        }
    }

    private func loadJSONLines(_ path: String, _ run: Run) throws {
        let reader: LineReader
        do { reader = try LineReader(path: path) } catch { throw Failure(description: error.description) }
        var warned: Set<String> = []
        while let line = try reader.next() {
            if line.number & 0x1FFF == 0 { run.meter?.update(bytes: reader.bytesRead, of: reader.size, rows: run.loaded.rows) }
            let location = { "\(path):\(line.number)" }
            guard let text = line.text else {
                run.reject(location(), column: nil, "the line is not valid UTF-8; save the file as UTF-8")
                continue
            }
            if text.utf8.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
            let members: [(key: String, value: JSONScanner.Value)]
            do {
                members = try JSONScanner.members(of: text)
            } catch {
                run.reject(location(), column: nil, "malformed JSON: \(error.reason)")
                continue
            }
            for member in members where !run.shaper.declares(member.key) && warned.insert(member.key).inserted
            && warned.count <= RowShaper.undeclaredShown {
                run.loaded.warnings.append("\(location()): warning: " + run.shaper.undeclared(member.key))
            }
            try run.accept(run.shaper.values(json: members), at: location)
        }
        // Keys past the first ten are told in one line, as a CSV's columns are.
        if warned.count > RowShaper.undeclaredShown {
            run.loaded.warnings.append("\(path): warning: "
                                       + run.shaper.moreUndeclared(warned.count - RowShaper.undeclaredShown, noun: "keys"))
        }
    }

    private func loadDatabase(_ path: String, _ run: Run) throws {
        let source = run.shaper.source
        guard FileManager.default.fileExists(atPath: path) else {
            throw Failure(description: "\(path): no such file")
        }
        let input: SQLiteDatabase
        let tables: [String]
        do {
            input = try SQLiteDatabase(path: path, readOnly: true)
            tables = try input.query("SELECT name FROM sqlite_master WHERE type IN ('table', 'view') ORDER BY name")
                .compactMap { $0.first ?? nil }
        } catch {
            // SQLite's reason ("file is not a database"), without the query tally asked it.
            let reason = "\(error)".split(separator: "\n").first.map(String.init) ?? "\(error)"
            throw Failure(description: "\(path): not a readable SQLite database: \(reason)")
        }
        let wanted = source.table(for: sql.dialect)
        // A dotted name is a schema on other engines; in a file of its own the table goes by its last part.
        let candidates = [wanted, String(wanted.split(separator: ".").last ?? Substring(wanted))]
        guard let table = candidates.first(where: tables.contains) else {
            throw Failure(description: "\(path): no table \(wanted) (source \(source.name)); it has "
                          + (tables.isEmpty ? "no tables" : tables.joined(separator: ", "))
                          + DidYouMean.clause(for: wanted, among: tables))
        }
        let present = try input.query("SELECT name FROM pragma_table_info(\(StandardSQL.literal(table)))")
            .compactMap { $0.first ?? nil }
        let mapping = try run.shaper.mapping(for: present) { _, message in "\(path): table \(table): \(message)" }
        run.loaded.warnings += mapping.warnings
        let columns = mapping.fieldColumns.compactMap { $0 }
        guard !columns.isEmpty else {
            throw Failure(description: "\(path): table \(table) has none of the columns source \(source.name) declares")
        }
        let names = columns.map { source.columns[$0].name.value }
        var number = 0
        try input.query("SELECT " + names.map(StandardSQL.identifier).joined(separator: ", ") + " FROM "
                        + StandardSQL.identifier(table)) { cells in
            number += 1
            try run.accept(run.shaper.values(cells: cells, columns: columns)) { "\(path): table \(table), row \(number)" }
        }
    }
}

