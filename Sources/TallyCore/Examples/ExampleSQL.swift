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
    /// dialect: a source's CREATE TABLE, insert head and default literals are the same for all of them.
    public static func make(_ example: Example, of view: CheckedView, catalog: CheckedCatalog, sources: [String],
                            tables: inout Tables, views: [String]? = nil) -> ExampleSQL {
        let dialect = tables.dialect
        let given = tableStatements(example, catalog: catalog, sources: sources, tables: &tables)
        return ExampleSQL(tables: given.statements.map(\.text),
                          views: views ?? Self.views(of: view, catalog: catalog, dialect: dialect),
                          query: query(of: view, builder: ViewBuilder(dialect: dialect, settings: catalog.settings)),
                          columns: view.shape.map(\.name),
                          schemas: schemas(given.schemas, settings: catalog.settings, dialect: dialect))
    }

    /// One statement of an example's tables, in the parts that repeat: a source's CREATE TABLE is the same for
    /// every example, and so is the head of each insert into it. The fixtures escape each part once per group.
    enum TableStatement {
        case create(Tables.Table)
        /// A row: the table's insert head, the row's typed values, then the dialect's insert end.
        case insert(Tables.Table, values: [String])

        var text: String {
            switch self {
            case .create(let table): table.create
            case .insert(let table, let values):
                String(concatenating: table.insertHead, values.joinedInOneCopy(separator: ", "), table.insertEnd)
            }
        }
    }

    /// Each source the view reads: its table, then a row for each row the example gives it; and the schemas dotted
    /// table names need.
    static func tableStatements(_ example: Example, catalog: CheckedCatalog, sources: [String],
                                tables: inout Tables) -> (schemas: [String], statements: [TableStatement]) {
        let sql = tables.dialect.sql
        var statements: [TableStatement] = []
        var schemas: [String] = []
        for sourceName in sources {
            guard let source = catalog.catalog.sources[sourceName] else { continue }
            let table = tables.table(of: source)
            if let schema = table.schema { schemas.append(schema) }
            statements.append(.create(table))
            let given = example.given.first { $0.source.value == sourceName }?.rows ?? []
            for (index, row) in given.enumerated() {
                statements.append(.insert(table, values: values(of: row, index: index, in: source, table: table, sql: sql)))
            }
        }
        return (schemas, statements)
    }

    /// The query of an example: the view's output columns, in order. The same for every example of the view.
    static func query(of view: CheckedView, builder: ViewBuilder) -> String {
        "SELECT " + view.shape.map { builder.sql.identifier($0.name) }.joinedInOneCopy(separator: ", ") + " FROM "
            + builder.viewName(view.id)
    }

    /// The schemas an example's script creates: those its dotted table names need, and the one tally's views go in.
    static func schemas(_ tables: [String], settings: ProjectSettings, dialect: Dialect) -> [String] {
        guard let views = settings.viewSchema(for: dialect), !tables.contains(views) else { return tables }
        return tables + [views]
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
            /// The source it holds, by name.
            let source: String
            /// The schema a dotted table name needs, else nil.
            let schema: String?
            let create: String
            /// What every insert of a row starts with (the table and its columns, quoted) and ends with.
            let insertHead: String
            let insertEnd: String
            /// Each column's name and, where a row that leaves it out always gets the same value, that value's
            /// literal: most of an example row's values are such defaults, and typing each anew was most of the
            /// cost of the fixtures' inserts.
            let columns: [(name: String, defaultLiteral: String?)]
        }

        mutating func table(of source: Source) -> Table {
            if let known = bySource[source.name] { return known }
            let sql = dialect.sql
            let name = source.table(for: dialect)
            let table = Table(source: source.name,
                              schema: name.contains(".") ? String(name.split(separator: ".")[0]) : nil,
                              create: ExampleSQL.createTable(source, table: name, sql: sql),
                              insertHead: ExampleSQL.insertHead(into: source, table: name, sql: sql),
                              insertEnd: sql.insertEnd,
                              columns: source.columns.map { column in
                                  (column.name.value, ExampleSQL.constantDefault(of: column, in: source).map {
                                      sql.typedLiteral($0, type: column.type.value)
                                  })
                              })
            bySource[source.name] = table
            return table
        }
    }

    /// The statements creating a view and the views it reads, inputs first: the same for every example of it.
    public static func views(of view: CheckedView, catalog: CheckedCatalog, dialect: Dialect) -> [String] {
        let builder = ViewBuilder(dialect: dialect, settings: catalog.settings)
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
        return typeDefault(of: column, index: index)
    }

    /// The value of a column with no declared default that a row leaves out: its type's zero; an integer id is the
    /// row's number.
    private static func typeDefault(of column: Column, index: Int) -> ExampleValue {
        switch column.type.value {
        case .integer: column.name.value == "id" ? .integer(index + 1) : .integer(0)
        case .text: .string("")
        case .json: .object([])
        case .boolean: .bool(false)
        case .float: .float(0)
        case .timestamp, .date: .null
        }
    }

    static func insertHead(into source: Source, table: String, sql: any SQLDialect) -> String {
        sql.insertHead(into: sql.table(table), columns: source.columns.map { sql.identifier($0.name.value) })
    }

    /// A row's value for each column of its source, typed for the column; the literals of constant defaults are
    /// the table's.
    static func values(of row: ExampleRow, index: Int, in source: Source, table: Tables.Table,
                       sql: any SQLDialect) -> [String] {
        table.columns.indices.map { position in
            let (name, defaultLiteral) = table.columns[position]
            if let defaultLiteral, !row.cells.contains(where: { $0.column.value == name }) { return defaultLiteral }
            let column = source.columns[position]
            return sql.typedLiteral(cellValue(row, column: column, index: index, source: source), type: column.type.value)
        }
    }

    /// The value a column takes in every row that leaves it out, when that is the same for all of them (what
    /// `cellValue` gives such a row): nil for a partition date, which is the day of the row's timestamp, and for
    /// an integer id without a declared default, which is the row's number.
    static func constantDefault(of column: Column, in source: Source) -> ExampleValue? {
        if column.name.value == source.partitionDate?.value, source.timestamp != nil { return nil }
        if let declared = column.defaultValue { return declared.value }
        if column.type.value == .integer, column.name.value == "id" { return nil }
        return typeDefault(of: column, index: 0)
    }
}
