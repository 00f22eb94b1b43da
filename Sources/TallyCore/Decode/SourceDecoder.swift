enum SourceDecoder {
    static let keys = SourceSchema.source.keys
    static let columnKeys = SourceSchema.column.keys

    static func decode(_ root: YAMLNode, name: Located<String>, context: DecodeContext) -> Source? {
        guard let map = MappingReader(root, "a source", keys: keys, context: context) else { return nil }
        ValueChecks.checkName(name, "source name", context: context)
        var tables: [Dialect: String] = [:]
        var defaultTable = name.value
        if let tableNode = map.value("table", required: true) {
            if case .mapping(let entries) = tableNode.content {
                for entry in entries {
                    guard let dialect: Located<Dialect> = MappingReader.choice(entry.key, "a dialect in 'table'",
                                                                                context: context),
                          let table = MappingReader.text(entry.value, "the table for \(entry.key.value)",
                                                         required: true, context: context) else { continue }
                    tables[dialect.value] = table.value
                }
            } else if let table = MappingReader.text(tableNode, "'table'", required: true, context: context) {
                defaultTable = table.value
            }
        }
        let description = map.string("description", required: true)
        var identityUser: Located<String>?
        var identityAnonymous: Located<String>?
        if let identity = map.mapping("identity", "'identity'", keys: SourceSchema.source.property("identity")?.keys ?? []) {
            identityUser = identity.columnName("user_id")
            identityAnonymous = identity.columnName("anonymous_id")
        }
        let snapshot = map.mapping("snapshot", "'snapshot'", keys: SourceSchema.source.property("snapshot")?.keys ?? []).flatMap { decodeSnapshot($0, context: context) }
        if let snapshot, !map.has("timestamp") {
            context.emit(.missingField, "a snapshot source needs 'timestamp': the column of the day each row's state was taken",
                         at: map.keySpan("snapshot") ?? snapshot.span)
        }
        let partitionDate = map.columnName("partition_date")
        if let partitionDate, !map.has("timestamp") {
            context.emit(.missingField, "'partition_date' is the UTC day of the source's 'timestamp', which it needs",
                         at: partitionDate.span)
        }
        var columns: [Column] = []
        for entry in map.entries("columns", required: true) {
            if let column = decodeColumn(entry, context: context) { columns.append(column) }
        }
        let key = decodeKey(map)
        let joins = map.entries("joins").compactMap { JoinDecoder.decode($0, context: context) }
        let dimensions = map.entries("dimensions").compactMap { DimensionDecoder.decode($0, context: context) }
        let knownEvents = map.stringList("known_events", required: map.has("known_events"))
        if !knownEvents.isEmpty, !map.has("event_name"), let span = map.keySpan("known_events") {
            context.emit(.notApplicable, "'known_events' needs 'event_name': the column the events are named in", at: span)
        }
        for event in knownEvents where EventPattern.isGlob(event.value) {
            context.emit(.invalidPattern, "a known event is a name as logged, not a glob: '\(event.value)'", at: event.span)
        }
        // A source with an error is no source: kept without the column or key it got wrong, it had every definition
        // reading it report that column or its timestamp missing, ahead of the one real mistake.
        guard let description, !context.diagnostics.hasErrors else { return nil }
        var source = Source(name: name.value, file: context.file, span: root.span, tables: tables,
                      defaultTable: defaultTable, description: description.value,
                      timestamp: map.columnName("timestamp"), timeZone: map.timeZone("time_zone"),
                      eventName: map.columnName("event_name"),
                      version: map.columnName("version"), userID: identityUser, anonymousID: identityAnonymous,
                      snapshot: snapshot, columns: columns, key: key, joins: joins, dimensions: dimensions,
                      partitionDate: partitionDate)
        source.knownEvents = knownEvents.filter { !EventPattern.isGlob($0.value) }
        return source
    }

    /// `{entity: subscription_id}`, or `{entity: [license_id, seat_number]}` when an entity takes several columns.
    private static func decodeSnapshot(_ map: MappingReader, context: DecodeContext) -> SourceSnapshot? {
        guard let node = map.value("entity", required: true) else { return nil }
        let entity: [Located<String>]
        if case .sequence = node.content {
            entity = map.stringList("entity", required: true)
        } else {
            entity = MappingReader.text(node, "'entity'", required: true, context: context).map { [$0] } ?? []
        }
        guard !entity.isEmpty else { return nil }
        return SourceSnapshot(span: map.node.span, entity: entity)

    }

    /// `key: id` or `key: [a, b]`.
    private static func decodeKey(_ map: MappingReader) -> [Located<String>] {
        guard let node = map.value("key") else { return [] }
        if case .sequence = node.content { return map.stringList("key", required: true) }
        return MappingReader.text(node, "'key'", required: true, context: map.context).map { [$0] } ?? []
    }

    private static func decodeColumn(_ entry: YAMLNode.Entry, context: DecodeContext) -> Column? {
        guard let map = MappingReader(entry.value, "column '\(entry.key.value)'", keys: columnKeys,
                                      context: context) else { return nil }
        let type: Located<ColumnType>? = map.choice("type", required: true)
        let classification: Located<Classification>? = map.choice("classification", required: true)
        if map.has("fields"), type?.value != .json {
            context.emit(.notApplicable, "'fields' applies to json columns only", at: map.keySpan("fields")!)
        }
        let fields = map.entries("fields").compactMap { decodeField($0, context: context) }
        let defaultValue = map.value("default").map { Located(ValueChecks.exampleValue($0), at: $0.span) }
        guard let type, let classification else { return nil }
        return Column(name: entry.key, type: type, classification: classification,
                      description: map.string("description")?.value, defaultValue: defaultValue, fields: fields)
    }

    static let fieldKeys = SourceSchema.field.keys

    /// A JSON field is `name: classification`, or `name: {classification, type}` to declare what its values are.
    private static func decodeField(_ entry: YAMLNode.Entry, context: DecodeContext) -> JSONField? {
        let what = "the classification of field '\(entry.key.value)'"
        if case .mapping = entry.value.content {
            guard let map = MappingReader(entry.value, "field '\(entry.key.value)'", keys: fieldKeys, context: context)
            else { return nil }
            let classification: Located<Classification>? = map.choice("classification", required: true)
            let type: Located<ColumnType>? = map.choice("type")
            if let type, !JSONField.types.contains(type.value) {
                context.emit(.wrongType,
                             "a JSON field's type is one of " + JSONField.types.map(\.rawValue).joined(separator: ", ")
                                 + ", found \(type.value.rawValue)",
                             at: type.span)
                return nil
            }
            return classification.map { JSONField(name: entry.key, classification: $0, type: type) }
        }
        guard let text = MappingReader.text(entry.value, what, required: true, context: context),
              let classification: Located<Classification> = MappingReader.choice(text, what, context: context)
        else { return nil }
        return JSONField(name: entry.key, classification: classification, type: nil)
    }
}
