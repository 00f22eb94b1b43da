import Foundation

/// `tally check`'s comparison of generated/ with what the definitions produce. Each rendered file is compared
/// with its twin on disk as soon as it exists and then dropped, so memory holds the jobs in flight, not the tree.
enum DriftCheck {
    struct Outcome {
        var diagnostics: [Diagnostic]
        /// Every expected file, for the output cache (only worth storing when there is no drift); empty when the
        /// comparison was not asked to record them.
        var records: [OutputRecord]
    }

    /// `recording`: whether the output cache will store the records. Without a cache (--no-cache), hashing every
    /// rendered file for them was a hundredth of the check.
    static func compare(_ catalog: CheckedCatalog, with tree: GeneratedTree, folder: String = "generated",
                        reusing reuse: JobReuse? = nil, recording: Bool = true) -> Outcome {
        // A file where the folder should be: nothing to render and compare against (no records, so no cache entry).
        if tree.isOccupied {
            return Outcome(diagnostics: [Diagnostic(.generatedMissing,
                                                    "\(folder) is a file, not the folder tally writes its output to; "
                                                        + "move or rename it (tally build does not delete it), then run "
                                                        + "`tally build`",
                                                    at: .startOf(folder))],
                           records: [])
        }
        // Listed while the jobs render: the listing is needed only once they are done.
        let listing = Background { tree.files() }
        let state = Locked((findings: [(path: String, diagnostic: Diagnostic)](), records: [OutputRecord](),
                            expected: [String]()))
        let root = tree.path
        Generator.render(catalog, reusing: reuse) { files in
            for file in files {
                let path = root + "/" + file.path
                let size = file.size
                let finding: Diagnostic?
                if file.matchesFile(at: path) {
                    finding = nil
                } else {
                    // Read whole to say how it differs. A file far larger than expected is drift without reading
                    // it all; a link is never current. Large files are diffed one at a time: two views.sql of
                    // 15 MB at once, each held twice with its lines, took a check after one edit past 150 MB.
                    finding = size < Self.largeFile ? Self.finding(for: file, size: size, at: path, folder: folder)
                        : Self.oneLargeFileAtATime.withLock { _ in
                            Self.finding(for: file, size: size, at: path, folder: folder)
                        }
                }
                let record = recording ? OutputRecord(path: file.path, size: size, hash: file.hash) : nil
                state.withLock { found in
                    found.expected.append(file.path)
                    if let record { found.records.append(record) }
                    if let finding { found.findings.append((file.path, finding)) }
                }
            }
        }
        let (findings, records, expectedPaths) = state.withLock { $0 }
        let present = listing.value
        if present.isEmpty && !expectedPaths.isEmpty {
            return Outcome(diagnostics: [Diagnostic(.generatedMissing,
                                                    "\(folder)/ is missing or empty; run `tally build` to generate "
                                                        + "\(expectedPaths.count) files",
                                                    at: .folder(folder))],
                           records: records)
        }
        var diagnostics = findings.sorted { $0.path < $1.path }.map(\.diagnostic)
        if tree.isLink {
            diagnostics.insert(Diagnostic(.generatedDrift,
                                          "\(folder)/ is a symbolic link; tally keeps generated/ as a folder of the "
                                              + "project's own: `tally build` replaces the link with one",
                                          at: .folder(folder)), at: 0)
        }
        let expected = Set(expectedPaths)
        for file in present where !expected.contains(file.path) {
            let shown = "\(folder)/\(file.path)"
            if file.kind == .unreadableFolder {
                diagnostics.append(Diagnostic(.unreadableFile, "\(shown)/ cannot be read (its permissions), so what it holds "
                                                  + "cannot be checked; make it readable", at: .folder(shown)))
                continue
            }
            // A link may stand where definitions produce a folder: naming what it is beats "not produced".
            // A link to a folder is said as a folder is: its path with a trailing `/`, no line and column.
            let linksAFolder = file.kind == .symbolicLink && Disk.kind(of: root + "/" + file.path, following: true) == .directory
            let place: SourceSpan = file.kind == .directory || linksAFolder ? .folder(shown) : .startOf(shown)
            // A plain file without tally's mark is someone's own, which a build keeps: it is to move.
            if file.kind == .regular, ForeignFiles.isForeign(file.path, in: root) {
                diagnostics.append(ForeignFiles.finding(shown, at: place))
                continue
            }
            let what = file.kind == .directory ? "\(shown)/ is an empty folder no definition produces"
                : file.kind == .symbolicLink ? "\(shown) is a symbolic link, where tally keeps files and folders of its own"
                : "\(shown) is not produced by any definition"
            diagnostics.append(Diagnostic(.generatedExtra, what + "; `tally build` removes it", at: place))
        }
        return Outcome(diagnostics: diagnostics, records: records)
    }

