/// generated/dbt/ when tally.yaml exports it: a dbt project a team can drop into theirs. A model per definition
/// reads its sources through `source()` and other definitions through `ref()`, written for the export's dialects
/// (dispatched on the adapter when there are several); schema files carry each definition's texts and facts as
/// description and meta, and its examples as unit tests (dbt 1.8+).
struct DBTEmitter: Emitter {
    let catalog: CheckedCatalog
    /// Which dbt source each tally source is a table of, and where those are.
    let sources: DBTSources
    /// The dbt project's folder under generated/ and its project file, which the docs link.
    static let folder = "dbt/"
    static let projectFile = "dbt_project.yml"
    /// Every source() and ref() call a model of this catalog can hold, as ViewBuilder writes them (Relations.dbt):
    /// the only Jinja a model keeps.
    let relationCalls: Set<Substring>
    /// Every view's id, hashed: what a group's models read of the whole catalog beyond their views and the views
    /// those read (which `{{ ref('…') }}` calls stay Jinja: `relationCalls`), so it is part of the group jobs' keys.
    let viewIDs: String
    /// The project's name, which every `ref()` names: made once, as `exportName` folds the text anew each time it is
    /// asked (10,000 times, 90 million instructions on one core before rendering began at 10,000 definitions).
    let projectName: String

    init(catalog: CheckedCatalog) {
        self.catalog = catalog
        let projectName = catalog.settings.exportName
        self.projectName = projectName
        // Only an export needs them: made for every build, they were 5 ms on one core at 10,000 definitions.
        guard let export = catalog.settings.exports.dbt else {
            sources = DBTSources([], dialects: [])
            relationCalls = []
            viewIDs = ""
            return
        }
        let sources = DBTSources(catalog.catalog.sources.values, dialects: export.dialects.map(\.value))
        self.sources = sources
        relationCalls = Set(catalog.catalog.sources.keys.map { "{{ " + sources.call($0) + " }}" }
                            + catalog.views.map { Substring(Self.refCall($0.id, project: projectName)) })
        // In the order of their files (catalog.views is in the order views read each other, which an edit of a
        // ratio's inputs changes though no id does).
        var hasher = FactHasher()
        hasher.add(catalog.viewsByGroup.lazy.map(\.id))
        viewIDs = hasher.finish()
    }

    /// A model's reference to another of this project: with the project's name, so that a model of the same name
    /// in the project that installs this one as a package (a `dau` of its own) is not taken instead, which failed
    /// the build ("dbt was unable to infer all dependencies").
    static func ref(_ id: String, project: String) -> String { String(concatenating: "ref('", project, "', '", id, "')") }

    /// `ref()` as a model calls it. Each String made in one copy: made for each of 10,000 views with every build, as
    /// Strings appended one to another, they were 63 million instructions on one core before any job began (41 million
    /// so).
    static func refCall(_ id: String, project: String) -> String { String(concatenating: "{{ ", ref(id, project: project), " }}") }

    /// The project's files, then one job per group naming its inputs (its views and every view they read, with
    /// every view's id), so that a later build takes the groups an edit cannot reach from generated/: rendered
    /// again on every build, a group's models and unit tests were most of a one-edit build with dbt exported
    /// (2.2 of 2.6 s at 10,000 definitions, and every example decoded).
    func jobs() -> [RenderJob] {
        guard let export = catalog.settings.exports.dbt else { return [] }
        return [RenderJob { projectFiles(export) }] + catalog.groups.map { group in
            RenderJob(inputs: { JobInputs(label: Self.folder + group.name, views: group.views, catalogFacts: viewIDs) }) {
                groupFiles(group.name, views: group.views, export: export)
            }
        }
    }

    private func header(_ sources: [String]) -> [String] { GeneratedHeader.lines(from: sources) }

    private func yamlFile(_ path: String, sources: [String], _ value: JSONValue) -> GeneratedFile {
        GeneratedFile(path: Self.folder + path, contents: GeneratedHeader.hashComments(header(sources)) + "\n" + YAMLBlock.render(value))
    }

