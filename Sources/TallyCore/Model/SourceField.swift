/// What a field a definition names (`name`, `argument.insightType`, `insight_view.presentation_type`) reads over
/// its source. The first segment is a join's name when the source has such a join (validation keeps join names
/// apart from column names), else a column, and the segments after the column are a JSON path.
public enum SourceField: Sendable {
    /// A column of the source itself.
    case column(Column, jsonPath: [String])
    /// A column of a join's target, NULL for rows without a match.
    case joined(SourceJoin, Column, jsonPath: [String])

    /// The JSON path read from the column.
    public var jsonPath: [String] {
        switch self {
        case .column(_, let jsonPath), .joined(_, _, let jsonPath): jsonPath
        }
    }
}

extension Source {
    /// What `path` reads; nil when it names nothing this source has.
    public func lookup(_ path: FieldPath) -> SourceField? {
        if let join = join(path.column) {
            guard let columnName = path.jsonPath.first, let column = join.target?.column(columnName) else { return nil }
            return .joined(join, column, jsonPath: Array(path.jsonPath.dropFirst()))
        }
        return column(path.column).map { .column($0, jsonPath: path.jsonPath) }
    }
}
