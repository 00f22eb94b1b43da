import Foundation

/// The old versions of large files about to be renamed over, each given a second name in a folder of the work
/// folder (OutputWriter.putInPlace), so that the rename does not free them: a file renamed over while it has one
/// name is freed by the rename, page by page (11-12 ms for a 12 MB views.sql here, against 0.5 ms for the link and
/// the rename), on the one core a one-edit build ends on. They are freed when the work folder is deleted, on a
/// thread of its own while the cache's files are written.
struct ReplacedVersions {
    /// Smaller files are freed in well under a millisecond: not worth two more system calls each.
    static let minimumSize = 1 << 20

    let folder: String
    /// Whether `folder` could be made; nil until a file is kept.
    private var made: Bool?
    private var kept = 0

    init(folder: String) {
        self.folder = folder
    }

    /// Gives the plain file at `path` a second name when it is large. Anything that fails (a file system without
    /// hard links, a full inode table) leaves the file to be freed by its rename, as any small one is.
    mutating func keep(_ path: String) {
        var status = stat()
        guard lstat(path, &status) == 0, status.st_mode & S_IFMT == S_IFREG, Int(status.st_size) >= Self.minimumSize
        else { return }
        if made == nil { made = mkdir(folder, 0o700) == 0 || errno == EEXIST }
        guard made == true, link(path, folder + "/\(kept)") == 0 else { return }
        kept += 1
    }

    /// How many versions were kept.
    var count: Int { kept }
}