    // MARK: project

    private func projectFiles(_ export: DBTExport) -> [GeneratedFile] {
        let all = catalog.viewsByGroup.map(\.definition.file)
        let sources = catalog.catalog.sources.values.sorted { $0.name < $1.name }
        // Each dbt source's schema (named by one of its tables), then each table.
        let hooks = self.sources.firstTables.map { "{{ tally_create_source_schema('\($0.source)', '\($0.table)') }}" }
            + sources.map { "{{ tally_create_source('\($0.name)') }}" }
        let project = JSONValue.object([
            ("name", .string(projectName)),
            ("version", .string("1.0.0")),
            ("config-version", .integer(2)),
            // Unit tests came in dbt 1.8: an older dbt refuses the project by this line, not by an unknown key.
            ("require-dbt-version", .string(">=1.8.0")),
            ("profile", .string(projectName)),
            ("model-paths", .array([.string("models")])),
            ("macro-paths", .array([.string("macros")])),
            // Off unless --vars '{tally_create_sources: true}': the unit tests read the source tables' columns,
            // so a fresh database needs them; a warehouse has its own.
            ("on-run-start", .array(hooks.map(JSONValue.string))),
            ("models", .object([(projectName, .object([("+materialized", .string("view"))]))])),
        ])
        let sourceFiles = sources.map(\.file)
        return [yamlFile(Self.projectFile, sources: all, project),
                // dbt run here writes target/, logs/ and dbt_packages/ beside the project: tally leaves them be
                // (ToolArtifacts), and git need not see them.
                GeneratedFile(path: Self.folder + ".gitignore",
                              contents: GeneratedHeader.hashComments(header(["tally.yaml"])) + ToolArtifacts.gitignore),
                yamlFile("models/sources.yml", sources: sourceFiles, sourcesYAML(sources, export: export)),
                GeneratedFile(path: Self.folder + "macros/tally_create_source.sql",
                              contents: "{# " + header(sourceFiles).joined(separator: " ") + " #}\n"
                                  + createSourceMacro(sources, export: export))]
    }

    /// A source's table name for the target's adapter: one name when every dialect of the export calls it so,
    /// else chosen by target.type (dbt renders a source's identifier). The schema or dataset a name carries
    /// (`ssc.billing_cycles`) is its dbt source's (DBTSources), not part of the identifier.
    private func identifier(_ source: Source, export: DBTExport) -> String {
        let names = export.dialects.map { dialect in
            (dialect.value, source.table(for: dialect.value).split(separator: ".").last.map(String.init) ?? source.name)
        }
        guard Set(names.map(\.1)).count > 1 else { return Self.escapingJinja(names[0].1) }
        let quoted = DBTSources.quoted
        let branches = names.dropLast().map { dialect, name in
            quoted(name) + " if target.type in [\(Self.adapters(dialect))] else "
        }
        return "{{ " + branches.joined() + quoted(names.last!.1) + " }}"
    }

    private func sourcesYAML(_ sources: [Source], export: DBTExport) -> JSONValue {
        let dialect = export.dialects[0].value
        func table(_ source: Source) -> JSONValue {
            .object([
                ("name", .string(source.name)),
                ("identifier", .string(identifier(source, export: export))),
                ("description", Self.prose(source.description)),
                ("columns", .array(source.columns.map { column in
                    .object([("name", .string(column.name.value)),
                             ("description", Self.prose(column.description ?? "")),
                             ("data_type", .string(dialect.sql.columnType(column.type.value))),
                             ("meta", .object([("classification", .string(column.classification.value.rawValue))]))])
                })),
            ])
        }
        let shared = sources.filter { self.sources.placements[$0.name]?.isShared ?? true }
        var declared: [JSONValue] = shared.isEmpty ? [] : [.object([
            ("name", .string(DBTSources.shared)),
            ("schema", .string("{{ var('tally_source_schema', target.schema) }}")),
            ("tables", .array(shared.map(table))),
        ])]
        for source in sources {
            guard let placement = self.sources.placements[source.name], !placement.isShared else { continue }
            declared.append(.object([("name", .string(placement.sourceName))]
                                        + (placement.database.map { [("database", JSONValue.string($0))] } ?? [])
                                        + [("schema", .string(placement.schema)), ("tables", .array([table(source)]))]))
        }
        return .object([("version", .integer(2)), ("sources", .array(declared))])
    }

