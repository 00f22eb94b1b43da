/// A many-to-one lookup declared on a source: each of its rows is matched with at most one row of the target,
/// the one whose key equals the row's `on` columns. The match is at most one because `on` covers exactly the
/// target's declared key, which tally trusts to be unique (it cannot check a table's contents); so reading a joined
/// column never adds or drops a row, and no count is multiplied. A row without a match keeps its place with NULL
/// joined columns (a LEFT JOIN).
public struct SourceJoin: Sendable {
    /// What definitions write before the dot: `insight_view.presentation_type`.
    public var name: Located<String>
    /// The source joined: `source:`, else the join's name.
    public var targetName: Located<String>
    /// Local column → target key column, in the order written.
    public var on: [(local: Located<String>, target: Located<String>)]
    public var span: SourceSpan
    /// The target as decoded, attached when the catalog is assembled; nil when no source has that name. It is the
    /// target without its own targets: a joined column is a column of the target, never a column of its joins.
    public var target: Source?

    /// The name a joined column has in the rows layer, where it stands beside the source's own columns unqualified.
    public func columnAlias(_ column: String) -> String { "\(name.value)__\(column)" }
}

extension Source {
    public func join(_ name: String) -> SourceJoin? { joins.first { $0.name.value == name } }

    /// This source with each join's target attached from `sources`.
    func linkingJoins(in sources: [String: Source]) -> Source {
        var linked = self
        for index in linked.joins.indices {
            linked.joins[index].target = sources[linked.joins[index].targetName.value]
        }
        return linked
    }
}

extension Source {
    /// The joins a measure reads through, directly or in the cases of its dimensions, in the order the source
    /// declares them, each with the target columns the rows layer needs: the key, then the columns read.
    public func joinsRead(by measure: Measure) -> [(join: SourceJoin, columns: [String])] {
        // Most sources declare no joins: nothing to look up, and every view and example asks.
        guard !joins.isEmpty else { return [] }
        var named: [String: Set<String>] = [:]
        for path in readFields(measure.namedFields.map(\.value)) {
            guard case .joined(let join, let column, _)? = lookup(path) else { continue }
            named[join.name.value, default: []].insert(column.name.value)
        }
        return joins.compactMap { join in
            guard let columns = named[join.name.value], let target = join.target else { return nil }
            let keyColumns = join.on.map(\.target.value)
            let read = target.columns.map(\.name.value).filter { columns.contains($0) && !keyColumns.contains($0) }
            return (join, keyColumns + read)
        }
    }
}
