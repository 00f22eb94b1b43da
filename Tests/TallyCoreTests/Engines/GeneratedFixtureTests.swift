import Foundation
import Testing
import TallyFixtures
@testable import TallyCore

/// The project's generated Swift target (generated/swift) as a user of it sees it: every fixture of every
/// definition, run with its own SQL on every enabled dialect's engine, returns exactly its expected rows; and the catalog
/// lists every definition as the definitions say. Whatever the project's definitions are: this runs their
/// examples, and pins none of them (ReferenceProjectTests pins the Swift that tally writes).
@Suite(.serialized) struct GeneratedFixtureTests {
    static let catalog = Compiler.check(ProjectReader(root: TestFiles.packageRoot).read()).catalog

    @Test func catalogAndFixturesCoverTheProject() throws {
        let catalog = try #require(Self.catalog)
        #expect(TallyCatalog.definitions.map(\.id) == catalog.definitions.map(\.id.value))
        #expect(TallyFixtures.all.count == catalog.definitions.map(\.examples.count).reduce(0, +))
        for definition in catalog.definitions {
            let info = TallyCatalog.definition(definition.id.value)
            #expect(info?.title == definition.title.value, "\(definition.id.value)")
            #expect(info?.broken.map(\.from) == definition.broken.map(\.from.value.text), "\(definition.id.value)")
        }
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

    /// Every fixture carries the SQL of every dialect the project enables, and returns its rows on that engine.
    @Test(arguments: Dialect.allCases)
    func everyFixtureOnEveryEngine(_ dialect: Dialect) throws {
        let enabled = try #require(Self.catalog).settings.dialects.contains(dialect)
        #expect(TallyFixtures.all.allSatisfy { ($0.sql[dialect.rawValue] != nil) == enabled })
        guard enabled, let engine = try EngineRegistry.available(dialect) else { return }
        let fixtures = TallyFixtures.all
        let jobs = fixtures.compactMap { $0.sql[dialect.rawValue] }
            .map { EngineJob(schemas: $0.schemas, setup: $0.setup, query: $0.query) }
        let results = try engine.run(jobs)
        #expect(results.count == fixtures.count)
        for (fixture, result) in zip(fixtures, results) {
            switch result {
            case .success(let rows):
                #expect(Self.matches(fixture.expected, rows), "\(engine.label), \(fixture.definition): \(fixture.name): \(rows)")
            case .failure(let error): Issue.record("\(engine.label), \(fixture.definition): \(fixture.name): \(error)")
            }
        }
    }
}