    /// One statement per call, as a hook runs it: the source's table for the target's adapter, or nothing to do.
    private func createSourceMacro(_ sources: [Source], export: DBTExport) -> String {
        var text = "{% macro tally_create_source(name) -%}\n{%- if not var('tally_create_sources', false) -%}\nselect 1\n"
        for dialect in export.dialects.map(\.value) {
            let adapters = Self.adapters(dialect)
            for source in sources {
                text += "{%- elif target.type in [\(adapters)] and name == '\(source.name)' -%}\n"
                    + "create table if not exists {{ " + self.sources.call(source.name) + " }} ("
                    + ExampleSQL.columnDefinitions(source, sql: dialect.sql) + ")\n"
            }
        }
        return text + "{%- else -%}\nselect 1\n{%- endif -%}\n{%- endmacro %}\n\n"
            // The tables' schemas first: a tally_source_schema (or a table's own schema) that a fresh database does
            // not have failed every table's statement. The adapter makes it, in the source's database, quoted as
            // that adapter quotes (PostgreSQL takes no database in CREATE SCHEMA).
            + "{% macro tally_create_source_schema(source_name, table_name) -%}\n"
            + "{%- if var('tally_create_sources', false) -%}\n"
            + "{%- set table = source(source_name, table_name) -%}\n"
            + "{%- do adapter.create_schema(api.Relation.create(database=table.database, schema=table.schema)) -%}\n"
            + "{%- endif -%}\nselect 1\n{%- endmacro %}\n"
    }

    // MARK: groups

    private func groupFiles(_ group: String, views: [CheckedView], export: DBTExport) -> [GeneratedFile] {
        let models = views.map { view in
            GeneratedFile(path: Self.folder + "models/\(group)/\(view.id).sql",
                          contents: "{# " + header([view.definition.file]).joined(separator: " ") + " #}\n"
                              + modelSQL(view, export: export))
        }
        let schema = JSONValue.object([
            ("version", .integer(2)),
            ("models", .array(views.map(modelYAML))),
            ("unit_tests", .array(views.flatMap { unitTests($0, export: export) })),
        ])
        return models + [yamlFile("models/\(group)/_\(group)__models.yml", sources: views.map(\.definition.file), schema)]
    }

    private func modelSQL(_ view: CheckedView, export: DBTExport) -> String {
        let relations = Relations.dbt(sourceNames: sources.sourceNames, project: projectName, catalog)
        func select(_ dialect: Dialect) -> String {
            Self.escapingJinja(ViewBuilder(dialect: dialect, relations: relations).select(for: view), keeping: relationCalls)
        }
        let dialects = export.dialects.map(\.value)
        guard dialects.count > 1 else { return select(dialects[0]) + "\n" }
        return Self.dispatched(dialects, "model", select)
    }

    private static func adapters(_ dialect: Dialect) -> String { DBTSources.adapters(dialect) }

    /// SQL for each of several dialects, chosen by the adapter dbt runs on (each text's own Jinja delimiters
    /// already escaped); on an adapter the export was not written for, `what` fails to compile with a message.
    private static func dispatched(_ dialects: [Dialect], _ what: String, _ sql: (Dialect) -> String) -> String {
        var text = ""
        for (index, dialect) in dialects.enumerated() {
            let adapters = Self.adapters(dialect)
            text += "{% \(index == 0 ? "if" : "elif") target.type in [\(adapters)] %}\n" + sql(dialect) + "\n"
        }
        let names = dialects.flatMap(\.dbtAdapters).joined(separator: ", ")
        return text + "{% else %}\n{{ exceptions.raise_compiler_error(\"tally wrote this \(what) for \(names), not for \" ~ target.type) }}\n{% endif %}\n"
    }

