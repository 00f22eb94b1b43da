import CTallySupport

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

#if canImport(Glibc)
private let systemLink = Glibc.link
#elseif canImport(Musl)
private let systemLink = Musl.link
#elseif canImport(Darwin)
private let systemLink = Darwin.link
#endif

/// The file system calls tally makes, as thin wrappers over POSIX. Foundation's file APIs build a URL and a
/// dictionary of attributes per call; at 30,000 generated files that overhead was most of a build.
enum Disk {
    enum Kind: Equatable {
        case regular, directory, symbolicLink, other
        /// A folder a walk could not list (its permissions): not known to be empty.
        case unreadableFolder
    }

    enum ReadResult: Equatable {
        case bytes([UInt8])
        case missing
        case notRegular
        case tooLarge(Int)
        case failed(Int32)
    }

    /// Reads a whole file. Opens without blocking and checks the kind on the open descriptor, so a FIFO never
    /// blocks and a file swapped between a check and the read is still judged by what was read.
    /// Without `following`, a symbolic link is not a plain file.
    static func readFile(_ path: String, limit: Int = .max, following: Bool = true) -> ReadResult {
        readFile(opened: open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | (following ? 0 : O_NOFOLLOW)),
                 limit: limit, following: following).read
    }

    /// Reads a whole file, as `readFile(_:)` does, with its stamp taken before its bytes are read.
    static func readStampedFile(_ path: String, limit: Int = .max,
                                following: Bool = true) -> (read: ReadResult, stamp: FileStamp?) {
        readFile(opened: open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | (following ? 0 : O_NOFOLLOW)),
                 limit: limit, following: following)
    }

    /// Reads a whole file, as `readStampedFile` does (not following a link), into `room`, whose memory is kept from
    /// one read to the next and grown only for a larger file: the bytes read are `room[..<count]`; nil when it
    /// cannot be read. Read into a new array each, the three views.sql of a view edit's build (10, 16 and 11 MB at
    /// 10,000 definitions) were pages the kernel zeroed, one after the other, on the one core such a build ends on:
    /// read into one, the build's page faults went from 37,200 to 34,000.
    static func readStampedFile(_ path: String, into room: inout [UInt8]) -> (count: Int, stamp: FileStamp)? {
        let read = readFile(opened: open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOFOLLOW), limit: .max,
                            following: false, into: &room)
        guard read.refusal == nil, let stamp = read.stamp else { return nil }
        return (read.count, stamp)
    }

    /// Reads a whole file by its name in an open folder (OpenFolder), as `readStampedFile(_:)` does by path.
    static func readStampedFile(named name: String, in folder: Int32, limit: Int = .max,
                                following: Bool = true) -> (read: ReadResult, stamp: FileStamp?) {
        readFile(opened: openat(folder, name, O_RDONLY | O_CLOEXEC | O_NONBLOCK | (following ? 0 : O_NOFOLLOW)),
                 limit: limit, following: following)
    }

    /// Reads the file `open` or `openat` just gave a descriptor for (or failed to, with errno set), and closes it.
    private static func readFile(opened descriptor: Int32, limit: Int,
                                 following: Bool) -> (read: ReadResult, stamp: FileStamp?) {
        var bytes: [UInt8] = []
        let read = readFile(opened: descriptor, limit: limit, following: following, into: &bytes)
        // Passed in empty, `bytes` is a new array of just the bytes read.
        assert(read.refusal != nil || bytes.count == read.count)
        return (read.refusal ?? .bytes(bytes), read.stamp)
    }

    /// Reads the file `open` or `openat` just gave a descriptor for into `room[..<count]`, growing `room` only when
    /// the file is larger, and closes it; `refusal` says why nothing was read.
    private static func readFile(opened descriptor: Int32, limit: Int, following: Bool,
                                 into room: inout [UInt8]) -> (count: Int, refusal: ReadResult?, stamp: FileStamp?) {
        guard descriptor >= 0 else {
            switch errno {
            case ENOENT, ENOTDIR: return (0, .missing, nil)
            case ELOOP where !following: return (0, .notRegular, nil)
            default: return (0, .failed(errno), nil)
            }
        }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { return (0, .failed(errno), nil) }
        guard status.st_mode & S_IFMT == S_IFREG else { return (0, .notRegular, nil) }
        let stamp = FileStamp(status)
        let size = Int(status.st_size)
        guard size <= limit else { return (0, .tooLarge(size), stamp) }
        var read: (filled: Int, failure: Int32?) = (0, nil)
        if room.count >= size {
            read = room.withUnsafeMutableBytes { fill(UnsafeMutableRawBufferPointer(rebasing: $0[..<size]), from: descriptor, at: 0) }
        } else {
            // Into room that is not zeroed first: zeroing 155 MB of generated files cost a hundredth of a check.
            room = [UInt8](unsafeUninitializedCapacity: size) { buffer, initialized in
                read = fill(UnsafeMutableRawBufferPointer(buffer), from: descriptor, at: 0)
                initialized = read.filled
            }
        }
        if let failure = read.failure { return (read.filled, .failed(failure), stamp) }
        return (read.filled, nil, stamp)
    }

    /// Reads an open file from `offset` into `buffer` until the buffer is full or the file ends (it shrank while it
    /// was read): how many bytes were read, and the error that stopped the reading, if one did.
    ///
    /// `expectedCount`: how many bytes from `offset` a file read to prove its size is expected to hold, with
    /// `buffer` a byte longer so that a longer file shows. A read that falls short of what it asked and brings the
    /// bytes to `expectedCount` is taken as the end, since a plain file's read falls short only there, so the end is
    /// not asked for again: proving generated/'s 30,000 files at 10,000 definitions, that second read was 30,000
    /// system calls of a one-edit build (2% of its system time: 0.363 → 0.355 s, the mean of 12 interleaved builds).
    static func fill(_ buffer: UnsafeMutableRawBufferPointer, from descriptor: Int32,
                     at offset: Int, expectedCount: Int? = nil) -> (filled: Int, failure: Int32?) {
        var filled = 0
        while filled < buffer.count {
            let asked = buffer.count - filled
            let count = pread(descriptor, buffer.baseAddress! + filled, asked, off_t(offset + filled))
            if count < 0 {
                if errno == EINTR { continue }
                return (filled, errno)
            }
            if count == 0 { break }
            filled += count
            if count < asked, filled == expectedCount { break }
        }
        return (filled, nil)
    }

    /// The bytes of a plain file (not a link) in `range`; nil when it cannot be opened or holds fewer. For a few
    /// views' text out of a views.sql of many megabytes.
    static func readRange(_ path: String, _ range: Range<Int>) -> [UInt8]? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOFOLLOW)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0, status.st_mode & S_IFMT == S_IFREG, Int(status.st_size) >= range.upperBound
        else { return nil }
        return readRange(of: descriptor, range)
    }

    /// Up to `count` bytes from the start of a plain file (not a link); nil when it cannot be opened or read.
    static func readHead(_ path: String, count: Int) -> [UInt8]? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOFOLLOW)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var failed = false
        let bytes = [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            let read = fill(UnsafeMutableRawBufferPointer(buffer), from: descriptor, at: 0)
            initialized = read.filled
            failed = read.failure != nil
        }
        return failed ? nil : bytes
    }

    /// The bytes of an open file in `range`; nil when it holds fewer or cannot be read.
    static func readRange(of descriptor: Int32, _ range: Range<Int>) -> [UInt8]? {
        var complete = true
        let bytes = [UInt8](unsafeUninitializedCapacity: range.count) { buffer, initialized in
            let read = fill(UnsafeMutableRawBufferPointer(buffer), from: descriptor, at: range.lowerBound)
            initialized = read.filled
            complete = read.failure == nil && read.filled == range.count
        }
        return complete ? bytes : nil
    }

    /// Whether the file at `path` (not a link) holds exactly the `size` bytes that `parts` hands to its argument,
    /// in order: a file rendered in parts is compared without being put together. The file is read a chunk at a
    /// time whatever the parts' sizes (views.sql comes in 10,000 parts, and a read per part was 30,000 system
    /// calls), so that proving a file of many megabytes current holds one chunk, not a second copy of it. False
    /// on any doubt: the caller reads the file whole to say how it differs.
    static func holds(size: Int, at path: String,
                      parts: (_ feed: (UnsafeRawBufferPointer) -> Void) -> Void) -> Bool {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOFOLLOW)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0, status.st_mode & S_IFMT == S_IFREG, Int(status.st_size) == size
        else { return false }
        // Not zeroed: every byte compared was read into it first.
        let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: min(1 << 20, max(size, 1)), alignment: 16)
        defer { chunk.deallocate() }
        var filled = 0
        var used = 0
        var same = true
        parts { expected in
            var compared = 0
            while same, compared < expected.count {
                if used == filled {
                    let count = read(descriptor, chunk.baseAddress!, chunk.count)
                    if count < 0 && errno == EINTR { continue }
                    guard count > 0 else {
                        same = false
                        return
                    }
                    filled = count
                    used = 0
                }
                let count = min(filled - used, expected.count - compared)
                same = memcmp(chunk.baseAddress! + used, expected.baseAddress! + compared, count) == 0
                used += count
                compared += count
            }
        }
        return same
    }

    /// Runs `body` on a whole file's bytes mapped into memory, without copying them; nil when it cannot be opened
    /// or mapped. For large files read once, such as tally's own binary.
    static func withMappedFile<Result>(_ path: String, _ body: (UnsafeRawBufferPointer) -> Result) -> Result? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0, status.st_mode & S_IFMT == S_IFREG else { return nil }
        let size = Int(status.st_size)
        guard size > 0 else { return body(UnsafeRawBufferPointer(start: nil, count: 0)) }
        guard let start = mmap(nil, size, PROT_READ, MAP_PRIVATE, descriptor, 0), start != MAP_FAILED else { return nil }
        defer { munmap(start, size) }
        return body(UnsafeRawBufferPointer(start: start, count: size))
    }

    /// Creates or truncates a file and writes all of it.
    static func writeFile(_ bytes: UnsafeRawBufferPointer, to path: String) throws(DiskError) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw DiskError(operation: "create", path: path, code: errno) }
        try finishWriting(descriptor, path: path, failure: writeAll(bytes, to: descriptor), size: bytes.count)
    }

    /// Writes all of `bytes`; the errno of a failed write, else nil.
    private static func writeAll(_ bytes: UnsafeRawBufferPointer, to descriptor: Int32) -> Int32? {
        var written = 0
        while written < bytes.count {
            let count = write(descriptor, bytes.baseAddress! + written, bytes.count - written)
            if count < 0 {
                if errno == EINTR { continue }
                return errno
            }
            written += count
        }
        return nil
    }

    /// Closes a written file, throwing the write's failure if there was one, else the close's. A file of
    /// `writebackSize` or more is sent toward the disk first.
    private static func finishWriting(_ descriptor: Int32, path: String, failure: Int32?, size: Int) throws(DiskError) {
        if let failure {
            close(descriptor)
            throw DiskError(operation: "write", path: path, code: failure)
        }
        if size >= writebackSize { tally_start_writeback(descriptor) }
        guard close(descriptor) == 0 else { throw DiskError(operation: "close", path: path, code: errno) }
    }

    /// Creates (or truncates) a file and writes the bytes `parts` hands to its argument, in order: small parts
    /// gathered into chunks, so that views.sql's 10,000 parts are a few writes, not 10,000.
    static func writeFile(to path: String,
                          parts: (_ feed: (UnsafeRawBufferPointer) -> Void) -> Void) throws(DiskError) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw DiskError(operation: "create", path: path, code: errno) }
        var failure: Int32?
        let capacity = 1 << 20
        var pending: [UInt8] = []
        var size = 0
        parts { bytes in
            guard failure == nil else { return }
            size += bytes.count
            if pending.count + bytes.count > capacity, !pending.isEmpty {
                failure = pending.withUnsafeBytes { writeAll($0, to: descriptor) }
                pending.removeAll(keepingCapacity: true)
            }
            if bytes.count >= capacity {
                failure = failure ?? writeAll(bytes, to: descriptor)
            } else {
                pending.append(contentsOf: bytes)
            }
        }
        if failure == nil, !pending.isEmpty { failure = pending.withUnsafeBytes { writeAll($0, to: descriptor) } }
        try finishWriting(descriptor, path: path, failure: failure, size: size)
    }

    /// Files this large start their writeback as soon as they are written, without waiting for it. ext4 writes a
    /// file renamed over another before the rename returns, so that a power cut leaves old or new bytes, never
    /// none: a one-edit build's renames of views.sql (11-16 MB at 10,000 definitions) cost 5-8 ms each, alone on
    /// one core at the build's end. Started here, that work is done while the other jobs still render.
    static let writebackSize = 1 << 20

    static func writeFile(_ text: String, to path: String) throws(DiskError) {
        var text = text
        var failure: DiskError?
        text.withUTF8 { buffer in
            do throws(DiskError) { try writeFile(UnsafeRawBufferPointer(buffer), to: path) } catch { failure = error }
        }
        if let failure { throw failure }
    }

    /// Writes `text` to a hidden file beside `target` (`.name.tally-<purpose>-<pid>`), the first half of every
    /// atomic write tally makes: the caller then renames or links it into place, or removes it. Returns its path;
    /// a write that fails leaves nothing behind.
    static func writeBeside(_ target: String, _ text: String, purpose: String) throws(DiskError) -> String {
        let staged = parent(of: target) + "/." + lastComponent(of: target) + ".tally-\(purpose)-\(getpid())"
        do throws(DiskError) {
            try writeFile(text, to: staged)
        } catch {
            try? remove(staged)
            throw error
        }
        return staged
    }

    /// The folder a path is in: "." for a bare name.
    static func parent(of path: String) -> String {
        guard let slash = path.lastSlash else { return "." }
        return String(path[..<slash])
    }

    /// The last component of a path.
    static func lastComponent(of path: String) -> String {
        guard let slash = path.lastSlash else { return path }
        return String(path[path.index(after: slash)...])
    }

    /// Creates a folder and any missing parents; a folder that already exists is fine.
    static func makeDirectories(_ path: String) throws(DiskError) {
        if mkdir(path, 0o755) == 0 { return }
        switch errno {
        case EEXIST:
            if kind(of: path, following: true) == .directory { return }
            throw DiskError(operation: "create folder", path: path, code: EEXIST)
        case ENOENT:
            guard let slash = path.lastSlash, slash != path.startIndex else {
                throw DiskError(operation: "create folder", path: path, code: ENOENT)
            }
            try makeDirectories(String(path[..<slash]))
            if mkdir(path, 0o755) == 0 || errno == EEXIST { return }
            throw DiskError(operation: "create folder", path: path, code: errno)
        default:
            throw DiskError(operation: "create folder", path: path, code: errno)
        }
    }

    /// The stamp of a path without following a link; nil when it is missing or not a plain file.
    static func stamp(of path: String) -> FileStamp? { FileStamp.of(path, in: AT_FDCWD) }

    /// Whether two paths name one entry (the same device and inode), without following links.
    static func sameEntry(_ first: String, _ second: String) -> Bool {
        var one = stat()
        var other = stat()
        guard lstat(first, &one) == 0, lstat(second, &other) == 0 else { return false }
        return one.st_dev == other.st_dev && one.st_ino == other.st_ino
    }

    /// The wall-clock time in nanoseconds since 1970, the clock file systems stamp files with.
    static func now() -> Int64 {
        var time = timespec()
        clock_gettime(CLOCK_REALTIME, &time)
        return Int64(time.tv_sec) * 1_000_000_000 + Int64(time.tv_nsec)
    }

    static func kind(of path: String, following: Bool = false) -> Kind? {
        var status = stat()
        guard (following ? stat(path, &status) : lstat(path, &status)) == 0 else { return nil }
        return Kind(mode: status.st_mode)
    }

    static func exists(_ path: String) -> Bool { kind(of: path) != nil }

    /// The names in a folder with their kinds, unsorted; nil when it cannot be listed.
    static func entries(of path: String) -> [(name: String, kind: Kind)]? {
        guard let directory = opendir(path) else { return nil }
        defer { closedir(directory) }
        var found: [(name: String, kind: Kind)] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(cString: raw.baseAddress!.assumingMemoryBound(to: CChar.self))
            }
            if name == "." || name == ".." { continue }
            let kind: Kind
            switch Int32(entry.pointee.d_type) {
            case Int32(DT_REG): kind = .regular
            case Int32(DT_DIR): kind = .directory
            case Int32(DT_LNK): kind = .symbolicLink
            case Int32(DT_UNKNOWN): kind = Self.kind(of: path + "/" + name) ?? .other
            default: kind = .other
            }
            found.append((name, kind))
        }
        return found
    }

    /// What `files(under:)` lists, in the order the folders list their names: for a caller that only looks names
    /// up (sorting each folder's names was 30 million instructions at 10,000 definitions).
    static func filesInAnyOrder(under root: String, skipping skipped: (String) -> Bool = { _ in false })
        -> [(path: String, kind: Kind)]? { walk(root, sorted: false, skipping: skipped) }

    /// Every file below a folder (symbolic links and other non-folders included, not followed), and every empty
    /// folder below it (kind `.directory`), as paths relative to it, sorted; nil when the folder cannot be listed.
    static func files(under root: String, skipping skipped: (String) -> Bool = { _ in false }) -> [(path: String, kind: Kind)]? {
        guard let found = walk(root, skipping: skipped) else { return nil }
        // Only an empty folder, which sorts by its bare name, can come out of the walk out of place.
        let inOrder = found.indices.dropFirst().allSatisfy { found[$0 - 1].path < found[$0].path }
        return inOrder ? found : found.sorted { $0.path < $1.path }
    }

    /// What `files(under:)` lists, in the order of a walk that sorts each folder's names, a folder's as if it ended
    /// in "/", and walks the folders in that order: the order whole paths sort in ("a.txt" before "a/b"), but for
    /// empty folders, for a fraction of the comparisons of sorting the whole paths (30,000 with long shared prefixes:
    /// 85 million instructions at 10,000 definitions).
    /// `skipping`: relative paths left out, a folder with all below it.
    static func walk(_ root: String, sorted: Bool = true, skipping skipped: (String) -> Bool = { _ in false })
        -> [(path: String, kind: Kind)]? {
        guard let top = entries(of: root) else { return nil }
        var found: [(path: String, kind: Kind)] = []
        func walk(_ relative: String, _ listed: [(name: String, kind: Kind)]) {
            if listed.isEmpty && !relative.isEmpty { found.append((relative, .directory)) }
            let ordered = !sorted ? listed : listed
                .map { entry in (key: entry.kind == .directory ? entry.name + "/" : entry.name, entry) }
                .sorted { $0.key < $1.key }.map(\.1)
            for entry in ordered {
                let path = relative.isEmpty ? entry.name : String(concatenating: relative, "/", entry.name)
                if skipped(path) { continue }
                guard entry.kind == .directory else {
                    found.append((path, entry.kind))
                    continue
                }
                guard let listed = entries(of: String(concatenating: root, "/", path)) else {
                    found.append((path, .unreadableFolder))
                    continue
                }
                walk(path, listed)
            }
        }
        walk("", top)
        return found
    }

    /// Deletes a file or a whole tree without following symbolic links; a missing path is fine. Names inside the
    /// tree are handled as raw bytes, so a file name that is not UTF-8 is deleted like any other.
    static func remove(_ path: String) throws(DiskError) {
        guard let kind = kind(of: path) else { return }
        guard kind == .directory else {
            guard unlink(path) == 0 || errno == ENOENT else { throw DiskError(operation: "remove", path: path, code: errno) }
            return
        }
        let descriptor = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard descriptor >= 0 else { throw DiskError(operation: "open folder", path: path, code: errno) }
        defer { close(descriptor) }
        try removeContents(of: descriptor, shownAs: path)
        guard rmdir(path) == 0 || errno == ENOENT else { throw DiskError(operation: "remove folder", path: path, code: errno) }
    }

    private static func removeContents(of folder: Int32, shownAs path: String) throws(DiskError) {
        // The names are collected first: deleting while readdir walks the same folder may skip entries.
        let listing = dup(folder)
        guard listing >= 0, let directory = fdopendir(listing) else {
            throw DiskError(operation: "list folder", path: path, code: errno)
        }
        var names: [(name: [CChar], isFolder: Bool)] = []
        while let entry = readdir(directory) {
            var name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                Array(raw.bindMemory(to: CChar.self).prefix { $0 != 0 })
            }
            if name == [0x2E] || name == [0x2E, 0x2E] { continue }
            name.append(0)
            var isFolder = Int32(entry.pointee.d_type) == Int32(DT_DIR)
            if Int32(entry.pointee.d_type) == Int32(DT_UNKNOWN) {
                var status = stat()
                isFolder = fstatat(folder, name, &status, AT_SYMLINK_NOFOLLOW) == 0 && status.st_mode & S_IFMT == S_IFDIR
            }
            names.append((name, isFolder))
        }
        closedir(directory)
        for (name, isFolder) in names {
            let shown = path + "/" + String(decoding: name.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
            if isFolder {
                let child = openat(folder, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
                guard child >= 0 else { throw DiskError(operation: "open folder", path: shown, code: errno) }
                defer { close(child) }
                try removeContents(of: child, shownAs: shown)
            }
            guard unlinkat(folder, name, isFolder ? AT_REMOVEDIR : 0) == 0 || errno == ENOENT else {
                throw DiskError(operation: isFolder ? "remove folder" : "remove", path: shown, code: errno)
            }
        }
    }

    /// A second name for an existing file: how an unchanged file moves into a new tree without copying it.
    static func link(_ existing: String, as newPath: String) throws(DiskError) {
        guard systemLink(existing, newPath) == 0 else { throw DiskError(operation: "link", path: newPath, code: errno) }
    }

    /// A copy of a plain file's bytes under a new name (not its mode or times): what takes a link's place where
    /// the file system cannot make one.
    static func copyFile(_ source: String, to destination: String) throws(DiskError) {
        switch readFile(source, following: false) {
        case .bytes(let bytes):
            var failure: DiskError?
            bytes.withUnsafeBytes { buffer in
                do throws(DiskError) { try writeFile(buffer, to: destination) } catch { failure = error }
            }
            if let failure { throw failure }
        case .missing: throw DiskError(operation: "copy", path: source, code: ENOENT)
        case .failed(let code): throw DiskError(operation: "copy", path: source, code: code)
        case .notRegular, .tooLarge: throw DiskError(operation: "copy", path: source, code: EINVAL)
        }
    }

    static func move(_ from: String, to: String) throws(DiskError) {
        guard rename(from, to) == 0 else { throw DiskError(operation: "rename", path: from, code: errno) }
    }

    /// Puts the file at `from` where `to` is, atomically: `to` names the old file or the new one, never neither.
    /// Where an old plain file is there and the system can, the two are exchanged, and `from` is left naming the old
    /// one for the caller to delete; on any other outcome of the exchange (no old file, no exchange on this system
    /// or file system, a seccomp filter refusing it), `from` is renamed over `to`, whose error, if any, is the one
    /// reported. Why not always a rename: ext4 starts writing a file renamed over another to disk before the rename
    /// returns (auto_da_alloc), 9 ms for a 12 MB file here, where an exchange takes 0.1 ms. What that write buys
    /// is that after a power cut the name holds old or new bytes, never an empty file; the exchange gives that up,
    /// so it is for files whose readers check them whole (the output cache's, each ending in its checksum).
    static func replace(_ to: String, with from: String) throws(DiskError) {
        if tally_exchange_paths(from, to) == 0 {
            // A rename would have refused to put a file over a folder; an exchange swaps anything. Something other
            // than a plain file where `to` was goes back, and is never left for the caller to delete.
            guard kind(of: from) == .regular else {
                _ = tally_exchange_paths(from, to)
                throw DiskError(operation: "replace", path: to, code: EISDIR)
            }
            return
        }
        try move(from, to: to)
    }
}

