import ArgumentParser
import Foundation
import TallyCore

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Make definition files from a Markdown pings page (the style of the Code Insights pings page).",
        discussion: """
            Writes definitions/<group>/<id>.yaml for each '### <title>' section of the page (id: the title in \
            snake_case) and definitions/<group>/group.yaml (title, introduction, terminology). What the page says \
            is mapped: title, type, intended purpose, implementation, considerations, event codes and their links, \
            funnels, PRs, version added, broken ranges, and the grain from 'Aggregation'. What it cannot say (the \
            definition, the source table, the logged events, the aggregate) is left as a 'TODO(tally import)' comment \
            above a key that `tally check` reports until it is filled in. Problems are reported as `tally check` \
            reports them (--format): every TODO is a warning (I003) at its key, text of the page that is not \
            imported a warning (I002) at its line. An existing file is never overwritten without --force: if any \
            target exists, nothing is written at all. Exit status: 0 when the files were written (warnings \
            allowed), 1 on an unreadable page or project or an existing file.
            """
    )

    @Argument(help: "The Markdown page to import.")
    var page: String

    @Option(name: .long, help: "The group (folder under definitions/) to write to, in snake_case.")
    var group: String

    @OptionGroup var location: ProjectLocation

    @Flag(name: .long, help: "Overwrite files that already exist.")
    var force = false

    @Option(name: .long, help: ProjectOptions.formatHelp)
    var format: DiagnosticFormat = .human

    func validate() throws {
        guard ValueChecks.isSnakeCaseName(group) else {
            throw ValidationError("--group \(group): a group name is snake_case (a lowercase letter, then lowercase "
                                      + "letters, digits or '_', at most 64 characters)")
        }
        guard group != "sources" else {
            throw ValidationError("--group sources: definitions/sources/ holds the sources, not a group")
        }
    }

    func run() throws {
        let root = try location.root()
        let result: ImportResult
        do {
            result = try Importer.run(pagePath: page, group: group, root: root, force: force)
        } catch {
            Report.print(error.diagnostics.sorted(), sources: error.sources, format: format)
            FileHandle.standardError.write(Data("tally import: \(error.summary)\n".utf8))
            throw ExitCode(1)
        }
        Report.print(result.diagnostics.sorted(), sources: result.sources, format: format)
        let pings = result.page.pings.count
        let todos = result.todos.count
        FileHandle.standardError.write(Data((
            "tally import: wrote \(result.files.count) files to definitions/\(group)/ (\(Report.plural(pings, "ping")) "
                + "and group.yaml); \(todos) \(todos == 1 ? "TODO" : "TODOs") to fill in, then run `tally check`\n").utf8))
    }
}
