import ArgumentParser
import Foundation
import TallyCore

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Validate every definition and compare generated/ with what they produce. Writes nothing.",
        discussion: """
            Every problem is reported at once. generated/ is rendered in memory and compared byte for byte: each             drifted, missing or extra file is an error with a short diff. Exit status: 0 when there are no errors             (warnings allowed), 1 when there are errors or drift.
            """
    )

    @OptionGroup var options: ProjectOptions

    func run() throws {
        let root = try options.root()
        var result = Compiler.check(ProjectReader(root: root).read())
        if let catalog = result.catalog, !result.diagnostics.hasErrors {
            let committed = OutputWriter(target: root.appendingPathComponent("generated")).current()
            for drift in DriftCheck.diagnostics(expected: Generator.files(for: catalog), actual: committed) {
                result.diagnostics.emit(drift)
            }
        }
        if options.strict { result.diagnostics.promoteWarningsToErrors() }
        Report.print(result, format: options.format, summaryVerb: "check")
        if result.diagnostics.hasErrors { throw ExitCode(1) }
    }
}
