import Foundation
import Testing
import TallyFixtures
@testable import TallyCore

/// The generated Swift target as a user of it sees it: every fixture of every definition, run with its own SQL
/// on SQLite and PostgreSQL, returns exactly its expected rows; and the catalog lists every definition.
@Suite(.serialized) struct GeneratedFixtureTests {
    static let catalog = Compiler.check(ProjectReader(root: TestFiles.repositoryRoot).read()).catalog

    @Test func catalogAndFixturesCoverTheProject() throws {
        let catalog = try #require(Self.catalog)
        #expect(TallyCatalog.definitions.map(\.id) == catalog.definitions.map(\.id.value))
        #expect(TallyFixtures.all.count == catalog.definitions.map(\.examples.count).reduce(0, +))
        #expect(TallyCatalog.definition("page_views_count")?.broken.map(\.from) == ["3.25", "3.30"])
        #expect(EventName(rawValue: "InsightAddition") != nil)
    }

    static func matches(_ expected: [[FixtureValue]], _ actual: [[String?]]) -> Bool {
        var remaining = actual
        for row in expected {
            guard let index = remaining.firstIndex(where: { candidate in
                candidate.count == row.count && zip(row, candidate).allSatisfy(cellMatches)
            }) else { return false }
            remaining.remove(at: index)
        }
        return remaining.isEmpty
    }

    static func cellMatches(_ value: FixtureValue, _ cell: String?) -> Bool {
        switch value {
        case .null: return cell == nil
        case .bool(let flag): return cell.map { (flag ? ["t", "true", "1"] : ["f", "false", "0"]).contains($0) } ?? false
        case .integer(let number): return cell.flatMap(Double.init).map { abs($0 - Double(number)) < 1e-9 } ?? false
        case .double(let number): return cell.flatMap(Double.init).map { abs($0 - number) <= 1e-9 * max(1, abs(number)) } ?? false
        case .text(let text), .json(let text): return cell == text
        }
    }

    @Test func everyFixtureOnSQLite() throws {
        for fixture in TallyFixtures.all {
            let sql = try #require(fixture.sqlite)
            let database = try SQLiteDatabase()
            for statement in sql.setup { try database.execute(statement) }
            let rows = try database.query(sql.query)
            #expect(Self.matches(fixture.expected, rows), "SQLite, \(fixture.definition): \(fixture.name): \(rows)")
        }
    }

    @Test(.enabled(if: EngineEnvironment.postgres != nil || EngineEnvironment.required))
    func everyFixtureOnPostgreSQL() throws {
        let server = try #require(EngineEnvironment.postgres, "scripts/test starts PostgreSQL")
        let engine = PostgresEngine(host: server.host, port: server.port)
        for fixture in TallyFixtures.all {
            let sql = try #require(fixture.postgres)
            let rows = try engine.run(setup: sql.setup, query: sql.query)
            #expect(Self.matches(fixture.expected, rows), "PostgreSQL, \(fixture.definition): \(fixture.name): \(rows)")
        }
    }
}
