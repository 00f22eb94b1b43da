#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Files created in a folder all at once or not at all, never over a file that exists: what `tally init` writes.
/// Each file is staged beside its target, then hard-linked into place, because a link, unlike a rename, fails when
/// the target appeared since it was checked. When anything fails, every file and folder made so far is removed.
enum NewFiles {
    enum Failure: Error, Equatable {
        /// Paths (relative to the folder) that exist already; nothing was written.
        case exist([String])
        /// A system call failed; nothing is left behind.
        case cannotWrite(String)
    }

    static func write(_ files: [(path: String, text: String)], into root: String) throws(Failure) {
        // Said as it is, not as the failure to create a work file inside it (".tally.yaml.tally-new-…: Not a directory").
        if let kind = Disk.kind(of: root, following: true), kind != .directory {
            throw .cannotWrite("\(root) is a file, not a folder; name a folder (a new one is made)")
        }
        let existing = files.map(\.path).filter { Disk.exists(root + "/" + $0) }
        guard existing.isEmpty else { throw .exist(existing) }
        var made = Undo()
        for file in files {
            do throws(DiskError) {
                try place(file, in: root, made: &made)
            } catch {
                made.undo()
                // The target appeared after the check: someone else is writing here too.
                if error.operation == "link" && error.code == EEXIST { throw .exist([file.path]) }
                throw .cannotWrite(error.description)
            }
        }
    }

    private static func place(_ file: (path: String, text: String), in root: String,
                              made: inout Undo) throws(DiskError) {
        let target = root + "/" + file.path
        try made.folders(for: target)
        let staged = try Disk.writeBeside(target, file.text, purpose: "new")
        made.files.append(staged)
        try Disk.link(staged, as: target)
        made.files.append(target)
        try Disk.remove(staged)
        made.files.removeAll { $0 == staged }
    }

    /// What has been created so far, to take back in reverse.
    private struct Undo {
        var files: [String] = []
        var createdFolders: [String] = []

        /// Creates the missing folders above a path, outermost first, remembering each.
        mutating func folders(for path: String) throws(DiskError) {
            var missing: [String] = []
            var folder = Disk.parent(of: path)
            while folder != ".", !folder.isEmpty, !Disk.exists(folder) {
                missing.append(folder)
                folder = Disk.parent(of: folder)
            }
            for folder in missing.reversed() {
                try Disk.makeDirectories(folder)
                createdFolders.append(folder)
            }
        }

        func undo() {
            for file in files.reversed() { try? Disk.remove(file) }
            for folder in createdFolders.reversed() { rmdir(folder) }
        }
    }
}
