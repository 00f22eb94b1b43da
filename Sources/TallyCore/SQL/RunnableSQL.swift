/// The SQL that runs definitions on data a user loads (tally run, tally diff --data): a table per source, as the
/// examples create them, and each view, in one dialect.
public struct RunnableSQL: Sendable {
    public let catalog: CheckedCatalog
    public let dialect: Dialect

    public init(catalog: CheckedCatalog, dialect: Dialect) {
        self.catalog = catalog
        self.dialect = dialect
    }

    /// CREATE TABLE for a source, by its declared columns, under its table name in this dialect.
    public func createTable(_ source: Source) -> String {
        ExampleSQL.createTable(source, table: source.table(for: dialect), sql: dialect.sql)
    }

    /// The statements creating one view (the views it reads must exist: see CheckedView.withInputs).
    public func createView(_ view: CheckedView) -> String {
        SQLEmitter.createView(view, builder: ViewBuilder(dialect: dialect))
    }

    /// A name quoted as this dialect quotes identifiers.
    public func identifier(_ name: String) -> String { dialect.sql.identifier(name) }

    /// A table name, dotted or not, quoted.
    public func table(_ name: String) -> String { dialect.sql.table(name) }
}
