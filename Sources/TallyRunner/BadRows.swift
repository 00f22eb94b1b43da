/// The rows of an input that could not be loaded: the first few kept to name them (file:line, column, why), and
/// how many in all.
public struct BadRows: Sendable {
    public struct Row: Sendable, Equatable {
        /// path:line, or path:table:row for an SQLite file.
        public var location: String
        public var column: String?
        public var reason: String

        public var description: String {
            "\(location): " + (column.map { "column \($0): " } ?? "") + reason
        }
    }

    public static let named = 10

    public private(set) var first: [Row] = []
    public private(set) var count = 0

    public init() {}

    mutating func record(_ row: Row) {
        count += 1
        if first.count < Self.named { first.append(row) }
    }

    mutating func add(_ other: BadRows) {
        for row in other.first where first.count < Self.named { first.append(row) }
        count += other.count
    }

    /// The rows named, one a line, and a last line with how many in all when that is more.
    public var listing: String {
        var lines = first.map(\.description)
        if count > first.count { lines.append("... and \(count - first.count) more (\(count) bad rows in all)") }
        return lines.joined(separator: "\n")
    }
}
