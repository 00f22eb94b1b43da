import ArgumentParser
import Foundation
import TallyCore
import TallyRunner

struct TestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Run the definitions' examples against the SQL they compile to, on embedded SQLite by default.",
        discussion: """
            Every example (or those of the named definitions) runs in isolation: its given rows in fresh tables, \
            the views it needs, and a query of its view, whose rows are compared with expect as a set. A failure \
            is reported at the first expected row that was not returned (else at expect), with a note per row on \
            either side. Failures go to stdout with --format github or json, else to stderr; the summary to \
            stderr. Exit status: 0 when every example passed, 1 when one failed or the definitions have errors.
            """
    )

    @Argument(help: "Definition ids whose examples run (default: every definition's).")
    var ids: [String] = []

    @Option(name: .long, help: "Where examples run: \(Dialect.embedded.rawValue) (embedded, the default) or a PostgreSQL URL (postgresql://user@host:5432/db, reached with psql; each example in a transaction rolled back).")
    var engine = Dialect.embedded.rawValue

    @OptionGroup var options: ProjectOptions

    func run() throws {
        let root = try options.root()
        defer { options.reportTimings() }
        let cache = OutputCache.forProject(at: root)
        let result = Compiler.check(ProjectReader(root: root, stampsIn: cache).read(), decodedStoreIn: cache)
        defer { Teardown.skip(result) }
        guard let catalog = result.checked, !result.diagnostics.hasErrors else {
            Report.print(result, format: options.format, summaryVerb: "test", root: root)
            throw ExitCode(1)
        }
        let views = try ids.isEmpty ? catalog.viewsByGroup : catalog.namedViews(ids, for: Self.self)
        let runner = try exampleEngine()
        do {
            try runner.connect()
        } catch {
            let message = "no example ran: \(error)"
            // Programs reading json or github get it in their shape, as one diagnostic.
            if options.format != .human {
                Report.print([Diagnostic(.exampleDidNotRun, message, at: .startOf("tally.yaml"))], sources: [:],
                             format: options.format, root: root)
            }
            FileHandle.standardError.write(Data("tally test: \(message)\n".utf8))
            throw ExitCode(1)
        }
        let started = Date()
        let report = PhaseTimes.shared.measure("examples") { ExampleTester.run(views, catalog: catalog, on: runner) }
        Report.print(report.failures, sources: result.texts, format: options.format, root: root)
        let seconds = String(format: "%.2f", Date().timeIntervalSince(started))
        var summary = report.failures.isEmpty
            ? "tally test: \(Report.plural(report.passed, "example")) of \(Report.plural(report.definitions, "definition")) passed on \(runner.label) (\(seconds) s)"
            : "tally test: \(report.failures.count) of \(Report.plural(report.examples, "example")) failed on \(runner.label) (\(report.passed) passed, \(seconds) s)"
        // A definition named without examples ran nothing: said, so that "0 examples ... passed" is not read as its
        // examples passing.
        for view in views where !ids.isEmpty && view.definition.exampleList.isEmpty {
            summary += "\n  \(view.definition.id.value) has no examples; add some under `examples:` to test it"
        }
        for skip in report.skipped {
            summary += "\n  skipped \(Report.plural(skip.examples, "example")) of \(skip.id): its sql measure (or an input's) has no \(runner.dialect.rawValue) query; run them with --engine on a server it has a query for"
        }
        FileHandle.standardError.write(Data((summary + "\n").utf8))
        if !report.failures.isEmpty { throw ExitCode(1) }
    }

    private func exampleEngine() throws -> any ExampleEngine {
        if engine == Dialect.embedded.rawValue { return EmbeddedSQLite() }
        if Dialect.ofServer(url: engine) != nil { return PostgresEngine(url: engine) }
        throw ValidationError("--engine \(engine): use \(Dialect.embedded.rawValue), or a PostgreSQL URL (postgresql://user@host:5432/db)")
    }
}
