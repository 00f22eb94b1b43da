/// Which folders of the tree in place are folders and not links to folders (someone replaced
/// generated/sql/sqlite/billing by a link to a copy elsewhere), each looked up once. generated/ itself counts: a
/// link in its place is never written through.
final class RealFolders: Sendable {
    private let root: String
    let rootIsLink: Bool
    private let rootIsFolder: Bool
    /// For each folder asked about, whether it and every folder above it is a folder: one lookup per file, where a
    /// lookup per folder on its way held the lock three times for each of 30,000 files.
    private let reached = Locked<[Substring: Bool]>([:])

    /// Whether the file system holding generated/ ignores case (macOS and Windows by default): there a name that
    /// comes may be one that goes in another case, or land in a folder whose name differs in case from the rendered
    /// one, so adding or removing files builds the whole tree.
    let ignoresCase: Bool

    init(root: String) {
        self.root = root
        let kind = Disk.kind(of: root)
        rootIsLink = kind == .symbolicLink
        rootIsFolder = kind == .directory
        let slash = root.lastSlash
        let name = String(root[(slash.map { root.index(after: $0) } ?? root.startIndex)...])
        let swapped = name.uppercased() != name ? name.uppercased() : name.lowercased()
        // A name without letters cannot tell: then the file system is taken to ignore case, the safe assumption.
        ignoresCase = rootIsFolder
            && (swapped == name || Disk.sameEntry(root, String(root[..<(slash ?? root.startIndex)]) + "/" + swapped))
    }

    /// Whether generated/ and every folder between it and `path` is a folder.
    func reachWithoutLinks(_ path: String) -> Bool {
        guard rootIsFolder else { return false }
        guard let slash = path.lastSlash else { return true }
        return isReached(path[..<slash])
    }

    /// Whether `folder` and every folder above it is a folder, each looked up on disk once.
    private func isReached(_ folder: Substring) -> Bool {
        if let known = reached.withLock({ $0[folder] }) { return known }
        let parentReached = folder.lastSlash.map { isReached(folder[..<$0]) } ?? true
        let real = parentReached && Disk.kind(of: root + "/" + folder) == .directory
        reached.withLock { $0[folder] = real }
        return real
    }
}
