import TallyCore

/// One `--data SOURCE=PATH`: which source's rows a file holds, and how to read it (by its extension).
public struct DataSourceArgument: Equatable, Sendable {
    public enum Format: String, Sendable {
        /// Comma-separated, a header row first (RFC 4180 quoting).
        case csv
        /// One JSON object a line (.jsonl, .ndjson).
        case jsonLines
        /// A database of the embedded engine holding the source's table (Dialect.embeddedDatabaseExtensions).
        case embeddedDatabase
    }

    public var source: String
    public var path: String
    public var format: Format

    public struct Invalid: Error, CustomStringConvertible {
        public var description: String
    }

    /// Parses SOURCE=PATH; the format comes from the path's extension.
    public init(parsing text: String) throws(Invalid) {
        guard let equals = text.firstIndex(of: "="), equals != text.startIndex,
              text.index(after: equals) != text.endIndex else {
            throw Invalid(description: "--data '\(text)': write SOURCE=PATH, e.g. event_logs=events.csv")
        }
        source = String(text[..<equals])
        path = String(text[text.index(after: equals)...])
        let fileExtension = path.split(separator: "/").last?.split(separator: ".").dropFirst().last?.lowercased() ?? ""
        switch fileExtension {
        case "csv": format = .csv
        case "jsonl", "ndjson": format = .jsonLines
        case _ where Dialect.embeddedDatabaseExtensions.contains(fileExtension): format = .embeddedDatabase
        case "gz", "bz2", "xz", "zst", "zip":
            throw Invalid(description: "--data \(text): \(path) is compressed; decompress it first (tally reads .csv, "
                          + ".jsonl, .ndjson and SQLite files)")
        default:
            throw Invalid(description: "--data \(text): cannot tell the format of \(path) from its extension; use "
                          + ".csv, .jsonl or .ndjson (JSON Lines), or "
                          + Dialect.embeddedDatabaseExtensions.map { "." + $0 }.joined(separator: ", ")
                          + " (an SQLite database)")
        }
    }
}
