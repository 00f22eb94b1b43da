/// Source files (definitions/sources/<name>.yaml), described for SourceDecoder, JoinDecoder, DimensionDecoder and
/// generated/schema/source.schema.json.
enum SourceSchema {
    private static let name = DefinitionSchema.name
    private static let columns = SchemaNode.anyOf([.text(), .list(.text(), minimum: 1)])
    /// A dimension's value: text or a number (never true, false or null).
    private static let dimensionValue = SchemaNode.anyOf([.text(), .number])
    /// Where a dimension case's filters find the where-entry shape they share with definitions.
    static let filterPointer = "#/$defs/filter"

    static let field = SchemaNode.object([
        .init(name: "classification", node: .choice(Classification.self), description: "Who may read the field's values."),
        .init(name: "type", node: .choice(JSONField.types.map(\.rawValue)), description: "What the field holds; text when left out."),
    ], required: ["classification"])

    static let column = SchemaNode.object([
        .init(name: "type", node: .choice(ColumnType.self), description: "The column's type."),
        .init(name: "classification", node: .choice(Classification.self), description: "Who may read it: definitions read only public and pseudonymous columns."),
        .init(name: "description", node: .words, description: "What it holds."),
        .init(name: "default", node: .anything, description: "The value example rows take when they leave the column out."),
        .init(name: "fields", node: .map(values: .anyOf([.choice(Classification.self), field])), description: "Json columns: field name to classification, or to {classification, type}."),
    ], required: ["type", "classification"])

    static let join = SchemaNode.object([
        .init(name: "source", node: .text(pattern: name), description: "The source joined; the join's name when left out."),
        .init(name: "on", node: .map(values: .text()), description: "A column of this source to the target's key column it matches."),
    ], required: ["on"])

    static let dimensionCase = SchemaNode.object([
        .init(name: "when", node: .anyOf([.reference(filterPointer), .list(.reference(filterPointer), minimum: 1)]), description: "A where filter, or a list of them that must all hold."),
        .init(name: "then", node: dimensionValue, description: "The dimension's value when the filters hold."),
    ], required: ["when", "then"])

    static let dimension = SchemaNode.object([
        .init(name: "cases", node: .list(dimensionCase, minimum: 1), description: "The first case whose when holds gives the value."),
        .init(name: "else", node: dimensionValue, description: "The value when no case holds; NULL when left out."),
    ], required: ["cases"])

    static let source = SchemaNode.object([
        .init(name: "table", node: .anyOf([.words, .map(values: .words, keys: Dialect.allCases.map(\.rawValue))]), description: "The physical table, or one per dialect (a dialect left out uses the source name)."),
        .init(name: "description", node: .words, description: "What one row is."),
        .init(name: "timestamp", node: .text(), description: "The timestamp or date column that places a row in time."),
        .init(name: "time_zone", node: .text(), description: "The IANA time zone whose days periods are made of; UTC when left out."),
        .init(name: "event_name", node: .text(), description: "The column holding the event name."),
        .init(name: "version", node: .text(), description: "The column holding the product version."),
        .init(name: "identity", node: .object([
            .init(name: "user_id", node: .text(), description: "The registered user column (0 = not registered)."),
            .init(name: "anonymous_id", node: .text(), description: "The anonymous id column; rows where it is backend are not people."),
        ]), description: "Who a row belongs to."),
        .init(name: "snapshot", node: .object([
            .init(name: "entity", node: columns, description: "The column, or columns, naming the entity of each daily row."),
        ], required: ["entity"]), description: "The source holds one row per entity per day; needs timestamp."),
        .init(name: "columns", node: .map(values: column), description: "Column name to column."),
        .init(name: "key", node: columns, description: "The column, or columns, whose values identify one row."),
        .init(name: "joins", node: .map(values: join), description: "Join name to a many-to-one lookup of another source's row."),
        .init(name: "dimensions", node: .map(values: dimension), description: "Dimension name to a value computed from each row by cases."),
        .init(name: "partition_date", node: .text(), description: "A date column holding each row's UTC day of timestamp, by which the table is partitioned or clustered: views over UTC days take their periods from it, so a filter on period_start reads only those days' partitions."),
        .init(name: "known_events", node: .list(.text()), description: "The event names the source is known to log (opt-in): other names in definitions, and globs matching none, are warned about (R015)."),
    ], required: ["table", "description", "columns"])

    static let document = SchemaDocument(
        file: "source.schema.json", title: "tally source",
        describes: "A tally source file: definitions/sources/<name>.yaml", kind: "source files",
        root: source, definitions: [(name: "filter", node: DefinitionSchema.filter(nestedAt: filterPointer))])
}
