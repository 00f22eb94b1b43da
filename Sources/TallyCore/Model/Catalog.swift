/// Everything a project defines, decoded. Facts derived from several files (a ratio's grain, a view's columns)
/// are answered here, once, for the validator and every emitter.
public struct Catalog: Sendable {
    public var settings: ProjectSettings
    public var sources: [String: Source]
    public var groups: [String: Group]
    /// Sorted by group, then id.
    public var definitions: [Definition]
    private var index: [String: Int]

    public init(settings: ProjectSettings, sources: [String: Source], groups: [String: Group],
                definitions: [Definition]) {
        self.settings = settings
        self.sources = sources.mapValues { $0.linkingJoins(in: sources) }
        self.groups = groups
        self.definitions = definitions.sorted { ($0.group, $0.id.value) < ($1.group, $1.id.value) }
        var index: [String: Int] = [:]
        for (position, definition) in self.definitions.enumerated() where index[definition.id.value] == nil {
            index[definition.id.value] = position
        }
        self.index = index
    }

    public func definition(_ id: String) -> Definition? { index[id].map { definitions[$0] } }

    /// The index in `definitions` of `definition(id)`.
    func position(of id: String) -> Int? { index[id] }

    /// Each definition file's `no_lint` entries, for the files that have any.
    public var lintExceptions: [String: [LintException]] {
        Dictionary(definitions.filter { !$0.noLint.isEmpty }.map { ($0.file, $0.noLint) }) { first, _ in first }
    }

    public func source(of definition: Definition) -> Source? {
        definition.source.table.flatMap { sources[$0.value] }
    }

    /// The period a definition's rows are counted over. Ratios and formulas without an explicit grain take the
    /// coarsest of their inputs' (DAU averaged per month against MAU gives a monthly ratio). nil for sql and
    /// for references that cannot be resolved.
    public func grain(of definition: Definition) -> Grain? {
        var visiting: Set<String> = []
        return grain(of: definition, visiting: &visiting)
    }

    private func grain(of definition: Definition, visiting: inout Set<String>) -> Grain? {
        if let grain = definition.measure.grain?.value { return grain }
        switch definition.measure.kind {
        case .retention(let retention): return retention.cohortGrain.value
        case .sql, .funnel, .count, .uniqueUsers, .firstTimeUsers, .growthAccounting, .sum, .average, .min, .max, .countDistinct, .median,
             .percentile: return nil
        case .ratio, .formula:
            guard visiting.insert(definition.id.value).inserted else { return nil }
            defer { visiting.remove(definition.id.value) }
            var coarsest: Grain?
            for input in definition.measure.inputs {
                guard let other = self.definition(input.value),
                      let inputGrain = grain(of: other, visiting: &visiting) else { return nil }
                coarsest = max(coarsest ?? inputGrain, inputGrain)
            }
            return coarsest
        }
    }

    /// The day a definition's weeks start on. Ratios and formulas without a `week_start` take their first weekly
    /// input's (validation requires the weekly inputs to agree), else Monday; other measures state theirs or
    /// start on Monday.
    public func weekStart(of definition: Definition) -> WeekStart {
        var visiting: Set<String> = []
        return weekStart(of: definition, visiting: &visiting)
    }

    private func weekStart(of definition: Definition, visiting: inout Set<String>) -> WeekStart {
        guard definition.measure.aggregate.isDerived else { return definition.measure.weekStart }
        if let weekStart = definition.measure.period?.weekStart?.value { return weekStart }
        guard visiting.insert(definition.id.value).inserted else { return .monday }
        defer { visiting.remove(definition.id.value) }
        for input in definition.measure.inputs {
            guard let other = self.definition(input.value), grain(of: other) == .week else { continue }
            return weekStart(of: other, visiting: &visiting)
        }
        return .monday
    }

    /// How a definition's view buckets time besides its grain.
    public func calendar(of definition: Definition) -> PeriodCalendar {
        PeriodCalendar(grain: grain(of: definition), weekStart: weekStart(of: definition), zone: timeZone(of: definition))
    }

    /// The group columns a definition's view has, by output name: its group_by, or an sql measure's columns
    /// besides period_start, known_broken and value.

    /// The time zone a definition's days are local to: its measure's `time_zone`, else its source's, else UTC. A
    /// ratio or formula has its inputs' when they all have the same; nil when they differ or an input is unknown,
    /// and for sql, whose queries decide.
    public func timeZone(of definition: Definition) -> TimeZoneName? {
        var visiting: Set<String> = []
        return timeZone(of: definition, visiting: &visiting)
    }

