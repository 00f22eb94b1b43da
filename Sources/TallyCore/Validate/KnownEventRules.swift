/// A source may list the events it is known to log (`known_events`); then a definition naming an event outside
/// the list, or a glob that matches none of it, is most likely misspelled: a warning with the closest known name.
/// Opt-in: a source without the list gives no such warning, since tally cannot know its events.
extension Validator {
    mutating func checkKnownEvents(_ definition: Definition) {
        guard let source = catalog.source(of: definition), !source.knownEvents.isEmpty else { return }
        let known = source.knownEvents.map(\.value)
        let knownSet = Set(known)
        var steps: [Located<String>] = []
        if case .funnel(let funnel) = definition.measure.kind { steps = funnel.steps.flatMap(\.events) }
        var seen: Set<String> = []
        for pattern in definition.events + definition.excludeEvents + definition.measure.cohortEvents + steps
        where seen.insert(pattern.value).inserted {
            if EventPattern.isGlob(pattern.value) {
                guard !known.contains(where: { EventPattern.matches(pattern.value, $0) }) else { continue }
                emit(.eventNotKnown,
                     "'\(pattern.value)' matches none of the events source '\(source.name)' is known to log "
                         + "(its known_events, in \(source.file))", at: pattern.span)
            } else if !knownSet.contains(pattern.value) {
                let suggestion = suggest(pattern.value, among: known)
                // Said both ways: a typo has a neighbour, a new event belongs in the list.
                emit(.eventNotKnown,
                     "event '\(pattern.value)' is not among the events source '\(source.name)' is known to log "
                         + "(its known_events)" + suggestion + (suggestion.isEmpty ? "; if" : " If")
                         + " it is a new event, add it to known_events in \(source.file)",
                     at: pattern.span)
            }
        }
    }
}
