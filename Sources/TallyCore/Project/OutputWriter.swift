import CTallySupport
import Foundation

/// Replaces generated/ as a whole. Files are compared with the tree in place as they are rendered. The first file
/// that differs from one in place is written beside generated/; should it stay the only change, it replaces the
/// old file with one rename, which is atomic by itself. At a second difference (or a file added or removed) a new
/// tree is started beside generated/ (files already found equal are hard-linked into it, or copied where the file
/// system has no hard links), and when rendering ends it is swapped in: with one atomic exchange where the system
/// has one (Linux renameat2), else with two renames that a later run completes if the process was killed between
/// them. So generated/ is always either wholly old or wholly new, nothing is written when nothing changed, and
/// nothing outside generated/ and its three sibling work names is touched. One edited definition often changes
/// one file (its docs page), and at 30,000 files linking the new tree and deleting the old cost 0.6 s.
public struct OutputWriter: Sendable {
    public let target: URL
    /// Gives an unchanged file its name in the new tree: Disk.link, except in tests of the copying fallback.
    let linkFile: @Sendable (_ existing: String, _ newPath: String) throws(DiskError) -> Void
    private var targetPath: String { target.path }
    private var staging: String { sibling("tally-new") }
    private var retired: String { sibling("tally-old") }
    /// The one changed file, until it replaces the old one or moves into the new tree.
    private var replacement: String { sibling("tally-file") }

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

    public init(target: URL) {
        self.init(target: target) { existing, newPath throws(DiskError) in try Disk.link(existing, as: newPath) }
    }

