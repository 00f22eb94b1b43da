/// generated/schema/: the JSON Schema of each kind of project file, which editors read through each file's
/// modeline. They describe the format, not a project, so they need no catalog.
struct SchemaEmitter: Emitter {
    func jobs() -> [RenderJob] {
        [RenderJob { SchemaDocument.all.map { GeneratedFile(path: $0.path, contents: $0.render()) } }]
    }
}