    /// Every Jinja delimiter ({{, {% and {#) printed as text, except the calls in `keeping`, matched whole. A
    /// definition's text that spells such a call ends up inside an SQL string, where its quotes are doubled or
    /// escaped, so it never matches one; matching a prefix such as `{{ ref('` let such text through as live Jinja.
    static func escapingJinja(_ sql: String, keeping calls: Set<Substring> = []) -> String {
        var output = ""
        var rest = Substring(sql)
        while let brace = rest.firstIndex(of: "{") {
            output += rest[..<brace]
            let next = rest.index(after: brace)
            guard next < rest.endIndex, "{%#".contains(rest[next]) else {
                output += "{"
                rest = rest[next...]
                continue
            }
            if rest[next] == "{", let end = rest[next...].firstRange(of: "}}"), calls.contains(rest[brace..<end.upperBound]) {
                output += rest[brace..<end.upperBound]
                rest = rest[end.upperBound...]
                continue
            }
            output += "{{ '" + rest[brace...next] + "' }}"
            rest = rest[rest.index(after: next)...]
        }
        return output + rest
    }

    /// A definition's words in a schema file, which dbt renders as Jinja: a `{{ … }}` in a title was run (an
    /// unknown var failed the whole project) and one in a description vanished.
    static func prose(_ text: String) -> JSONValue { .string(escapingJinja(text)) }

    private func modelYAML(_ view: CheckedView) -> JSONValue {
        let definition = view.definition
        var meta: [(String, JSONValue)] = [("title", Self.prose(definition.title.value)), ("kind", .string(definition.kind.value.rawValue)),
                                           ("rationale", Self.prose(definition.rationale)), ("owners", .array(definition.owners.map(Self.prose))),
                                           ("source_file", .string(definition.file))]
        if let added = definition.added { meta.append(("added", .string(added.value.text))) }
        if !definition.broken.isEmpty {
            meta.append(("broken", .array(definition.broken.map { range in
                .object([("from", .string(range.from.value.text)), ("through", range.through.map { .string($0.value.text) } ?? .null),
                         ("reason", range.reason.map { Self.prose($0.value) } ?? .null), ("fix", range.fix.map { .string(DocsLinks(settings: catalog.settings).pullRequest($0.value).url) } ?? .null)])
            })))
        }
        if let deprecated = definition.deprecated {
            var fields: [(String, JSONValue)] = [("since", .string(deprecated.version.value.text)),
                                                 ("reason", Self.prose(deprecated.reason.value))]
            if let replacement = deprecated.replacedBy { fields.append(("replaced_by", .string(replacement.value))) }
            meta.append(("deprecated", .object(fields)))
        }
        let groupTypes = catalog.catalog.groupColumnTypes(of: definition)
        return .object([
            ("name", .string(view.id)),
            ("description", Self.prose(definition.definition)),
            ("meta", .object(meta)),
            ("columns", .array(view.shape.map { column in
                .object([("name", .string(column.name)),
                         ("description", Self.prose(catalog.catalog.columnText(column.name, of: definition, isGroup: groupTypes[column.name] != nil)))])
            })),
        ])
    }

    // MARK: unit tests

