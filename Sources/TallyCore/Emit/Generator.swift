/// Every generated file of a checked catalog, keyed by path under generated/. Pure: no I/O.
public enum Generator {
    /// The JSON Schema of definition files: what `tally schema` prints and generated/schema/ holds.
    public static func definitionSchema() -> String { DefinitionSchema.document() }

    public static func files(for catalog: Catalog) -> [GeneratedFile] {
        let emitters: [@Sendable () -> [GeneratedFile]] = [
            { SQLEmitter(catalog: catalog).files() },
            { MarkdownEmitter(catalog: catalog).files() },
            { SwiftEmitter(catalog: catalog).files() },
            { [GeneratedFile(path: "schema/definition.schema.json", contents: definitionSchema())] },
        ]
        return parallelMap(emitters) { $0() }.flatMap { $0 }.sorted { $0.path < $1.path }
    }
}
