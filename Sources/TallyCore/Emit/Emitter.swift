/// One kind of output under generated/ (SQL views, Swift fixtures, Markdown docs, the JSON Schema), rendered from
/// a checked catalog as independent jobs. Generator runs every emitter's jobs on both cores and streams their
/// files to the writer or the drift check, so a new kind of output is one new emitter in Generator's list.
///
/// Outputs made from a group's views (each view's SQL file, the group's fixtures) are rendered in one job per
/// group (or per slice of a large group) shared by all emitters, so that each view's SQL is rendered once per
/// dialect (`RenderedViews`). A whole-catalog file made of such views (views.sql) is put together from pieces the
/// group jobs hand in.
protocol Emitter: Sendable {
    /// What this emitter writes for a group, or a slice of one, from views rendered once for every emitter.
    func files(of group: ViewGroup, views: inout RenderedViews) -> GroupFiles
    /// The files put together from the pieces group jobs hand in, by path: each is its head, then the pieces in
    /// its order with a line break between each two, then its tail.
    func assembledFiles() -> [AssembledFile]
    /// Pieces of rendering that need nothing from each other, beside the group jobs.
    func jobs() -> [RenderJob]
}

extension Emitter {
    func files(of group: ViewGroup, views: inout RenderedViews) -> GroupFiles { GroupFiles() }
    func assembledFiles() -> [AssembledFile] { [] }
}

/// What a group job renders for one emitter: whole files, and pieces of files that span every group.
struct GroupFiles {
    var files: [GeneratedFile] = []
    var pieces: [FilePiece] = []
}

/// Part of a file that spans every group (views.sql), at its place among the file's pieces: one view's text.
struct FilePiece {
    var path: String
    var position: Int
    /// The view it is of: what the output cache finds it by in the file, to reuse it in a later build.
    var viewID: String
    var content: Content

    enum Content {
        case text(String)
        /// Where the text lay in the file's last version, and its hash: a group job taken from generated/ hands
        /// over its pieces so, to be read (and checked) when the file is put together.
        case recorded(offset: Int, length: Int, hash: ContentHash)
        /// Where PieceAssembly put a rendered text to wait (its scratch file for the assembled file), and its hash.
        case scratch(offset: Int, length: Int, hash: ContentHash)
    }
}

/// A file made of every group job's pieces: its head (made from the whole catalog), then each piece, a line break
/// between each two, then its tail if it has one, after a line break as one more piece would be (none when there is
/// no piece). One layout for every such file, so that where each piece lies in it is known without asking its
/// emitter.
struct AssembledFile: Sendable {
    var path: String
    var head: @Sendable () -> String
    /// A view's piece, rendered: for a piece the last version of the file was to hold but no longer does.
    var piece: @Sendable (CheckedView) -> String
    /// What follows the pieces: a constant, so that a file found unchanged is checked without the catalog.
    var tail: String? = nil
    var order: PieceOrder = .dependency

    /// The tail as it lies after the pieces: after a line break, as one more piece would be, unless there is none.
    func laidTail(afterPieces: Bool) -> String? {
        tail.map { afterPieces ? "\n" + $0 : $0 }
    }

    /// The order an assembled file lays its pieces in.
    enum PieceOrder: Sendable {
        /// Inputs before the views that read them (CheckedCatalog.views): views.sql, which creates them in turn.
        case dependency
        /// Group, then id (CheckedCatalog.viewsByGroup): a listing for readers.
        case catalog
    }
}

/// What a job's files are made from, when it can say: the bytes of these definition files, with those of every file
/// that is not a definition (tally.yaml, sources, group.yaml). Such a job is taken from generated/ instead of run
/// when they are unchanged since the build that last ran it (Generator, JobReuse). `label` tells it from other jobs.
struct JobInputs: Sendable {
    var label: String
    var definitionFiles: Set<String>
    /// What else of the whole catalog the files read, as text that changes whenever that does (dbt's models keep a
    /// `{{ ref('…') }}` as Jinja only when it names a view of the catalog: `DBTEmitter.viewIDs`); empty for none.
    var catalogFacts = ""

    /// The inputs of a job whose files are made from these views alone (with the files that are not definitions):
    /// each view's definition and every definition it reads, transitively, as the group jobs' keys count them.
    init(label: String, views: [CheckedView], catalogFacts: String = "") {
        var files: Set<String> = []
        for view in views {
            for read in view.withInputs { files.insert(read.definition.file) }
        }
        self.init(label: label, definitionFiles: files, catalogFacts: catalogFacts)
    }

    init(label: String, definitionFiles: Set<String>, catalogFacts: String = "") {
        self.label = label
        self.definitionFiles = definitionFiles
        self.catalogFacts = catalogFacts
    }
}

/// A piece of rendering that needs nothing from any other.
struct RenderJob: Sendable {
    /// Renders, handing files over in batches as they exist.
    let run: @Sendable (_ emit: ([GeneratedFile]) -> Void) -> Void
    /// What its files are made from, when the job is one a later build may take from generated/: worked out when
    /// the job runs, on either core (for the docs pages, 200 of them at 10,000 definitions, with their keys and
    /// their page index, it was 170 million instructions, some 40 ms, on one core before any job started).
    var inputs: (@Sendable () -> JobInputs)?
    /// Whether it makes a file from every definition: run among the first jobs whatever its inputs, since when it
    /// renders it is one of the longest (run after the group jobs, the Swift catalog's 40 ms on one core would come
    /// after views.sql's assembly began on the other).
    var isWholeCatalog = false

    init(inputs: (@Sendable () -> JobInputs)? = nil, _ render: @escaping @Sendable () -> [GeneratedFile]) {
        run = { emit in emit(render()) }
        self.inputs = inputs
    }

    /// A job making one file at `path` from every definition, whose inputs are `facts`: a hash of what it reads of
    /// them (beside the files that are not definitions), so that a later build takes the file from generated/ while
    /// those are the same.
    static func wholeCatalog(_ path: String, facts: @escaping @Sendable () -> String,
                             _ render: @escaping @Sendable () -> [GeneratedFile]) -> RenderJob {
        var job = RenderJob(inputs: { JobInputs(label: path, definitionFiles: [], catalogFacts: facts()) }, render)
        job.isWholeCatalog = true
        return job
    }

    /// For a job that hands its files over in several batches, so that each is written or compared, and dropped,
    /// before the next exists.
    init(streaming run: @escaping @Sendable (_ emit: ([GeneratedFile]) -> Void) -> Void) {
        self.run = run
    }

    /// All its files at once. Collected under a lock: a group job that puts the assembled files together in two
    /// lanes hands some over from a second thread (PieceAssembly.assembleAll).
    func render() -> [GeneratedFile] {
        let files = Locked<[GeneratedFile]>([])
        run { batch in files.withLock { $0 += batch } }
        return files.withLock { $0 }
    }
}

// Each of these already renders in jobs; declaring the conformance here leaves their files about what they render.
extension SQLEmitter: Emitter {}
extension SwiftEmitter: Emitter {}
extension MarkdownEmitter: Emitter {}
