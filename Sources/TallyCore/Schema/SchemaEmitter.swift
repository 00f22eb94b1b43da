/// generated/schema/: the JSON Schema of each kind of project file, which editors read through each file's
/// modeline. They describe the format, not a project, so they need no catalog.
struct SchemaEmitter: Emitter {
    /// One job, whose files read nothing of the catalog: taken from generated/ while the binary and the files that
    /// are not definitions are the same (its facts are none). Rendered each build, the four schemas' pretty JSON was
    /// 36 million instructions of a one-edit build at 10,000 definitions.
    func jobs() -> [RenderJob] {
        [RenderJob.wholeCatalog("schema/", facts: { "" }) {
            SchemaDocument.all.map { GeneratedFile(path: $0.path, contents: $0.render()) }
        }]
    }
}
