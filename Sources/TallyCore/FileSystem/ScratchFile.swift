#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A file without a name in the temporary folder ($TMPDIR, else /tmp), for bytes that would otherwise wait in
/// memory: its name is removed as soon as it is made, so it goes when closed and no run, even a killed one, leaves
/// it behind. Places are reserved by one thread at a time (its owner serializes); writes to them may overlap.
final class ScratchFile: @unchecked Sendable {
    private let descriptor: Int32
    /// How many bytes it holds.
    private(set) var size = 0

    /// nil when no such file can be made (no temporary folder, no space): the caller keeps the bytes in memory.
    init?() {
        let folder = getenv("TMPDIR").map { String(cString: $0) }.flatMap { $0.hasPrefix("/") ? $0 : nil } ?? "/tmp"
        var template = Array("\(folder)/tally-scratch-XXXXXX".utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard descriptor >= 0 else { return nil }
        _ = template.withUnsafeBufferPointer { unlink($0.baseAddress!) }
        self.descriptor = descriptor
    }

    deinit { close(descriptor) }

    /// Keeps the next `count` bytes for a write: where they start. Called by one thread at a time; the writes
    /// that follow need not be.
    func reserve(_ count: Int) -> Int {
        defer { size += count }
        return size
    }

    /// Writes bytes at a place `reserve` gave; false when they could not all be written (the place then reads
    /// back as zeros, or short).
    func write(_ bytes: UnsafeRawBufferPointer, at offset: Int) -> Bool {
        var written = 0
        while written < bytes.count {
            let count = pwrite(descriptor, bytes.baseAddress! + written, bytes.count - written, off_t(offset + written))
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { return false }
            written += count
        }
        return true
    }

    /// All it holds; nil when it cannot be read back.
    func readAll() -> [UInt8]? { Disk.readRange(of: descriptor, 0..<size) }
}
