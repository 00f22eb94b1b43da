/// generated/schema/: the JSON Schema of definition files, which editors read through each file's modeline. It
/// describes the format, not a project, so it needs no catalog.
struct SchemaEmitter: Emitter {
    static let path = "schema/definition.schema.json"

    func jobs() -> [RenderJob] {
        [RenderJob { [GeneratedFile(path: Self.path, contents: DefinitionSchema.document())] }]
    }
}
