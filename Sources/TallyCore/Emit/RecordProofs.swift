/// Proving recorded files by name in their open folder (FolderCursor): a job's files, and generated/ as a whole
/// for the cache's proof.
extension OutputRecord {
    /// Whether each record's file under `root` holds exactly what it records (`isHeld`), stopping at the first that
    /// does not, each folder opened once for its run of records (FolderCursor).
    static func allHeld(_ records: some Sequence<OutputRecord>, under root: String) -> Bool {
        var cursor = FolderCursor(root: root)
        for record in records {
            let (folder, name) = cursor.locate(record.path)
            // A folder that cannot be opened holds no file that can be proven.
            guard let folder, record.isHeld(named: name, in: folder) else { return false }
        }
        return true
    }

    /// Whether the plain file (not a link) named `name` in the open folder holds exactly what this records.
    func isHeld(named name: String, in folder: OpenFolder) -> Bool {
        holds(folder.readFile(named: name, limit: size, following: false))
    }
}