/// A failed system call, said as a person would need it: what, where, why.
struct DiskError: Error, CustomStringConvertible {
    var operation: String
    var path: String
    var code: Int32
    /// Said instead of the system's message for `code`.
    var reason: String?

    init(operation: String, path: String, code: Int32, reason: String? = nil) {
        self.operation = operation
        self.path = path
        self.code = code
        self.reason = reason
    }

    var description: String { "cannot \(operation) \(path): \(reason ?? String(cString: strerror(code)))" }

    /// A generated file's last version changed (by another program) between being proven and being copied from.
    static func changedWhileRead(_ path: String) -> DiskError {
        DiskError(operation: "copy from", path: path, code: EAGAIN,
                  reason: "it changed while tally built from it; run the build again")
    }
}

extension Disk.Kind {
    init(mode: mode_t) {
        switch mode & S_IFMT {
        case S_IFREG: self = .regular
        case S_IFDIR: self = .directory
        case S_IFLNK: self = .symbolicLink
        default: self = .other
        }
    }
}

extension StringProtocol where UTF8View: BidirectionalCollection {
    /// The index of a path's last `/`, found on its bytes: a path is cut where the file system cuts it, at every
    /// slash byte (a slash followed by a combining mark is one Character, but still a separator), and a search by
    /// Characters cost thousands of instructions per path (placing 30,000 files).
    /// Searched on the contiguous bytes where the text has them: through the view, a byte at a time, the 60,000
    /// searches of a one-edit build at 10,000 definitions cost 26 million instructions.
    var lastSlash: Index? {
        let found = utf8.withContiguousStorageIfAvailable { bytes in bytes.lastIndex(of: UInt8(ascii: "/")) }
        guard let found else { return utf8.lastIndex(of: UInt8(ascii: "/")) }
        return found.map { utf8.index(utf8.startIndex, offsetBy: $0) }
    }
}
