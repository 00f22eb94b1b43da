/// generated/sql/<dialect>/: one view per definition, views.sql creating them all in dependency order, and for
/// dialects that write indexes, the indexes the views rely on.
public struct SQLEmitter: Sendable {
    public let catalog: CheckedCatalog

    public init(catalog: CheckedCatalog) {
        self.catalog = catalog
    }

    public func files() -> [GeneratedFile] { Generator.files(of: self, catalog: catalog) }

    /// Each dialect's indexes; views are rendered by the group jobs.
    func jobs() -> [RenderJob] {
        catalog.settings.dialects.map { dialect in RenderJob { indexes(dialect).map { [$0] } ?? [] } }
    }

    /// Each view in every dialect: its own file, and its statement as a piece of views.sql at its place in
    /// dependency order.
    func files(of group: ViewGroup, views: inout RenderedViews) -> GroupFiles {
        var rendered = GroupFiles()
        for dialect in catalog.settings.dialects {
            // One String for every piece's path.
            let script = Self.scriptPath(dialect)
            for (checked, position) in zip(group.views, group.positions) {
                let definition = checked.definition
                let view = views.createView(checked, in: dialect, settings: catalog.settings)
                // The header and the view as two parts: joined, the view (most of the file) was copied again.
                rendered.files.append(GeneratedFile(path: Self.viewPath(of: definition, in: dialect),
                                                    parts: [comment(GeneratedHeader.lines(from: [definition.file])
                                                                    + changes(definition)), view]))
                rendered.pieces.append(FilePiece(path: script, position: position,
                                                 viewID: checked.id, content: .text(statement(checked, view: view))))
            }
        }
        return rendered
    }

    /// A dialect's views.sql: every view, inputs before the views that read them (the group jobs' pieces, a blank
    /// line between each two), dropped first where the dialect cannot replace a view in place.
    func assembledFiles() -> [AssembledFile] {
        // The comment, the same in every dialect's, is made once: it counts 10,000 files by kind at 10,000
        // definitions.
        let opening = MadeOnce { [self] in
            comment(GeneratedHeader.lines(from: catalog.views.map(\.definition.file))
                    + ["Creates every view, inputs before the ratios and formulas that read them."])
        }
        return catalog.settings.dialects.map { dialect in
            AssembledFile(path: Self.scriptPath(dialect), head: { viewsHead(dialect, comment: opening.value) }, piece: { view in
                statement(view, view: Self.createView(view, builder: ViewBuilder(dialect: dialect, settings: catalog.settings)))
            })
        }
    }

    private func viewsHead(_ dialect: Dialect, comment: String) -> String {
        guard let drops = dialect.sql.dropViews(catalog.views.reversed().map(\.id)) else { return comment }
        return String(concatenating: comment, drops, "\n\n")
    }

    static func scriptPath(_ dialect: Dialect) -> String { "sql/\(dialect.rawValue)/views.sql" }

    /// A view as views.sql holds it: headed by its definition's id and file.
    private func statement(_ checked: CheckedView, view: String) -> String {
        String(concatenating: "-- ", checked.id, ": ", checked.definition.file, "\n", view)
    }

    /// The recorded breaking changes, so that whoever reads the view's SQL knows its rows changed meaning, and when.
    private func changes(_ definition: Definition) -> [String] {
        guard !definition.changes.isEmpty else { return [] }
        return ["Changes to this view's rows:"] + definition.changes.map { change in
            // One comment line each: a line break in the text would end the comment and leave SQL behind.
            let text = change.description.value.split(whereSeparator: \.isNewline).joined(separator: " ")
            return "- \(change.version.value.text): \(text)" + (change.pr.map { " (\($0.value))" } ?? "")
        }
    }

    /// `tally show`: the view of one definition with the views it reads first, each headed by its file, as
    /// views.sql writes them.
    public func script(for view: CheckedView, dialect: Dialect) -> String {
        let builder = ViewBuilder(dialect: dialect, settings: catalog.settings)
        return view.withInputs.map { statement($0, view: Self.createView($0, builder: builder)) }.joinedInOneCopy(separator: "\n")
    }

    /// A definition's view file under generated/, for this emitter and for the docs that link it.
    static func viewPath(of definition: Definition, in dialect: Dialect) -> String {
        String(concatenating: "sql/", dialect.rawValue, "/", definition.group, "/", definition.id.value, ".sql")
    }

    static func createView(_ view: CheckedView, builder: ViewBuilder) -> String {
        builder.sql.createView(builder.viewName(view.id), select: builder.select(for: view))
    }

    func comment(_ lines: [String]) -> String {
        guard !lines.isEmpty else { return "\n\n" }
        return String(concatenating: "-- ", lines.joinedInOneCopy(separator: "\n-- "), "\n\n")
    }
}
