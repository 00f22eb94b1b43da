/// How a ratio or formula may combine its inputs. Each rule stops a view that would build and still give wrong
/// numbers (periods that do not line up, values on one day of a month only, values summed over a group column
/// that only some inputs have), or one that would not run (an input without a value per period).
/// docs/format.md ("Composing ratios and formulas") states them for authors.
extension Validator {
    mutating func checkComposition(_ definition: Definition) {
        // Each input once, at its first mention; a missing one is R004's, and gives nothing to compare.
        var inputs: [ComposedInput] = []
        for reference in definition.measure.inputs where !inputs.contains(where: { $0.reference.value == reference.value }) {
            guard let input = catalog.definition(reference.value) else { return }
            inputs.append(ComposedInput(reference: reference, definition: input))
        }
        checkInputsHavePeriods(definition, inputs: inputs)
        checkCalendars(definition, inputs: inputs)
        checkTimeZones(definition, inputs: inputs)
        checkGrain(definition, inputs: inputs)
        checkGroupColumns(definition, inputs: inputs)
    }

    /// R012: an input's view has a value per period (and group): not a retention, whose rows are cohorts and
    /// days, not a growth accounting, whose rows are periods and categories, and not an sql measure without a
    /// grain, whose periods tally cannot put into the result's.
    private mutating func checkInputsHavePeriods(_ definition: Definition, inputs: [ComposedInput]) {
        let kind = definition.measure.aggregate.rawValue
        for input in inputs {
            let reason: String
            switch input.definition.measure.kind {
            case .count, .uniqueUsers, .firstTimeUsers, .ratio, .formula, .sum, .average, .countDistinct, .median,
                 .percentile: continue
            case .min(let values), .max(let values):
                guard catalog.source(of: input.definition)?.valueType(of: values.field.value) == .date else { continue }
                reason = "is the \(input.definition.measure.aggregate.rawValue) of a date, not a number to compute with"
            case .retention(let retention):
                reason = "is a retention, whose view has a rate per cohort and \(retention.offsetColumn), not a value per period"
            case .growthAccounting:
                reason = "is a growth accounting, whose view has a value per period and category, not one per period"
            case .funnel:
                reason = "is a funnel, whose view has people per period and step, not one value per period"
            case .sql:
                guard input.definition.measure.grain == nil else { continue }
                reason = "is an sql measure without a grain, so its periods cannot be put into the \(kind)'s; "
                    + "give it the grain of its period_start (or total)"
            }
            emit(.inputWithoutPeriods, "input '\(input.reference.value)' \(reason)", at: input.reference.span)
        }
    }

    /// R009: every weekly input, and the result when it is weekly, start weeks on the same day. Daily inputs of a
    /// weekly result are bucketed into the result's weeks, so they never disagree; monthly and total periods do
    /// not depend on the week start.
    private mutating func checkCalendars(_ definition: Definition, inputs: [ComposedInput]) {
        let kind = definition.measure.aggregate.rawValue
        let own = catalog.calendar(of: definition).weeks
        // What the others are compared with: the result's own weeks when it states them (no input), else the first
        // input's that has weeks (a result without week_start takes its weeks from there). Their words are made for
        // a message only (made for every input of 1,600 ratios, with the time zones' below, 7 million instructions).
        var reference: (calendar: PeriodCalendar, input: ComposedInput?)?
        if own.weekStart != nil, definition.measure.period?.weekStart != nil { reference = (own, nil) }
        for input in inputs {
            let calendar = catalog.calendar(of: input.definition).weeks
            guard calendar.matters else { continue }
            guard let known = reference else {
                reference = (calendar, input)
                continue
            }
            guard !calendar.agrees(with: known.calendar) else { continue }
            let theirs = known.input.map { "input '\($0.reference.value)' counts \(known.calendar.description)" }
                ?? "this \(kind) counts \(known.calendar.description) (its week_start)"
            emit(.inputCalendarMismatch,
                 "input '\(input.reference.value)' counts \(calendar.description), but \(theirs): their periods would "
                     + "not line up; give the \(kind) and its weekly inputs the same week_start",
                 at: input.reference.span)
        }
    }

