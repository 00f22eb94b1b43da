import TallyCore

/// The definitions whose numbers a change can move: those whose SQLite view, or a view it reads, compiles to other
/// SQL, or that read a source whose columns or defaults changed (the data loads differently).
public enum ChangedDefinitions {
    /// The working tree's definitions that exist at the base and may give other values, in catalog order, each with
    /// its id at the base (another for one renamed: `renamed` maps new ids to old ones, and a renamed definition is
    /// always compared, its view's name having changed); and the ids new in the working tree.
    public static func compare(base: CheckedCatalog, head: CheckedCatalog, renamed: [String: String] = [:])
        -> (changed: [(base: String, head: String)], added: [String]) {
        var changed: [(base: String, head: String)] = []
        var added: [String] = []
        for view in head.viewsByGroup {
            if let oldID = renamed[view.id], base.view(oldID) != nil {
                changed.append((oldID, view.id))
                continue
            }
            guard let old = base.view(view.id) else {
                added.append(view.id)
                continue
            }
            if fingerprint(old, in: base) != fingerprint(view, in: head) { changed.append((view.id, view.id)) }
        }
        return (changed, added)
    }

    /// Everything that decides a view's rows on given data: its SQL and its inputs', and the tables it reads with
    /// their columns' defaults.
    static func fingerprint(_ view: CheckedView, in catalog: CheckedCatalog) -> String {
        let sql = RunnableSQL(catalog: catalog, dialect: .embedded)
        var parts = view.withInputs.map(sql.createView)
        for name in catalog.catalog.sourcesRead(by: view.definition) {
            guard let source = catalog.catalog.sources[name] else { continue }
            parts.append(sql.createTable(source))
            parts += source.columns.map { column in
                column.name.value + " default " + (column.defaultValue.map { ExampleJSON.text($0.value) } ?? "none")
            }
        }
        return parts.joined(separator: "\n")
    }
}
