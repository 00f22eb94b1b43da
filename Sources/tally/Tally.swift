import ArgumentParser
import TallyCore

@main
struct Tally: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tally",
        abstract: "Compile metric and ping definitions into SQL views, Markdown docs and Swift test fixtures.",
        subcommands: [CheckCommand.self, BuildCommand.self, TestCommand.self, ShowCommand.self, RunCommand.self, DiffCommand.self, VersionsCommand.self, SchemaCommand.self, RulesCommand.self, ImportCommand.self, InitCommand.self, FmtCommand.self]
    )

    // Not CommandConfiguration's `version`: that string is built on every run, and where the binary has no build
    // id, naming the build means hashing the whole binary. This flag computes it only when asked.
    @Flag(name: .long, help: "Print tally's version and the build id that tells this binary apart, then exit.")
    var version = false

    /// ArgumentParser's own main, except that a usage error found while running (no project at --project, a ref
    /// that is not a commit) shows the usage of the subcommand that was run, as one found while parsing does,
    /// instead of the top-level usage.
    static func main() {
        HeapPages.preferHuge()
        Teardown.keepUntilExit()
        do {
            var command = try parseAsRoot()
            do {
                try command.run()
            } catch let usage as ValidationError {
                exit(withError: UsageFailure.report(usage.message, command: type(of: command)))
            }
        } catch {
            exit(withError: error)
        }
    }

    func run() throws {
        guard version else { throw CleanExit.helpRequest(self) }
        print(TallyVersion.text)
    }
}
