import Foundation
import TallyCore

/// A PostgreSQL server reached with psql, by a connection URL (postgresql://user@host:port/database) or a host
/// and port: each example in a transaction that is rolled back, in a schema of its own, so nothing is left behind
/// and examples never see each other or the database's own tables.
public struct PostgresEngine: ExampleEngine {
    enum Connection: Sendable {
        case url(String)
        case server(host: String, port: String, user: String)
    }

    let connection: Connection
    /// The database statements run in; nil is the one the URL names (or `postgres`).
    public let database: String?

    static let fieldSeparator = "\u{1F}"
    static let recordSeparator = "\u{1E}"
    static let nullMarker = "\u{1A}NULL"

    public init(url: String) {
        connection = .url(url)
        database = nil
    }

    public init(host: String, port: String, user: String = "postgres", database: String? = nil) {
        connection = .server(host: host, port: port, user: user)
        self.database = database
    }

    /// The same server, another database on it.
    public func onDatabase(_ name: String) -> PostgresEngine { PostgresEngine(connection: connection, database: name) }

    private init(connection: Connection, database: String?) {
        self.connection = connection
        self.database = database
    }

    /// psql's connection arguments: a URL with its path replaced by `database` when one is set.
    var arguments: [String] {
        switch connection {
        case .url(let url):
            guard let database, var components = URLComponents(string: url) else { return ["-d", url] }
            components.path = "/" + database
            return ["-d", components.string ?? url]
        case .server(let host, let port, let user):
            return ["-h", host, "-p", port, "-U", user, "-d", database ?? "postgres"]
        }
    }

    public var label: String { "PostgreSQL" }

    public func connect() throws {
        do {
            _ = try psql("SELECT 1")
        } catch let failure as SQLiteDatabase.Failure {
            // env's words when there is no psql to run: the server is not the one to blame.
            if failure.description.contains("'psql': No such file") {
                throw SQLiteDatabase.Failure(description: "cannot run psql, PostgreSQL's client: install it (Debian: "
                                                 + "postgresql-client) or put it on PATH")
            }
            throw SQLiteDatabase.Failure(description: "cannot reach PostgreSQL: "
                + failure.description.replacingOccurrences(of: "psql failed: ", with: "")
                    .trimmingCharacters(in: .whitespacesAndNewlines))
        }
    }

    public var dialect: Dialect { .psql }

    public func run(_ examples: [ExampleSQL]) -> [Result<[[String?]], SQLiteDatabase.Failure>] {
        parallelMap(examples) { example in
            Result {
                try run(setup: example.schemas.map { "CREATE SCHEMA IF NOT EXISTS \"\($0)\"" } + example.setup,
                        query: example.query, isolated: true)
            }.mapError { $0 as? SQLiteDatabase.Failure ?? SQLiteDatabase.Failure(description: "\($0)") }
        }
    }

    /// Runs statements in a transaction, then returns the rows of the final query; `keep` commits. `isolated`
    /// runs them in a schema of their own, alone on the search path (an example's): the database's own tables (a
    /// real `event_logs`, say) then neither clash with the example's tables of the same name nor stand in for them.
    public func run(setup: [String], query: String, keep: Bool = false, isolated: Bool = false) throws -> [[String?]] {
        var script = "BEGIN;\n"
        if isolated {
            let schema = "tally_example_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(16).lowercased()
            script += "CREATE SCHEMA \(schema);\nSET LOCAL search_path TO \(schema);\n"
        }
        script += setup.map { $0.trimmingTrailingSemicolons() + ";\n" }.joined()
        script += query + ";\n" + (keep ? "COMMIT;\n" : "ROLLBACK;\n")
        return try psql(script)
    }

    /// A psql script's output rows (statements that return none print nothing).
    public func psql(_ body: String) throws -> [[String?]] {
        let script = "\\set ON_ERROR_STOP on\nSET client_min_messages = warning;\n\\pset null '\(Self.nullMarker)'\n" + body
        let result = try Subprocess.run(
            "/usr/bin/env",
            ["psql", "-X", "-q", "-A", "-t"] + arguments + ["-F", Self.fieldSeparator, "-R", Self.recordSeparator],
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
