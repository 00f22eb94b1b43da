/// tally.yaml, described for SettingsDecoder and generated/schema/tally.schema.json.
enum SettingsSchema {
    static let links = SchemaNode.object([
        .init(name: "event_code", node: .text(pattern: "\\{event\\}"), description: "URL template with {event}: the Event Code link of the docs."),
        .init(name: "pull_request", node: .text(pattern: "\\{number\\}"), description: "URL template with {number}; prs: [\"#123\"] expands through it."),
    ], required: ["event_code", "pull_request"])

    static let settings = SchemaNode.object([
        .init(name: "name", node: .text(), description: "The project's display name in docs."),
        .init(name: "current_version", node: DefinitionSchema.version, description: "The newest released version; no version in a definition may be later."),
        .init(name: "repository", node: .text(pattern: "^https://github\\.com/[^/]+/[^/]+$"), description: "https://github.com/OWNER/NAME; PR and fix links must point into it."),
        .init(name: "dialects", node: .list(.choice(Dialect.self), minimum: 1), description: "The SQL dialects generated/ holds views for."),
        .init(name: "links", node: links, description: "Link templates of the docs."),
    ], required: ["current_version", "repository", "dialects", "links"])

    static let document = SchemaDocument(
        file: "tally.schema.json", title: "tally project settings",
        describes: "A tally project's settings: tally.yaml", kind: "tally.yaml", root: settings)
}
