import Foundation

/// What `tally import` did or would do: the page as read and every file it renders.
public struct ImportResult: Sendable {
    public var page: ImportedPage
    public var files: [ImportedFile]
    /// The page's text, quoted under the page's warnings.
    public var pageText: SourceText

    /// Problems of the files in the project, such as an id another group already uses (I004).
    public var projectWarnings: [Diagnostic] = []

    public var todos: [ImportTODO] { files.flatMap(\.todos) }

    /// Everything to report, as `tally check` reports: the text of the page left out, ids other groups have, and
    /// every TODO at the key it stands above. All warnings: the files are written, but not finished.
    public var diagnostics: [Diagnostic] { page.warnings + projectWarnings + todos.map(\.diagnostic) }

    /// The texts the diagnostics point into, by the path they name: the page and every file written.
    public var sources: [String: SourceText] {
        var texts = [pageText.path: pageText]
        for file in files { texts[file.path] = SourceText(path: file.path, bytes: Array(file.text.utf8)) }
        return texts
    }
}

/// Why `tally import` wrote nothing (or, when a rename failed part way, not everything): the diagnostics, the
/// texts they point into, and a line that says what happened to the files.
public struct ImportFailure: Error, Sendable, CustomStringConvertible {
    public var diagnostics: [Diagnostic]
    public var sources: [String: SourceText]
    /// "nothing was written (...)", for the last line of the report.
    public var summary: String

    public init(_ diagnostics: [Diagnostic], sources: [String: SourceText] = [:], summary: String) {
        self.diagnostics = diagnostics
        self.sources = sources
        self.summary = summary
    }

    /// One line per diagnostic, as `tally check` prints them without the quoted lines.
    public var description: String {
        DiagnosticRenderer(format: .human, sources: [:]).render(diagnostics).trimmingCharacters(in: .newlines)
    }
}

/// `tally import`: a Markdown pings page in, one definition file per ping and a group.yaml out.
public enum Importer {
    /// Renders the import in memory: parses the page and reads tally.yaml's Event Code link template.
    /// - Parameters:
    ///   - settingsBytes: the text of tally.yaml.
    ///   - sources: the project's source names, named in the source TODO.
    ///   - groupFile: false to add definitions to an existing group, whose group.yaml is kept.
    public static func plan(pageBytes: [UInt8], pagePath: String, group: String, settingsBytes: [UInt8],
                            sources: [String], groupFile: Bool = true) throws(ImportFailure) -> ImportResult {
        let settings = try decodeSettings(settingsBytes)
        let pageText = SourceText(path: pagePath, bytes: pageBytes)
        let page: ImportedPage
        do {
            page = try PageParser.parse(pageBytes, path: pagePath)
        } catch {
            var failure = error
            failure.sources[pagePath] = pageText
            throw failure
        }
        let files = ImportRenderer.files(for: page, group: group, eventCodeTemplate: settings.eventCodeLink.value,
                                         sources: sources, groupFile: groupFile)
        return ImportResult(page: page, files: files, pageText: pageText)
    }

    static func decodeSettings(_ bytes: [UInt8]) throws(ImportFailure) -> ProjectSettings {
        let text = SourceText(path: "tally.yaml", bytes: bytes)
        var diagnostics = DiagnosticCollector()
        let root = YAMLLoader().load(text, into: &diagnostics)
        let context = DecodeContext(file: "tally.yaml")
        let settings = root.flatMap { SettingsDecoder.decode($0, context: context) }
        diagnostics.append(contentsOf: context.diagnostics)
        guard let settings, !diagnostics.hasErrors else {
            throw ImportFailure(diagnostics.sorted(), sources: ["tally.yaml": text],
                                summary: "nothing was written; tally import needs a valid tally.yaml (its "
                                    + "links.event_code template), fix it first")
        }
        return settings
    }

    /// Reads the page and the project, renders the files and writes them: all or nothing. An existing group keeps
    /// its group.yaml (unless `force`) and gets the definitions added. An existing definition file is an error
    /// unless `force`; then nothing is written at all. Each file is written to a temporary file next to it and
    /// renamed over its place, so no reader ever sees half a file.
    public static func run(pagePath: String, group: String, root: URL, force: Bool,
                           workingDirectory: URL? = nil) throws(ImportFailure) -> ImportResult {
        let manager = FileManager.default
        let base = workingDirectory ?? URL(fileURLWithPath: manager.currentDirectoryPath)
        let pageURL = URL(fileURLWithPath: pagePath, relativeTo: base)
        let pageBytes = try readPage(pageURL, shownAs: pagePath)
        let settingsURL = root.appendingPathComponent("tally.yaml")
        guard let settings = manager.contents(atPath: settingsURL.path) else {
            throw ImportFailure([Diagnostic(.unreadableFile, "cannot read \(settingsURL.path); run tally import in a "
                                                + "project or pass --project", at: .startOf("tally.yaml"))],
                                summary: "nothing was written")
        }
        let sourcesFolder = root.appendingPathComponent("definitions/sources")
        let sources = ((try? manager.contentsOfDirectory(atPath: sourcesFolder.path)) ?? [])
            .filter { $0.hasSuffix(".yaml") && !$0.hasPrefix(".") }
            .map { String($0.dropLast(5)) }
            .sorted()
        let groupPath = "definitions/\(group)/group.yaml"
        let keepsGroupFile = !force && manager.fileExists(atPath: root.appendingPathComponent(groupPath).path)
        let result = try plan(pageBytes: pageBytes, pagePath: pagePath, group: group,
                              settingsBytes: [UInt8](settings), sources: sources, groupFile: !keepsGroupFile)
        var checked = result
        checked.projectWarnings = idsUsedElsewhere(result.files, group: group, root: root)
        if keepsGroupFile {
            checked.projectWarnings.append(Diagnostic(
                .pageTextNotImported, "the group exists, so its group.yaml is kept as it is and the definitions are "
                    + "added to it; the page's title, introduction and terminology are not imported (--force "
                    + "rewrites group.yaml from the page)", at: .startOf(groupPath)))
        }
        try write(result.files, root: root, force: force)
        return checked
    }

