/// The CREATE VIEW statements one group job needs, each rendered once per dialect and shared by everything the job
/// writes from it: the view's own file, its piece of views.sql, and the fixtures of its examples (which also need
/// the views it reads). Rendering them once instead of once per output was a seventh of a 10,000-definition
/// check. Lives for one job, on one thread.
struct RenderedViews {
    private var builders: [Dialect: ViewBuilder] = [:]
    private var statements: [Key: String] = [:]

    private struct Key: Hashable {
        var id: String
        var dialect: Dialect
    }

    /// The statement creating `view` in `dialect`, as views.sql and the view's own file hold it.
    mutating func createView(_ view: CheckedView, in dialect: Dialect, settings: ProjectSettings) -> String {
        let key = Key(id: view.id, dialect: dialect)
        if let done = statements[key] { return done }
        let builder = builders[dialect] ?? ViewBuilder(dialect: dialect, settings: settings)
        builders[dialect] = builder
        let statement = SQLEmitter.createView(view, builder: builder)
        statements[key] = statement
        return statement
    }

    /// The statements creating a view and the views it reads, inputs first: what running it alone needs.
    mutating func withInputs(_ view: CheckedView, in dialect: Dialect, settings: ProjectSettings) -> [String] {
        view.withInputs.map { createView($0, in: dialect, settings: settings) }
    }
}
