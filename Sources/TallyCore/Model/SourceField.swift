/// What a field a definition names (`name`, `argument.insightType`, `insight_view.presentation_type`, `feature`)
/// reads over its source. The first segment is a join's name when the source has such a join, else a column, and
/// the segments after the column are a JSON path; else a dimension's name, alone. Validation keeps join, column and
/// dimension names apart, so the order of the tests never decides.
public enum SourceField: Sendable {
    /// A column of the source itself.
    case column(Column, jsonPath: [String])
    /// A column of a join's target, NULL for rows without a match.
    case joined(SourceJoin, Column, jsonPath: [String])
    /// A computed column of the source.
    case dimension(Dimension)

    /// The JSON path read from the column; a dimension has none.
    public var jsonPath: [String] {
        switch self {
        case .column(_, let jsonPath), .joined(_, _, let jsonPath): jsonPath
        case .dimension: []
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
        if let column = column(path.column) { return .column(column, jsonPath: path.jsonPath) }
        guard let dimension = dimension(path.column), path.jsonPath.isEmpty else { return nil }
        return .dimension(dimension)
    }

    /// The fields `paths` name, with the fields the cases of the dimensions among them read in their place: what
    /// the rows layer reads.
    public func readFields(_ paths: [FieldPath]) -> [FieldPath] {
        paths.flatMap { path -> [FieldPath] in
            guard case .dimension(let dimension)? = lookup(path) else { return [path] }
            return dimension.clauses.map(\.field.value)
        }
    }
}
