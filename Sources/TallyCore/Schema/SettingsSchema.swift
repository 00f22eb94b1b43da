/// tally.yaml, described for SettingsDecoder and generated/schema/tally.schema.json.
enum SettingsSchema {
    static let links = SchemaNode.object([
        .init(name: "event_code", node: .text(pattern: "\\{event\\}"), description: "URL template with {event}: the Event Code link of the docs."),
        .init(name: "pull_request", node: .text(pattern: "\\{number\\}"), description: "URL template with {number}; prs: [\"#123\"] expands through it."),
    ], required: ["event_code", "pull_request"])

    static let settings = SchemaNode.object([
        .init(name: "name", node: .words, description: "The project's display name in docs."),
        .init(name: "current_version", node: DefinitionSchema.version, description: "The newest released version, a series like any other bound (\"3.40\" is every 3.40.x); no version in a definition may be later."),
        .init(name: "repository", node: .text(pattern: ProjectTemplate.repositoryPattern), description: "https://github.com/OWNER/NAME; PR and fix links must point into it."),
        .init(name: "dialects", node: .list(.choice(Dialect.self), minimum: 1, unique: true), description: "The SQL dialects generated/ holds views for."),
        .init(name: "links", node: links, description: "Link templates of the docs."),
        .init(name: "rules", node: .map(values: .choice(RuleLevel.self), keys: DiagnosticCode.allCases.map(\.rawValue)), description: "Rule code to error, warning or off: raise a warning to an error or turn it off project-wide. Errors cannot be lowered."),
        .init(name: "exports", node: exports, description: "Outputs for other tools, each off unless given."),
    ] + dialectSettings, required: ["current_version", "repository", "dialects", "links"])

    /// A mapping named after each dialect that has settings of its own: the schema its views go in.
    static let dialectSettings: [SchemaNode.Property] = Dialect.allCases.compactMap { dialect in
        dialect.sql.viewSchemaSetting.map { setting in
            .init(name: dialect.rawValue,
                  node: .object([.init(name: setting.key, node: .text(), description: setting.description)],
                                required: [setting.key]),
                  description: "Settings of the \(dialect.rawValue) dialect.")
        }
    }

    static let lookml = SchemaNode.object([
        .init(name: "connection", node: .words, description: "The Looker connection the model's explores query."),
        .init(name: "dialect", node: .choice(Dialect.allCases.filter { $0 != .embedded }.map(\.rawValue)), description: "Which generated views Looker reads: one of dialects, a warehouse's (not the embedded engine's)."),
        .init(name: "schema", node: .text(), description: "The schema (BigQuery dataset) the views are created in, when not the connection's default."),
    ], required: ["connection", "dialect"])

    static let dbt = SchemaNode.object([
        .init(name: "dialects", node: .list(.choice(Dialect.self), minimum: 1, unique: true), description: "The warehouses' dialects the models are written for (each one of dialects); several are dispatched on the dbt adapter."),
    ], required: ["dialects"])

    static let exports = SchemaNode.object([
        .init(name: "lookml", node: lookml, description: "generated/lookml/: a LookML view per definition and a model."),
        .init(name: "dbt", node: dbt, description: "generated/dbt/: a dbt project with a model per definition and its examples as unit tests."),
    ])

    static let document = SchemaDocument(
        file: "tally.schema.json", title: "tally project settings",
        describes: "A tally project's settings: tally.yaml", kind: "tally.yaml", root: settings)
}
