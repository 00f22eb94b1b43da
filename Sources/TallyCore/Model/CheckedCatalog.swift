/// What renderers read: a catalog that validation passed without errors, with every reference resolved. A
/// renderer never re-checks, never walks `measure.inputs` itself and never meets a missing piece: anything it
/// needs is here, or the catalog was not made.
public struct CheckedCatalog: Sendable {
    public let catalog: Catalog
    /// Every definition's view, inputs before the ratios and formulas that read them; otherwise catalog order.
    public let views: [CheckedView]

    public var settings: ProjectSettings { catalog.settings }

    /// Found through the catalog's index of definitions by id: a second index of the views by id was 10,000 ids
    /// hashed again on one core at 10,000 definitions.
    public func view(_ id: String) -> CheckedView? { catalog.position(of: id).map { views[positionsByGroup[$0]] } }

    /// Views in catalog order (group, then id). Kept, not looked up again on each use: half a dozen renderers
    /// walk it, most of them while the jobs are being made, on one core.
    public let viewsByGroup: [CheckedView]
    /// Each view's place in `views`, in catalog order: what resolving learns as it makes them. (Looked up by id, the
    /// views of 10,000 definitions took 5 ms on one core, twice: for `viewsByGroup`, and for Catalog.swift's order.)
    let positionsByGroup: [Int]

    /// `positionsByGroup`: each definition's view's place in `views`, in catalog order.
    init(catalog: Catalog, views: [CheckedView], positionsByGroup: [Int]) {
        self.catalog = catalog
        self.views = views
        self.positionsByGroup = positionsByGroup
        viewsByGroup = positionsByGroup.map { views[$0] }
    }

    /// Resolves a catalog; a definition whose pieces cannot all be resolved is returned as the failure. After a
    /// validation without errors that never happens: Compiler reports it as an internal error, never rendering a
    /// view with a piece missing.
    static func resolve(_ catalog: Catalog) -> Result<CheckedCatalog, UnresolvedDefinition> {
        // A view that reads a source or a query needs no other view: those are all made first, on both cores (one
        // after another, resolving took 20 ms at 10,000 definitions while the other core waited). Ratios and
        // formulas are then made in order from their inputs', and the views are listed in the same order as when
        // each was made on its first visit.
        let direct = parallelMap(catalog.definitions) { definition -> Result<CheckedView, UnresolvedDefinition>? in
            do throws(UnresolvedDefinition) {
                guard let reads = try directReads(of: definition, catalog) else { return nil }
                return .success(try view(of: definition, reads, catalog))
            } catch {
                return .failure(error)
            }
        }
        // Made views are found by their definition's position, not by id: a dictionary by id, asked and added to
        // for every definition, was 20,000 ids hashed on one core at 10,000 definitions.
        var ordered: [CheckedView] = []
        ordered.reserveCapacity(catalog.definitions.count)
        // -1 until the definition's view is made.
        var positionsByGroup = [Int](repeating: -1, count: catalog.definitions.count)
        func visit(_ definition: Definition, at position: Int, _ path: Set<String>) throws(UnresolvedDefinition) -> CheckedView {
            if positionsByGroup[position] >= 0 { return ordered[positionsByGroup[position]] }
            let view: CheckedView
            if let made = direct[position] {
                view = try made.get()
            } else {
                guard !path.contains(definition.id.value) else {
                    throw UnresolvedDefinition(definition: definition, missing: "an input cycle")
                }
                var inputs: [CheckedView] = []
                for reference in definition.measure.inputs where !inputs.contains(where: { $0.id == reference.value }) {
                    guard let input = catalog.definition(reference.value), let place = catalog.position(of: reference.value)
                    else {
                        throw UnresolvedDefinition(definition: definition, missing: "input '\(reference.value)'")
                    }
                    inputs.append(try visit(input, at: place, path.union([definition.id.value])))
                }
                view = try Self.view(of: definition, .inputs(inputs), catalog)
            }
            positionsByGroup[position] = ordered.count
            ordered.append(view)
            return view
        }
        do {
            for (position, definition) in catalog.definitions.enumerated() { _ = try visit(definition, at: position, []) }
        } catch {
            return .failure(error)
        }
        return .success(CheckedCatalog(catalog: catalog, views: ordered, positionsByGroup: positionsByGroup))
    }