    init(target: URL, linkFile: @escaping @Sendable (_ existing: String, _ newPath: String) throws(DiskError) -> Void) {
        self.target = target.standardizedFileURL
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
        // A staging tree without a retired one never started its swap: it may be partial. A replacement file that
        // is still there was never renamed into place.
        try removeLeftover(staging)
        try removeLeftover(replacement)
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
        var description: String { "\(path) is left from an interrupted build and cannot be deleted (\(cause)); remove it by hand" }
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
    func write(_ produce: (@escaping @Sendable ([GeneratedFile]) -> Void) -> Void) throws -> Result {
        try recover()
        if GeneratedTree(path: targetPath).isOccupied { throw OccupiedTargetError(path: "generated") }
        let tree = Trees(old: targetPath, new: staging, replacement: replacement, linkFile: linkFile,
                         folders: RealFolders(root: targetPath))
        let state = Locked(WriteState())
        produce { files in
            // Asked to stop: nothing more is placed, and the work is removed below.
            guard !Interruption.requested else { return }
            for file in files { tree.place(file, state: state) }
        }
        if let signal = Interruption.signal {
            try? Disk.remove(staging)
            try? Disk.remove(replacement)
            throw Interruption.Stopped(signal: signal)
        }
        var written = state.withLock { $0 }
        let produced = written.claimed
        let inPlace = GeneratedTree(path: targetPath)
        let removed = inPlace.files().filter { !produced.contains($0.path) }.count
        // A link in generated/'s place is replaced by a folder of the project's own, even when every file read
        // through it is current; a single changed file is never renamed through it.
        let linked = inPlace.isLink
        if written.failure == nil, written.duplicate == nil, !written.staging, let single = written.single {
            if removed == 0, !linked {
                try Disk.move(replacement, to: targetPath + "/" + single.path)
                return Result(outcome: .written(changed: 1, removed: 0), records: written.waiting + [single])
            }
        }
        if written.failure == nil, written.duplicate == nil, !written.staging,
           removed > 0 || written.single != nil || linked {
            // Files (or a link in generated/'s place) must go, or the one changed file cannot simply replace its old
            // self: the new tree is the old one's files, without those that go, with the changed file moved in below.
            tree.startStaging(state: state)
            written = state.withLock { $0 }
        }
        if written.failure == nil, written.duplicate == nil, let single = written.single {
            tree.adopt(single, state: state)
            written = state.withLock { $0 }
        }
        if written.failure != nil || written.duplicate != nil {
            try? Disk.remove(staging)
            try? Disk.remove(replacement)
            if let failure = written.failure { throw failure }
            throw DuplicatePathError(path: written.duplicate!)
        }
        guard written.staging else { return Result(outcome: .unchanged, records: written.waiting) }
        let warning = try swapIn()
        return Result(outcome: .written(changed: written.changed, removed: removed), records: written.records,
                      warning: warning)
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

/// The tree in place and the one being built beside it.
private struct Trees: Sendable {
    let old: String
    let new: String
    let replacement: String
    let linkFile: @Sendable (String, String) throws(DiskError) -> Void
    /// Whether a file in place is reached through folders of generated/ only.
    let folders: RealFolders

    /// Compares one rendered file with the tree in place; from the first difference on, puts every file into
    /// the new tree.
    func place(_ file: GeneratedFile, state: Locked<WriteState>) {
        let path = file.path
        guard state.withLock({ $0.claim(path) }) else { return }
        let size = file.size
        // A file reached through a linked folder lives elsewhere: never kept (linking it would share it with
        // wherever the link points) nor replaced in place (the write would go through the link).
        let inside = folders.reachWithoutLinks(path)
        let same = inside && file.matchesFile(at: old + "/" + path)
        let record = OutputRecord(path: path, size: size, hash: file.hash)
        if same {
            // Equal files wait in the state until a difference starts the new tree (they may never have to move).
            guard state.withLock({ $0.keepIfNotStaging(record) }) else { return }
            link(record, state: state)
        } else if inside, state.withLock({ $0.singleFree }), Disk.kind(of: old + "/" + path) == .regular,
                  state.withLock({ $0.takeSingle(record) }) {
            // The first change to a file in place: it may be the only one.
            do throws(DiskError) {
                try file.write(to: replacement)
            } catch {
                state.withLock { $0.fail(error) }
            }
        } else {
            startStaging(state: state)
            do throws(DiskError) {
                try withFolders(new + "/" + path) { destination throws(DiskError) in
                    try file.write(to: destination)
                }
                state.withLock { $0.add(record, changed: true) }
            } catch {
                state.withLock { $0.fail(error) }
            }
        }
    }

    /// Starts the new tree once: the equal files found so far are linked into it.
    func startStaging(state: Locked<WriteState>) {
        guard let waiting = state.withLock({ $0.beginStaging() }) else { return }
        do throws(DiskError) {
            try Disk.makeDirectories(new)
        } catch {
            state.withLock { $0.fail(error) }
            return
        }
        for record in waiting { link(record, state: state) }
    }

    /// Moves the single changed file, written before the new tree began, into it. Called once rendering is over.
    func adopt(_ record: OutputRecord, state: Locked<WriteState>) {
        do throws(DiskError) {
            try withFolders(new + "/" + record.path) { destination throws(DiskError) in
                try Disk.move(replacement, to: destination)
            }
            state.withLock { $0.add(record, changed: true) }
        } catch {
            state.withLock { $0.fail(error) }
        }
    }

    /// Puts an unchanged file into the new tree as a second name of the old one, or as a copy of it.
    private func link(_ record: OutputRecord, state: Locked<WriteState>) {
        do throws(DiskError) {
            try withFolders(new + "/" + record.path) { destination throws(DiskError) in
                try linkOrCopy(old + "/" + record.path, as: destination)
            }
            state.withLock { $0.add(record, changed: false) }
        } catch {
            state.withLock { $0.fail(error) }
        }
    }

    /// What link() answers where the file system cannot give a file a second name: another file system (EXDEV),
    /// none of hard links at all (EPERM on FAT, exFAT and many FUSE and network mounts; ENOTSUP, EOPNOTSUPP or
    /// ENOSYS elsewhere), or a file with as many names as it may have (EMLINK). Then the file is copied. Any other
    /// failure (no space, no permission) would fail a copy too, and fails the build.
    static let linkUnsupported: Set<Int32> = [EXDEV, EPERM, ENOTSUP, EOPNOTSUPP, ENOSYS, EMLINK]

    private func linkOrCopy(_ existing: String, as destination: String) throws(DiskError) {
        do throws(DiskError) {
            try linkFile(existing, destination)
        } catch where Self.linkUnsupported.contains(error.code) {
            try Disk.copyFile(existing, to: destination)
        }
    }

    /// Runs `create` on a path, creating its missing parent folders when it reports ENOENT.
    private func withFolders(_ path: String, _ create: (String) throws(DiskError) -> Void) throws(DiskError) {
        do throws(DiskError) {
            try create(path)
        } catch where error.code == ENOENT {
            try Disk.makeDirectories(String(path[..<path.lastIndex(of: "/")!]))
            try create(path)
        }
    }
}

private struct WriteState {
    /// Files in the new tree, or (before it exists) equal files in the old one.
    var records: [OutputRecord] = []
    var waiting: [OutputRecord] = []
    /// The first changed file that replaces one in place, written aside while it may stay the only change.
    var single: OutputRecord?
    var staging = false
    var changed = 0
    var claimed: Set<String> = []
    var duplicate: String?
    var failure: DiskError?

    /// Whether this path is rendered for the first time (and nothing has failed).
    mutating func claim(_ path: String) -> Bool {
        guard failure == nil else { return false }
        if claimed.insert(path).inserted { return true }
        if duplicate == nil { duplicate = path }
        return false
    }

    /// Keeps an equal file aside while there is no new tree; true when there is one and it must go in.
    mutating func keepIfNotStaging(_ record: OutputRecord) -> Bool {
        if staging { return true }
        waiting.append(record)
        return false
    }

    /// No changed file is set aside yet, and there is no new tree.
    var singleFree: Bool { !staging && single == nil }

    /// Whether this changed file is the first while there is no new tree: then it is written aside.
    mutating func takeSingle(_ record: OutputRecord) -> Bool {
        guard singleFree else { return false }
        single = record
        return true
    }

    /// The equal files to link into the new tree, the first time only.
    mutating func beginStaging() -> [OutputRecord]? {
        guard !staging else { return nil }
        staging = true
        defer { waiting = [] }
        return waiting
    }

    mutating func add(_ record: OutputRecord, changed: Bool) {
        records.append(record)
        if changed { self.changed += 1 }
    }

    mutating func fail(_ error: DiskError) {
        if failure == nil { failure = error }
    }
}

/// Which folders of the tree in place are folders and not links to folders (someone replaced
/// generated/sql/sqlite/billing by a link to a copy elsewhere), each looked up once.
private final class RealFolders: Sendable {
    private let root: String
    private let known = Locked<[Substring: Bool]>([:])

    init(root: String) {
        self.root = root
    }

    /// Whether every folder between the root and `path` is a folder.
    func reachWithoutLinks(_ path: String) -> Bool {
        var end = path.startIndex
        while let slash = path[end...].firstIndex(of: "/") {
            let folder = path[..<slash]
            let real = known.withLock { $0[folder] } ?? {
                let real = Disk.kind(of: root + "/" + folder) == .directory
                known.withLock { $0[folder] = real }
                return real
            }()
            if !real { return false }
            end = path.index(after: slash)
        }
        return true
    }
}
