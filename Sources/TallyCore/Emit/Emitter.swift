/// One kind of output under generated/ (SQL views, Swift fixtures, Markdown docs, the JSON Schema), rendered from
/// a checked catalog as independent jobs. Generator runs every emitter's jobs on both cores and streams their
/// files to the writer or the drift check, so a new kind of output is one new emitter in Generator's list.
protocol Emitter: Sendable {
    /// Pieces of rendering that need nothing from each other, the heaviest first.
    func jobs() -> [RenderJob]
}

/// A piece of rendering that needs nothing from any other.
struct RenderJob: Sendable {
    let render: @Sendable () -> [GeneratedFile]

    init(_ render: @escaping @Sendable () -> [GeneratedFile]) {
        self.render = render
    }
}

// Each of these already renders in jobs; declaring the conformance here leaves their files about what they render.
extension SQLEmitter: Emitter {}
extension SwiftEmitter: Emitter {}
extension MarkdownEmitter: Emitter {}
