/// Which folders of the tree in place are folders and not links to folders (someone replaced
/// generated/sql/sqlite/billing by a link to a copy elsewhere), each looked up once. generated/ itself counts: a
/// link in its place is never written through.
final class RealFolders: Sendable {
    private let root: String
    let rootIsLink: Bool
    private let rootIsFolder: Bool
    private let known = Locked<[Substring: Bool]>([:])
    /// The answer for each file's folder as a whole: one lookup per file, where a lookup per folder on its way
    /// held the lock three times for each of 30,000 files.
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
        let slash = root.lastIndex(of: "/")
        let name = String(root[(slash.map { root.index(after: $0) } ?? root.startIndex)...])
        let swapped = name.uppercased() != name ? name.uppercased() : name.lowercased()
        // A name without letters cannot tell: then the file system is taken to ignore case, the safe assumption.
        ignoresCase = rootIsFolder
            && (swapped == name || Disk.sameEntry(root, String(root[..<(slash ?? root.startIndex)]) + "/" + swapped))
    }

    /// Whether generated/ and every folder between it and `path` is a folder.
    func reachWithoutLinks(_ path: String) -> Bool {
        guard rootIsFolder else { return false }
        guard let slash = path.lastIndex(of: "/") else { return true }
        let folder = path[..<slash]
        if let known = reached.withLock({ $0[folder] }) { return known }
        let real = foldersAreReal(path)
        reached.withLock { $0[folder] = real }
        return real
    }

    /// Whether each folder on the way to `path` is a folder, each looked up once.
    private func foldersAreReal(_ path: String) -> Bool {
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
