import Foundation
import Testing
@testable import TallyCore

/// Every example of every definition, run against the generated SQL on each engine its project enables, and
/// compared row by row: the reference projects' (ReferenceProjects/: the seeds' Code Insights pings, SQL edge cases
/// such as week and month boundaries, version edges, backend rows, quotes in group values, empty results, and the
/// features project), and the project's own, whatever they are (the generated fixtures carry no BigQuery SQL, so
/// this is where the project's examples run on BigQuery's SQL).
@Suite(.serialized) struct ExampleEngineTests {
    struct Case: CustomStringConvertible, Sendable {
        var project: String
        var definition: Definition
        var example: Example
        var catalog: Catalog
        var description: String { "\(project):\(definition.id.value): \(example.name.value)" }
    }

    static let references: [(String, URL)] = ReferenceProjectTests.names.map { ($0, TestFiles.referenceProject($0)) }

    /// The reference projects, then the package's own definitions/ when they check without errors (when they do
    /// not, `tally check` in scripts/test fails first).
    static let cases: [Case] = (references + [("project", TestFiles.packageRoot)]).flatMap { name, root -> [Case] in
        let result = Compiler.check(ProjectReader(root: root).read())
        guard let catalog = result.catalog, !result.diagnostics.hasErrors else { return [] }
        return catalog.definitions.flatMap { definition in
            definition.examples.map { Case(project: name, definition: definition, example: $0, catalog: catalog) }
        }
    }

    static func cases(for dialect: Dialect) -> [Case] {
        cases.filter { $0.catalog.settings.dialects.contains(dialect) }
    }

    @Test func referenceProjectsCheckCleanAndHaveExamples() {
        for (name, root) in Self.references {
            let result = Compiler.check(ProjectReader(root: root).read())
            #expect(!result.diagnostics.hasErrors, "\(name) has errors")
            #expect(Self.cases.contains { $0.project == name }, "\(name) has no examples")
        }
    }

    @Test func everyExampleOnSQLite() throws {
        for item in Self.cases(for: .sqlite) {
            let sql = ExampleSQL.make(item.example, of: item.definition, catalog: item.catalog, dialect: .sqlite)
            let database = try SQLiteDatabase()
            do {
                for statement in sql.setup { try database.execute(statement) }
                let rows = try database.query(sql.query)
                if let difference = ExampleComparison.difference(expected: item.example.expect, actual: rows,
                                                                 columns: sql.columns) {
                    Issue.record("SQLite, \(item):\n\(difference)")
                }
            } catch {
                Issue.record("SQLite, \(item): \(error)")
            }
        }
    }

    @Test(.enabled(if: EngineEnvironment.postgres != nil || EngineEnvironment.required))
    func everyExampleOnPostgreSQL() throws {
        let server = try #require(EngineEnvironment.postgres, "scripts/test starts PostgreSQL; run the suite with it")
        let engine = PostgresEngine(host: server.host, port: server.port)
        for item in Self.cases(for: .postgres) {
            let sql = ExampleSQL.make(item.example, of: item.definition, catalog: item.catalog, dialect: .postgres)
            do {
                let rows = try engine.run(setup: sql.setup, query: sql.query)
                if let difference = ExampleComparison.difference(expected: item.example.expect, actual: rows,
                                                                 columns: sql.columns) {
                    Issue.record("PostgreSQL, \(item):\n\(difference)")
                }
            } catch {
                Issue.record("PostgreSQL, \(item): \(error)")
            }
        }
    }

    @Test(.enabled(if: EngineEnvironment.python != nil || EngineEnvironment.required))
    func everyExampleOnBigQuerySQLTranspiledToDuckDB() throws {
        let python = try #require(EngineEnvironment.python, "scripts/test makes the Python environment; run the suite with it")
        let cases = Self.cases(for: .bigquery)
        let jobs = cases.enumerated().map { index, item -> DuckDBEngine.Job in
            let sql = ExampleSQL.make(item.example, of: item.definition, catalog: item.catalog, dialect: .bigquery)
            return DuckDBEngine.Job(id: String(index), schemas: sql.schemas, setup: sql.setup, query: sql.query)
        }
        let results = try DuckDBEngine(python: python).run(jobs)
        for (index, item) in cases.enumerated() {
            switch results[String(index)] {
            case .success(let rows):
                let columns = item.catalog.outputColumns(of: item.definition)
                if let difference = ExampleComparison.difference(expected: item.example.expect, actual: rows,
                                                                 columns: columns) {
                    Issue.record("BigQuery→DuckDB, \(item):\n\(difference)")
                }
            case .failure(let error): Issue.record("BigQuery→DuckDB, \(item): \(error)")
            case nil: Issue.record("BigQuery→DuckDB, \(item): no result")
            }
        }
    }
}
