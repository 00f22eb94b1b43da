#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Replaces a person's file with new text atomically, as `tally fmt` does: the text goes to a file beside it,
/// which takes the original's permissions and is renamed over it. A reader, a crash or a full disk sees the old
/// file or the new one, never half of one.
public enum FileReplacement {
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    public static func replace(_ path: String, with text: String) throws(Failure) {
        var status = stat()
        guard stat(path, &status) == 0 else { throw Failure(description: DiskError(operation: "read", path: path, code: errno).description) }
        var staged: String?
        do throws(DiskError) {
            let written = try Disk.writeBeside(path, text, purpose: "fmt")
            staged = written
            guard chmod(written, status.st_mode & 0o7777) == 0 else {
                throw DiskError(operation: "set the permissions of", path: written, code: errno)
            }
            try Disk.move(written, to: path)
        } catch {
            if let staged { try? Disk.remove(staged) }
            throw Failure(description: error.description)
        }
    }
}
