import Foundation

/// Reads a project's YAML files from disk. Reading is the only I/O of a check; everything after works on memory.
public struct ProjectReader: Sendable {
    public var root: URL
    public var maxBytes: Int
    /// Where the files' stamps are kept from run to run (InputStamps); nil reads every file.
    public var cache: OutputCache?
    /// Added to the clock that stamps are judged settled by (FileStamp.settled): tests set it ahead, so that files
    /// they have just written count as long unchanged.
    var clockAhead: Int64 = 0

    /// `stampsIn`: the output cache of a run that keeps one; a file whose stamp is as it kept it is then not read
    /// unless its bytes are asked for (SourceText).
    public init(root: URL, maxBytes: Int = YAMLLoader.defaultMaxBytes, stampsIn cache: OutputCache? = nil) {
        self.root = root.standardizedFileURL
        self.maxBytes = maxBytes
        self.cache = cache
    }

    public func read() -> ProjectFiles {
        PhaseTimes.shared.measure("read") { readProject() }
    }

    private func readProject() -> ProjectFiles {
        // Read while the folders are listed.
        let stamps = cache.map { cache in Background { InputStamps(in: cache) } }
        var diagnostics = DiagnosticCollector()
        var wanted: [(path: String, role: ProjectFiles.Role)] = []
        let realRoot = Self.realPath(root.path) ?? root.path
        if Disk.exists(absolute("tally.yaml")) {
            if let real = Self.realPath(absolute("tally.yaml")), real.hasPrefix(realRoot + "/") {
                wanted.append(("tally.yaml", .settings))
            } else {
                diagnostics.emit(.pathOutsideProject,
                                 "tally.yaml is a symbolic link to a place outside the project (or to nothing); tally "
                                     + "reads only files inside it",
                                 at: .startOf("tally.yaml"))
            }
        } else {
            diagnostics.emit(.missingDirectory,
                             "no tally.yaml in \(root.path); run tally from a project's root or pass --project",
                             at: .startOf("tally.yaml"))
        }
        guard Disk.kind(of: absolute("definitions"), following: true) == .directory else {
            diagnostics.emit(.missingDirectory, "no definitions/ folder; create definitions/sources/ and a group folder",
                             at: .folder("definitions"))
            return ProjectFiles(files: readAll(wanted, stamps: stamps?.value, into: &diagnostics), diagnostics: diagnostics)
        }
        let listed = listYAML(under: "definitions", realRoot: realRoot, diagnostics: &diagnostics)
        // Each path's role on both cores: on one, at 10,000 definitions, they kept the other idle for 7 ms.
        for (relative, role) in zip(listed, parallelMap(listed) { ProjectFiles.role(of: $0) }) {
            if let role {
                wanted.append((relative, role))
            } else {
                diagnostics.emit(.misplacedFile,
                                 "tally reads definitions/sources/<name>.yaml and definitions/<group>/<id>.yaml only; "
                                     + "this file is not read: " + UnreadFilePlace.suggestion(for: relative),
                                 at: .startOf(relative))
            }
        }
        if !Disk.exists(absolute("definitions/sources")) {
            diagnostics.emit(.missingDirectory, "no definitions/sources/ folder; declare the tables definitions read there",
                             at: .folder("definitions"))
        }
        return ProjectFiles(files: readAll(wanted, stamps: stamps?.value, into: &diagnostics), diagnostics: diagnostics)
    }

    private func absolute(_ relative: String) -> String { root.path + "/" + relative }

    /// Every .yaml and .yml file below a folder, sorted, so the order of a directory listing never shows in output.
    /// Folders reached through links are listed once each, so a link to a parent cannot loop.
    private func listYAML(under folder: String, realRoot: String, diagnostics: inout DiagnosticCollector) -> [String] {
        var found: [String] = []
        var pending = [folder]
        var listed: Set<String> = []
        while let current = pending.popLast() {
            // Every folder is resolved before it is listed, so a link anywhere above a file (definitions/ itself
            // included) cannot lead out of the project.
            guard let real = Self.realPath(absolute(current)), real == realRoot || real.hasPrefix(realRoot + "/") else {
                diagnostics.emit(.pathOutsideProject,
                                 "\(current)/ leads to a place outside the project (a symbolic link?); tally reads only "
                                     + "files inside it",
                                 at: .folder(current))
                continue
            }
            guard let entries = Disk.entries(of: absolute(current)) else {
                diagnostics.emit(.unreadableFile, "cannot list folder \(current)/ (permissions?)", at: .folder(current))
                continue
            }
            for entry in entries.sorted(by: { $0.name < $1.name }) where !entry.name.hasPrefix(".") {
                let relative = current + "/" + entry.name
                var kind = entry.kind
                if kind == .symbolicLink {
                    guard let target = Self.realPath(absolute(relative)) else {
                        // A link to nothing: worth a word only where a definitions file was meant.
                        if entry.name.hasSuffix(".yaml") || entry.name.hasSuffix(".yml") {
                            diagnostics.emit(.unreadableFile, "\(relative) is a symbolic link to nothing (broken link)",
                                             at: .startOf(relative))
                        }
                        continue
                    }
                    guard target == realRoot || target.hasPrefix(realRoot + "/") else {
                        diagnostics.emit(.pathOutsideProject,
                                         "\(relative) is a symbolic link to a place outside the project; tally reads "
                                             + "only files inside it",
                                         at: .startOf(relative))
                        continue
                    }
                    // A link to a file inside the project counts as that file.
                    kind = Disk.kind(of: target) ?? .other
                    if kind == .directory, !listed.insert(target).inserted { continue }
                }
                if kind == .directory {
                    pending.append(relative)
                } else if entry.name.hasSuffix(".yml") {
                    diagnostics.emit(.misplacedFile, "\(entry.name) ends in .yml; tally reads .yaml files (rename it)",
                                     at: .startOf(relative))
                } else if entry.name.hasSuffix(".yaml") {
                    if kind == .regular {
                        found.append(relative)
                    } else {
                        // A FIFO or device would block or never end; only plain files are read.
                        diagnostics.emit(.unreadableFile, "\(relative) is not a regular file; tally reads only plain files",
                                         at: .startOf(relative))
                    }
                }
            }
        }
        return found.sorted()
    }

