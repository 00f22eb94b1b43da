/// Which folders of the tree in place are folders and not links to folders (someone replaced
/// generated/sql/sqlite/billing by a link to a copy elsewhere), each looked up once. generated/ itself counts: a
/// link in its place is never written through.
final class RealFolders: Sendable {
    private let root: String
    let rootIsLink: Bool
    private let rootIsFolder: Bool
    private let known = Locked<[Substring: Bool]>([:])

    init(root: String) {
        self.root = root
        let kind = Disk.kind(of: root)
        rootIsLink = kind == .symbolicLink
        rootIsFolder = kind == .directory
    }

    /// Whether generated/ and every folder between it and `path` is a folder.
    func reachWithoutLinks(_ path: String) -> Bool {
        guard rootIsFolder else { return false }
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
