/// generated/swift/: a SwiftPM target (TallyFixtures) with a typed catalog of every definition, an enum of every
/// event name, and every example as a fixture with its SQL for every dialect the project enables.
public struct SwiftEmitter: Sendable {
    public let checked: CheckedCatalog
    private var catalog: Catalog { checked.catalog }

    public init(catalog: CheckedCatalog) {
        self.checked = catalog
    }

    public func files() -> [GeneratedFile] { Generator.files(of: self, catalog: checked) }

    /// A group's fixtures (or a slice's, for a large group), from the views its group job renders for the SQL
    /// files too: they hold most of this target's text. And each view's entry in Catalog.swift, as a piece.
    func files(of group: ViewGroup, views: inout RenderedViews) -> GroupFiles {
        var made = GroupFiles(pieces: catalogPieces(of: group))
        guard group.views.contains(where: { !$0.definition.exampleList.isEmpty }) else { return made }
        let file = group.part.map { "\(group.name).part\($0)" } ?? group.name
        let fixtures = fixtures(named: Self.fixturesName(group), group.views, rendered: &views)
        made.files = [GeneratedFile(path: "swift/Fixtures/\(file).swift",
                                    parts: [.text(header(group.views.map(\.definition.file))), .bytes(fixtures[...])])]
        return made
    }

    /// The Swift name of a group's (or slice's) fixtures. Names made from group names hold letters and digits
    /// only, so a slice's `_part2` can be no group's name.
    private static func fixturesName(_ group: ViewGroup) -> String {
        let name = SwiftLiteral.identifier(group.name)
        guard let part = group.part else { return name }
        return String(name.dropLast()) + "_part\(part)`"
    }

    /// The event names and the list of every group's fixtures (the catalog is put together from the group jobs'
    /// pieces: `assembledFiles`).
    func jobs() -> [RenderJob] {
        let all = catalog.definitions.map(\.file)
        let groups = checked.groups.flatMap { $0.slices(of: Generator.sliceSize) }
            .filter { $0.views.contains { !$0.definition.exampleList.isEmpty } }
        let list = groups.map { "        + Self.\(Self.fixturesName($0))" }.joinedInOneCopy(separator: "\n")
        // The event names name their inputs as what they read of every definition, hashed, so that a later build
        // takes them from generated/ while that is the same (an edit of a definition's prose leaves them): rendered
        // on every build, they and the catalog were 210 million instructions of a one-edit build at 10,000
        // definitions (7%).
        let names = MadeOnce { [catalog] in Self.exactEventNames(of: catalog) }
        return [
            RenderJob { [GeneratedFile(path: "swift/Model.swift", contents: header(["tally.yaml"]) + Self.model)] },
            .wholeCatalog("swift/EventName.swift", facts: { Self.eventNameFacts(names.value, files: all) }) {
                [GeneratedFile(path: "swift/EventName.swift", contents: header(all) + eventNames(names.value))]
            },
            RenderJob {
                [GeneratedFile(path: "swift/Fixtures/All.swift", contents: header(all) + """
                    extension TallyFixtures {
                        /// Every example of every definition.
                        public static let all: [Fixture] = []
                    \(list)
                    }

                    """)]
            },
        ]
    }

    func header(_ sources: [String]) -> String {
        GeneratedHeader.lines(from: sources).map { "// " + $0 }.joinedInOneCopy(separator: "\n") + "\n\n"
    }

    /// What EventName.swift is made of, hashed: its header's files and its names.
    private static func eventNameFacts(_ names: [String], files: [String]) -> String {
        var hasher = FactHasher()
        hasher.add(files)
        hasher.add(names)
        return hasher.finish()
    }

    /// Exact event names that definitions read (globs match families, not names, so they are left out), sorted.
    private static func exactEventNames(of catalog: Catalog) -> [String] {
        var names = Set<String>()
        for definition in catalog.definitions {
            for pattern in definition.events + definition.excludeEvents + definition.measure.cohortEvents
            where !EventPattern.isGlob(pattern.value) {
                names.insert(pattern.value)
            }
        }
        return names.sorted()
    }

