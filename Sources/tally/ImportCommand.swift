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
            above a key that `tally check` reports until it is filled in; every TODO is listed on stderr as \
            path:line. An existing file is never overwritten without --force: if any target exists, nothing is \
            written at all. Exit status: 0 when the files were written, 1 on an unreadable page or project or an \
            existing file.
            """
    )

    @Argument(help: "The Markdown page to import.")
    var page: String

    @Option(name: .long, help: "The group (folder under definitions/) to write to, in snake_case.")
    var group: String

    @OptionGroup var location: ProjectLocation

    @Flag(name: .long, help: "Overwrite files that already exist.")
    var force = false

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
            FileHandle.standardError.write(Data((error.description + "\n").utf8))
            throw ExitCode(1)
        }
        var lines = result.page.warnings.map(\.description)
        lines += result.projectWarnings.map(\.description)
        lines += result.todos.map(\.description)
        let pings = result.page.pings.count
        lines.append("tally import: wrote \(result.files.count) files to definitions/\(group)/ (\(pings) "
                         + "\(pings == 1 ? "ping" : "pings") and group.yaml); \(result.todos.count) TODOs to fill in, "
                         + "then run `tally check`")
        FileHandle.standardError.write(Data((lines.joined(separator: "\n") + "\n").utf8))
    }
}
