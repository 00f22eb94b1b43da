import Foundation
import Testing
@testable import TallyCore
@testable import TallyRunner

/// `tally run`'s loading and views against the generated PostgreSQL views: the same CSV files, loaded by tally run
/// into embedded SQLite and copied from there into PostgreSQL, give the same rows for every definition of the
/// features project (every aggregate, window, snapshot, join, ratio and formula).
@Suite struct RunOnPostgresTests {
    /// A fixed-seed generator, so every run sees the same data.
    struct Seeded {
        var state: UInt64

        mutating func next(_ bound: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(bound))
        }
    }

    /// Rows for each source, as CSV: every column's values drawn from what the project's examples give it (so event
    /// names, plans and versions mean something), times spread over four months, ids numbered.
    static func csvFiles(for catalog: CheckedCatalog, rows count: Int) -> [String: String] {
        var pools: [String: [String: [ExampleValue]]] = [:]
        for definition in catalog.catalog.definitions {
            for example in definition.examples {
                for given in example.given {
                    for row in given.rows {
                        for cell in row.cells where cell.value.value != .null {
                            pools[given.source.value, default: [:]][cell.column.value, default: []].append(cell.value.value)
                        }
                    }
                }
            }
        }
        var random = Seeded(state: 0x7A11)
        var files: [String: String] = [:]
        for (name, source) in catalog.catalog.sources.sorted(by: { $0.key < $1.key }) {
            var seen: Set<String> = []
            var lines = [source.columns.map(\.name.value).joined(separator: ",")]
            for index in 0..<count {
                var cells: [String] = []
                for column in source.columns {
                    cells.append(cell(column, index: index, pool: pools[name]?[column.name.value] ?? [],
                                      snapshot: source.snapshot != nil, random: &random))
                }
                // A snapshot has at most one row per entity and day.
                if let snapshot = source.snapshot, let timestamp = source.timestamp?.value {
                    let names = snapshot.entity.map(\.value) + [timestamp]
                    let key = names.compactMap { name in source.columns.firstIndex { $0.name.value == name } }
                        .map { String(cells[$0].prefix(10)) }.joined(separator: "|")
                    guard seen.insert(key).inserted else { continue }
                }
                lines.append(cells.joined(separator: ","))
            }
            files[name] = lines.joined(separator: "\n") + "\n"
        }
        return files
    }

    static func cell(_ column: Column, index: Int, pool: [ExampleValue], snapshot: Bool, random: inout Seeded) -> String {
        func quoted(_ text: String) -> String { "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
        let day = random.next(120)
        let date = CalendarDay.text(CalendarDay.days(year: 2024, month: 1, day: 1) + day)
        switch column.type.value {
        case .timestamp:
            if random.next(40) == 0 { return "" }
            // Snapshots are taken once a day; events happen at any second.
            let seconds = snapshot ? 3 * 3600 : random.next(86400)
            func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
            return "\(date)T\(two(seconds / 3600)):\(two(seconds / 60 % 60)):\(two(seconds % 60))Z"
        case .date:
            return date
        case .integer where column.name.value == "id":
            return String(index + 1)
        default:
            guard !pool.isEmpty, random.next(12) != 0 else {
                return ""
            }
            switch pool[random.next(pool.count)] {
            case .null: return ""
            case .bool(let flag): return flag ? "true" : "false"
            case .integer(let number): return String(number)
            case .float(let number): return RunResult.number(number)
            case .string(let text): return column.type.value == .json ? quoted(ExampleJSON.text(.string(text))) : quoted(text)
            case let value: return quoted(ExampleJSON.text(value))
            }
        }
    }

    /// A loaded SQLite cell as a PostgreSQL literal of its column's type.
    static func literal(_ cell: String?, type: ColumnType) -> String {
        guard let cell else { return "NULL" }
        switch type {
        case .integer, .float: return cell
        case .boolean: return cell == "1" ? "TRUE" : "FALSE"
        case .text, .timestamp, .date, .json: return "'" + cell.replacingOccurrences(of: "'", with: "''") + "'"
        }
    }

    /// A cell as both engines should agree on it: tally run's form, and instants without their spelling.
    static func normalized(_ cell: String?, type: ColumnType?) -> String {
        guard let shown = RunResult.display(cell, type: type) else { return "NULL" }
        switch type {
        case .timestamp:
            var text = shown.replacingOccurrences(of: "T", with: " ")
            for suffix in ["Z", "+00:00", "+00"] where text.hasSuffix(suffix) { text = String(text.dropLast(suffix.count)) }
            return text
        case .float, .integer, .none:
            guard let number = Double(shown), shown.contains(where: \.isNumber) else { return shown }
            // Averages and percentiles differ in their last bits between engines.
            return String(format: "%.9g", number)
        default:
            return shown
        }
    }

    @Test(.enabled(if: EngineRegistry.postgresServer != nil || EngineEnvironment.required))
    func everyDefinitionGivesTheSameRowsAsItsPostgreSQLView() throws {
        let engine = try #require(EngineRegistry.postgresServer, "scripts/test starts PostgreSQL")
        let catalog = try #require(Compiler.check(ProjectReader(root: TestFiles.referenceProject("features")).read()).checked)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tally-run-pg-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }

        let session = try RunSession(catalog: catalog)
        for (source, text) in Self.csvFiles(for: catalog, rows: 400) {
            let path = folder.appendingPathComponent("\(source).csv").path
            try text.write(toFile: path, atomically: false, encoding: .utf8)
            let loaded = try session.load(try DataSourceArgument(parsing: "\(source)=\(path)"))
            // Rows without a timestamp are bad rows, left out of both engines alike.
            #expect(loaded.rows > 100, "\(source): \(loaded.bad.listing)")
        }

        let postgres = RunnableSQL(catalog: catalog, dialect: EngineRegistry.postgresDialect)
        let database = "tally_run_features"
        _ = try engine.psql("DROP DATABASE IF EXISTS \(database);\nCREATE DATABASE \(database);\n")
        defer { _ = try? engine.psql("DROP DATABASE IF EXISTS \(database);\n") }
        var load: [String] = []
        for source in catalog.catalog.sources.values.sorted(by: { $0.name < $1.name }) {
            let table = source.table(for: EngineRegistry.postgresDialect)
            if let dot = table.firstIndex(of: ".") { load.append("CREATE SCHEMA IF NOT EXISTS \"\(table[..<dot])\";") }
            load.append(postgres.createTable(source) + ";")
            let columns = source.columns.map { "\"\($0.name.value)\"" }.joined(separator: ", ")
            let rows = try session.database.query("SELECT \(columns) FROM \"\(source.table(for: .embedded))\"")
            guard !rows.isEmpty else { continue }
            let values = rows.map { row in
                "(" + zip(row, source.columns).map { Self.literal($0, type: $1.type.value) }.joined(separator: ", ") + ")"
            }
            load.append("INSERT INTO \(postgres.table(table)) (\(columns)) VALUES\n" + values.joined(separator: ",\n") + ";")
        }
        _ = try engine.onDatabase(database).psql(load.joined(separator: "\n") + "\n")

        var withRows = 0
        for view in catalog.views {
            let fromRun = try session.run(view)
            let setup = view.withInputs.map(postgres.createView)
            let query = "SELECT " + fromRun.columns.map { "\"\($0)\"" }.joined(separator: ", ") + " FROM \"\(view.id)\""
            let fromPostgres = try engine.onDatabase(database).run(setup: setup, query: query)
            func rows(_ rows: [[String?]]) -> [String] {
                rows.map { zip($0, fromRun.types).map { Self.normalized($0, type: $1) }.joined(separator: " | ") }.sorted()
            }
            #expect(rows(fromRun.rows) == rows(fromPostgres), "\(view.id)")
            if !fromRun.rows.isEmpty { withRows += 1 }
        }
        // The data must exercise the views: nearly every one has rows.
        #expect(withRows >= catalog.views.count * 9 / 10, "\(withRows) of \(catalog.views.count) views have rows")
    }
}
