import Dispatch

/// Every generated file of a checked catalog, keyed by path under generated/. Pure: no I/O.
public enum Generator {
    /// The JSON Schema of definition files: what `tally schema` prints and generated/schema/ holds.
    public static func definitionSchema() -> String { DefinitionSchema.document.render() }

    /// The kinds of project file with a JSON Schema (definition, source, group, tally), as `tally schema` names
    /// them: each schema's file name without `.schema.json`.
    public static let schemaKinds = SchemaDocument.all.map { String($0.file.dropLast(".schema.json".count)) }

    /// The JSON Schema of one kind of project file, as generated/schema/ holds it.
    public static func schema(_ kind: String) -> String? {
        SchemaDocument.all.first { $0.file == kind + ".schema.json" }?.render()
    }

    /// Which build of tally this is, for `tally --version`: the identity the output cache keys on.
    public static func buildLabel() -> String { GeneratorIdentity.current.label }

    /// All of it in memory, sorted by path: for tests and small projects. Builds and checks stream `jobs`.
    public static func files(for catalog: CheckedCatalog) -> [GeneratedFile] {
        let files = Locked<[GeneratedFile]>([])
        render(catalog) { rendered in files.withLock { $0 += rendered } }
        return files.withLock { $0 }.sorted { $0.path < $1.path }
    }

    /// Every kind of output, the heaviest first so that both cores finish together.
    static func emitters(for catalog: CheckedCatalog) -> [any Emitter] {
        [SQLEmitter(catalog: catalog), SwiftEmitter(catalog: catalog), MarkdownEmitter(catalog: catalog),
         LookMLEmitter(catalog: catalog), DBTEmitter(catalog: catalog), SchemaEmitter()]
    }

    static func jobs(for catalog: CheckedCatalog) -> [RenderJob] { emitters(for: catalog).flatMap { $0.jobs() } }

    /// Renders every job on both cores, handing each job's files to `consume` as soon as they exist, so only the
    /// jobs in flight are ever in memory. `consume` is called from several threads, one job at a time each.
    static func render(_ catalog: CheckedCatalog, _ consume: @Sendable ([GeneratedFile]) -> Void) {
        let jobs = jobs(for: catalog)
        DispatchQueue.concurrentPerform(iterations: jobs.count) { index in
            // A build asked to stop renders no more jobs; what it did render is thrown away.
            guard !Interruption.requested else { return }
            jobs[index].run(consume)
        }
    }
}
