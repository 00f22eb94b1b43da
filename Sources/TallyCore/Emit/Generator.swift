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

    /// Every kind of output.
    static func emitters(for catalog: CheckedCatalog) -> [any Emitter] {
        [SQLEmitter(catalog: catalog), SwiftEmitter(catalog: catalog), MarkdownEmitter(catalog: catalog),
         LookMLEmitter(catalog: catalog), DBTEmitter(catalog: catalog), SchemaEmitter()]
    }

    static func jobs(for catalog: CheckedCatalog, reusing reuse: JobReuse? = nil) -> [RenderJob] {
        jobs(for: catalog, emitters: emitters(for: catalog), reusing: reuse)
    }

    /// A job making the assembled files' heads, the emitters' jobs made from the whole catalog, then one job per group
    /// (each view rendered once for every emitter; the job finishing last also hands over the files made of the group
    /// jobs' pieces), then the docs pages' jobs. Groups go after the whole-catalog jobs because the memory their jobs
    /// hold in flight added to the other jobs' when run first (a 10,000-definition check peaked 13 MB higher); the
    /// pages go last so that the other core renders them while the last group job puts views.sql together, and
    /// holding their page index through the group jobs left the measured peaks where they were. (Each views.sql put
    /// together by a job of its own, on both cores, once shortened that tail by a few milliseconds and raised a
    /// one-edit build's peak by 10 MB, to 141 MB, at 10,000 definitions; the last group job now shares the files out
    /// in two lanes itself when it rendered little, AssemblyLanes.) A group of more than
    /// `sliceSize` views is rendered in slices, a job each. With `reuse`, a group job whose inputs are those of a job
    /// of the last build takes that job's files and pieces from generated/ instead (JobReuse says when that is safe),
    /// and every job is noted for the next build.
    static func jobs(for catalog: CheckedCatalog, emitters: [any Emitter], reusing reuse: JobReuse? = nil) -> [RenderJob] {
        let slices = catalog.groups.flatMap { $0.slices(of: sliceSize) }
        let assembly = PieceAssembly(emitters: emitters, catalog: catalog, jobs: slices.count, reuse: reuse)
        let groupJobs = slices.map { slice in
            RenderJob(streaming: { emit in
                let key = reuse?.keys.key(of: slice)
                if let reuse, let key, let kept = reuse.kept(key, of: slice) {
                    emit(kept.files)
                    reuse.record(key, files: kept.files.map(\.record), pieces: kept.pieces, reused: true)
                    assembly.add(kept.pieces, emit: emit)
                    return
                }
                var views = RenderedViews()
                var records: [OutputRecord] = []
                var pieces: [FilePiece] = []
                for emitter in emitters {
                    let rendered = emitter.files(of: slice, views: &views)
                    if key != nil { records += rendered.files.map(\.record) }
                    if !rendered.files.isEmpty { emit(rendered.files) }
                    pieces += rendered.pieces
                }
                if let reuse, let key { reuse.record(key, files: records, pieces: pieces, reused: false) }
                assembly.add(pieces, emit: emit)
            })
        }
        // With no group there is no last group job: the assembled files are made of no pieces.
        let empty = slices.isEmpty ? [RenderJob(streaming: { emit in assembly.assembleAll(emit: emit) })] : []
        let emitterJobs = emitters.flatMap { $0.jobs() }.map { taking($0, reuse: reuse) }
        // Jobs that name their inputs (docs pages, each group's dbt models and LookML views) are many, and after an
        // edit mostly taken: run after the group jobs, they keep the other core busy while the last group job puts
        // views.sql together (60 ms idle at 10,000 when it did so alone, before AssemblyLanes).
        let late = emitterJobs.filter { $0.inputs != nil && !$0.isWholeCatalog }
        // First: the assembled files' heads, read from the whole catalog, are made while both cores are busy.
        let heads = RenderJob {
            assembly.prepareHeads()
            return []
        }
        return [heads] + emitterJobs.filter { $0.inputs == nil || $0.isWholeCatalog } + groupJobs + empty + late
    }

    /// A job that names its inputs, made to take its files from generated/ when the last build's job with the same
    /// key left them there unchanged, and to note what it made for the next build.
    private static func taking(_ job: RenderJob, reuse: JobReuse?) -> RenderJob {
        guard let reuse, let inputs = job.inputs else { return job }
        var taking = RenderJob(streaming: { emit in
            guard let key = reuse.keys.key(of: inputs()) else { return job.run(emit) }
            if let kept = reuse.keptFiles(key) {
                emit(kept)
                reuse.record(key, files: kept.map(\.record), pieces: [], reused: true)
                return
            }
            var records: [OutputRecord] = []
            job.run { files in
                records += files.map(\.record)
                emit(files)
            }
            reuse.record(key, files: records, pieces: [], reused: false)
        })
        taking.inputs = inputs
        taking.isWholeCatalog = job.isWholeCatalog
        return taking
    }

    /// The most views one group job renders.
    static let sliceSize = 64

    /// One emitter's files alone, in memory: for tests.
    static func files(of emitter: some Emitter, catalog: CheckedCatalog) -> [GeneratedFile] {
        jobs(for: catalog, emitters: [emitter]).flatMap { $0.render() }
    }

    /// Renders every job on both cores, handing each job's files to `consume` as soon as they exist, so only the
    /// jobs in flight are ever in memory. `consume` is called from several threads: each job's, and the second
    /// assembly lane's (PieceAssembly.assembleAll).
    static func render(_ catalog: CheckedCatalog, reusing reuse: JobReuse? = nil,
                       _ consume: @Sendable ([GeneratedFile]) -> Void) {
        // Each job is let go once run, with what it alone holds (the list of every definition file, the docs'
        // page index once the last page is rendered), so that it is not kept to the end.
        let jobs = Locked(jobs(for: catalog, reusing: reuse).map(Optional.some))
        DispatchQueue.concurrentPerform(iterations: jobs.withLock { $0.count }) { index in
            // A build asked to stop renders no more jobs; what it did render is thrown away.
            guard !Interruption.requested, let job = jobs.withLock({ $0[index].take() }) else { return }
            job.run(consume)
        }
    }
}
