import ArgumentParser
import Foundation
import TallyCore

struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Print the SQL of one definition's view, the views it reads first, as views.sql creates them.",
        discussion: """
            The SQL goes to stdout, ready for a database client; problems go to stderr. It is compiled from the \
            definitions as they are now, whether or not generated/ is up to date.
            """
    )

    @Argument(help: "The definition id.")
    var id: String

    @Option(name: .long, help: "The dialect to print (default: the first in tally.yaml's dialects).",
            completion: .list(Dialect.allCases.map(\.rawValue)))
    var dialect: String?

    @OptionGroup var location: ProjectLocation

    func run() throws {
        let root = try location.root()
        let cache = OutputCache.forProject(at: root)
        defer { ChangedInputWarning.print() }
        let result = Compiler.check(ProjectReader(root: root, stampsIn: cache).read(), decodedStoreIn: cache)
        defer { Teardown.skip(result) }
        guard let catalog = result.checked, !result.diagnostics.hasErrors else {
            Report.print(result, format: .human, summaryVerb: "show", root: nil)
            throw ExitCode(1)
        }
        let view = try catalog.namedView(id, for: Self.self)
        let enabled = catalog.settings.dialects
        let chosen: Dialect
        if let dialect {
            guard let known = Dialect(rawValue: dialect) else {
                let all = Dialect.allCases.map(\.rawValue)
                throw UsageFailure.report("--dialect \(dialect): not a dialect tally writes (" + all.joined(separator: ", ")
                                          + ")" + DidYouMean.clause(for: dialect, among: all), command: Self.self)
            }
            guard enabled.contains(known) else {
                throw UsageFailure.report("--dialect \(dialect): tally.yaml enables " + enabled.map(\.rawValue).joined(separator: ", ")
                                          + "; add \(dialect) to its 'dialects' to write its views", command: Self.self)
            }
            chosen = known
        } else {
            chosen = catalog.settings.firstDialect
        }
        FileHandle.standardOutput.write(Data(SQLEmitter(catalog: catalog).script(for: view, dialect: chosen).utf8))
    }
}
