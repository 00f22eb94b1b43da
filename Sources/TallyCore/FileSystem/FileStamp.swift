#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// What the file system says of a file without reading it: which file (inode), how long, and when its content
/// (mtime) and its inode (ctime) last changed.
///
/// The output cache takes a generated file as proven when its stamp is one recorded after a read that found the
/// recorded bytes, instead of reading it again: at 10,000 definitions, reading and hashing generated/'s 30,000 files
/// was a third of a no-op build and a fifth of a one-edit build's CPU time. What makes that sound is `settled`.
struct FileStamp: Equatable, Sendable {
    var inode: UInt64
    var size: Int
    var modified: Int64
    var changed: Int64

    init(inode: UInt64, size: Int, modified: Int64, changed: Int64) {
        self.inode = inode
        self.size = size
        self.modified = modified
        self.changed = changed
    }

    init(_ status: stat) {
        #if canImport(Darwin)
        let modified = status.st_mtimespec, changed = status.st_ctimespec
        #else
        let modified = status.st_mtim, changed = status.st_ctim
        #endif
        self.init(inode: UInt64(status.st_ino), size: Int(status.st_size),
                  modified: Int64(modified.tv_sec) * 1_000_000_000 + Int64(modified.tv_nsec),
                  changed: Int64(changed.tv_sec) * 1_000_000_000 + Int64(changed.tv_nsec))
    }

    /// The stamp of the plain file (not a link) named `name` in an open folder; nil when it is missing or is not one.
    static func of(_ name: String, in folder: Int32) -> FileStamp? {
        var status = stat()
        guard fstatat(folder, name, &status, AT_SYMLINK_NOFOLLOW) == 0, status.st_mode & S_IFMT == S_IFREG else {
            return nil
        }
        return FileStamp(status)
    }

    /// The stamp of an open file; nil when it cannot be had or the file is not a plain one.
    static func of(descriptor: Int32) -> FileStamp? {
        var status = stat()
        guard fstat(descriptor, &status) == 0, status.st_mode & S_IFMT == S_IFREG else { return nil }
        return FileStamp(status)
    }

    /// How long before a stamp is taken the file must have last changed for the stamp to stand for its bytes:
    /// longer than any file system's timestamp step (FAT's is 2 s, HFS+'s 1 s, Linux's clock tick a few ms).
    static let settling: Int64 = 3_000_000_000

    /// Whether this stamp, taken after `before` (the wall clock, read before the file's bytes were), will tell any
    /// later change of the file. A write sets mtime and ctime to the time of the write, truncated to the file
    /// system's step; a rename, chmod or link sets ctime; none can set ctime back. A file changed within one step
    /// of the last change keeps its times, so a stamp stands only when the file's times are more than a step older
    /// than the read: every later change then gets later times. Zero or negative times (a file system that keeps
    /// none) never stand.
    func settled(before: Int64) -> Bool {
        modified > 0 && changed > 0 && max(modified, changed) <= before - Self.settling
    }
}
