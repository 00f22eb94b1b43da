/// One kind of output under generated/ (SQL views, Swift fixtures, Markdown docs, the JSON Schema), rendered from
/// a checked catalog as independent jobs. Generator runs every emitter's jobs on both cores and streams their
/// files to the writer or the drift check, so a new kind of output is one new emitter in Generator's list.
protocol Emitter: Sendable {
    /// Pieces of rendering that need nothing from each other, the heaviest first.
    func jobs() -> [RenderJob]
}

/// A piece of rendering that needs nothing from any other.
struct RenderJob: Sendable {
    /// Renders, handing files over in batches as they exist.
    let run: @Sendable (_ emit: ([GeneratedFile]) -> Void) -> Void

    init(_ render: @escaping @Sendable () -> [GeneratedFile]) {
        run = { emit in emit(render()) }
    }

    /// For a job of thousands of files (a dialect's views): handing them over as it goes keeps them out of memory
    /// once written or compared.
    init(streaming run: @escaping @Sendable (_ emit: ([GeneratedFile]) -> Void) -> Void) {
        self.run = run
    }

    /// All its files at once.
    func render() -> [GeneratedFile] {
        var files: [GeneratedFile] = []
        run { files += $0 }
        return files
    }
}

// Each of these already renders in jobs; declaring the conformance here leaves their files about what they render.
extension SQLEmitter: Emitter {}
extension SwiftEmitter: Emitter {}
extension MarkdownEmitter: Emitter {}