    /// What a definition reads when that is not other views: its source (and timestamp column) or its queries;
    /// nil for a ratio or formula.
    private static func directReads(of definition: Definition, _ catalog: Catalog) throws(UnresolvedDefinition)
        -> CheckedView.Reads? {
        switch definition.measure.kind {
        case .count, .uniqueUsers, .firstTimeUsers, .growthAccounting, .retention, .funnel, .sum, .average, .min, .max,
             .countDistinct, .median, .percentile:
            guard let source = catalog.source(of: definition) else {
                throw UnresolvedDefinition(definition: definition, missing: "its source")
            }
            let timestamp = source.timestamp.flatMap { source.column($0.value) }
            if case .retention = definition.measure.kind, timestamp == nil {
                throw UnresolvedDefinition(definition: definition, missing: "its source's timestamp column")
            }
            return .source(source, timestamp: timestamp)
        case .ratio, .formula:
            return nil
        case .sql(let query):
            if let lacking = catalog.settings.dialects.first(where: { query.queries[$0] == nil }) {
                throw UnresolvedDefinition(definition: definition, missing: "its \(lacking.rawValue) query")
            }
            return .query(query)
        }
    }

    /// A definition's view, given what it reads: its grain, week start, group columns and shape from the catalog.
    private static func view(of definition: Definition, _ reads: CheckedView.Reads, _ catalog: Catalog)
        throws(UnresolvedDefinition) -> CheckedView {
        let grain = catalog.grain(of: definition)
        switch definition.measure.kind {
        case .count, .uniqueUsers, .firstTimeUsers, .growthAccounting, .funnel, .ratio, .formula, .sum, .average, .min, .max,
             .countDistinct, .median, .percentile:
            guard let grain else { throw UnresolvedDefinition(definition: definition, missing: "its grain") }
            if grain != .total, case .source(_, nil) = reads {
                throw UnresolvedDefinition(definition: definition, missing: "its source's timestamp column")
            }
        case .retention, .sql: break
        }
        let groupColumns = catalog.groupColumns(of: definition)
        let shape = catalog.shape(of: definition,
                                  periodAndGroups: Catalog.periodAndGroups(grain: grain, groupColumns: groupColumns))
        return CheckedView(definition: definition, grain: grain, weekStart: catalog.weekStart(of: definition),
                           groupColumns: groupColumns, shape: shape, reads: reads)
    }
}

/// A definition that validation let through with a piece missing: a bug in tally, reported, never rendered.
struct UnresolvedDefinition: Error {
    var definition: Definition
    var missing: String

    /// R008, at the definition's aggregate.
    var diagnostic: Diagnostic {
        Diagnostic(.unresolvedReference,
                   "tally cannot resolve \(missing) of '\(definition.id.value)' although every rule passed; this is a "
                       + "bug in tally, please report it",
                   at: definition.measure.aggregateSpan)
    }
}

/// One definition, resolved: what its view reads, its period and its columns.
public final class CheckedView: Sendable {
    public let definition: Definition
    /// The period rows are counted over; nil for retention (daily cohorts) and for sql without a stated grain.
    public let grain: Grain?
    /// The day its weeks start on, stated or (ratio, formula) its weekly inputs'; it matters for grain week only.
    public let weekStart: WeekStart
    /// The view's group columns, by output name.
    public let groupColumns: [String]
    /// The view's columns, in order.
    public let shape: [ViewColumn]
    public let reads: Reads

    public enum Reads: Sendable {
        /// Rows of one source, with its timestamp column (nil only for grain total).
        case source(Source, timestamp: Column?)
        /// Other definitions' views, each once, in the order the measure first names them.
        case inputs([CheckedView])
        /// A query written by hand.
        case query(Measure.Query)
    }

    init(definition: Definition, grain: Grain?, weekStart: WeekStart, groupColumns: [String], shape: [ViewColumn],
         reads: Reads) {
        self.definition = definition
        self.grain = grain
        self.weekStart = weekStart
        self.groupColumns = groupColumns
        self.shape = shape
        self.reads = reads
    }

    public var id: String { definition.id.value }

    /// The same view cut into other periods: what a windowed view's rows are bucketed by (days), or counted
    /// without (all time) inside one window.
    func regrained(_ grain: Grain) -> CheckedView {
        CheckedView(definition: definition, grain: grain, weekStart: weekStart, groupColumns: groupColumns,
                    shape: shape, reads: reads)
    }

    /// Whether the view's own SQL can be written in `dialect`: an sql measure needs a query written in it (only
    /// tally.yaml's dialects are required to have one).
    public func hasSQL(in dialect: Dialect) -> Bool {
        guard case .sql(let query) = definition.measure.kind else { return true }
        return query.queries[dialect] != nil
    }

    /// The view and every view it reads, inputs first, each once: what running it alone needs.
    public var withInputs: [CheckedView] {
        // A view that reads a table, as most do, needs itself alone: no set of ids to keep (asked of each of 10,000
        // views by the job keys and again by the docs pages' inputs, the set was most of 45 million instructions of
        // a one-edit build).
        guard case .inputs = reads else { return [self] }
        var ordered: [CheckedView] = []
        var seen: Set<String> = []
        func visit(_ view: CheckedView) {
            guard seen.insert(view.id).inserted else { return }
            if case .inputs(let inputs) = view.reads { inputs.forEach(visit) }
            ordered.append(view)
        }
        visit(self)
        return ordered
    }
}
