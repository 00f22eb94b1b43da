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
    /// files too: they hold most of this target's text.
    func files(of group: ViewGroup, views: inout RenderedViews) -> GroupFiles {
        guard group.views.contains(where: { !$0.definition.examples.isEmpty }) else { return GroupFiles() }
        let file = group.part.map { "\(group.name).part\($0)" } ?? group.name
        return GroupFiles(files: [GeneratedFile(path: "swift/Fixtures/\(file).swift",
                                                contents: header(group.views.map(\.definition.file))
                                                    + fixtures(named: Self.fixturesName(group), group.views,
                                                               rendered: &views))])
    }

    /// The Swift name of a group's (or slice's) fixtures. Names made from group names hold letters and digits
    /// only, so a slice's `_part2` can be no group's name.
    private static func fixturesName(_ group: ViewGroup) -> String {
        let name = SwiftLiteral.identifier(group.name)
        guard let part = group.part else { return name }
        return String(name.dropLast()) + "_part\(part)`"
    }

    /// The catalog, the event names and the list of every group's fixtures.
    func jobs() -> [RenderJob] {
        let all = catalog.definitions.map(\.file)
        let groups = checked.groups.flatMap { $0.slices(of: Generator.sliceSize) }
            .filter { $0.views.contains { !$0.definition.examples.isEmpty } }
        let list = groups.map { "        + Self.\(Self.fixturesName($0))" }.joinedInOneCopy(separator: "\n")
        return [
            RenderJob { [GeneratedFile(path: "swift/Model.swift", contents: header(["tally.yaml"]) + Self.model)] },
            RenderJob { [GeneratedFile(path: "swift/Catalog.swift", contents: header(all) + catalogSource())] },
            RenderJob { [GeneratedFile(path: "swift/EventName.swift", contents: header(all) + eventNames())] },
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

    private func header(_ sources: [String]) -> String {
        GeneratedHeader.lines(from: sources).map { "// " + $0 }.joinedInOneCopy(separator: "\n") + "\n\n"
    }

    private func catalogSource() -> String {
        var lines = ["/// Every definition of the project, in group and id order.", "public enum TallyCatalog {",
                     "    public static let definitions: [DefinitionInfo] = ["]
        for view in checked.viewsByGroup {
            let definition = view.definition
            let ranges = definition.broken.map { range in
                "BrokenRangeInfo(from: \(SwiftLiteral.string(range.from.value.text)), "
                    + "through: \(SwiftLiteral.optional(range.through?.value.text)), "
                    + "reason: \(SwiftLiteral.optional(range.reason?.value)), fix: \(SwiftLiteral.optional(range.fix?.value)))"
            }
            lines.append("        DefinitionInfo(")
            lines.append("            id: \(SwiftLiteral.string(definition.id.value)),")
            lines.append("            group: \(SwiftLiteral.string(definition.group)),")
            lines.append("            title: \(SwiftLiteral.string(definition.title.value)),")
            lines.append("            kind: .\(definition.kind.value.rawValue),")
            lines.append("            type: \(definition.type.map { "\"\($0.value.rawValue)\"" } ?? "nil"),")
            lines.append("            aggregate: \(SwiftLiteral.string(definition.measure.aggregate.rawValue)),")
            lines.append("            events: \(SwiftLiteral.strings(definition.events.map(\.value))),")
            lines.append("            added: \(SwiftLiteral.optional(definition.added?.value.text)),")
            lines.append("            broken: [" + ranges.joinedInOneCopy(separator: ", ") + "],")
            lines.append("            columns: \(SwiftLiteral.strings(view.shape.map(\.name)))")
            lines.append("        ),")
        }
        lines += ["    ]", "", "    public static func definition(_ id: String) -> DefinitionInfo? {",
                  "        definitions.first { $0.id == id }", "    }", "}", ""]
        return lines.joinedInOneCopy(separator: "\n")
    }

    /// Exact event names that definitions read (globs match families, not names, so they are left out).
    private func eventNames() -> String {
        var names = Set<String>()
        for definition in catalog.definitions {
            for pattern in definition.events + definition.excludeEvents + definition.measure.cohortEvents
            where !EventPattern.isGlob(pattern.value) {
                names.insert(pattern.value)
            }
        }
        var used: [String: Int] = [:]
        var lines = ["/// Every exact event name a definition reads.", "public enum EventName: String, CaseIterable, Sendable {"]
        for name in names.sorted() {
            var identifier = SwiftLiteral.identifier(name)
            used[identifier, default: 0] += 1
            if used[identifier]! > 1 { identifier = String(identifier.dropLast()) + "\(used[identifier]!)`" }
            lines.append("    case \(identifier) = \(SwiftLiteral.string(name))")
        }
        lines += ["}", ""]
        return lines.joinedInOneCopy(separator: "\n")
    }

    private func fixtures(named name: String, _ members: [CheckedView], rendered: inout RenderedViews) -> String {
        var lines = ["extension TallyFixtures {", "    static let \(name): [Fixture] = ["]
        // Each definition's views per dialect, written once at the end of the file and shared by its examples:
        // the views are most of an example's SQL, and repeating them per example doubled the fixtures' size.
        var shared: [(name: String, about: String, statements: [String])] = []
        // Each source's table statements per dialect, built once for the group's examples.
        var tables = Dictionary(uniqueKeysWithValues: catalog.settings.dialects.map { ($0, ExampleSQL.Tables(dialect: $0)) })
        for view in members {
            let definition = view.definition
            guard !definition.examples.isEmpty else { continue }
            var views: [Dialect: (name: String, statements: [String])] = [:]
            let sources = catalog.sourcesRead(by: definition)
            for dialect in catalog.settings.dialects {
                let statements = rendered.withInputs(view, in: dialect)
                let name = "v\(shared.count)"
                views[dialect] = (name, statements)
                shared.append((name, "\(definition.id.value) on \(dialect.rawValue)", statements))
            }
            for example in definition.examples {
                lines.append("        Fixture(")
                lines.append("            definition: \(SwiftLiteral.string(definition.id.value)),")
                lines.append("            name: \(SwiftLiteral.string(example.name.value)),")
                lines.append("            given: [")
                for (source, rows) in example.given {
                    lines.append("                \(SwiftLiteral.string(source.value)): [")
                    for row in rows { lines.append("                    " + rowLiteral(row) + ",") }
                    lines.append("                ],")
                }
                if example.given.isEmpty { lines.append("                :") }
                lines.append("            ],")
                let columns = view.shape.map(\.name)
                lines.append("            columns: \(SwiftLiteral.strings(columns)),")
                lines.append("            expected: [")
                for row in example.expect {
                    let values = columns.map { column in
                        valueLiteral(row.cells.first { $0.column.value == column }?.value.value ?? .null)
                    }
                    lines.append("                [" + values.joinedInOneCopy(separator: ", ") + "],")
                }
                lines.append("            ],")
                lines.append("            sql: [")
                for dialect in catalog.settings.dialects {
                    let (name, statements) = views[dialect]!
                    let sql = ExampleSQL.make(example, of: view, catalog: checked, sources: sources,
                                              tables: &tables[dialect]!, views: statements)
                    lines.append("                \(SwiftLiteral.string(dialect.rawValue)): FixtureSQL(")
                    lines.append("                    schemas: \(SwiftLiteral.strings(sql.schemas)),")
                    lines.append("                    tables: [")
                    for statement in sql.tables {
                        lines.append("                        " + SwiftLiteral.string(statement) + ",")
                    }
                    lines.append("                    ],")
                    lines.append("                    views: Views.\(name),")
                    lines.append("                    query: \(SwiftLiteral.string(sql.query))")
                    lines.append("                ),")
                }
                lines.append("            ]")
                lines.append("        ),")
            }
        }
        lines.append("    ]")
        if !shared.isEmpty {
            // Inside the extension, so that the name cannot clash with a type of the module's own.
            lines += ["", "    /// Each definition's views, per dialect: its own and those it reads, inputs first.",
                      "    private enum Views {"]
            for (name, about, statements) in shared {
                lines.append("        /// \(about)")
                lines.append("        static let \(name): [String] = [")
                for statement in statements { lines.append("            " + SwiftLiteral.string(statement) + ",") }
                lines.append("        ]")
            }
            lines.append("    }")
        }
        lines += ["}", ""]
        return lines.joinedInOneCopy(separator: "\n")
    }

    private func rowLiteral(_ row: ExampleRow) -> String {
        if row.cells.isEmpty { return "[:]" }
        return "[" + row.cells.map { "\(SwiftLiteral.string($0.column.value)): \(valueLiteral($0.value.value))" }
            .joinedInOneCopy(separator: ", ") + "]"
    }

    private func valueLiteral(_ value: ExampleValue) -> String {
        switch value {
        case .null: ".null"
        case .bool(let flag): ".bool(\(flag))"
        case .integer(let number): ".integer(\(number))"
        case .float(let number): ".double(\(number))"
        case .string(let text): ".text(\(SwiftLiteral.string(text)))"
        case .list, .object: ".json(\(SwiftLiteral.string(ExampleJSON.text(value))))"
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
            /// The view's output columns, in order.
            public let columns: [String]
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