    private static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// A file read, with its record for the next run's stamps (when they are kept); a file taken by its stamp,
    /// with the record that vouched for it; or why it could not be read.
    private enum Read: Sendable {
        case text(SourceText, OutputRecord?)
        case taken(SourceText, OutputRecord)
        case failed(Disk.ReadResult)
    }

    /// How many files one iteration of `readAll` reads: a group's folder of 50 definitions in one or two.
    static let readRun = 32

    /// Reads the files on both cores. The size is checked on the open file before reading, so a 100 MB file
    /// costs a stat, not a read. With `stamps`, a file whose stamp is the one kept is not read (DeferredRead), and
    /// the files' stamps are kept for the next run.
    private func readAll(_ wanted: [(path: String, role: ProjectFiles.Role)], stamps: InputStamps?,
                         into diagnostics: inout DiagnosticCollector) -> [ProjectFiles.File] {
        let base = root.path
        let limit = maxBytes
        // A stamp taken now stands for the bytes read after it when the file was last changed well before this.
        let before = Disk.now() + clockAhead
        // Stamps are neither taken nor kept where the file system's would not tell every change.
        let stamps = stamps.flatMap { StampTrust.allows(under: base) ? $0 : nil }
        let known = stamps?.records ?? [:]
        // Each file's lines are found on the core that read it: done after, on one core, it was a tenth of reading.
        let paths = wanted.map(\.path)
        let numbers = SpanFiles.numbers(of: paths)
        // In runs of sorted paths, each folder opened once per run and its files read by name (FolderCursor).
        let results = parallelMap(runs(of: paths.count, size: Self.readRun)) { run -> [Read] in
            var cursor = FolderCursor(root: base)
            return run.map { index in
                let path = paths[index]
                let (folder, name) = cursor.locate(path)
                if let record = known[path], let cache, let folder, record.size <= limit,
                   FileStamp.of(name, in: folder.descriptor) == record.stamp {
                    let unread = DeferredRead(record, root: base, limit: limit, cache: cache)
                    return .taken(SourceText(path: path, unread: unread, spanFile: numbers[index]), record)
                }
                // Where the folder cannot be opened, the file's own read says why.
                let (read, stamp) = folder?.readStampedFile(named: name, limit: limit)
                    ?? Disk.readStampedFile(base + "/" + path, limit: limit)
                guard case .bytes(let bytes) = read else { return .failed(read) }
                guard stamps != nil else { return .text(SourceText(path: path, bytes: bytes, spanFile: numbers[index]), nil) }
                let hash = ContentHash(bytes)
                let record = OutputRecord(path: path, size: bytes.count, hash: hash,
                                          stamp: stamp?.standing(forSize: bytes.count, before: before))
                return .text(SourceText(path: path, bytes: bytes, spanFile: numbers[index], hash: hash), record)
            }
        }.joined()
        var files: [ProjectFiles.File] = []
        files.reserveCapacity(wanted.count)
        var records: [OutputRecord] = []
        var readNow: [OutputRecord] = []
        for ((path, role), result) in zip(wanted, results) {
            switch result {
            case .text(let text, let record):
                files.append(.init(path: path, role: role, text: text))
                if let record {
                    records.append(record)
                    readNow.append(record)
                }
            case .taken(let text, let record):
                files.append(.init(path: path, role: role, text: text))
                records.append(record)
            case .failed(.tooLarge(let size)):
                diagnostics.emit(.fileTooLarge, "file is \(size) bytes; definitions files may be at most \(limit) bytes",
                                 at: .startOf(path))
            case .failed(.notRegular):
                diagnostics.emit(.unreadableFile, "\(path) is not a regular file; tally reads only plain files",
                                 at: .startOf(path))
            case .failed(.missing), .failed(.failed), .failed(.bytes):
                diagnostics.emit(.unreadableFile, "cannot read \(path) (permissions?)", at: .startOf(path))
            }
        }
        if let stamps, let cache {
            PhaseTimes.shared.note("project files taken by their stamps: \(records.count - readNow.count) of \(files.count)")
            InputStamps.keep(records, readNow: readNow, in: cache, replacing: stamps)
        }
        return files
    }
}
