/// Resolving a column or JSON field of a source, and the data-classification policy on what is read.
extension Validator {
    /// The column a field names, after reporting an unknown column or JSON field; nil when it cannot be resolved.
    @discardableResult
    mutating func resolve(_ field: Located<FieldPath>, in source: Source, purpose: String) -> Column? {
        let path = field.value
        guard let column = source.column(path.column) else {
            emit(.unknownColumn,
                 "source '\(source.name)' has no column '\(path.column)'"
                     + suggest(path.column, among: source.columns.map(\.name.value)),
                 at: field.span)
            return nil
        }
        var classification = column.classification.value
        var what = "column '\(path.column)'"
        if let fieldName = path.jsonPath.first {
            guard column.type.value == .json else {
                emit(.columnTypeMismatch,
                     "'\(path)' reads field '\(fieldName)' of '\(path.column)', a \(column.type.value.rawValue) column;"
                         + " only json columns have fields",
                     at: field.span)
                return nil
            }
            if !column.fields.isEmpty {
                guard let declared = column.fields.first(where: { $0.name.value == fieldName }) else {
                    emit(.unknownJSONField,
                         "column '\(path.column)' of '\(source.name)' declares no JSON field '\(fieldName)'"
                             + suggest(fieldName, among: column.fields.map(\.name.value)),
                         at: field.span)
                    return nil
                }
                classification = declared.classification.value
            }
            what = "JSON field '\(path)'"
        }
        checkReadable(classification, what: what, source: source, purpose: purpose, at: field.span)
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
                     "'\(role)' needs a \(types.map(\.rawValue).sorted().joined(separator: " or ")) column; "
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
    }
}
