import Foundation

/// Where each rendered file goes: kept in the tree in place, or written into the work folder beside it.
struct FilePlacement: Sendable {
    let old: String
    let new: String
    /// `old` and a slash, for one append per file rather than two (30,000 at 10,000 definitions).
    private let oldFolder: String
    let limit: Int
    let linkFile: @Sendable (String, String) throws(DiskError) -> Void
    /// Whether a file in place is reached through folders of generated/ only.
    let folders: RealFolders

    init(old: String, new: String, limit: Int, linkFile: @escaping @Sendable (String, String) throws(DiskError) -> Void,
         folders: RealFolders) {
        self.old = old
        self.new = new
        oldFolder = old + "/"
        self.limit = limit
        self.linkFile = linkFile
        self.folders = folders
    }

    /// Compares a job's rendered files with the tree in place. One that differs goes into the work folder: to be
    /// renamed into place while the changes are few, as part of the whole new tree once they are not. The paths are
    /// claimed, and the equal files kept, under one lock for the batch, and each folder is asked about once for its
    /// run of files: taken one at a time, the 30,000 files of a one-edit build at 10,000 definitions (150 to a job,
    /// almost all equal) took the lock three times each, from both cores, and a prose edit's build was 6% slower.
    func place(_ files: [GeneratedFile], state: Locked<PlacementState>) {
        let claimed = state.withLock { state in files.filter { state.claim($0.path) } }
        var equal: [OutputRecord] = []
        var lastFolder: Substring?
        var lastFolderReached = false
        for file in claimed {
            let path = file.path
            let folder = path.lastSlash.map { path[..<$0] } ?? ""
            if folder != lastFolder {
                lastFolder = folder
                lastFolderReached = folders.reachWithoutLinks(path)
            }
            if lastFolderReached && (file.isProven(under: old) || file.matchesFile(at: oldFolder + path)) {
                equal.append(file.record)
            } else {
                placeClaimed(file, inside: lastFolderReached, state: state)
            }
        }
        guard !equal.isEmpty else { return }
        // Equal files wait in the state: unless the whole tree is built, they never have to move.
        for record in state.withLock({ $0.keepIfNotWholeTree(equal) }) { link(record, state: state) }
    }

    /// A claimed file that differs from the one in place, or is reached through a linked folder (`inside` false:
    /// not every folder from generated/ to it is a folder, RealFolders). Such a file lives elsewhere: never kept
    /// (linking it would share it with wherever the link points) nor replaced in place (the rename would go
    /// through the link).
    private func placeClaimed(_ file: GeneratedFile, inside: Bool, state: Locked<PlacementState>) {
        let path = file.path
        let location = oldFolder + path
        let record = file.record
        // Inside, the caller found it different; through a link, it is compared here, to count it as a change or not.
        let same = !inside && file.matchesFile(at: location)
        // Only a plain file, or nothing, in a real folder can be replaced in place. A current file reached through a
        // link is no change, but it is written afresh into the whole tree that replaces the link.
        let kind = Disk.kind(of: location)
        let replaceable = inside && (kind == .regular || kind == nil)
        let inPlace = replaceable && state.withLock { $0.takeInPlace(record, adding: kind == nil, limit: limit) }
        if !inPlace { startWholeTree(state: state) }
        do throws(DiskError) {
            try withFolders(new + "/" + path) { destination throws(DiskError) in
                try file.write(to: destination)
            }
            if !inPlace { state.withLock { $0.add(record, changed: !same) } }
        } catch {
            state.withLock { $0.fail(error) }
        }
    }

    /// Makes the work folder the whole new tree, once: the equal files found so far are linked into it, beside the
    /// changed ones already there.
    func startWholeTree(state: Locked<PlacementState>) {
        guard let waiting = state.withLock({ $0.beginWholeTree() }) else { return }
        do throws(DiskError) {
            try Disk.makeDirectories(new)
        } catch {
            state.withLock { $0.fail(error) }
            return
        }
        for record in waiting { link(record, state: state) }
    }

    /// Puts an unchanged file into the new tree as a second name of the old one, or as a copy of it.
    private func link(_ record: OutputRecord, state: Locked<PlacementState>) {
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

    /// `makingFolders`: the destination's folders are made first (a file that is not tally's, in a folder the new
    /// tree may not have).
    func linkOrCopy(_ existing: String, as destination: String, makingFolders: Bool = false) throws(DiskError) {
        if makingFolders, let slash = destination.lastSlash { try Disk.makeDirectories(String(destination[..<slash])) }
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
            try Disk.makeDirectories(String(path[..<path.lastSlash!]))
            try create(path)
        }
    }
}

struct PlacementState {
    /// Files in the new tree, once the whole tree is built.
    var records: [OutputRecord] = []
    /// Until then: equal files in place, and changed ones waiting in the work folder to be renamed into place.
    var waiting: [OutputRecord] = []
    var changes: [OutputRecord] = []
    /// How many of `changes` are files generated/ does not have yet.
    var additions = 0
    var wholeTree = false
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

    /// Keeps equal files aside while there is no whole new tree; those that must go into it when there is one.
    mutating func keepIfNotWholeTree(_ records: [OutputRecord]) -> [OutputRecord] {
        if wholeTree { return records }
        waiting += records
        return []
    }

    /// Whether this changed (or, `adding`, new) file is to be renamed into place: no whole tree is built, and the
    /// changes are few.
    mutating func takeInPlace(_ record: OutputRecord, adding: Bool, limit: Int) -> Bool {
        guard !wholeTree, changes.count < limit else { return false }
        changes.append(record)
        if adding { additions += 1 }
        return true
    }

    /// Whether the changes, and the files that go, can be put in place rather than swapped in as a whole tree.
    func fitsInPlace(removing gone: [(path: String, kind: Disk.Kind)], folders: RealFolders, limit: Int) -> Bool {
        guard changes.count + gone.count <= limit, !folders.rootIsLink else { return false }
        if folders.ignoresCase && (additions > 0 || !gone.isEmpty) { return false }
        guard !gone.isEmpty else { return true }
        // On a file system that ignores case, a name that goes and a rendered one differing only in case (a file
        // or a folder renamed so) are one file: deleting the one would delete the other. Rendered equal files count
        // too, since such a file system compares them with the file that goes.
        let renderedNames = Set(claimed.map { $0.lowercased() })
        return gone.allSatisfy {
            $0.kind == .regular && folders.reachWithoutLinks($0.path) && !renderedNames.contains($0.path.lowercased())
        }
    }

    /// The equal files to link into the new tree, the first time only; the changed files already in the work
    /// folder become part of it.
    mutating func beginWholeTree() -> [OutputRecord]? {
        guard !wholeTree else { return nil }
        wholeTree = true
        records = changes
        changed = changes.count
        changes = []
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