    private func timeZone(of definition: Definition, visiting: inout Set<String>) -> TimeZoneName? {
        switch definition.measure.kind {
        case .sql: return nil
        case .count, .uniqueUsers, .firstTimeUsers, .growthAccounting, .retention, .funnel, .sum, .average, .min, .max,
             .countDistinct, .median, .percentile:
            return source(of: definition).map(definition.measure.timeZone(over:)) ?? definition.measure.timeZone?.value
        case .ratio, .formula:
            guard visiting.insert(definition.id.value).inserted else { return nil }
            defer { visiting.remove(definition.id.value) }
            var zones: Set<TimeZoneName> = []
            for input in definition.measure.inputs {
                guard let other = self.definition(input.value), let zone = timeZone(of: other, visiting: &visiting)
                else { return nil }
                zones.insert(zone)
            }
            return zones.count == 1 ? zones.first : nil
        }
    }

    /// The group_by columns a definition's view has, by output name.
    public func groupColumns(of definition: Definition) -> [String] {
        var visiting: Set<String> = []
        return groupColumns(of: definition, visiting: &visiting)
    }

    private func groupColumns(of definition: Definition, visiting: inout Set<String>) -> [String] {
        switch definition.measure.kind {
        case .count, .uniqueUsers, .firstTimeUsers, .growthAccounting, .retention, .funnel, .sum, .average, .min, .max,
             .countDistinct, .median, .percentile:
            return definition.measure.groupBy.map(\.value.outputName)
        case .sql(let query):
            return query.columns.map(\.name.value).filter { !Self.measureColumns.contains($0) }
        case .ratio, .formula:
            break
        }
        guard visiting.insert(definition.id.value).inserted else { return [] }
        defer { visiting.remove(definition.id.value) }
        // Validation requires every input to have the same group columns; were it not so, the view would be
        // grouped by the ones they share. The numerator (or first input) gives their order.
        var shared: [String]?
        for input in definition.measure.inputs {
            guard let other = self.definition(input.value) else { return [] }
            let columns = groupColumns(of: other, visiting: &visiting)
            shared = shared.map { current in current.filter(columns.contains) } ?? columns
        }
        return shared ?? []
    }

    /// The columns of a period view that are not group columns.
    static let measureColumns: Set<String> = ["period_start", "known_broken", "value"]

    /// The type of each group column, by output name: a column's declared type, text for a JSON field (what the
    /// dialects' jsonText gives), an sql measure's declared type, a ratio's or formula's first input's. A column
    /// that does not resolve (reported elsewhere) is left out.
    public func groupColumnTypes(of definition: Definition) -> [String: ColumnType] {
        var visiting: Set<String> = []
        return groupColumnTypes(of: definition, visiting: &visiting)
    }

    private func groupColumnTypes(of definition: Definition, visiting: inout Set<String>) -> [String: ColumnType] {
        var types: [String: ColumnType] = [:]
        switch definition.measure.kind {
        case .count, .uniqueUsers, .firstTimeUsers, .growthAccounting, .retention, .funnel, .sum, .average, .min, .max,
             .countDistinct, .median, .percentile:
            let source = self.source(of: definition)
            for path in definition.measure.groupBy.map(\.value) {
                if let field = source?.lookup(path) {
                    types[path.outputName] = field.jsonPath.isEmpty ? source?.valueType(of: path) : .text
                }
            }
        case .sql(let query):
            for column in query.columns where !Self.measureColumns.contains(column.name.value) {
                types[column.name.value] = column.type.value
            }
        case .ratio, .formula:
            guard visiting.insert(definition.id.value).inserted,
                  let first = definition.measure.inputs.first.flatMap({ self.definition($0.value) }) else { break }
            types = groupColumnTypes(of: first, visiting: &visiting)
            visiting.remove(definition.id.value)
        }
        return types
    }

    /// The view's output columns, in order: the one description of a view's shape that SQL, examples, docs,
    /// fixtures and diff read. Group columns have no fixed type (nil): they carry their field's values.
    public func shape(of definition: Definition) -> [ViewColumn] {
        shape(of: definition, periodAndGroups: periodAndGroups(of: definition))
    }