    /// The enum of the exact event names (`exactEventNames`), each case named by `EventCaseNames`. With no exact
    /// name the enum has no case, and an enum without cases can have no raw type: its raw value is then spelled out,
    /// and Hashable, which a raw type brings, named.
    private func eventNames(_ names: [String]) -> String {
        var lines = ["/// Every exact event name a definition reads."]
        guard !names.isEmpty else {
            lines += ["public enum EventName: RawRepresentable, CaseIterable, Hashable, Sendable {",
                      "    public init?(rawValue: String) { nil }",
                      "    public var rawValue: String { switch self {} }",
                      "}", ""]
            return lines.joinedInOneCopy(separator: "\n")
        }
        lines.append("public enum EventName: String, CaseIterable, Sendable {")
        for (name, identifier) in zip(names, EventCaseNames.identifiers(for: names)) {
            lines.append("    case \(identifier) = \(SwiftLiteral.string(name))")
        }
        lines += ["}", ""]
        return lines.joinedInOneCopy(separator: "\n")
    }

    /// The bytes a fixtures file holds after its header: about 300 KB for a group of 50 definitions with examples,
    /// where the buffer starts.
    private static let fixturesCapacity = 1 << 19

    private func fixtures(named name: String, _ members: [CheckedView], rendered: inout RenderedViews) -> [UInt8] {
        var out = SourceBuffer(capacity: Self.fixturesCapacity)
        out.line("extension TallyFixtures {")
        out.line("    static let \(name): [Fixture] = [")
        // Each definition's views per dialect, written once at the end of the file and shared by its examples:
        // the views are most of an example's SQL, and repeating them per example doubled the fixtures' size.
        var shared: [(name: String, about: String, statements: [String])] = []
        // Each source's table statements per dialect, built once for the group's examples.
        var tables = Dictionary(uniqueKeysWithValues: catalog.settings.dialects.map { ($0, ExampleSQL.Tables(dialect: $0)) })
        var tableLiterals = TableLiterals()
        for view in members {
            let definition = view.definition
            guard !definition.exampleList.isEmpty else { continue }
            // The views' name and the query's literal, per dialect: the same for every example.
            var views: [Dialect: (name: String, query: [UInt8])] = [:]
            let sources = catalog.sourcesRead(by: definition)
            for dialect in catalog.settings.dialects {
                let statements = rendered.withInputs(view, in: dialect, settings: catalog.settings)
                let name = "v\(shared.count)"
                let query = ExampleSQL.query(of: view, builder: ViewBuilder(dialect: dialect, settings: catalog.settings))
                views[dialect] = (name, Array(SwiftLiteral.string(query).utf8))
                shared.append((name, "\(definition.id.value) on \(dialect.rawValue)", statements))
            }
            let columns = view.shape.map(\.name)
            for example in definition.examples {
                out.line("        Fixture(")
                out.append("            definition: ")
                out.literal(definition.id.value)
                out.line(",")
                out.append("            name: ")
                out.literal(example.name.value)
                out.line(",")
                out.line("            given: [")
                for (source, rows) in example.given {
                    out.append("                ")
                    out.literal(source.value)
                    out.line(": [")
                    for row in rows {
                        out.append("                    ")
                        rowLiteral(row, into: &out)
                        out.line(",")
                    }
                    out.line("                ],")
                }
                if example.given.isEmpty { out.line("                :") }
                out.line("            ],")
                out.append("            columns: ")
                out.literals(columns)
                out.line(",")
                out.line("            expected: [")
                for row in example.expect {
                    out.append("                [")
                    for (index, column) in columns.enumerated() {
                        if index > 0 { out.append(", ") }
                        valueLiteral(row.cells.first { $0.column.value == column }?.value.value ?? .null, into: &out)
                    }
                    out.line("],")
                }
                out.line("            ],")
                out.line("            sql: [")
                for dialect in catalog.settings.dialects {
                    let (name, query) = views[dialect]!
                    let given = ExampleSQL.tableStatements(example, catalog: checked, sources: sources,
                                                           tables: &tables[dialect]!)
                    out.append("                ")
                    out.literal(dialect.rawValue)
                    out.line(": FixtureSQL(")
                    out.append("                    schemas: ")
                    out.literals(ExampleSQL.schemas(given.schemas, settings: catalog.settings, dialect: dialect))
                    out.line(",")
                    out.line("                    tables: [")
                    for statement in given.statements {
                        out.append("                        ")
                        tableLiterals.write(statement, in: dialect, into: &out)
                        out.line(",")
                    }
                    out.line("                    ],")
                    out.append("                    views: Views.")
                    out.append(name)
                    out.line(",")
                    out.append("                    query: ")
                    out.append(bytes: query)
                    out.line("")
                    out.line("                ),")
                }
                out.line("            ]")
                out.line("        ),")
            }
        }
        out.line("    ]")
        if !shared.isEmpty {
            // Inside the extension, so that the name cannot clash with a type of the module's own.
            out.line("")
            out.line("    /// Each definition's views, per dialect: its own and those it reads, inputs first.")
            out.line("    private enum Views {")
            for (name, about, statements) in shared {
                out.append("        /// ")
                out.line(about)
                out.append("        static let ")
                out.append(name)
                out.line(": [String] = [")
                for statement in statements {
                    out.append("            ")
                    out.literal(statement)
                    out.line(",")
                }
                out.line("        ]")
            }
            out.line("    }")
        }
        out.line("}")
        return out.finish()
    }

