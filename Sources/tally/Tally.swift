import ArgumentParser

@main
struct Tally: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tally",
        abstract: "Compile metric and ping definitions into SQL views, Markdown docs and Swift test fixtures.",
        subcommands: [CheckCommand.self, BuildCommand.self, DiffCommand.self, VersionsCommand.self, SchemaCommand.self, RulesCommand.self, ImportCommand.self, RunCommand.self]
    )
}