    /// The shape, given the view's period and group columns, which are made only for the measures that have them:
    /// resolving a catalog works out each definition's grain and group columns already, and working them out again
    /// here was 30 million instructions of a one-edit build at 10,000 definitions.
    func shape(of definition: Definition, periodAndGroups: @autoclosure () -> [ViewColumn]) -> [ViewColumn] {
        switch definition.measure.kind {
        case .retention(let retention):
            return [.init("cohort_start", .date), .init(retention.offsetColumn, .integer), .init("cohort_size", .integer),
                    .init("retained", .integer), .init("rate", .float)]
        case .funnel:
            return [.init("period_start", .date), .init("step", .integer), .init("step_name", .text),
                    .init("people", .integer), .init("conversion_from_first", .float),
                    .init("conversion_from_previous", .float)]
        case .growthAccounting:
            return [.init("period_start", .date), .init("category", .text), .init("known_broken", .boolean),
                    .init("value", .float)]
        case .sql(let query):
            return query.columns.map { ViewColumn($0.name.value, $0.type.value) }
        case .count, .uniqueUsers, .firstTimeUsers, .ratio, .formula, .sum, .average, .countDistinct, .median,
             .percentile:
            return periodAndGroups() + [.init("known_broken", .boolean), .init("value", .float)]
        case .min(let values), .max(let values):
            // The smallest or largest value is one of the values: it keeps their type (a date stays a date).
            let type = definition.source.table.flatMap { sources[$0.value] }?.valueType(of: values.field.value)
            return periodAndGroups() + [.init("known_broken", .boolean), .init("value", type ?? .float)]
        }
    }

    private func periodAndGroups(of definition: Definition) -> [ViewColumn] {
        Self.periodAndGroups(grain: grain(of: definition), groupColumns: groupColumns(of: definition))
    }

    /// A view's period column (none over grain total) and group columns.
    static func periodAndGroups(grain: Grain?, groupColumns: [String]) -> [ViewColumn] {
        let period: [ViewColumn] = grain == .total ? [] : [.init("period_start", .date)]
        return period + groupColumns.map { ViewColumn($0, nil) }
    }

    /// The view's output column names, in order.
    public func outputColumns(of definition: Definition) -> [String] { shape(of: definition).map(\.name) }

    /// Whether a definition's rows can be tied to releases: a source they come from has a version column. (An sql
    /// measure's own query says; it is taken to.)
    func tiesRowsToReleases(_ definition: Definition) -> Bool {
        rowSources(of: definition)?.contains { $0.version != nil } ?? true
    }

    /// Whether a definition's rows come from a snapshot source (a row per entity per day).
    func readsSnapshot(_ definition: Definition) -> Bool {
        rowSources(of: definition)?.contains { $0.snapshot != nil } ?? false
    }

    /// The sources a definition's rows and periods come from: its own source, or for a ratio or formula its
    /// inputs', transitively (joined and `reads` sources left out); nil when an sql measure is reached, whose query
    /// alone says.
    func rowSources(of definition: Definition) -> [Source]? {
        var visiting: Set<String> = []
        return rowSources(of: definition, visiting: &visiting)
    }

    private func rowSources(of definition: Definition, visiting: inout Set<String>) -> [Source]? {
        switch definition.measure.kind {
        case .sql: return nil
        case .ratio, .formula:
            guard visiting.insert(definition.id.value).inserted else { return [] }
            var found: [Source] = []
            for input in definition.measure.inputs {
                guard let other = self.definition(input.value) else { continue }
                guard let sources = rowSources(of: other, visiting: &visiting) else { return nil }
                found += sources
            }
            return found
        case .count, .uniqueUsers, .firstTimeUsers, .growthAccounting, .retention, .funnel, .sum, .average, .min, .max,
             .countDistinct, .median, .percentile:
            return source(of: definition).map { [$0] } ?? []
        }
    }

    /// The sources whose rows an example may give: what the view reads, directly, through the joins it reads or
    /// through its inputs.
    public func sourcesRead(by definition: Definition) -> [String] {
        var result: [String] = []
        var visiting: Set<String> = []
        collectSources(of: definition, into: &result, visiting: &visiting)
        return result
    }

    private func collectSources(of definition: Definition, into result: inout [String], visiting: inout Set<String>) {
        guard visiting.insert(definition.id.value).inserted else { return }
        let joined = source(of: definition).map { $0.joinsRead(by: definition.measure).map(\.join.targetName.value) } ?? []
        let direct = [definition.source.table].compactMap { $0?.value } + joined + definition.measure.reads.map(\.value)
        for name in direct where !result.contains(name) { result.append(name) }
        for input in definition.measure.inputs {
            if let other = self.definition(input.value) { collectSources(of: other, into: &result, visiting: &visiting) }
        }
    }
}

/// One column of a definition's view.
public struct ViewColumn: Sendable, Equatable {
    public var name: String
    /// nil for group columns, whose values are their field's.
    public var type: ColumnType?

    public init(_ name: String, _ type: ColumnType?) {
        self.name = name
        self.type = type
    }
}
