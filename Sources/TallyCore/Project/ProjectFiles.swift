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

    /// How a file differs from these files to `other`.
    public enum Change: String, Sendable {
        case added, removed, changed
    }

    /// Paths whose bytes differ between these files and `other`, or that only one of them has, each with how it
    /// went from these to `other`.
    public func changes(in other: ProjectFiles) -> [String: Change] {
        var mine: [String: [UInt8]] = [:]
        for file in files { mine[file.path] = file.text.bytes }
        var changes: [String: Change] = [:]
        for file in other.files {
            switch mine.removeValue(forKey: file.path) {
            case nil: changes[file.path] = .added
            case let bytes? where bytes != file.text.bytes: changes[file.path] = .changed
            case _?: break
            }
        }
        for path in mine.keys { changes[path] = .removed }
        return changes
    }

    /// Each file's content hash, in order: what the output cache keys on and the decoded store takes files by.
    var contentHashes: [ContentHash] { files.map(\.text.contentHash) }

    /// Where a project-relative path belongs, by the layout rules of docs/format.md; nil for files tally ignores.
    public static func role(of path: String) -> Role? {
        if path == "tally.yaml" { return .settings }
        // Asked of every file before anything else can start: an ASCII path (nearly all) is read on its bytes, which
        // cut and compare as its Characters do. Split into Substrings and compared as Characters, a path took 13,000
        // instructions (1.5% of a one-edit build).
        return path.isAllASCII ? roleByBytes(of: path) : roleByCharacters(of: path)
    }

    static func roleByCharacters(of path: String) -> Role? {
        let parts = path.split(separator: "/")
        guard parts.count == 3, parts[0] == "definitions", parts[2].hasSuffix(".yaml") else { return nil }
        return role(folder: String(parts[1]), stem: String(parts[2].dropLast(5)))
    }

    /// As `roleByCharacters`, on the bytes of an ASCII path: its parts between slashes, empty ones left out.
    static func roleByBytes(of path: String) -> Role? {
        var path = path
        return path.withUTF8 { bytes -> Role? in
            var parts: [Range<Int>] = []
            var start = 0
            for index in 0...bytes.count where index == bytes.count || bytes[index] == UInt8(ascii: "/") {
                if index > start {
                    guard parts.count < 3 else { return nil }
                    parts.append(start..<index)
                }
                start = index + 1
            }
            guard parts.count == 3, parts[2].count >= 5,
                  bytes[parts[0]].elementsEqual("definitions".utf8),
                  bytes[parts[2].suffix(5)].elementsEqual(".yaml".utf8) else { return nil }
            func text(_ range: Range<Int>) -> String { String(decoding: bytes[range], as: UTF8.self) }
            return role(folder: text(parts[1]), stem: text(parts[2].dropLast(5)))
        }
    }

    /// A definitions file's role from its folder and its name without `.yaml`.
    private static func role(folder: String, stem: String) -> Role {
        if folder == "sources" { return .source(name: stem) }
        if stem == "group" { return .group(name: folder) }
        return .definition(id: stem, group: folder)
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
