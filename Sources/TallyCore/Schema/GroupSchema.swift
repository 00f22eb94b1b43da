/// Group files (definitions/<group>/group.yaml), described for GroupDecoder and generated/schema/group.schema.json.
enum GroupSchema {
    static let term = SchemaNode.object([
        .init(name: "term", node: .words, description: "The word."),
        .init(name: "definition", node: .words, description: "What it means on this page."),
    ], required: ["term", "definition"])

    static let group = SchemaNode.object([
        .init(name: "title", node: .words, description: "The docs page's title."),
        .init(name: "introduction", node: .words, description: "The text under the title (Markdown)."),
        .init(name: "terminology", node: .list(term), description: "Words the page uses, defined."),
        .init(name: "owners", node: DefinitionSchema.names, description: "Teams."),
    ], required: ["title", "introduction"])

    static let document = SchemaDocument(
        file: "group.schema.json", title: "tally group",
        describes: "A tally group file: definitions/<group>/group.yaml", kind: "group files", root: group)
}
