import CTallySupport
import Foundation

/// Makes generated/ what a build rendered. Files are compared with the tree in place as they are rendered, and each
/// one that differs is written into a work folder beside generated/ (.generated.tally-new), at its own path. When
/// rendering ends:
/// - If few files changed (at most `inPlaceLimit` changed, added or removed, each a plain file, or a new one, in
///   folders of generated/ that are there and are not links), they are renamed into place one after another and
///   the removed ones deleted, with the folders that leaves empty: no other file or folder is touched. One changed
///   file alone is one rename, atomic by itself. Several are renamed back to back, each file always whole, old or
///   new; a build killed among those renames leaves some new and some old, which `tally check` reports as drift
///   and the next build finishes (it renders and compares every file).
/// - Otherwise (more changes; a file to add in a folder not yet there; a link, a folder or anything but a plain
///   file where a changed file goes, or among what goes; a link on the way; a name that goes and a rendered one
///   differing only in case; on a file system that ignores case, any file added or removed) the work folder
///   becomes the whole new tree: files found equal are
///   hard-linked into it (copied where the file system has no hard links), and it is swapped in with one atomic
///   exchange where the system has one (Linux renameat2), else with two renames that a later run completes if the
///   process was killed between them. So a large change leaves generated/ wholly old or wholly new.
/// Either way, files that are not tally's (ForeignFiles) are never deleted: left in place, or linked into the new
/// tree before the swap (one standing where the new tree needs a folder stops the build before the swap), and
/// dbt's folders (ToolArtifacts) are moved into it.
/// Nothing is written when nothing changed, and nothing outside generated/ and its sibling work names is touched. At 30,000 files, linking a new tree and deleting the old cost 0.5 s, which an edit of one definition
/// (nine changed files, say) no longer pays.
public struct OutputWriter: Sendable {
    public let target: URL
    /// Gives an unchanged file its name in the new tree: Disk.link, except in tests of the copying fallback.
    let linkFile: @Sendable (_ existing: String, _ newPath: String) throws(DiskError) -> Void
    /// Renames a changed file into place: Disk.move, except in tests of a build stopped among its renames.
    let moveFile: @Sendable (_ from: String, _ to: String) throws(DiskError) -> Void
    /// Why a folder cannot be written (an errno), or nil when it can: access(2), except in tests, which run as
    /// root, whom no folder's mode stops.
    let unwritable: @Sendable (_ folder: String) -> Int32?
    /// How many files may change (or go) and still be renamed into place rather than swapped in as a new tree.
    let inPlaceLimit: Int
    private var targetPath: String { target.path }
    private var staging: String { sibling("tally-new") }
    /// The work folder a build writes changed files into beside generated/, which a stopped one may leave.
    public var workFolder: URL { URL(fileURLWithPath: staging) }
    private var retired: String { sibling("tally-old") }
    /// Where earlier builds of tally wrote a lone changed file before renaming it into place: removed if one was left.
    private var formerReplacement: String { sibling("tally-file") }

    /// Enough for one edit (a definition changes about ten files) or a few; each is a rename, while a new tree
    /// costs about 17 microseconds per file in the tree. Beyond it the build keeps the all-or-nothing swap.
    public static let defaultInPlaceLimit = 256

    public enum Outcome: Equatable, Sendable {
        case unchanged
        case written(changed: Int, removed: Int)
    }

    struct Result {
        var outcome: Outcome
        var records: [OutputRecord]
        /// A problem that did not stop the build: the old tree, already swapped out, could not be deleted.
        var warning: String?
    }

    /// Something other than a folder or a link where generated/ belongs (a file a person made): tally never
    /// deletes it to make room.
    struct OccupiedTargetError: Error, CustomStringConvertible {
        var path: String
        var description: String {
            "\(path) is a file, not the folder tally writes its output to; nothing was written. Move or rename it "
                + "(tally does not delete it), then run `tally build` again"
        }
    }

    /// Two rendered files with one path: a generator bug the validator should have made impossible.
    struct DuplicatePathError: Error, CustomStringConvertible {
        var path: String
        var description: String { "two generated files would both be \(path); nothing was written" }
    }

    /// A folder of generated/ that cannot be listed.
    struct UnreadableFolderError: Error, CustomStringConvertible {
        var folder: String
        var description: String {
            "\(folder)/ cannot be read (its permissions), so tally cannot tell what it holds; nothing was written: make "
                + "it readable, then run `tally build` again"
        }
    }

