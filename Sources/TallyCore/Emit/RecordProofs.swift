#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Proving recorded files by name in their open folder (FolderCursor): a job's files, and generated/ as a whole
/// for the cache's proof.
extension OutputRecord {
    /// Whether each record's file under `root` holds exactly what it records (`isHeld`), stopping at the first that
    /// does not, each folder opened once for its run of records (FolderCursor), all read into one buffer.
    static func allHeld(_ records: some Sequence<OutputRecord>, under root: String) -> Bool {
        var cursor = FolderCursor(root: root)
        var buffer = ProofBuffer()
        for record in records {
            let (folder, name) = cursor.locate(record.path)
            // A folder that cannot be opened holds no file that can be proven.
            guard let folder, record.isHeld(named: name, in: folder, buffer: &buffer) else { return false }
        }
        return true
    }

    /// Whether the plain file (not a link) named `name` in the open folder holds exactly what this records.
    ///
    /// Its size is not asked of fstat: one byte more than recorded is asked of the read, which gives exactly the
    /// recorded count only for a file of that size. Nor its kind: O_NOFOLLOW refuses a link, pread refuses a folder
    /// (EISDIR) and a pipe (ESPIPE), O_NONBLOCK keeps a pipe or device from holding the open up, and a device that
    /// reads the recorded bytes holds them (one whose first read gives exactly those and stops short, whatever it
    /// would give after, as Disk.fill takes a short read at the recorded size for the end). Proving generated/'s 30,000 files at 10,000 definitions, the fstat and
    /// an array per file were a tenth of the proof's time (a one-edit build's largest cost).
    func isHeld(named name: String, in folder: OpenFolder, buffer: inout ProofBuffer) -> Bool {
        let descriptor = openat(folder.descriptor, name, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOFOLLOW)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        let room = buffer.room(size + 1)
        let read = Disk.fill(room, from: descriptor, at: 0, expectedCount: size)
        return read.failure == nil && read.filled == size
            && ContentHash(UnsafeRawBufferPointer(rebasing: room[..<size])) == hash
    }
}

/// One buffer that files being proven are read into in turn, grown to the largest; not copyable, since it owns
/// the memory it frees.
struct ProofBuffer: ~Copyable {
    private var bytes = UnsafeMutableRawBufferPointer(start: nil, count: 0)

    /// At least `count` bytes, their contents undefined.
    mutating func room(_ count: Int) -> UnsafeMutableRawBufferPointer {
        if bytes.count < count {
            bytes.deallocate()
            bytes = .allocate(byteCount: max(count, 16 << 10), alignment: 16)
        }
        return UnsafeMutableRawBufferPointer(rebasing: bytes[..<count])
    }

    deinit { bytes.deallocate() }
}
