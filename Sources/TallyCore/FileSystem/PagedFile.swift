import Foundation

/// A whole file read into memory pages of its own (an anonymous mapping), given back to the system when this is
/// let go; read by several threads. Not read into an array: 11 MB freed on one thread's heap raised glibc's
/// threshold for mapping large blocks, and the rest of the run held about 15 MB more. Not the file mapped: another
/// process truncating it in place would end this one with SIGBUS, and writes in place would show after the
/// checksum was checked.
final class PagedFile: @unchecked Sendable {
    // Written only by init; read-only after, shared by reading threads.
    let bytes: UnsafeRawBufferPointer
    /// The file's stamp as it was read.
    let stamp: FileStamp

    /// nil when the path is not a regular file of 1 to `limit` bytes that can be read whole.
    init?(_ path: String, limit: Int) {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0, status.st_mode & S_IFMT == S_IFREG, status.st_size > 0,
              status.st_size <= limit else { return nil }
        let size = Int(status.st_size)
        guard let start = mmap(nil, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0),
              start != MAP_FAILED else { return nil }
        // In huge pages where the kernel gives them (as the heap, HeapPages): the decoded store's 11 MB at 10,000
        // definitions were 2,900 faults of 4 KB taken one by one as the read filled them, on the build's busy core.
        HeapPages.advise(UnsafeMutableRawBufferPointer(start: start, count: size))
        let read = Disk.fill(UnsafeMutableRawBufferPointer(start: start, count: size), from: descriptor, at: 0)
        // A file that shrank while it was read is not the file that was measured.
        guard read.failure == nil, read.filled == size else {
            munmap(start, size)
            return nil
        }
        bytes = UnsafeRawBufferPointer(start: start, count: size)
        stamp = FileStamp(status)
    }

    deinit { munmap(UnsafeMutableRawPointer(mutating: bytes.baseAddress), bytes.count) }
}
