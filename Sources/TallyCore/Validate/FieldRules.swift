/// Resolving a column or JSON field of a source, and the data-classification policy on what is read.
extension Validator {
    /// What a field reads, after reporting an unknown column, join column or JSON field, or data it may not
    /// read; nil when it cannot be resolved. A joined column is classified by the source it belongs to, its target.
    @discardableResult
    mutating func resolve(_ field: Located<FieldPath>, in source: Source, purpose: String) -> SourceField? {
        let path = field.value
        if source.join(path.column) == nil, source.column(path.column) == nil,
           let dimension = source.dimension(path.column) {
            guard path.jsonPath.isEmpty else {
                emit(.columnTypeMismatch,
                     "'\(path)' reads a field of dimension '\(path.column)'; a dimension is one value, with no fields",
                     at: field.span)
                return nil
            }
            return .dimension(dimension)
        }
        guard let join = source.join(path.column) else {
            let column = resolveColumn(path, written: path, in: source, purpose: purpose, at: field.span,
                                       alternatives: source.joins.map(\.name.value)
                                           + source.dimensions.map(\.name.value))
            return column.map { .column($0, jsonPath: path.jsonPath) }
        }
        guard let target = join.target else { return nil }  // reported at the join
        guard let columnName = path.jsonPath.first else {
            emit(.unknownColumn,
                 "'\(path)' names join '\(join.name.value)' but none of its columns; write "
                     + "'\(join.name.value).COLUMN' with a column of '\(target.name)'",
                 at: field.span)
            return nil
        }
        let inner = FieldPath(([columnName] + path.jsonPath.dropFirst()).joined(separator: "."))
        let column = resolveColumn(inner, written: path, in: target, purpose: purpose, at: field.span, alternatives: [])
        return column.map { .joined(join, $0, jsonPath: Array(path.jsonPath.dropFirst())) }
    }

    /// The column `path` names in `source` (the source itself, or a join's target), after checking its JSON field
    /// and classification. `written` is the field as the definition wrote it.
    private mutating func resolveColumn(_ path: FieldPath, written: FieldPath, in source: Source, purpose: String,
                                        at span: SourceSpan, alternatives: [String]) -> Column? {
        guard let column = source.column(path.column) else {
            let through = written.column == path.column ? "" : " (joined as '\(written.column)')"
            emit(.unknownColumn,
                 "source '\(source.name)'\(through) has no column '\(path.column)'"
                     + suggest(path.column, among: source.columns.map(\.name.value) + alternatives),
                 at: span)
            return nil
        }
        var classification = column.classification.value
        var what = "column '\(path.column)'"
        if let fieldName = path.jsonPath.first {
            guard column.type.value == .json else {
                emit(.columnTypeMismatch,
                     "'\(written)' reads field '\(fieldName)' of '\(path.column)', \(column.type.value.rawValue.withArticle) column;"
                         + " only json columns have fields",
                     at: span)
                return nil
            }
            if !column.fields.isEmpty {
                guard let declared = column.fields.first(where: { $0.name.value == fieldName }) else {
                    emit(.unknownJSONField,
                         "column '\(path.column)' of '\(source.name)' declares no JSON field '\(fieldName)'"
                             + suggest(fieldName, among: column.fields.map(\.name.value)),
                         at: span)
                    return nil
                }
                classification = declared.classification.value
            }
            what = "JSON field '\(path)'"
        }
        checkReadable(classification, what: what, source: source, purpose: purpose, at: span)
        return column
    }

    mutating func checkReadable(_ classification: Classification, what: String, source: Source, purpose: String,
                                at span: SourceSpan) {
        switch classification {
        case .public, .pseudonymous: return
        case .private:
            emit(.privateData,
                 "\(purpose) reads \(what), which '\(source.name)' classifies as private; definitions may read "
                     + "public and pseudonymous data only",
                 at: span)
        case .restricted:
            emit(.restrictedData,
                 "\(purpose) reads \(what), which '\(source.name)' classifies as restricted (private code, "
                     + "passwords); no definition may read it",
                 at: span)
        }
    }

    /// The columns a source names for its roles exist and have a type that fits the role.
    mutating func checkSource(_ source: Source) {
        let roles: [(Located<String>?, String, Set<ColumnType>)] = [
            (source.timestamp, "timestamp", [.timestamp, .date]),
            (source.eventName, "event_name", [.text]),
            (source.version, "version", [.text]),
            (source.userID, "identity.user_id", [.integer, .text]),
            (source.anonymousID, "identity.anonymous_id", [.text]),
            (source.partitionDate, "partition_date", [.date]),
        ]
        for (name, role, types) in roles {
            guard let name else { continue }
            guard let column = source.column(name.value) else {
                emit(.unknownColumn,
                     "'\(role)' names column '\(name.value)', which '\(source.name)' does not declare"
                         + suggest(name.value, among: source.columns.map(\.name.value)),
                     at: name.span)
                continue
            }
            if !types.contains(column.type.value) {
                emit(.columnTypeMismatch,
                     "'\(role)' needs \(types.map(\.rawValue).sorted().joined(separator: " or ").withArticle) column; "
                         + "'\(name.value)' is \(column.type.value.rawValue)",
                     at: name.span)
            }
        }
        checkSnapshotSource(source)
        for column in source.columns {
            if let value = column.defaultValue, let problem = ExampleTypes.mismatch(value.value, column.type.value) {
                emit(.exampleValueType, "default of column '\(column.name.value)': \(problem)", at: value.span)
            }
        }
        checkTimeZone(of: source)
        checkKey(of: source)
        checkJoins(of: source)
        checkDimensions(of: source)
        checkDBTNames(of: source)
    }
}
