import ArgumentParser
import Foundation
import TallyCore

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Make definition files from a Markdown metrics or pings page.",
        discussion: """
            Writes definitions/<group>/<id>.yaml for each definition of the page (id: its title in snake_case, cut \
            after a whole word at 64 characters) and definitions/<group>/group.yaml (title, introduction, \
            terminology). A definition is each '###' section in the layout of the Code Insights pings page, each \
            bullet of a list (plain, or a bold name and its text; nested bullets too), and each row of a table with \
            a name column (an outcome or purpose column is its rationale), and each bold line over field bullets \
            ('**Metric: Cody DAUs**', then '- **Definition:** ...'). A page without a '# ' heading takes its first \
            heading as its title. A page whose title says metrics gives metrics, any other pings, unless a bold \
            line says 'Metric:' or 'Ping:'. What the page says is mapped: title, type, definition, intended \
            purpose, implementation, considerations, source of truth and its dashboard links, event codes and \
            their links, funnels, PRs, version added, broken ranges, and the grain from 'Aggregation'. What it \
            cannot say (the source table, the logged events, the aggregate, and whatever else the page leaves out) \
            is left as a 'TODO(tally import)' comment above a key \
            that `tally check` reports until it is filled in. Problems are reported as `tally check` reports them \
            (--format): every TODO is a warning (I003) at its key, text of the page that is not imported a warning \
            (I002) at its line. Importing into a group that exists adds the definitions and keeps its group.yaml as \
            it is. An existing definition file is never overwritten without --force (which also rewrites \
            group.yaml): if any exists, nothing is written at all. Exit status: 0 when the files were written \
            (warnings allowed), 1 on an unreadable page or project or an existing file.
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
            Report.print(error.diagnostics.sorted(), sources: error.sources, format: format, root: root)
            FileHandle.standardError.write(Data("tally import: \(error.summary)\n".utf8))
            throw ExitCode(1)
        }
        Report.print(result.diagnostics.sorted(), sources: result.sources, format: format, root: root)
        // "3 metrics", or "1 ping, 2 metrics" when some say what they are against the page's title.
        let kinds = result.page.pings.map(result.page.kind(of:))
        let definitions = DefinitionKind.allCases.filter(kinds.contains)
            .map { kind in Report.plural(kinds.count { $0 == kind }, kind.rawValue) }
            .joined(separator: ", ")
        let groupFile = result.files.contains { $0.path.hasSuffix("/group.yaml") } ? " and group.yaml" : "; group.yaml kept"
        let todos = result.todos.count
        FileHandle.standardError.write(Data((
            "tally import: wrote \(Report.plural(result.files.count, "file")) to definitions/\(group)/ (\(definitions)\(groupFile)); "
                + "\(todos) \(todos == 1 ? "TODO" : "TODOs") to fill in, then run `tally check`\n").utf8))
    }
}
