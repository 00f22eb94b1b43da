/// Sources, columns and other definitions that a definition names.
extension Validator {
    mutating func checkReferences(_ definition: Definition) {
        let measure = definition.measure
        let aggregate = measure.aggregate
        if aggregate.isDerived {
            for input in measure.inputs where catalog.definition(input.value) == nil && !unloadable.contains(input.value) {
                emit(.unknownDefinition,
                     "no definition '\(input.value)'" + suggest(input.value, among: catalog.definitions.map(\.id.value)),
                     at: input.span)
            }
            checkComposition(definition)
            return
        }
        for read in measure.reads where catalog.sources[read.value] == nil && !unloadable.contains(read.value) {
            emit(.unknownSource,
                 "no source '\(read.value)' in definitions/sources/" + suggest(read.value, among: catalog.sources.keys),
                 at: read.span)
        }
        guard let table = definition.source.table else { return }
        guard let source = catalog.sources[table.value] else {
            if !unloadable.contains(table.value) {
                emit(.unknownSource,
                     "no source '\(table.value)' in definitions/sources/" + suggest(table.value, among: catalog.sources.keys),
                     at: table.span)
            }
            return
        }
        if case .sql(let query) = measure.kind {
            checkSQL(query, at: measure.aggregateSpan)
            return
        }
        checkEventFilter(definition, source: source)
        if let grain = measure.grain, grain.value != .total, source.timestamp == nil {
            emit(.notApplicable,
                 "grain \(grain.value.rawValue) needs a source with a 'timestamp' column; '\(source.name)' has none, "
                     + "so use grain total",
                 at: grain.span)
        }
        if case .retention = measure.kind, source.timestamp == nil {
            emit(.notApplicable,
                 "retention needs a source with a 'timestamp' column (cohorts are days); '\(source.name)' has none",
                 at: measure.aggregateSpan)
        }
        if aggregate.countsPeople { checkIdentity(definition, source: source) }
        checkSnapshot(definition, source: source)
        checkMeasuredField(measure, source: source)
        checkThreshold(measure, source: source)
        let before = diagnostics.diagnostics.count
        for field in measure.groupBy { resolve(field, in: source, purpose: "group_by") }
        if diagnostics.diagnostics[before...].contains(where: { $0.severity == .error }) {
            groupByFailed = true
        }
        for filter in measure.filters { checkFilter(filter, source: source) }
    }

    private mutating func checkEventFilter(_ definition: Definition, source: Source) {
        let measure = definition.measure
        let patterns = definition.events + definition.excludeEvents + measure.cohortEvents
        guard let eventColumn = source.eventName else {
            if let first = patterns.first {
                emit(.notApplicable,
                     "source '\(source.name)' has no 'event_name' column, so definitions over it cannot filter events",
                     at: first.span)
            }
            return
        }
        // `events` written but not a list of names is its own error (D004) already.
        if definition.events.isEmpty, definition.keySpans["events"] == nil {
            emit(.missingField,
                 "aggregate \(measure.aggregate.rawValue) over '\(source.name)' needs 'events': the event names "
                     + "(or globs) it counts",
                 at: measure.aggregateSpan)
        }
        if let column = source.column(eventColumn.value), let first = patterns.first {
            checkReadable(column.classification.value, what: "column '\(eventColumn.value)'", source: source,
                          purpose: "'events'", at: first.span)
        }
    }

    private mutating func checkIdentity(_ definition: Definition, source: Source) {
        let measure = definition.measure
        let span = measure.identity?.span ?? measure.aggregateSpan
        guard let user = source.userID else {
            emit(.notApplicable,
                 "aggregate \(measure.aggregate.rawValue) counts people, but source '\(source.name)' declares no "
                     + "'identity.user_id'",
                 at: span)
            return
        }
        var columns = [user]
        if measure.identityMode == .userOrAnonymous {
            guard let anonymous = source.anonymousID else {
                emit(.notApplicable,
                     "identity user_or_anonymous needs 'identity.anonymous_id' in source '\(source.name)'", at: span)
                return
            }
            columns.append(anonymous)
        }
        for column in columns {
            if let declared = source.column(column.value) {
                checkReadable(declared.classification.value, what: "column '\(column.value)'", source: source,
                              purpose: "the identity", at: span)
            }
        }
    }

    private mutating func checkSQL(_ measure: Measure.Query, at span: SourceSpan) {
        for dialect in catalog.settings.dialects where measure.queries[dialect] == nil {
            emit(.missingField,
                 "no \(dialect.rawValue) query in 'queries'; tally.yaml enables \(dialect.rawValue)",
                 at: span)
        }
        let names = measure.columns.map(\.name.value)
        for required in ["known_broken", "value"] where !names.contains(required) && !measure.columns.isEmpty {
            emit(.missingField, "an sql measure's 'columns' must include '\(required)'", at: span)
        }
        if let period = measure.columns.first(where: { $0.name.value == "period_start" }), period.type.value != .date {
            emit(.columnTypeMismatch, "'period_start' must be of type date", at: period.type.span)
        }
    }

    /// Ratio and formula references must form no cycle; each cycle is reported once, where it is entered.
    mutating func checkCycles() {
        var state: [String: Bool] = [:]  // false: on the current path; true: done
        var path: [String] = []
        var reported: Set<String> = []

        func visit(_ id: String, validator: inout Validator) {
            guard let definition = validator.catalog.definition(id) else { return }
            state[id] = false
            path.append(id)
            for input in definition.measure.inputs {
                switch state[input.value] {
                case .some(false):
                    let cycle = Array(path[path.firstIndex(of: input.value)!...]) + [input.value]
                    let key = cycle.dropLast().sorted().joined(separator: ",")
                    if reported.insert(key).inserted {
                        validator.emit(.referenceCycle,
                                       "reference cycle: \(cycle.joined(separator: " -> ")); a definition cannot be "
                                           + "computed from itself",
                                       at: input.span)
                    }
                case .some(true): continue
                case .none: visit(input.value, validator: &validator)
                }
            }
            path.removeLast()
            state[id] = true
        }

        for definition in catalog.definitions where state[definition.id.value] == nil {
            visit(definition.id.value, validator: &self)
        }
    }
}
