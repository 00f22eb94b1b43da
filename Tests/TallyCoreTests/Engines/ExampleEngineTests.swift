import Foundation
import Testing
@testable import TallyCore

/// Every example of every definition of the reference projects (ReferenceProjects/: the seeds' Code Insights
/// pings, SQL edge cases such as week and month boundaries, version edges, backend rows, quotes in group values,
/// empty results, and the features project), run against the generated SQL on each engine its project enables,
/// and compared row by row. The package's own definitions run as generated fixtures (GeneratedFixtureTests).
@Suite(.serialized) struct ExampleEngineTests {
    struct Case: CustomStringConvertible, Sendable {
        var project: String
        var view: CheckedView
        var example: Example
        var catalog: CheckedCatalog
        var description: String { "\(project):\(view.id): \(example.name.value)" }
    }

    static let references: [(String, URL)] = ReferenceProjectTests.names.map { ($0, TestFiles.referenceProject($0)) }

    static let cases: [Case] = references.flatMap { name, root -> [Case] in
        guard let catalog = Compiler.check(ProjectReader(root: root).read()).checked else { return [] }
        return catalog.viewsByGroup.flatMap { view in
            view.definition.examples.map { Case(project: name, view: view, example: $0, catalog: catalog) }
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

    /// Every example on every dialect's engine, all of a dialect's examples in one batch.
    @Test(arguments: Dialect.allCases)
    func everyExampleOnEveryEngine(_ dialect: Dialect) throws {
        let cases = Self.cases(for: dialect)
        guard !cases.isEmpty, let engine = try EngineRegistry.available(dialect) else { return }
        let jobs = cases.map { item -> EngineJob in
            let sql = ExampleSQL.make(item.example, of: item.view, catalog: item.catalog, dialect: dialect)
            return EngineJob(schemas: sql.schemas, setup: sql.setup, query: sql.query)
        }
        let results = try engine.run(jobs)
        #expect(results.count == cases.count)
        for (item, result) in zip(cases, results) {
            switch result {
            case .success(let rows):
                let columns = item.view.shape.map(\.name)
                if let difference = ExampleComparison.difference(expected: item.example.expect, actual: rows,
                                                                 columns: columns) {
                    Issue.record("\(engine.label), \(item):\n\(difference)")
                }
            case .failure(let error): Issue.record("\(engine.label), \(item): \(error)")
            }
        }
    }
}