    /// A folder of generated/ that a changed file is renamed into (or a removed one out of) cannot be written.
    struct NotWritableError: Error, CustomStringConvertible {
        var folder: String
        var code: Int32
        var description: String {
            "\(folder)/ cannot be written (\(String(cString: strerror(code)))); nothing was written: make it writable, "
                + "then run `tally build` again"
        }
    }

    /// A rename or deletion that failed while changed files were being put in place: some are new, some old.
    struct PartlyWrittenError: Error, CustomStringConvertible {
        var cause: DiskError
        var description: String {
            "\(cause); generated/ is partly updated (each file whole, old or new): fix the cause and run `tally build` "
                + "again to finish it"
        }
    }

    public init(target: URL) {
        self.init(target: target) { existing, newPath throws(DiskError) in try Disk.link(existing, as: newPath) }
    }

    init(target: URL, inPlaceLimit: Int = OutputWriter.defaultInPlaceLimit,
         moveFile: @escaping @Sendable (_ from: String, _ to: String) throws(DiskError) -> Void = { from, to throws(DiskError) in
             try Disk.move(from, to: to)
         },
         unwritable: @escaping @Sendable (_ folder: String) -> Int32? = { access($0, W_OK) == 0 ? nil : errno },
         linkFile: @escaping @Sendable (_ existing: String, _ newPath: String) throws(DiskError) -> Void) {
        self.target = target.standardizedFileURL
        self.inPlaceLimit = inPlaceLimit
        self.moveFile = moveFile
        self.unwritable = unwritable
        self.linkFile = linkFile
    }

    private func sibling(_ suffix: String) -> String {
        target.deletingLastPathComponent().path + "/.\(target.lastPathComponent).\(suffix)"
    }

    /// Finishes or undoes a swap that a killed run left behind.
    public func recover() throws {
        if Disk.exists(retired) {
            // The new tree was complete before the first rename, so a swap in progress is completed.
            if !Disk.exists(targetPath), Disk.exists(staging) {
                try Disk.move(staging, to: targetPath)
            } else if !Disk.exists(targetPath) {
                try Disk.move(retired, to: targetPath)
            }
            try removeLeftover(retired)
        }
        // A work folder without a retired tree never started a swap: it may be partial, or hold changed files a
        // killed build had not yet renamed into place (the next build renders them again).
        try removeLeftover(staging)
        try removeLeftover(formerReplacement)
    }

    private func removeLeftover(_ path: String) throws {
        do {
            try Disk.remove(path)
        } catch {
            throw LeftoverError(path: path, cause: error)
        }
    }

    /// A work folder of an earlier, interrupted build that cannot be deleted (permissions, say).
    struct LeftoverError: Error, CustomStringConvertible {
        var path: String
        var cause: DiskError
        var description: String {
            "\(path) is left from an earlier build (one interrupted, or whose old tree could not be deleted) and cannot "
                + "be deleted (\(cause)); make it deletable or remove it by hand"
        }
    }

    /// What generated/ holds now, by relative path.
    public func current() -> [String: [UInt8]] {
        var files: [String: [UInt8]] = [:]
        for file in GeneratedTree(path: targetPath).files() {
            if case .bytes(let bytes) = Disk.readFile(targetPath + "/" + file.path) { files[file.path] = bytes }
        }
        return files
    }

    public func write(_ files: [GeneratedFile]) throws -> Outcome {
        try write { consume in consume(files) }.outcome
    }

    /// Writes what `produce` hands over, comparing each file with the tree in place as it goes, so no file is held
    /// longer than its job.
    /// `expectedFiles`: about how many files will be handed over, for room made once (grown as they came, the
    /// 30,000 paths claimed and records kept in a one-edit build at 10,000 definitions were rehashed and copied
    /// a dozen times). `whilePlaced`: what to do once generated/ holds the new files, given their records (the
    /// output cache's files written): where changed files were renamed into place, done while the emptied work
    /// folder is deleted (putInPlace); not done when the write fails.
    func write(expectedFiles: Int = 0, whilePlaced: ([OutputRecord]) -> Void = { _ in },
               _ produce: (@escaping @Sendable ([GeneratedFile]) -> Void) -> Void) throws -> Result {
        var (result, finishing) = try place(expectedFiles: expectedFiles, produce)
        whilePlaced(result.records)
        if let late = finishing?.take() { result.warning = Self.combined(result.warning, late) }
        return result
    }

