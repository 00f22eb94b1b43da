/// Where the dbt project finds each tally source's table. A source whose table name carries no schema in any dialect
/// of the export is a table of the shared `tally` source, whose schema is `var('tally_source_schema',
/// target.schema)`. One whose name carries a schema or dataset, and maybe a database or project, in some dialect
/// (`ssc.billing_cycles`, `analytics.ssc.billing_cycles`) is the one table of a dbt source of its own,
/// `tally__<name>`, in that schema (and database) on those dialects' adapters and in the target's elsewhere: dbt sets
/// a schema per source, not per table, and the models must read the tables tally's own views read. A
/// `tally_source_schema` given on the command line still puts every table in that one schema (a fresh database for
/// the unit tests).
struct DBTSources {
    static let shared = "tally"

    /// One tally source in the dbt project.
    struct Placement {
        /// The dbt source it is a table of.
        var sourceName: String
        /// Per dialect of the export, the parts of its table name before the table's own: [] for a bare name,
        /// [schema], or [database, schema].
        var qualifiers: [(dialect: Dialect, parts: [String])]

        var isShared: Bool { sourceName == DBTSources.shared }

        /// The dbt source's `schema`: the qualifying schema on the adapters of the dialects that name one, else
        /// the target's, unless `tally_source_schema` says otherwise.
        var schema: String {
            let named = qualifiers.filter { !$0.parts.isEmpty }
            return "{{ var('tally_source_schema', " + Self.branches(named.map { ($0.dialect, $0.parts.last!) },
                                                                    otherwise: "target.schema") + ") }}"
        }

        /// The dbt source's `database`, when a dialect names one: that one on its adapters, else the target's, and
        /// the target's whenever `tally_source_schema` is given.
        var database: String? {
            let named = qualifiers.filter { $0.parts.count > 1 }
            guard !named.isEmpty else { return nil }
            return "{{ target.database if var('tally_source_schema', none) is not none else "
                + Self.branches(named.map { ($0.dialect, $0.parts[$0.parts.count - 2]) }, otherwise: "target.database")
                + " }}"
        }

        /// `'a' if target.type in [...] else 'b' if ... else otherwise`, each name a quoted Jinja string.
        private static func branches(_ names: [(Dialect, String)], otherwise: String) -> String {
            names.map { dialect, name in
                DBTSources.quoted(name) + " if target.type in [" + DBTSources.adapters(dialect) + "] else "
            }.joined() + otherwise
        }
    }

    let placements: [String: Placement]

    init(_ sources: some Sequence<Source>, dialects: [Dialect]) {
        var placements: [String: Placement] = [:]
        for source in sources {
            let qualifiers = dialects.map { dialect in
                (dialect, source.table(for: dialect).split(separator: ".").dropLast().map(String.init))
            }
            let qualified = qualifiers.contains { !$0.1.isEmpty }
            placements[source.name] = Placement(sourceName: qualified ? Self.shared + "__" + source.name : Self.shared,
                                                qualifiers: qualifiers)
        }
        self.placements = placements
    }

    /// The dbt source each tally source is a table of, for the models' SQL (Relations.dbt).
    var sourceNames: [String: String] { placements.mapValues(\.sourceName) }

    /// Each dbt source with its first table by name, by source name: what a macro is handed to find a dbt
    /// source's schema (`source()` needs a table).
    var firstTables: [(source: String, table: String)] {
        var first: [String: String] = [:]
        for (table, placement) in placements where first[placement.sourceName].map({ table < $0 }) ?? true {
            first[placement.sourceName] = table
        }
        return first.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }

    /// The dbt source a tally source is a table of.
    func sourceName(of source: String) -> String { placements[source]?.sourceName ?? Self.shared }

    /// `source('tally', 'events')`, as a model, a hook or a unit test calls it.
    func call(_ source: String) -> String { "source('\(sourceName(of: source))', '\(source)')" }

    /// A name inside Jinja, as a quoted string.
    static func quoted(_ name: String) -> String {
        "'" + name.replacingAll("\\", with: "\\\\").replacingAll("'", with: "\\'") + "'"
    }

    /// The dbt adapters of a dialect as a Jinja list's items, for `target.type in [...]`.
    static func adapters(_ dialect: Dialect) -> String {
        dialect.dbtAdapters.map { "'\($0)'" }.joined(separator: ", ")
    }
}
