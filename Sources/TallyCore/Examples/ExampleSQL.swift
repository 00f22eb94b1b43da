/// The SQL that runs one example on one engine: tables for the sources it gives rows for, those rows (columns it
/// leaves out take the source's default, then the type's), the views it needs in dependency order, and a query
/// of the view's output columns.
public struct ExampleSQL: Sendable {
    /// The tables of the sources the view reads, and the example's rows.
    public var tables: [String]
    /// The view and the views it reads, inputs first: the same for every example of the view.
    public var views: [String]
    public var query: String
    public var columns: [String]
    /// Dotted table names need their schema (BigQuery datasets): created first by engines that have schemas.
    public var schemas: [String]

    /// Everything to run before the query, in order: tables and rows, then views.
    public var setup: [String] { tables + views }

    public init(tables: [String], views: [String], query: String, columns: [String], schemas: [String]) {
        self.tables = tables
        self.views = views
        self.query = query
        self.columns = columns
        self.schemas = schemas
    }

    /// `views`: the view's statements as `views(of:catalog:dialect:)` gives them, when the caller runs several
    /// examples of one view and renders them once for all.
    public static func make(_ example: Example, of view: CheckedView, catalog: CheckedCatalog,
                            dialect: Dialect, views: [String]? = nil) -> ExampleSQL {
        var tables = Tables(dialect: dialect)
        return make(example, of: view, catalog: catalog, sources: catalog.catalog.sourcesRead(by: view.definition),
                    tables: &tables, views: views)
    }

    /// As above, for a caller running many examples: `sources` are the sources the view reads (the same for each
    /// of its examples), and each source's table statements are taken from `tables`, kept by the caller for one
    /// dialect: a source's CREATE TABLE and quoted names are the same for all of them.
    public static func make(_ example: Example, of view: CheckedView, catalog: CheckedCatalog, sources: [String],
                            tables: inout Tables, views: [String]? = nil) -> ExampleSQL {
        let dialect = tables.dialect
        let sql = dialect.sql
        var rows: [String] = []
        var schemas: [String] = []
        for sourceName in sources {
            guard let source = catalog.catalog.sources[sourceName] else { continue }
            let table = tables.table(of: source)
            if let schema = table.schema { schemas.append(schema) }
            rows.append(table.create)
            let given = example.given.first { $0.source.value == sourceName }?.rows ?? []
            for (index, row) in given.enumerated() {
                rows.append(insert(row, index: index, into: source, table: table, sql: sql))
            }
        }
        let columns = view.shape.map(\.name)
        let query = "SELECT " + columns.map(sql.identifier).joinedInOneCopy(separator: ", ") + " FROM "
            + sql.identifier(view.id)
        return ExampleSQL(tables: rows, views: views ?? Self.views(of: view, catalog: catalog, dialect: dialect),
                          query: query, columns: columns, schemas: schemas)
    }

    /// The example tables of one dialect, by source name: built on first use, then reused by every example.
    /// Held by one caller for one catalog (never process-wide: a process may compile two catalogs, as diff does).
    public struct Tables {
        public let dialect: Dialect
        private var bySource: [String: Table] = [:]

        public init(dialect: Dialect) {
            self.dialect = dialect
        }

        struct Table {
            /// The schema a dotted table name needs, else nil.
            let schema: String?
            let create: String
            /// The table and its columns, quoted, as an INSERT names them.
            let quotedName: String
            let quotedColumns: [String]
        }

        mutating func table(of source: Source) -> Table {
            if let known = bySource[source.name] { return known }
            let sql = dialect.sql
            let name = source.table(for: dialect)
            let table = Table(schema: name.contains(".") ? String(name.split(separator: ".")[0]) : nil,
                              create: ExampleSQL.createTable(source, table: name, sql: sql),
                              quotedName: sql.table(name),
                              quotedColumns: source.columns.map { sql.identifier($0.name.value) })
            bySource[source.name] = table
            return table
        }
    }

    /// The statements creating a view and the views it reads, inputs first: the same for every example of it.
    public static func views(of view: CheckedView, catalog: CheckedCatalog, dialect: Dialect) -> [String] {
        let builder = ViewBuilder(dialect: dialect)
        return view.withInputs.map { SQLEmitter.createView($0, builder: builder) }
    }

    static func createTable(_ source: Source, table: String, sql: any SQLDialect) -> String {
        "CREATE TABLE \(sql.table(table)) (" + columnDefinitions(source, sql: sql) + ")"
    }

    /// A source's columns as CREATE TABLE declares them: `name type, ...`.
    static func columnDefinitions(_ source: Source, sql: any SQLDialect) -> String {
        source.columns.map { "\(sql.identifier($0.name.value)) \(sql.columnType($0.type.value))" }.joinedInOneCopy(separator: ", ")
    }

    /// The value a column takes in an example row: given, else the source's default, else the type's. A
    /// partition_date left out is the UTC day of the row's timestamp, as the loader of a partitioned table writes.
    static func cellValue(_ row: ExampleRow, column: Column, index: Int, source: Source) -> ExampleValue {
        if let given = row.cells.first(where: { $0.column.value == column.name.value }) { return given.value.value }
        if column.name.value == source.partitionDate?.value, let timestamp = source.timestamp,
           let cell = row.cells.first(where: { $0.column.value == timestamp.value }),
           case .string(let instant) = cell.value.value {
            return .string(String(instant.prefix(10)))
        }
        if let declared = column.defaultValue { return declared.value }
        switch column.type.value {
        case .integer: return column.name.value == "id" ? .integer(index + 1) : .integer(0)
        case .text: return .string("")
        case .json: return .object([])
        case .boolean: return .bool(false)
        case .float: return .float(0)
        case .timestamp, .date: return .null
        }
    }

    static func insert(_ row: ExampleRow, index: Int, into source: Source, table: String, sql: any SQLDialect) -> String {
        insert(row, index: index, into: source, quotedName: sql.table(table),
               quotedColumns: source.columns.map { sql.identifier($0.name.value) }, sql: sql)
    }

    static func insert(_ row: ExampleRow, index: Int, into source: Source, table: Tables.Table, sql: any SQLDialect) -> String {
        insert(row, index: index, into: source, quotedName: table.quotedName, quotedColumns: table.quotedColumns, sql: sql)
    }

    private static func insert(_ row: ExampleRow, index: Int, into source: Source, quotedName: String,
                               quotedColumns: [String], sql: any SQLDialect) -> String {
        let values = source.columns.map { column in
            sql.typedLiteral(cellValue(row, column: column, index: index, source: source), type: column.type.value)
        }
        return sql.insertRow(into: quotedName, columns: quotedColumns, values: values)
    }
}