    private func rowLiteral(_ row: ExampleRow, into out: inout SourceBuffer) {
        if row.cells.isEmpty { return out.append("[:]") }
        out.append("[")
        for (index, cell) in row.cells.enumerated() {
            if index > 0 { out.append(", ") }
            out.literal(cell.column.value)
            out.append(": ")
            valueLiteral(cell.value.value, into: &out)
        }
        out.append("]")
    }

    private func valueLiteral(_ value: ExampleValue, into out: inout SourceBuffer) {
        switch value {
        case .null: out.append(".null")
        case .bool(let flag): out.append(flag ? ".bool(true)" : ".bool(false)")
        case .integer(let number):
            out.append(".integer(")
            out.append(String(number))
            out.append(")")
        case .float(let number):
            out.append(".double(")
            out.append(String(number))
            out.append(")")
        case .string(let text):
            out.append(".text(")
            out.literal(text)
            out.append(")")
        case .list, .object:
            out.append(".json(")
            out.literal(ExampleJSON.text(value))
            out.append(")")
        }
    }

    static let model = """
        /// What a definition is, as the catalog lists it.
        public struct DefinitionInfo: Sendable, Equatable {
            public enum Kind: String, Sendable { case ping, metric }

            public let id: String
            public let group: String
            public let title: String
            public let kind: Kind
            public let type: String?
            public let aggregate: String
            public let events: [String]
            public let added: String?
            public let broken: [BrokenRangeInfo]
            /// nil: in use.
            public let deprecated: DeprecationInfo?
            /// The teams or people answering for it.
            public let owners: [String]
            /// The view's output columns, in order.
            public let columns: [String]
        }

        /// Since when a definition is deprecated, why, and the id of the definition that replaces it.
        public struct DeprecationInfo: Sendable, Equatable {
            public let since: String
            public let reason: String
            public let replacedBy: String?
        }

        public struct BrokenRangeInfo: Sendable, Equatable {
            public let from: String
            /// nil: still broken.
            public let through: String?
            public let reason: String?
            public let fix: String?
        }

        /// A value in an example row.
        public enum FixtureValue: Sendable, Equatable {
            case null
            case bool(Bool)
            case integer(Int)
            case double(Double)
            case text(String)
            case json(String)
        }

        /// The SQL that runs one example on one engine: the schemas its dotted table names need (where the engine
        /// has schemas), tables, rows and views, then the query of the view.
        public struct FixtureSQL: Sendable {
            public let schemas: [String]
            /// The tables of the sources the example reads, and its rows.
            public let tables: [String]
            /// The definition's view and the views it reads, inputs first: the same for each of its examples.
            public let views: [String]
            public let query: String

            /// Everything to run before the query, in order: tables and rows, then views.
            public var setup: [String] { tables + views }
        }

        /// One example of a definition: the rows given to its sources and the rows its view must return (a set).
        public struct Fixture: Sendable {
            public let definition: String
            public let name: String
            public let given: [String: [[String: FixtureValue]]]
            public let columns: [String]
            public let expected: [[FixtureValue]]
            /// The example's SQL per dialect enabled in tally.yaml, by the dialect's name.
            public let sql: [String: FixtureSQL]
        }

        /// Every example of every definition, grouped by the definitions' groups.
        public enum TallyFixtures {}

        """
}
