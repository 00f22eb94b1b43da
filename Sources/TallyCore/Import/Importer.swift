import Foundation

/// What `tally import` did or would do: the page as read and every file it renders.
public struct ImportResult: Sendable {
    public var page: ImportedPage
    public var files: [ImportedFile]

    /// Problems of the files in the project, such as an id another group already uses.
    public var projectWarnings: [ImportProblem] = []

    public var todos: [ImportTODO] { files.flatMap(\.todos) }
}

/// A failure of `tally import`, as the text a person reads (already located: "page.md:3:1: error: ...").
public struct ImportError: Error, Sendable, CustomStringConvertible {
    public var description: String

    public init(_ description: String) {
        self.description = description
    }
}

/// `tally import`: a Markdown pings page in, one definition file per ping and a group.yaml out.
public enum Importer {
    /// Renders the import in memory: parses the page and reads tally.yaml's Event Code link template.
    /// - Parameters:
    ///   - settingsBytes: the text of tally.yaml.
    ///   - sources: the project's source names, named in the source TODO.
    public static func plan(pageBytes: [UInt8], pagePath: String, group: String, settingsBytes: [UInt8],
                            sources: [String]) throws(ImportError) -> ImportResult {
        let settings = try decodeSettings(settingsBytes)
        let page: ImportedPage
        do {
            page = try PageParser.parse(pageBytes, path: pagePath)
        } catch {
            throw ImportError(error.description)
        }
        let files = ImportRenderer.files(for: page, group: group, eventCodeTemplate: settings.eventCodeLink.value,
                                         sources: sources)
        return ImportResult(page: page, files: files)
    }

    static func decodeSettings(_ bytes: [UInt8]) throws(ImportError) -> ProjectSettings {
        let text = SourceText(path: "tally.yaml", bytes: bytes)
        var diagnostics = DiagnosticCollector()
        let root = YAMLLoader().load(text, into: &diagnostics)
        let context = DecodeContext(file: "tally.yaml")
        let settings = root.flatMap { SettingsDecoder.decode($0, context: context) }
        diagnostics.append(contentsOf: context.diagnostics)
        guard let settings, !diagnostics.hasErrors else {
            let rendered = DiagnosticRenderer(format: .human, sources: ["tally.yaml": text])
                .render(diagnostics.sorted())
            throw ImportError(rendered + "tally import needs a valid tally.yaml (its links.event_code template); "
                                  + "fix it first")
        }
        return settings
    }

    /// Reads the page and the project, renders the files and writes them: all or nothing. An existing file is an
    /// error unless `force`; then nothing is written at all. Each file is written to a temporary file next to it
    /// and renamed over its place, so no reader ever sees half a file.
    public static func run(pagePath: String, group: String, root: URL, force: Bool,
                           workingDirectory: URL? = nil) throws(ImportError) -> ImportResult {
        let manager = FileManager.default
        let base = workingDirectory ?? URL(fileURLWithPath: manager.currentDirectoryPath)
        let pageURL = URL(fileURLWithPath: pagePath, relativeTo: base)
        let pageBytes = try readPage(pageURL, shownAs: pagePath)
        let settingsURL = root.appendingPathComponent("tally.yaml")
        guard let settings = manager.contents(atPath: settingsURL.path) else {
            throw ImportError("tally.yaml:1:1: error: cannot read \(settingsURL.path); run tally import in a project "
                                  + "or pass --project")
        }
        let sourcesFolder = root.appendingPathComponent("definitions/sources")
        let sources = ((try? manager.contentsOfDirectory(atPath: sourcesFolder.path)) ?? [])
            .filter { $0.hasSuffix(".yaml") && !$0.hasPrefix(".") }
            .map { String($0.dropLast(5)) }
            .sorted()
        let result = try plan(pageBytes: pageBytes, pagePath: pagePath, group: group,
                              settingsBytes: [UInt8](settings), sources: sources)
        var checked = result
        checked.projectWarnings = idsUsedElsewhere(result.files, group: group, root: root)
        try write(result.files, root: root, force: force)
        return checked
    }

    /// Definition ids are unique across groups (they name views): an imported id that another group's file
    /// already has is reported, so the person renames one before `tally check` does it for them.
    static func idsUsedElsewhere(_ files: [ImportedFile], group: String, root: URL) -> [ImportProblem] {
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
            return ImportProblem(.warning,
                                 "id '\(name.dropLast(5))' is also the id of \(owner); ids are unique across groups, "
                                     + "so rename one of the files (tally check reports it until then)",
                                 file: file.path, line: 1)
        }
    }

    static func readPage(_ url: URL, shownAs path: String) throws(ImportError) -> [UInt8] {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        guard manager.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
            throw ImportError("\(path):1:1: error: cannot read the page: no such file")
        }
        guard !isDirectory.boolValue else {
            throw ImportError("\(path):1:1: error: cannot read the page: it is a folder, not a Markdown file")
        }
        guard let data = manager.contents(atPath: url.path) else {
            throw ImportError("\(path):1:1: error: cannot read the page (permissions?)")
        }
        return [UInt8](data)
    }

    /// Writes every file or none: targets are checked first, then each file goes to a temporary file, then each
    /// temporary file is renamed over its target.
    public static func write(_ files: [ImportedFile], root: URL, force: Bool) throws(ImportError) {
        let manager = FileManager.default
        var existing: [String] = []
        for file in files {
            let url = root.appendingPathComponent(file.path)
            var isDirectory: ObjCBool = false
            let isLink = (try? manager.destinationOfSymbolicLink(atPath: url.path)) != nil
            guard manager.fileExists(atPath: url.path, isDirectory: &isDirectory) || isLink else { continue }
            if isDirectory.boolValue {
                throw ImportError("\(file.path):1:1: error: a folder is in the place of this file; nothing was "
                                      + "written")
            }
            existing.append(file.path)
        }
        if !existing.isEmpty && !force {
            let list = existing.map { "\($0):1:1: error: the file already exists; tally import overwrites files "
                                          + "only with --force" }
            throw ImportError(list.joined(separator: "\n") + "\ntally import: nothing was written ("
                                  + "\(existing.count) of \(files.count) files exist; pass --force to overwrite them)")
        }
        var staged: [(temporary: URL, target: URL, path: String)] = []
        func discardStaged() {
            for item in staged { try? manager.removeItem(at: item.temporary) }
        }
        for file in files {
            let target = root.appendingPathComponent(file.path)
            let folder = target.deletingLastPathComponent()
            let temporary = folder.appendingPathComponent(".\(target.lastPathComponent).tally-import-\(UUID().uuidString)")
            do {
                try manager.createDirectory(at: folder, withIntermediateDirectories: true)
                try Data(file.text.utf8).write(to: temporary)
            } catch {
                discardStaged()
                try? manager.removeItem(at: temporary)
                throw ImportError("\(file.path):1:1: error: cannot write: \(error.localizedDescription); nothing was "
                                      + "written")
            }
            staged.append((temporary, target, file.path))
        }
        for (index, item) in staged.enumerated() {
            guard rename(item.temporary.path, item.target.path) == 0 else {
                let reason = String(cString: strerror(errno))
                let done = staged[..<index].map(\.path)
                for rest in staged[index...] { try? manager.removeItem(at: rest.temporary) }
                throw ImportError("\(item.path):1:1: error: cannot write: \(reason)"
                                      + (done.isEmpty ? "; nothing was written"
                                             : "; written before the failure: \(done.joined(separator: ", "))"))
            }
        }
    }
}
