import CTallySupport
import Foundation
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
                  modified: Self.nanoseconds(Int64(modified.tv_sec), Int64(modified.tv_nsec)),
                  changed: Self.nanoseconds(Int64(changed.tv_sec), Int64(changed.tv_nsec)))
    }

    /// A time in nanoseconds since 1970; a time past what 64 bits hold (after 2262, before 1677: `touch -d
    /// 2300-01-01` sets one) is 0, which no stamp is settled with, rather than a trap.
    static func nanoseconds(_ seconds: Int64, _ nanoseconds: Int64) -> Int64 {
        let (whole, overflowed) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        let (sum, carried) = whole.addingReportingOverflow(nanoseconds)
        return overflowed || carried ? 0 : sum
    }

    /// The stamp of the plain file (not a link) named `name` in an open folder (a path, with AT_FDCWD); nil when it
    /// is missing or is not one.
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

    /// This stamp, when it may be kept for bytes of `size` read after `before`: settled, and of that size (a file
    /// that grew or shrank between the stamp and the read is not what was read).
    func standing(forSize size: Int, before: Int64) -> FileStamp? {
        self.size == size && settled(before: before) ? self : nil
    }
}

/// Where stamps may stand for bytes: on a file system whose change time is its own (kept by the kernel on every
/// write, rename, link and chmod), under this boot's clock. FAT and exFAT keep no change time apart from the
/// modification time, which `touch -r` or `cp -p` sets back; a network file system's times come from the server's
/// clock and are cached by the client. And after a crash, a file's new bytes can reach the disk before its new
/// times do, so stamps recorded in an earlier boot are not taken (BootSession).
enum StampTrust {
    /// Whether files under `root` keep stamps that tell every change, asked of the file system once per process;
    /// false too where this boot cannot be told from others.
    static func allows(under root: String) -> Bool {
        guard BootSession.current != nil else { return false }
        if let known = verdicts.withLock({ $0[root] }) { return known }
        let answer = tally_keeps_change_times(root)
        // A folder not there yet (generated/ before the first build) is asked again when it is.
        guard answer >= 0 else { return false }
        verdicts.withLock { $0[root] = answer == 1 }
        return answer == 1
    }

    private static let verdicts = Locked<[String: Bool]>([:])

}

/// This boot of the machine, by the id the kernel gives it; nil where it cannot be had (then no stamp is taken).
enum BootSession {
    static let current: String? = {
        #if canImport(Darwin)
        var size = 0
        guard sysctlbyname("kern.bootsessionuuid", nil, &size, nil, 0) == 0, size > 1 else { return nil }
        var bytes = [CChar](repeating: 0, count: size)
        guard sysctlbyname("kern.bootsessionuuid", &bytes, &size, nil, 0) == 0 else { return nil }
        let id = String(cString: bytes)
        #else
        // Read to its end: a file of /proc says it has no bytes.
        guard let text = try? String(contentsOfFile: "/proc/sys/kernel/random/boot_id", encoding: .utf8) else { return nil }
        let id = text.trimmingCharacters(in: .whitespacesAndNewlines)
        #endif
        // Written on a line of the cache files: a word of letters, digits and dashes only.
        guard !id.isEmpty, id.utf8.allSatisfy({ $0 == 0x2D || (0x30...0x39).contains($0) || (0x41...0x5A).contains($0)
                                                   || (0x61...0x7A).contains($0) }) else { return nil }
        return id
    }()
}