    /// Definition ids are unique across groups (they name views): an imported id that another group's file
    /// already has is reported, so the person renames one before `tally check` does it for them.
    static func idsUsedElsewhere(_ files: [ImportedFile], group: String, root: URL) -> [Diagnostic] {
        let manager = FileManager.default
        let definitions = root.appendingPathComponent("definitions")
        let groups = ((try? manager.contentsOfDirectory(atPath: definitions.path)) ?? [])
            .filter { $0 != group && $0 != "sources" && !$0.hasPrefix(".") }
            .sorted()
        var owners: [String: String] = [:]
        for other in groups {
            let names = (try? manager.contentsOfDirectory(atPath: definitions.appendingPathComponent(other).path)) ?? []
            for name in names.sorted() where name.hasSuffix(".yaml") && name != "group.yaml" {
                let id = String(name.dropLast(5))
                if owners[id] == nil { owners[id] = "definitions/\(other)/\(name)" }
            }
        }
        return files.compactMap { file in
            let name = file.path.split(separator: "/").last.map(String.init) ?? file.path
            guard name != "group.yaml", let owner = owners[String(name.dropLast(5))] else { return nil }
            return Diagnostic(.importedIDTaken,
                              "id '\(name.dropLast(5))' is also the id of \(owner); ids are unique across groups, so "
                                  + "rename one of the files (tally check reports it until then)",
                              at: .startOf(file.path))
        }
    }

    static func readPage(_ url: URL, shownAs path: String) throws(ImportFailure) -> [UInt8] {
        func unreadable(_ reason: String) -> ImportFailure {
            ImportFailure([Diagnostic(.unreadableFile, "cannot read the page\(reason)", at: .startOf(path))],
                          summary: "nothing was written")
        }
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        guard manager.fileExists(atPath: url.path, isDirectory: &isDirectory) else { throw unreadable(": no such file") }
        guard !isDirectory.boolValue else { throw unreadable(": it is a folder, not a Markdown file") }
        // A YAML file (glean_parser's metrics.yaml, say) read as Markdown had its first comment taken for the page's
        // title, and "the page has none" said of its metrics.
        if let dot = path.lastIndex(of: "."), [".yaml", ".yml", ".json"].contains(path[dot...].lowercased()) {
            throw unreadable(": it is \(path[path.index(after: dot)...].uppercased()), and tally import reads a Markdown "
                                 + "page (headings, bullets and tables); files of other tools' formats, such as "
                                 + "glean_parser's metrics.yaml, are not imported")
        }
        guard let data = manager.contents(atPath: url.path) else { throw unreadable(" (permissions?)") }
        return [UInt8](data)
    }

    /// Writes every file or none: targets are checked first, then each file goes to a temporary file, then each
    /// temporary file is renamed over its target.
    public static func write(_ files: [ImportedFile], root: URL, force: Bool) throws(ImportFailure) {
        func failure(_ code: DiagnosticCode, _ message: String, at path: String, _ summary: String) -> ImportFailure {
            ImportFailure([Diagnostic(code, message, at: .startOf(path))], summary: summary)
        }
        let manager = FileManager.default
        var existing: [String] = []
        for file in files {
            let url = root.appendingPathComponent(file.path)
            var isDirectory: ObjCBool = false
            let isLink = (try? manager.destinationOfSymbolicLink(atPath: url.path)) != nil
            guard manager.fileExists(atPath: url.path, isDirectory: &isDirectory) || isLink else { continue }
            if isDirectory.boolValue {
                throw failure(.importWriteFailed, "a folder is in the place of this file", at: file.path,
                              "nothing was written")
            }
            existing.append(file.path)
        }
        if !existing.isEmpty && !force {
            let diagnostics = existing.map { path in
                Diagnostic(.importTargetExists, "the file already exists; tally import overwrites files only with "
                               + "--force", at: .startOf(path))
            }
            throw ImportFailure(diagnostics, summary: "nothing was written (\(existing.count) of \(files.count) files "
                                    + "exist; pass --force to overwrite them)")
        }
        var staged: [(temporary: URL, target: URL, path: String)] = []
        func discardStaged() {
            for item in staged { try? manager.removeItem(at: item.temporary) }
        }
        for file in files {
            let target = root.appendingPathComponent(file.path)
            let folder = target.deletingLastPathComponent()
            let temporary: URL
            do {
                try manager.createDirectory(at: folder, withIntermediateDirectories: true)
                temporary = URL(fileURLWithPath: try Disk.writeBeside(target.path, file.text, purpose: "import"))
            } catch {
                discardStaged()
                let reason = (error as? DiskError)?.description ?? error.localizedDescription
                throw failure(.importWriteFailed, "cannot write: \(reason)", at: file.path,
                              "nothing was written")
            }
            staged.append((temporary, target, file.path))
        }
        for (index, item) in staged.enumerated() {
            guard rename(item.temporary.path, item.target.path) == 0 else {
                let reason = String(cString: strerror(errno))
                let done = staged[..<index].map(\.path)
                for rest in staged[index...] { try? manager.removeItem(at: rest.temporary) }
                throw failure(.importWriteFailed, "cannot write: \(reason)", at: item.path,
                              done.isEmpty ? "nothing was written"
                                  : "written before the failure: \(done.joined(separator: ", "))")
            }
        }
    }
}
