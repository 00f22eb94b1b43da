import Foundation

/// A whole file mapped into memory for as long as this lives, read-only. For a large file read by several threads:
/// read into an array instead, 11 MB freed on one thread's heap raised glibc's threshold for mapping large blocks,
/// and the rest of the run held about 15 MB more.
final class MappedFile: @unchecked Sendable {
    // Never written through: PROT_READ, and shared by reading threads only.
    let bytes: UnsafeRawBufferPointer

    /// nil when the path is not a regular file that can be opened and mapped.
    init?(_ path: String) {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0, status.st_mode & S_IFMT == S_IFREG, status.st_size > 0,
              let start = mmap(nil, Int(status.st_size), PROT_READ, MAP_PRIVATE, descriptor, 0), start != MAP_FAILED
        else { return nil }
        bytes = UnsafeRawBufferPointer(start: start, count: Int(status.st_size))
    }

    deinit { munmap(UnsafeMutableRawPointer(mutating: bytes.baseAddress), bytes.count) }
}