    /// Each example as a unit test: the rows of every direct parent (the sources read, given as the example's rows
    /// with each column's default; or, for a ratio or formula, each input model's rows, as that input's query over
    /// the example's rows) and the expected rows.
    private func unitTests(_ view: CheckedView, export: DBTExport) -> [JSONValue] {
        let dialects = export.dialects.map(\.value)
        var names: Set<String> = []
        return view.definition.examples.map { example in
            var name = view.id + "__" + ExportName.from(example.name.value)
            if name.count > 120 { name = String(name.prefix(120)) }
            while !names.insert(name).inserted { name += "_" }
            var given: [JSONValue] = []
            switch view.reads {
            case .inputs(let inputs):
                for input in inputs {
                    given.append(sqlFixture(Self.ref(input.id, project: projectName), dialects: dialects) { builder in
                        builder(example).select(for: input)
                    })
                }
            case .source, .query:
                for name in catalog.catalog.sourcesRead(by: view.definition) {
                    guard let source = catalog.catalog.sources[name] else { continue }
                    let rows = example.given.first { $0.source.value == name }?.rows ?? []
                    // dbt reads a dict fixture's text through agate, which trims white space at either end ("3.26\n"
                    // became 3.26, a release): such rows are given as SQL instead, in each dialect as the model is.
                    let edged = rows.enumerated().contains { index, row in
                        source.columns.contains { column in
                            guard case .string(let text) = ExampleSQL.cellValue(row, column: column, index: index, source: source)
                            else { return false }
                            return text.first?.isWhitespace == true || text.last?.isWhitespace == true
                        }
                    }
                    if edged {
                        given.append(sqlFixture(sources.call(name), dialects: dialects) { builder in
                            builder(example).inlineRows(of: source, from: example)
                        })
                        continue
                    }
                    given.append(.object([("input", .string(sources.call(name))),
                                          ("rows", .array(rows.enumerated().map { index, row in
                                              .object(source.columns.map { column in
                                                  (column.name.value, Self.json(ExampleSQL.cellValue(row, column: column, index: index, source: source)))
                                              })
                                          }))]))
                }
            }
            // dbt compares the columns expect names, exactly: a float the engine gives as 3.0000000000000004 failed
            // against 3.0. Float columns are left to tally test, which compares them within 1e-9, and named. A value
            // that counts things is a whole number on every engine, so dbt checks it: left out, a model counting
            // everything a hundred times passed its unit tests.
            let whole = view.definition.measure.valueIsWholeNumber
            let floats = view.shape.filter { $0.type == .float && !(whole && $0.name == "value") }.map(\.name)
            let expect = example.expect.map { row in
                JSONValue.object(view.shape.filter { !floats.contains($0.name) }.map { column in
                    let value = row.cells.first { $0.column.value == column.name }?.value.value ?? .null
                    return (column.name, Self.json(value))
                })
            }
            let about = floats.isEmpty ? "" : " (" + floats.joined(separator: ", ")
                + ": checked by tally test, within 1e-9; dbt would compare floats exactly)"
            return .object([("name", .string(name)), ("model", .string(view.id)),
                            ("description", Self.prose(example.name.value + about)),
                            ("given", .array(given)), ("expect", .object([("rows", .array(expect))]))])
        }
    }

    /// A unit test's input given as SQL over the example's rows: in each dialect's SQL, dispatched as the model is
    /// (rows written for the first dialect alone failed on the others). `rows` makes one dialect's query with the
    /// builder it is handed, which inlines the example's rows.
    private func sqlFixture(_ input: String, dialects: [Dialect],
                            _ rows: (_ builder: (Example) -> ViewBuilder) -> String) -> JSONValue {
        func text(_ dialect: Dialect) -> String {
            Self.escapingJinja(rows { example in ViewBuilder(dialect: dialect, relations: .inline(example, catalog)) })
        }
        return .object([("input", .string(input)), ("format", .string("sql")),
                        ("rows", .string(dialects.count > 1 ? Self.dispatched(dialects, "unit test", text) : text(dialects[0])))])
    }

    /// An example value as dbt's dict rows take it: JSON documents as their text, everything else as it is. Text
    /// has its Jinja escaped, since dbt renders a unit test's rows: a given "{{ 6*7 }}" had reached the model as 42.
    static func json(_ value: ExampleValue) -> JSONValue {
        switch value {
        case .list, .object: .string(escapingJinja(ExampleJSON.text(value)))
        case .string(let text): .string(escapingJinja(text))
        case .null, .bool, .integer, .float: ExampleJSON.value(value)
        }
    }
}
