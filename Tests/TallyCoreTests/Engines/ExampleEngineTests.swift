import Foundation
import Testing
@testable import TallyCore

/// Every example of every definition, run against the generated SQL on each engine and compared row by row.
/// Two projects: this repository's own definitions, and the SQL edge-case project under Tests (week and month
/// boundaries, version edges, backend rows, quotes in group values, empty results).
@Suite(.serialized) struct ExampleEngineTests {
    struct Case: CustomStringConvertible, Sendable {
        var project: String
        var definition: Definition
        var example: Example
        var catalog: Catalog
        var description: String { "\(project):\(definition.id.value): \(example.name.value)" }
    }

    static let projects: [(String, URL)] = [
        ("definitions", TestFiles.repositoryRoot),
        ("sql-edge-cases", TestFiles.referenceProject("sql_edge_cases")),
    ]

    static let cases: [Case] = projects.flatMap { name, root -> [Case] in
        guard let catalog = Compiler.check(ProjectReader(root: root).read()).catalog else { return [] }
        return catalog.definitions.flatMap { definition in
            definition.examples.map { Case(project: name, definition: definition, example: $0, catalog: catalog) }
        }
    }

    @Test func bothProjectsCheckCleanAndHaveExamples() {
        for (name, root) in Self.projects {
            let result = Compiler.check(ProjectReader(root: root).read())
            #expect(!result.diagnostics.hasErrors, "\(name) has errors")
            #expect(Self.cases.contains { $0.project == name }, "\(name) has no examples")
        }
    }

    @Test func everyExampleOnSQLite() throws {
        for item in Self.cases {
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
        for item in Self.cases {
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
        let jobs = Self.cases.enumerated().map { index, item -> DuckDBEngine.Job in
            let sql = ExampleSQL.make(item.example, of: item.definition, catalog: item.catalog, dialect: .bigquery)
            return DuckDBEngine.Job(id: String(index), schemas: sql.schemas, setup: sql.setup, query: sql.query)
        }
        let results = try DuckDBEngine(python: python).run(jobs)
        for (index, item) in Self.cases.enumerated() {
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
