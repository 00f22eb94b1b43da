import ArgumentParser
import Foundation
import TallyCore

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Validate every definition and report every problem at once. Writes nothing.",
        discussion: "Exit status: 0 when there are no errors (warnings allowed), 1 when there are errors."
    )

    @OptionGroup var options: ProjectOptions

    func run() throws {
        let root = try options.root()
        var result = Compiler.check(ProjectReader(root: root).read())
        if options.strict { result.diagnostics.promoteWarningsToErrors() }
        Report.print(result, format: options.format, summaryVerb: "check")
        if result.diagnostics.hasErrors { throw ExitCode(1) }
    }
}
