/// The files of a project, read into memory: what every later stage works from. Tests build one directly, so
/// the whole pipeline runs without touching a disk.
public struct ProjectFiles: Sendable {
    public enum Role: Sendable, Equatable {
        case settings
        case source(name: String)
        case group(name: String)
        case definition(id: String, group: String)
    }

    public struct File: Sendable {
        public var path: String
        public var role: Role
        public var text: SourceText
    }

    public var files: [File]
    /// Problems found while listing and reading (missing folders, symlinks out of the project, oversize files).
    public var diagnostics: DiagnosticCollector

    public init(files: [File] = [], diagnostics: DiagnosticCollector = DiagnosticCollector()) {
        self.files = files
        self.diagnostics = diagnostics
    }

    /// Paths whose bytes differ between these files and `other`, or that only one of them has.
    public func changedFiles(in other: ProjectFiles) -> Set<String> {
        var mine: [String: [UInt8]] = [:]
        for file in files { mine[file.path] = file.text.bytes }
        var changed: Set<String> = []
        for file in other.files {
            if mine.removeValue(forKey: file.path) != file.text.bytes { changed.insert(file.path) }
        }
        return changed.union(mine.keys)
    }

    /// Where a project-relative path belongs, by the layout rules of docs/format.md; nil for files tally ignores.
    public static func role(of path: String) -> Role? {
        if path == "tally.yaml" { return .settings }
        // Called for every file of the project before anything else can start: an ASCII path (nearly all) is cut
        // at its slash bytes, which is where its Characters would cut it, in a fifth of the time.
        let parts = path.isAllASCII
            ? path.utf8.split(separator: UInt8(ascii: "/")).map { Substring($0) }
            : path.split(separator: "/")
        guard parts.count == 3, parts[0] == "definitions", parts[2].hasSuffix(".yaml") else { return nil }
        let stem = String(parts[2].dropLast(5))
        if parts[1] == "sources" { return .source(name: stem) }
        if stem == "group" { return .group(name: String(parts[1])) }
        return .definition(id: stem, group: String(parts[1]))
    }

    /// Builds the file set from in-memory texts, as tests and `tally diff` (files read from git) do.
    public static func fromMemory(_ texts: [String: [UInt8]]) -> ProjectFiles {
        var project = ProjectFiles()
        for path in texts.keys.sorted() {
            guard let role = role(of: path) else { continue }
            project.files.append(File(path: path, role: role, text: SourceText(path: path, bytes: texts[path]!)))
        }
        return project
    }
}
