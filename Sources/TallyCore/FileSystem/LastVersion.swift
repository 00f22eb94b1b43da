#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A generated file's last version held open, so that stretches of it go into the new version without ever being
/// in memory whole: read a chunk at a time when they are written, from this descriptor, which keeps the old bytes
/// however the file at its path is renamed over or removed meanwhile. Read into memory whole instead, the three
/// views.sql of a view edit's build at 10,000 definitions (41 MB) were pages the kernel had to clear first, a third
/// of the build's system time on its last cores.
/// Closed when let go.
final class LastVersion: Sendable, Equatable {
    /// Where it was opened, for errors.
    let path: String
    /// Its size when opened.
    let size: Int
    private let descriptor: Int32

    /// The plain file (not a link) at `path`; nil when there is none or it cannot be opened.
    init?(_ path: String) {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOFOLLOW)
        guard descriptor >= 0 else { return nil }
        var status = stat()
        guard fstat(descriptor, &status) == 0, status.st_mode & S_IFMT == S_IFREG else {
            close(descriptor)
            return nil
        }
        self.path = path
        size = Int(status.st_size)
        self.descriptor = descriptor
    }

    deinit { close(descriptor) }

    /// Its stamp as it is now.
    func stamp() -> FileStamp? { FileStamp.of(descriptor: descriptor) }

    /// How many bytes a chunk read from a last version holds: the writer's own chunk (Disk.writeFile), so that each
    /// goes to the new file in one write without being gathered first.
    static let chunkSize = 1 << 20

    /// Hands `range`'s bytes to `body` a chunk at a time, read into `buffer` (at most `chunkSize` of it). Bytes that
    /// cannot be read (the file shrank since, or the disk failed) are handed over as zeros, so that what `body` is
    /// given always has the range's length; false then. Every caller checks what it was given against a hash taken
    /// when the stretch was proven, or compares it, and so finds them.
    func forEachChunk(of range: Range<Int>, buffer: inout ProofBuffer,
                      _ body: (UnsafeRawBufferPointer) throws -> Void) rethrows -> Bool {
        var complete = true
        var offset = range.lowerBound
        while offset < range.upperBound {
            let piece = buffer.room(min(Self.chunkSize, range.upperBound - offset))
            let filled = read(into: piece, at: offset)
            if filled < piece.count {
                complete = false
                let missing = UnsafeMutableRawBufferPointer(rebasing: piece[max(filled, 0)...])
                missing.initializeMemory(as: UInt8.self, repeating: 0)
            }
            try body(UnsafeRawBufferPointer(piece))
            offset += piece.count
        }
        return complete
    }

    /// Reads from `offset` into `buffer` until it is full or the file ends: how many bytes were read, or -1 when a
    /// read failed.
    func read(into buffer: UnsafeMutableRawBufferPointer, at offset: Int) -> Int {
        let read = Disk.fill(buffer, from: descriptor, at: offset)
        return read.failure == nil ? read.filled : -1
    }

    /// The bytes of `range`, which is small (a part of a diff's window); nil when they cannot all be read.
    func bytes(in range: Range<Int>) -> [UInt8]? { Disk.readRange(of: descriptor, range) }

    static func == (lhs: LastVersion, rhs: LastVersion) -> Bool { lhs === rhs }
}
