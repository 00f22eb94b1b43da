import Foundation
import TallyCore

/// A PostgreSQL server reached with psql and a connection URL (postgresql://user@host:port/database): each
/// example in a transaction that is rolled back, so nothing is left behind and examples never see each other.
public struct PostgresEngine: ExampleEngine {
    public let connection: [String]

    static let fieldSeparator = "\u{1F}"
    static let recordSeparator = "\u{1E}"
    static let nullMarker = "\u{1A}NULL"

    /// `psql` with these connection arguments: a URL, or `-h host -p port -U user -d database`.
    public init(connection: [String]) {
        self.connection = connection
    }

    public init(url: String) {
        self.init(connection: ["-d", url])
    }

    public var label: String { "PostgreSQL" }
    /// The dialect of the servers psql reaches.
    public var dialect: Dialect { Dialect.ofServer(url: "postgresql://")! }

    public func run(_ examples: [ExampleSQL]) -> [Result<[[String?]], SQLiteDatabase.Failure>] {
        parallelMap(examples) { example in
            Result {
                try run(setup: example.schemas.map { "CREATE SCHEMA IF NOT EXISTS \"\($0)\"" } + example.setup,
                        query: example.query)
            }.mapError { $0 as? SQLiteDatabase.Failure ?? SQLiteDatabase.Failure(description: "\($0)") }
        }
    }

    /// Runs statements in a transaction, then returns the rows of the final query; `keep` commits.
    public func run(setup: [String], query: String, keep: Bool = false) throws -> [[String?]] {
        var script = "BEGIN;\n" + setup.map { $0.trimmingTrailingSemicolons() + ";\n" }.joined()
        script += query + ";\n" + (keep ? "COMMIT;\n" : "ROLLBACK;\n")
        return try psql(script)
    }

    /// A psql script's output rows (statements that return none print nothing).
    public func psql(_ body: String) throws -> [[String?]] {
        let script = "\\set ON_ERROR_STOP on\nSET client_min_messages = warning;\n\\pset null '\(Self.nullMarker)'\n" + body
        let result = try Subprocess.run(
            "/usr/bin/env",
            ["psql", "-X", "-q", "-A", "-t"] + connection + ["-F", Self.fieldSeparator, "-R", Self.recordSeparator],
            input: script)
        guard result.status == 0 else {
            throw SQLiteDatabase.Failure(description: "psql failed: \(result.stderr)")
        }
        // psql ends its output with one newline; values may end in newlines of their own, so nothing else is trimmed.
        var output = Substring(result.stdout)
        if output.hasSuffix("\n") { output = output.dropLast() }
        return output.split(separator: Character(Self.recordSeparator), omittingEmptySubsequences: true)
            .map { line in
                line.split(separator: Character(Self.fieldSeparator), omittingEmptySubsequences: false).map {
                    $0 == Self.nullMarker ? nil : String($0)
                }
            }
    }
}
