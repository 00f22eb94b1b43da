/// A funnel's steps read the definition's events: each step event is one of them (a glob of `events` matches it,
/// or a glob step is written in `events` as it is), and none is taken out by `exclude_events`, or the step could
/// never be reached.
extension Validator {
    mutating func checkFunnelSteps(_ definition: Definition) {
        guard case .funnel(let funnel) = definition.measure.kind else { return }
        let patterns = definition.events.map(\.value)
        for event in funnel.steps.flatMap(\.events) {
            let isGlob = EventPattern.isGlob(event.value)
            let read = isGlob ? patterns.contains(event.value)
                : patterns.contains { EventPattern.matches($0, event.value) }
            if !read {
                emit(.unknownEvent,
                     "funnel step event '\(event.value)' is not among the definition's events"
                         + suggest(event.value, among: patterns),
                     at: event.span)
            } else if !isGlob, let excluded = definition.excludeEvents.first(where: { EventPattern.matches($0.value, event.value) }) {
                emit(.unknownEvent,
                     "funnel step event '\(event.value)' is taken out by exclude_events '\(excluded.value)', so the "
                         + "step could never be reached", at: event.span)
            }
        }
    }
}
