import Foundation

/// Reads a project's YAML files from disk. Reading is the only I/O of a check; everything after works on memory.
public struct ProjectReader: Sendable {
    public var root: URL
    public var maxBytes: Int

    public init(root: URL, maxBytes: Int = YAMLLoader.defaultMaxBytes) {
        self.root = root.standardizedFileURL
        self.maxBytes = maxBytes
    }

    public func read() -> ProjectFiles {
        var project = ProjectFiles()
        let manager = FileManager.default
        let settingsPath = root.appendingPathComponent("tally.yaml").path
        if manager.fileExists(atPath: settingsPath) {
            addFile("tally.yaml", role: .settings, to: &project)
        } else {
            project.diagnostics.emit(.missingDirectory,
                                     "no tally.yaml in \(root.path); run tally from a project's root or pass --project",
                                     at: .startOf("tally.yaml"))
        }
        let definitions = root.appendingPathComponent("definitions")
        var isDirectory: ObjCBool = false
        guard manager.fileExists(atPath: definitions.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            project.diagnostics.emit(.missingDirectory,
                                     "no definitions/ folder; create definitions/sources/ and a group folder",
                                     at: .startOf("definitions"))
            return project
        }
        for relative in listYAML(under: "definitions", diagnostics: &project.diagnostics) {
            if let role = ProjectFiles.role(of: relative) {
                addFile(relative, role: role, to: &project)
            } else {
                project.diagnostics.emit(.misplacedFile,
                                         "tally reads definitions/sources/<name>.yaml and definitions/<group>/<id>.yaml"
                                             + " only; this file is not read",
                                         at: .startOf(relative))
            }
        }
        if !manager.fileExists(atPath: definitions.appendingPathComponent("sources").path) {
            project.diagnostics.emit(.missingDirectory,
                                     "no definitions/sources/ folder; declare the tables definitions read there",
                                     at: .startOf("definitions"))
        }
        return project
    }

    /// Every .yaml and .yml file below a folder, sorted, so the order of a directory listing never shows in output.
    private func listYAML(under folder: String, diagnostics: inout DiagnosticCollector) -> [String] {
        let manager = FileManager.default
        var found: [String] = []
        var pending = [folder]
        while let current = pending.popLast() {
            let url = root.appendingPathComponent(current)
            guard let names = try? manager.contentsOfDirectory(atPath: url.path) else {
                diagnostics.emit(.unreadableFile, "cannot list folder \(current)/ (permissions?)", at: .startOf(current))
                continue
            }
            for name in names.sorted() where !name.hasPrefix(".") {
                let relative = current + "/" + name
                let child = root.appendingPathComponent(relative)
                guard isInsideProject(child) else {
                    diagnostics.emit(.pathOutsideProject,
                                     "\(relative) is a symbolic link to a place outside the project; tally reads only "
                                         + "files inside it",
                                     at: .startOf(relative))
                    continue
                }
                var isDirectory: ObjCBool = false
                guard manager.fileExists(atPath: child.path, isDirectory: &isDirectory) else { continue }
                if isDirectory.boolValue {
                    pending.append(relative)
                } else if name.hasSuffix(".yml") {
                    diagnostics.emit(.misplacedFile, "\(name) ends in .yml; tally reads .yaml files (rename it)",
                                     at: .startOf(relative))
                } else if name.hasSuffix(".yaml") {
                    if isRegularFile(child) {
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

    /// stat follows symbolic links, so a link to a file inside the project counts as that file.
    private func isRegularFile(_ url: URL) -> Bool {
        var status = stat()
        guard stat(url.path, &status) == 0 else { return false }
        return status.st_mode & S_IFMT == S_IFREG
    }

    private func isInsideProject(_ url: URL) -> Bool {
        let resolved = url.resolvingSymlinksInPath().path
        let base = root.resolvingSymlinksInPath().path
        return resolved == base || resolved.hasPrefix(base + "/")
    }

    private func addFile(_ relative: String, role: ProjectFiles.Role, to project: inout ProjectFiles) {
        let url = root.appendingPathComponent(relative)
        // Check the size before reading, so a 100 MB file costs a stat, not a read.
        let size = (try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? NSNumber)?.intValue ?? 0
        if size > maxBytes {
            project.diagnostics.emit(.fileTooLarge,
                                     "file is \(size) bytes; definitions files may be at most \(maxBytes) bytes",
                                     at: .startOf(relative))
            return
        }
        guard let data = FileManager.default.contents(atPath: url.path) else {
            project.diagnostics.emit(.unreadableFile, "cannot read \(relative) (permissions?)", at: .startOf(relative))
            return
        }
        project.files.append(.init(path: relative, role: role, text: SourceText(path: relative, bytes: [UInt8](data))))
    }
}