    /// What `write` does up to generated/ holding the new files, with the deletion of the emptied work folder
    /// still under way where changed files were renamed into place (putInPlace).
    private func place(expectedFiles: Int, _ produce: (@escaping @Sendable ([GeneratedFile]) -> Void) -> Void)
        throws -> (Result, finishing: OwnThread<String?>?) {
        try recover()
        if GeneratedTree(path: targetPath).isOccupied { throw OccupiedTargetError(path: "generated") }
        let folders = RealFolders(root: targetPath)
        let placement = FilePlacement(old: targetPath, new: staging, limit: inPlaceLimit, linkFile: linkFile, folders: folders)
        var room = PlacementState()
        room.claimed.reserveCapacity(expectedFiles)
        room.waiting.reserveCapacity(expectedFiles)
        let state = Locked(room)
        // What generated/ holds, to find the files that go: listed while the jobs render, since nothing is put in
        // place before they are done (changed files wait in the work folder until then).
        let target = targetPath
        let present = Background { GeneratedTree(path: target).filesInAnyOrder() }
        produce { files in
            // Asked to stop: nothing more is placed, and the work is removed below.
            guard !Interruption.requested else { return }
            placement.place(files, state: state)
        }
        if let signal = Interruption.signal {
            try? Disk.remove(staging)
            throw Interruption.Stopped(signal: signal)
        }
        var written = state.withLock { $0 }
        // A folder that cannot be listed may hold anything: neither kept nor removed blind (deleting the old tree
        // failed, and its leftover stopped every later build).
        if let unreadable = present.value.first(where: { $0.kind == .unreadableFolder }) {
            try? Disk.remove(staging)
            throw UnreadableFolderError(folder: "generated/" + unreadable.path)
        }
        // Looked for on both cores, in two runs of the listing: the 30,415 paths of a 10,000-definition project asked
        // of the set of claimed ones were 10 ms at the end of a one-edit build, when its other core is idle.
        // Sorted once found, as the few files that go are removed in path order.
        let listed = present.value
        let claimed = written.claimed
        let unclaimed = parallelMap(runs(of: listed.count, size: max(1, (listed.count + 1) / 2))) { run in
            listed[run].filter { !claimed.contains($0.path) }
        }.joined().sorted { $0.path < $1.path }
        // A file that is not tally's (ForeignFiles) is kept, and said, never deleted.
        let foreign = unclaimed.filter { $0.kind == .regular && ForeignFiles.isForeign($0.path, in: targetPath) }.map(\.path)
        let extra = foreign.isEmpty ? unclaimed : unclaimed.filter { !foreign.contains($0.path) }
        let kept = ForeignFiles.keptWarning(foreign)
        if written.failure == nil, written.duplicate == nil, !written.wholeTree,
           !written.fitsInPlace(removing: extra, folders: folders, limit: inPlaceLimit) {
            placement.startWholeTree(state: state)
            written = state.withLock { $0 }
        }
        if written.failure != nil || written.duplicate != nil {
            try? Disk.remove(staging)
            if let failure = written.failure { throw failure }
            throw DuplicatePathError(path: written.duplicate!)
        }
        if written.wholeTree {
            // What is not tally's goes into the new tree before the swap, so that the swap carries it: moved after,
            // a failure or a kill in between left it in the old tree, which the next build deletes. Through a linked
            // generated/ nothing is carried: the folder it names is left as it is, those files in it.
            if folders.rootIsLink {
                // Where the link points, read before the swap replaces it.
                let left = ForeignFiles.leftBehindWarning(foreign, linkedTo: try? FileManager.default.destinationOfSymbolicLink(atPath: targetPath))
                let warning = try swapIn()
                return (Result(outcome: .written(changed: written.changed, removed: extra.count), records: written.records,
                               warning: Self.combined(left, warning)), nil)
            }
            for path in foreign {
                do throws(DiskError) {
                    try placement.linkOrCopy(targetPath + "/" + path, as: staging + "/" + path, makingFolders: true)
                } catch {
                    // Looked at before the new tree goes, to say what of it stands in the way.
                    let unplaced = ForeignFiles.UnplacedError(path: path, cause: error, newTree: staging)
                    try? Disk.remove(staging)
                    throw unplaced
                }
            }
            ToolArtifacts.move(from: targetPath, into: staging)
            let warning: String?
            do {
                warning = try swapIn()
            } catch {
                // The swap did not happen: dbt's folders go back where they were, not away with the work folder.
                ToolArtifacts.move(from: staging, into: targetPath)
                throw error
            }
            return (Result(outcome: .written(changed: written.changed, removed: extra.count), records: written.records,
                           warning: Self.combined(kept, warning)), nil)
        }
        guard !written.changes.isEmpty || !extra.isEmpty else {
            return (Result(outcome: .unchanged, records: written.waiting, warning: kept), nil)
        }
        let finishing = try putInPlace(written.changes.map(\.path), removing: extra.map(\.path))
        return (Result(outcome: .written(changed: written.changes.count, removed: extra.count),
                       records: written.waiting + written.changes, warning: kept), finishing)
    }

