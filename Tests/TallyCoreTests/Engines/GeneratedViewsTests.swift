import Foundation
import Testing
@testable import TallyCore

/// The SQL files a user runs, as tally wrote them to the project's generated/sql/<dialect>/, on each enabled
/// dialect's engine: views.sql creates every view in order over the project's source tables, and each
/// definition's own file, run after the files of the views it reads, gives its first example's rows.
@Suite(.serialized) struct GeneratedViewsTests {
    static let catalog = Compiler.check(ProjectReader(root: TestFiles.packageRoot).read()).checked

    static func generated(_ dialect: Dialect, _ path: String) throws -> String {
        let url = TestFiles.packageRoot.appendingPathComponent("generated/sql/\(dialect.rawValue)/\(path)")
        return try String(contentsOf: url, encoding: .utf8)
    }

    /// A file's statements, each without its comment lines. Statements end a line with `;`; tally writes no
    /// literal spanning lines in the project's definitions, so a `;` at a line's end always ends a statement.
    static func statements(_ script: String) -> [String] {
        var statements: [String] = []
        var current: [Substring] = []
        for line in script.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("--") { continue }
            current.append(line)
            if line.hasSuffix(";") {
                statements.append(current.joined(separator: "\n"))
                current = []
            }
        }
        return statements.filter { !$0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }
    }

    /// Every source table of the project, holding the rows an example gives (none when `example` is nil).
    static func tables(_ catalog: CheckedCatalog, dialect: Dialect, example: Example?) -> (schemas: [String], setup: [String]) {
        var schemas: [String] = []
        var setup: [String] = []
        // The tables and rows as the fixtures make them (ExampleSQL.Tables), for every source, not only those read.
        var tables = ExampleSQL.Tables(dialect: dialect)
        for name in catalog.catalog.sources.keys.sorted() {
            let source = catalog.catalog.sources[name]!
            let table = tables.table(of: source)
            if let schema = table.schema { schemas.append(schema) }
            setup.append(ExampleSQL.TableStatement.create(table).text)
            let rows = example?.given.first { $0.source.value == name }?.rows ?? []
            for (index, row) in rows.enumerated() {
                let values = ExampleSQL.values(of: row, index: index, in: source, table: table, sql: dialect.sql)
                setup.append(ExampleSQL.TableStatement.insert(table, values: values).text)
            }
        }
        // And the schema the views are created in, where tally.yaml names one (BigQuery's dataset).
        return (ExampleSQL.schemas(Array(Set(schemas)).sorted(), settings: catalog.settings, dialect: dialect), setup)
    }

    static func enabled(_ dialect: Dialect) throws -> (CheckedCatalog, any SQLEngine)? {
        let catalog = try #require(Self.catalog)
        guard catalog.settings.dialects.contains(dialect), let engine = try EngineRegistry.available(dialect) else {
            return nil
        }
        return (catalog, engine)
    }

    /// views.sql over empty source tables: every view exists afterwards and answers a query, each with one count.
    @Test(arguments: Dialect.allCases)
    func viewsFileCreatesEveryView(_ dialect: Dialect) throws {
        guard let (catalog, engine) = try Self.enabled(dialect) else { return }
        let sql = dialect.sql
        let builder = ViewBuilder(dialect: dialect, settings: catalog.settings)
        let tables = Self.tables(catalog, dialect: dialect, example: nil)
        let counts = catalog.views.map { view in
            "SELECT \(sql.literal(view.id)) AS \(sql.identifier("view")), COUNT(*) AS \(sql.identifier("n")) FROM \(builder.viewName(view.id))"
        }.joined(separator: "\nUNION ALL ")
        let job = EngineJob(schemas: tables.schemas, setup: tables.setup + Self.statements(try Self.generated(dialect, "views.sql")),
                            query: counts)
        let rows = try #require(try engine.run([job]).first).get()
        let named: [String] = rows.compactMap { $0.first ?? nil }
        #expect(named.sorted() == catalog.views.map(\.id).sorted(), "\(engine.label)")
        #expect(rows.allSatisfy { $0.count == 2 && $0[1].flatMap(Int.init) != nil }, "\(engine.label): \(rows)")
    }

    /// PostgreSQL's views.sql drops the views first (CREATE OR REPLACE cannot change a view's columns), in one
    /// statement: a view of someone else's reading one of them stops it whole, with every view left as it was (it
    /// had stopped halfway, the views before it dropped), and it drops only in the schema it creates in (a DROP per
    /// view found each name on the search path, so a deploy to a new schema dropped another schema's views).
    @Test func postgresDropsAllOrNothingAndOnlyItsOwnSchema() throws {
        let postgres = EngineRegistry.postgresDialect
        guard let catalog = Self.catalog, catalog.settings.dialects.contains(postgres) else { return }
        guard let server = EngineRegistry.postgresServer else {
            if EngineEnvironment.required { Issue.record("no PostgreSQL server: scripts/with-postgres starts one") }
            return
        }
        let tables = Self.tables(catalog, dialect: postgres, example: nil)
        let statements = Self.statements(try Self.generated(postgres, "views.sql"))
        let drops = try #require(statements.first { $0.trimmingCharacters(in: .whitespacesAndNewlines).hasPrefix("DO $$") })
        func deploy(_ schema: String) -> String {
            "CREATE SCHEMA \(schema);\nSET LOCAL search_path TO \(schema);\n"
                + (tables.setup + statements).map { $0 + ";\n" }.joined()
        }
        func count(_ schema: String) -> String { "SELECT count(*) FROM pg_views WHERE schemaname = '\(schema)';\n" }
        let views = catalog.views.count
        let dashboard = catalog.views[0].id
        let rows = try server.psql("BEGIN;\n" + deploy("tally_one")
            + "CREATE VIEW my_dashboard AS SELECT * FROM \"\(dashboard)\";\n"
            + "\\set ON_ERROR_STOP off\n\\set ON_ERROR_ROLLBACK on\n" + drops + ";\n\\set ON_ERROR_STOP on\n"
            + count("tally_one")
            // The same views deployed to another schema, the first one behind it on the search path.
            + "CREATE SCHEMA tally_two;\nSET LOCAL search_path TO tally_two, tally_one;\n" + drops + ";\n"
            + count("tally_one") + "ROLLBACK;\n")
        // One line per query's result.
        let counts = rows.flatMap { $0 }.compactMap { $0 }.joined(separator: "\n").split(separator: "\n").map(String.init)
        #expect(counts == ["\(views + 1)", "\(views + 1)"], "every view still there, in either case: \(rows)")
    }

    /// Each definition's file on its own, after the files of its inputs, over its first example's rows.
    @Test(arguments: Dialect.allCases)
    func eachDefinitionFileRunsOnItsOwn(_ dialect: Dialect) throws {
        guard let (catalog, engine) = try Self.enabled(dialect) else { return }
        let viewsWithExamples = catalog.viewsByGroup.filter { !$0.definition.examples.isEmpty }
        let jobs = try viewsWithExamples.map { view in
            let tables = Self.tables(catalog, dialect: dialect, example: view.definition.examples[0])
            let files = try view.withInputs.flatMap { input in
                Self.statements(try Self.generated(dialect, "\(input.definition.group)/\(input.id).sql"))
            }
            let query = ExampleSQL.query(of: view, builder: ViewBuilder(dialect: dialect, settings: catalog.settings))
            return EngineJob(schemas: tables.schemas, setup: tables.setup + files, query: query)
        }
        let results = try engine.run(jobs)
        #expect(results.count == viewsWithExamples.count)
        for (view, result) in zip(viewsWithExamples, results) {
            switch result {
            case .success(let rows):
                let example = view.definition.examples[0]
                if let difference = ExampleComparison.difference(expected: example.expect, actual: rows,
                                                                 columns: view.shape.map(\.name)) {
                    Issue.record("\(engine.label), \(view.id): \(example.name.value):\n\(difference)")
                }
            case .failure(let error): Issue.record("\(engine.label), \(view.id): \(error)")
            }
        }
    }
}