    static let largeFile = 1 << 20
    private static let oneLargeFileAtATime = Locked(())

    /// nil when the file on disk has exactly the expected bytes. A small file is read whole; a large one is
    /// compared a chunk at a time, and only the lines around the change are read into memory.
    private static func finding(for file: GeneratedFile, size: Int, at path: String, folder: String) -> Diagnostic? {
        let shown = "\(folder)/\(file.path)"
        if size >= largeFile, let stamp = Disk.stamp(of: path), stamp.size <= size + 4096 {
            return drift(LineDiff.compare(old: FileBytes(path: path, count: stamp.size), new: file.byteSource,
                                          label: shown), shown: shown)
        }
        switch Disk.readFile(path, limit: size + 4096, following: false) {
        case .bytes(let actual):
            let found = drift(LineDiff.compare(old: actual, new: file.byteSource, label: shown), shown: shown)
            // A generated file merged by hand: said as such, since the fix is a build, not an edit.
            guard var found, let line = MergeConflictMarkers.firstLine(in: actual) else { return found }
            found.message = "\(shown) holds a merge conflict's markers: generated files are not merged by hand; finish "
                + "the merge in the definitions, then run `tally build` (it writes every generated file afresh)"
            let place = SourcePosition(line: line, column: 1)
            found.span = SourceSpan(file: shown, start: place, end: place)
            return found
        case .missing:
            return Diagnostic(.generatedMissing, "\(shown) is missing; run `tally build`", at: .startOf(shown))
        case .notRegular:
            // Said as what it is: a trial's named pipe was called "(a link?)".
            let what = switch Disk.kind(of: path) {
            case .symbolicLink: "is a symbolic link, not a plain file"
            case .directory: "is a folder, not a plain file"
            default: "is not a plain file (a named pipe, socket or device)"
            }
            return Diagnostic(.generatedDrift, "\(shown) \(what); run `tally build` to replace it", at: .startOf(shown))
        case .tooLarge(let actual):
            return Diagnostic(.generatedDrift,
                              "\(shown) is \(actual) bytes where the definitions produce \(size); run "
                                  + "`tally build` to replace it",
                              at: .startOf(shown))
        case .failed:
            return unreadable(shown)
        }
    }

    private static func drift(_ comparison: LineDiff.Comparison, shown: String) -> Diagnostic? {
        switch comparison {
        case .same: return nil
        case .unreadable: return unreadable(shown)
        case .differ(let text, let firstLine):
            let place = SourcePosition(line: firstLine, column: 1)
            return Diagnostic(.generatedDrift,
                              "\(shown) differs from what the definitions produce (edited by hand, or a definition "
                                  + "changed without `tally build`)",
                              at: SourceSpan(file: shown, start: place, end: place), detail: text)
        }
    }

    private static func unreadable(_ shown: String) -> Diagnostic {
        Diagnostic(.generatedDrift, "\(shown) cannot be read; run `tally build` to replace it", at: .startOf(shown))
    }
}