    /// A build's warnings, a line each.
    private static func combined(_ warnings: String?...) -> String? {
        let present = warnings.compactMap { $0 }
        return present.isEmpty ? nil : present.joined(separator: "\n")
    }

    /// Renames the changed files from the work folder into generated/, back to back, then deletes the files that go
    /// and the folders they leave empty. Returns the deletion of the emptied work folder, under way on a thread of
    /// its own, which says a warning when it could not be deleted. (Not Disk.replace: a file renamed over another
    /// is written to disk by ext4 first, so that after a power cut it holds old or new bytes, never none.)
    ///
    /// A large file replaced keeps its old version under a second name in the work folder until then: renamed over
    /// while it had one name, it was freed by the rename, 11-12 ms for each 12 MB views.sql, page by page, on the one
    /// core a one-edit build ends on; deleted with the work folder, it is freed while the cache's files are written.
    private func putInPlace(_ changed: [String], removing gone: [String]) throws -> OwnThread<String?> {
        // A folder that cannot be written, found by its first rename, left generated/ partly updated and an error
        // naming the work file: each is looked at first, and nothing is renamed when one is not writable.
        let folders = Set((changed + gone).map { Disk.parent(of: $0) })
        for folder in folders.sorted() {
            let location = folder == "." ? targetPath : targetPath + "/" + folder
            if let code = unwritable(location) {
                try? Disk.remove(staging)
                throw NotWritableError(folder: folder == "." ? "generated" : "generated/" + folder, code: code)
            }
        }
        do throws(DiskError) {
            var replaced = ReplacedVersions(folder: staging + "/" + Self.replacedFolder)
            for path in changed {
                replaced.keep(targetPath + "/" + path)
                try moveFile(staging + "/" + path, targetPath + "/" + path)
            }
            for path in gone {
                try Disk.remove(targetPath + "/" + path)
                try removeEmptyFolders(above: path)
            }
        } catch {
            throw PartlyWrittenError(cause: error)
        }
        // Only folders are left in the work folder, and the replaced versions; the next build removes them if this
        // cannot.
        let staging = staging
        return OwnThread {
            do {
                try Disk.remove(staging)
                return nil
            } catch {
                return "generated/ is written, but the emptied work folder \(staging) could not be deleted (\(error))"
            }
        }
    }

    /// The work folder's folder of replaced versions (ReplacedVersions), a name no emitter gives a folder of generated/.
    static let replacedFolder = ".replaced"

    /// Deletes the folders of generated/ that held `path` and are now empty, deepest first.
    private func removeEmptyFolders(above path: String) throws(DiskError) {
        var folder = Substring(path)
        while let slash = folder.lastSlash {
            folder = folder[..<slash]
            let location = targetPath + "/" + folder
            if rmdir(location) == 0 { continue }
            if errno == ENOTEMPTY || errno == EEXIST { return }
            throw DiskError(operation: "remove folder", path: location, code: errno)
        }
    }

    /// Returns a warning when the old tree, once swapped out, could not be deleted.
    private func swapIn() throws -> String? {
        var leftover = retired
        if Disk.exists(targetPath) {
            if tally_exchange_paths(staging, targetPath) == 0 {
                // generated/ is now the new tree; the staging name holds the old one.
                leftover = staging
            } else {
                try Disk.move(targetPath, to: retired)
                try Disk.move(staging, to: targetPath)
            }
        } else {
            try Disk.move(staging, to: targetPath)
        }
        do {
            try Disk.remove(leftover)
            return nil
        } catch {
            return "generated/ is written, but the old tree in \(leftover) could not be deleted (\(error)); "
                + "remove it by hand before the next build"
        }
    }
}
