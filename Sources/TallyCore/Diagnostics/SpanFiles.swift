import Foundation

/// The paths that spans name, each kept once for the life of the process and known by its number. A number is
/// never reused or changed, so two spans name the same file exactly when their numbers are equal, and a span's
/// hash and equality may use the number. Paths are told apart by their bytes, as the file system does: two
/// spellings of é are two files. The table only grows: a process reads a bounded set of files (a project, and for
/// `tally diff` a base version of it), so it holds their paths and no more.
enum SpanFiles {
    struct Number: Hashable, Sendable {
        fileprivate let index: Int32
    }

    private struct Table {
        var numbers: [PathBytes: Number] = [:]
        var paths: [String] = []
    }

    /// A path's bytes, hashed in one call: an array of bytes is hashed a byte at a time, which was most of
    /// numbering a project's paths (5,000 instructions a path).
    private struct PathBytes: Hashable {
        let bytes: [UInt8]

        func hash(into hasher: inout Hasher) { bytes.withUnsafeBytes { hasher.combine(bytes: $0) } }
    }

    // A lock, not a lock-free table: a project's paths are numbered together when they are read, and paths are
    // looked up to report problems and to sort spans of different files (diagnostics), none of which is frequent.
    private static let lock = NSLock()
    nonisolated(unsafe) private static var table = Table()

    static func number(of path: String) -> Number { numbers(of: [path])[0] }

    /// The numbers of many paths under one lock: a project's files are numbered together when they are read,
    /// where numbering each on the core that loads it made the two cores wait for each other.
    static func numbers(of paths: [String]) -> [Number] {
        lock.lock()
        defer { lock.unlock() }
        table.numbers.reserveCapacity(table.numbers.count + paths.count)
        return paths.map { path in
            let bytes = PathBytes(bytes: Array(path.utf8))
            if let known = table.numbers[bytes] { return known }
            let number = Number(index: Int32(table.paths.count))
            table.paths.append(path)
            table.numbers[bytes] = number
            return number
        }
    }

    static func path(_ number: Number) -> String {
        lock.lock()
        defer { lock.unlock() }
        return table.paths[Int(number.index)]
    }
}
