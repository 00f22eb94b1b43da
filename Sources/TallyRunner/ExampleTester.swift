import TallyCore

/// `tally test`: runs examples against the SQL their definitions compile to, on one engine, and reports each
/// failure at the example's rows.
public enum ExampleTester {
    public struct Report: Sendable {
        public var examples: Int
        public var definitions: Int
        public var failures: [Diagnostic]
        /// Examples that cannot run on this engine's dialect (an sql measure without a query in it), by definition.
        public var skipped: [(id: String, examples: Int)]

        public var passed: Int { examples - failures.count - skipped.reduce(0) { $0 + $1.examples } }
    }

    /// Every example of `views` (all views when empty), in report order.
    public static func run(_ views: [CheckedView], catalog: CheckedCatalog, on engine: any ExampleEngine) -> Report {
        var runnable: [(view: CheckedView, example: Example)] = []
        var queries: [ExampleSQL] = []
        var skipped: [(id: String, examples: Int)] = []
        // Each source's table statements are built once for the whole run.
        var tables = ExampleSQL.Tables(dialect: engine.dialect)
        for view in views where !view.definition.exampleList.isEmpty {
            if view.withInputs.contains(where: { !$0.hasSQL(in: engine.dialect) }) {
                skipped.append((view.id, view.definition.exampleList.count))
            } else {
                // The views and the sources read are worked out once for all of this view's examples.
                let statements = ExampleSQL.views(of: view, catalog: catalog, dialect: engine.dialect)
                let sources = catalog.catalog.sourcesRead(by: view.definition)
                for example in view.definition.examples {
                    runnable.append((view, example))
                    queries.append(ExampleSQL.make(example, of: view, catalog: catalog, sources: sources,
                                                   tables: &tables, views: statements))
                }
            }
        }
        let results = engine.run(queries)
        var failures: [Diagnostic] = []
        for ((view, example), result) in zip(runnable, results) {
            switch result {
            case .success(let rows):
                if let mismatch = ExampleComparison.mismatch(
                    expected: example.expect, actual: rows, columns: view.shape.map(\.name),
                    booleans: Set(view.shape.filter { $0.type == .boolean }.map(\.name))) {
                    failures.append(diagnostic(mismatch, example: example, of: view.id, engine: engine.label))
                }
            case .failure(let error):
                failures.append(Diagnostic(.exampleDidNotRun,
                                           "example '\(example.name.value)' of \(view.id) did not run on \(engine.label)",
                                           at: example.name.span, detail: error.description))
            }
        }
        return Report(examples: views.reduce(0) { $0 + $1.definition.exampleList.count },
                      definitions: views.filter { !$0.definition.exampleList.isEmpty }.count,
                      failures: failures.sorted(), skipped: skipped)
    }


    /// At the first expected row that was not returned (else at `expect`), with a note per other row on either
    /// side: the columns in `detail`, each row's values in that order.
    static func diagnostic(_ mismatch: ExampleComparison.Mismatch, example: Example, of id: String,
                           engine: String) -> Diagnostic {
        let prefix = "example '\(example.name.value)' of \(id) failed on \(engine): "
        var clauses: [String] = []
        let others = mismatch.missing.dropFirst()
        if !others.isEmpty { clauses.append("\(others.count) more expected row\(others.count == 1 ? " was" : "s were") not returned") }
        let extra = mismatch.unexpected.count
        if extra > 0 { clauses.append("\(extra) returned row\(extra == 1 ? " was" : "s were") not expected") }
        let message = mismatch.missing.isEmpty
            ? prefix + clauses.joined(separator: ", ")
            : prefix + "this expected row was not returned" + (clauses.isEmpty ? "" : " (" + clauses.joined(separator: ", ") + ")")
        let notes = others.map { Diagnostic.Note("expected, not returned: " + $0.values.joined(separator: " | "), at: $0.row.span) }
            + mismatch.unexpected.map { Diagnostic.Note("returned, not expected: " + $0.joined(separator: " | ")) }
        return Diagnostic(.exampleFailed, message, at: mismatch.missing.first?.row.span ?? example.expectSpan, notes: notes,
                          detail: "columns: " + mismatch.columns.joined(separator: " | "))
    }
}