    /// R009 too: every input's days are local to one time zone, or a day of one would be set against a different
    /// 24 hours of another. A result of grain total has no days to cut, and an input whose zone tally cannot know
    /// (an sql measure) has no say.
    private mutating func checkTimeZones(_ definition: Definition, inputs: [ComposedInput]) {
        guard catalog.grain(of: definition) != .total else { return }
        let kind = definition.measure.aggregate.rawValue
        var reference: (zone: TimeZoneName, input: ComposedInput)?
        for input in inputs {
            guard let zone = catalog.calendar(of: input.definition).zone else { continue }
            guard let known = reference else {
                reference = (zone, input)
                continue
            }
            guard zone != known.zone else { continue }
            emit(.inputCalendarMismatch,
                 "input '\(input.reference.value)' counts \(zone.identifier) days, but input "
                     + "'\(known.input.reference.value)' counts \(known.zone.identifier) days: their periods would not "
                     + "line up; give the \(kind)'s inputs the same time_zone",
                 at: input.reference.span)
        }
    }

    /// R010: a stated grain is at least as coarse as every input's; a finer one would put each of an input's
    /// periods on its first day only, with the days between missing. (A grain left out is the coarsest input's.)
    private mutating func checkGrain(_ definition: Definition, inputs: [ComposedInput]) {
        guard let grain = definition.measure.grain else { return }
        let coarser = inputs.compactMap { input in
            catalog.grain(of: input.definition).flatMap { $0 > grain.value ? (input.reference.value, $0) : nil }
        }
        guard let coarsest = coarser.map(\.1).max() else { return }
        let named = coarser.map { "'\($0.0)' (grain \($0.1.rawValue))" }
        emit(.grainFinerThanInput,
             "grain \(grain.value.rawValue) is finer than input\(named.count == 1 ? "" : "s") " + named.phrased("and")
                 + ": each of \(named.count == 1 ? "its" : "their") periods would give a value on one "
                 + "\(grain.value.rawValue) and none on the others; use grain \(coarsest.rawValue) or coarser, or leave "
                 + "grain out to take the coarsest input's",
             at: grain.span)
    }

    /// R011: every input has the first input's group columns (by output name, as a set), each of the same type.
    /// An input with a column another lacks would be summed over it (a share per plan would silently become a
    /// total); columns of different types cannot be compared in a join.
    private mutating func checkGroupColumns(_ definition: Definition, inputs: [ComposedInput]) {
        guard let first = inputs.first else { return }
        let kind = definition.measure.aggregate.rawValue
        let columns = catalog.groupColumns(of: first.definition)
        let types = catalog.groupColumnTypes(of: first.definition)
        for input in inputs.dropFirst() {
            let theirs = catalog.groupColumns(of: input.definition)
            guard Set(theirs) == Set(columns) else {
                emit(.groupColumnsMismatch,
                     "input '\(input.reference.value)' is grouped by \(Self.groups(theirs)), but '\(first.reference.value)' "
                         + "by \(Self.groups(columns)); the inputs of a \(kind) must have the same group columns, or "
                         + "each would be summed over the ones the others lack",
                     at: input.reference.span)
                continue
            }
            let theirTypes = catalog.groupColumnTypes(of: input.definition)
            for column in columns {
                guard let type = types[column], let theirType = theirTypes[column], type != theirType else { continue }
                emit(.groupColumnsMismatch,
                     "group column '\(column)' is \(theirType.rawValue) in input '\(input.reference.value)' but "
                         + "\(type.rawValue) in '\(first.reference.value)'; inputs are joined on their group columns, "
                         + "which must have the same type",
                     at: input.reference.span)
            }
        }
    }

    private static func groups(_ columns: [String]) -> String {
        columns.isEmpty ? "nothing" : columns.joined(separator: ", ")
    }
}

/// An input of a ratio or formula, at its first mention.
struct ComposedInput {
    var reference: Located<String>
    var definition: Definition
}
