import ArgumentParser
import Foundation
import TallyCore

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Validate every definition and compare generated/ with what they produce. Writes nothing in the project.",
        discussion: """
            Every problem is reported at once. generated/ is compared byte for byte with what the definitions \
            produce: each drifted, missing or extra file is an error with a short diff. When the output cache \
            proved these exact inputs with this tally binary before, generated/ is hashed against that proof \
            and the problems found then are reported again, instead of decoding and rendering everything (--no-cache does \
            it all anyway). Exit status: 0 when there are no errors \
            (warnings allowed), 1 when there are errors or drift.
            """
    )

    @OptionGroup var options: ProjectOptions
    @OptionGroup var output: OutputOptions

    @Flag(name: .long, help: "Report each out-of-date generated file on its own, with its diff, instead of one summary.")
    var verbose = false

    func run() throws {
        let root = try options.root()
        defer { options.reportTimings() }
        let generated = output.output(root: root)
        let proofs = generated.startProofs()
        let project = ProjectReader(root: root, stampsIn: generated.cache).read()
        let lookup = generated.lookUp(project, proofs: proofs)
        var result = lookup.check(project)
        // Proven by the cache, generated/ is current; otherwise it is rendered and compared.
        if lookup.provenFiles == nil, let catalog = result.checked {
            let drift = generated.check(catalog, checked: result, lookup: lookup).diagnostics
            for finding in verbose ? drift : DriftSummary.brief(drift) {
                result.diagnostics.emit(finding)
            }
        }
        defer { Teardown.skip((result, lookup)) }
        if options.strict { result.diagnostics.promoteWarningsToErrors() }
        Report.print(result, format: options.format, summaryVerb: "check", root: root)
        // A work folder a killed build left beside generated/ is not in it, so not drift; but git shows it.
        let leftover = generated.workFolder
        if FileManager.default.fileExists(atPath: leftover.path) {
            FileHandle.standardError.write(Data(("tally check: note: \(leftover.lastPathComponent)/ is the work folder of a "
                                                 + "build that was stopped; the next `tally build` removes it\n").utf8))
        }
        if result.diagnostics.hasErrors { throw ExitCode(1) }
    }
}
