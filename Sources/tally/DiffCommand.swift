import ArgumentParser
import Foundation
import TallyCore

struct DiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Show what changed in the definitions since a git ref, and refuse unrecorded breaking changes.",
        discussion: """
            Reads the definitions at --base from git (the work tree is untouched) and compares them with the work \
            tree field by field. Removing, renaming, or changing the events or measure of a definition that exists \
            at the base ref is an error unless the definition records it ('deprecated' or 'changes'). Exit status \
            as for check.

            With --data, also runs each definition whose numbers the change can move (its SQL, an input's, or its \
            source's columns changed) at the base ref and in the working tree on the same files, and prints, as \
            Markdown for the pull request, the rows whose values changed: old, new and delta (see tally run for \
            --data and --skip-bad-rows). A new definition is run in the working tree alone, and its rows shown. \
            --chart-dir writes an SVG of both series of each definition with periods whose values moved.
            """
    )

    @Option(name: .long, help: "The git ref to compare with, e.g. origin/main.")
    var base: String

    @OptionGroup var location: ProjectLocation

    @Option(name: .long, help: "human, markdown (a pull-request comment), json, or github (annotations).")
    var format: DiffFormat = .human

    @OptionGroup var dataOptions: DataOptions

    @Option(name: .long, help: ArgumentHelp("With --data, write here an SVG chart of the base and working-tree values of each definition whose values moved.",
                                            valueName: "folder"))
    var chartDir: String?

    @Flag(name: .long, help: "With --format markdown, print the whole report even past what one GitHub comment holds (65,536 characters).")
    var whole = false

    func validate() throws {
        if !dataOptions.data.isEmpty && (format == .json || format == .github) {
            throw ValidationError("--data prints Markdown tables: use --format human or markdown with it")
        }
        if chartDir != nil && dataOptions.data.isEmpty { throw ValidationError("--chart-dir needs --data") }
        // Refused before any data is loaded: found when the first chart was written, it failed the whole report.
        // The nearest part of the path that exists must be a folder (a file there can hold no folder).
        if let chartDir {
            var existing = URL(fileURLWithPath: chartDir).standardizedFileURL
            while !FileManager.default.fileExists(atPath: existing.path), existing.path != "/" {
                existing.deleteLastPathComponent()
            }
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: existing.path, isDirectory: &isFolder), !isFolder.boolValue {
                throw ValidationError("--chart-dir names a file, not a folder, or a folder inside one: \(chartDir)")
            }
        }
    }

    func run() throws {
        let root = try location.root()
        let fromGit = GitReader(root: root).reading(base)
        let headFiles = ProjectReader(root: root).read()
        let head = Compiler.check(headFiles, decodedStoreIn: OutputCache.forProject(at: root), keepingDecoded: true)
        let baseFiles: ProjectFiles?
        let folder: String
        do {
            (baseFiles, folder) = try fromGit()
        } catch let failure as GitReader.Failure {
            throw ValidationError(failure.description)
        }
        guard let headCatalog = head.catalog, !head.diagnostics.hasErrors else {
            // The report's own shape in every format, with the errors as its problems.
            let errors = head.diagnostics.sorted().filter { $0.severity == .error }
            let text = DiffReport.treeErrors(errors, base: base, sources: head.texts, format: format,
                                             annotationPrefix: AnnotationPaths.prefix(forProjectAt: root))
            FileHandle.standardFileHandle(for: format).write(Data(fitted(text).utf8))
            FileHandle.standardError.write(Data("tally diff: the work tree's definitions have errors; fix them first\n".utf8))
            throw ExitCode(1)
        }
        // A mistyped --data (no such source or file) is a usage error said alone, before any report is made.
        let dataArguments = try head.checked.map { dataOptions.data.isEmpty ? [] : try dataOptions.arguments(in: $0, command: Self.self) }
        // No project at the base (the change that adds tally): every definition is new.
        let baseResult = baseFiles.map { Compiler.check($0, reusing: head) } ?? .nothing(settings: headCatalog.settings)
        guard let baseCatalog = baseResult.catalog else {
            throw ValidationError("the definitions at \(base) cannot be read (no valid tally.yaml there)")
        }
        // Freeing two catalogs of 10,000 definitions at exit took longer than comparing them.
        defer { Teardown.skip((head, baseResult)) }
        let fileChanges = (baseFiles ?? ProjectFiles()).changes(in: headFiles)
        let changedFiles = Set(fileChanges.keys)
        let views = baseResult.checked.flatMap { base in
            head.checked.map { DefinitionDiff.Views(base: base, head: $0, changedFiles: changedFiles) }
        }
        var gaps = DefinitionDiff.BaseGaps(ref: base, noProject: baseFiles == nil ? folder : nil,
                                           undecoded: baseResult.undecodedDefinitions)
        // A base with errors is never compiled (its views may lack what rendering relies on): said when sources or
        // tally.yaml changed, since only then could an unchanged definition's view have changed.
        let surroundingsChanged = changedFiles.contains { path in
            if case .definition? = ProjectFiles.role(of: path) { return false }
            return true
        }
        if views == nil, baseFiles != nil, surroundingsChanged,
           let first = baseResult.diagnostics.sorted().first(where: { $0.severity == .error }) {
            gaps.uncompiled = "first: \(first.code.rawValue) at \(first.span.file):\(first.span.start.line)"
        }
        let diff = DefinitionDiff.compare(base: baseCatalog, head: headCatalog, views: views, gaps: gaps,
                                          fileChanges: fileChanges)
        var text = DiffReport(diff: diff, base: base, sources: head.texts,
                              annotationPrefix: AnnotationPaths.prefix(forProjectAt: root)).render(format)
        // Data that cannot be run (bad rows without --skip-bad-rows) fails the command after the report is out: the
        // definitions' problems (a breaking change) had been lost with the values.
        var valuesFailure: Error?
        if !dataOptions.data.isEmpty, let headChecked = head.checked, let dataArguments {
            let values = DiffValues(base: base, dataOptions: dataOptions, chartDirectory: chartDir)
            let renamed = Dictionary(diff.renamed.map { ($0.to.id.value, $0.from.id.value) }, uniquingKeysWith: { a, _ in a })
            do {
                text += "\n" + (try values.markdown(base: baseResult.checked, head: headChecked, arguments: dataArguments,
                                                        renamed: renamed))
            } catch {
                valuesFailure = error
                // A comment must not read as if the change moved no value: it says the values are missing, and why
                // is in the log.
                if format == .markdown { text += "\nValues not compared: the data could not be loaded (see the log).\n" }
            }
        }
        FileHandle.standardOutput.write(Data(fitted(text).utf8))
        if let valuesFailure { throw valuesFailure }
        if diff.diagnostics.hasErrors { throw ExitCode(1) }
    }
}

extension DiffCommand {
    /// Markdown cut to one GitHub comment unless --whole; the note it ends with gives this command with --whole.
    func fitted(_ text: String) -> String {
        guard format == .markdown, !whole else { return text }
        let command = (["tally"] + CommandLine.arguments.dropFirst() + ["--whole"]).joined(separator: " ")
        return DiffReport.fittingAComment(text, wholeReport: command)
    }
}

extension DiffFormat: ExpressibleByArgument {}

extension FileHandle {
    /// Where a diff in this format goes: human text for a person on stderr, like diagnostics; the report for a
    /// program or a comment on stdout.
    static func standardFileHandle(for format: DiffFormat) -> FileHandle {
        format == .human ? .standardError : .standardOutput
    }
}
