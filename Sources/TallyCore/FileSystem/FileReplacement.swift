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
        let slash = path.lastIndex(of: "/")
        let folder = slash.map { String(path[..<$0]) } ?? "."
        let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
        let staged = "\(folder)/.\(name).tally-fmt-\(getpid())"
        do throws(DiskError) {
            try Disk.writeFile(text, to: staged)
            guard chmod(staged, status.st_mode & 0o7777) == 0 else {
                throw DiskError(operation: "set the permissions of", path: staged, code: errno)
            }
            try Disk.move(staged, to: path)
        } catch {
            try? Disk.remove(staged)
            throw Failure(description: error.description)
        }
    }
}
