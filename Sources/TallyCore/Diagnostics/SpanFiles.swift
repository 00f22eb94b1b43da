import Foundation

/// The paths that spans name, each kept once for the life of the process and known by its number. A number is
/// never reused or changed, so two spans name the same file exactly when their numbers are equal, and a span's
/// hash and equality may use the number. The table only grows: a process reads a bounded set of files (a
/// project, and for `tally diff` a base version of it), so it holds their paths and no more.
enum SpanFiles {
    struct Number: Hashable, Sendable {
        fileprivate let index: Int32
    }

    private struct Table {
        var numbers: [String: Number] = [:]
        var paths: [String] = []
    }

    // A lock, not a lock-free table: paths are numbered once per file read and looked up only to report
    // problems, neither of which is frequent.
    private static let lock = NSLock()
    nonisolated(unsafe) private static var table = Table()

    static func number(of path: String) -> Number { numbers(of: [path])[0] }

    /// The numbers of many paths under one lock: a project's files are numbered together when they are read,
    /// where numbering each on the core that loads it made the two cores wait for each other.
    static func numbers(of paths: [String]) -> [Number] {
        lock.lock()
        defer { lock.unlock() }
        return paths.map { path in
            if let known = table.numbers[path] { return known }
            let number = Number(index: Int32(table.paths.count))
            table.paths.append(path)
            table.numbers[path] = number
            return number
        }
    }

    static func path(_ number: Number) -> String {
        lock.lock()
        defer { lock.unlock() }
        return table.paths[Int(number.index)]
    }
}
