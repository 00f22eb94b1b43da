/// A funnel's own keys: `steps` (at least two, each an event, a list of alternative events, or
/// `{name, events}`) and `within`, the conversion window.
enum FunnelDecoder {
    static let stepRange = 2...20

    static func decode(_ map: MappingReader, people: Measure.People?, context: DecodeContext) -> Measure.Funnel? {
        // MeasureDecoder reports a missing `within` or `steps` (both required); here only an empty one.
        let within = map.mapping("within", "'within'", keys: ConversionWindow.Unit.allCases.map(\.rawValue),
                                 required: map.has("within")).flatMap { decodeWindow($0, context: context) }
        let stepsNode = map.value("steps", required: map.has("steps"))
        var steps: [Measure.FunnelStep] = []
        if let stepsNode {
            guard case .sequence(let items) = stepsNode.content else {
                context.emit(.wrongType, "'steps' must be a list of steps, found \(stepsNode.kindDescription)",
                             at: stepsNode.span)
                return nil
            }
            steps = items.compactMap { decodeStep($0, context: context) }
            if !stepRange.contains(items.count) {
                context.emit(.wrongType, "a funnel has \(stepRange.lowerBound) to \(stepRange.upperBound) steps, "
                                 + "found \(items.count)", at: stepsNode.span)
                return nil
            }
            guard steps.count == items.count else { return nil }
        }
        guard let people, let within, !steps.isEmpty else { return nil }
        return Measure.Funnel(people: people, within: within, steps: steps)
    }

    /// `Event`, `[EventA, EventB]` or `{name: submitted, events: [EventA, EventB]}`.
    private static func decodeStep(_ node: YAMLNode, context: DecodeContext) -> Measure.FunnelStep? {
        func named(_ events: [Located<String>], _ name: Located<String>?) -> Measure.FunnelStep? {
            guard !events.isEmpty else { return nil }
            return .init(name: name ?? Located(events.map(\.value).joined(separator: " or "), at: node.span),
                         events: events)
        }
        switch node.content {
        case .scalar:
            return MappingReader.text(node, "a funnel step", required: true, context: context).flatMap { named([$0], nil) }
        case .sequence(let items):
            if items.isEmpty { context.emit(.emptyValue, "a funnel step needs at least one event", at: node.span) }
            let events = items.compactMap { MappingReader.text($0, "an event of a funnel step", required: true, context: context) }
            return events.count == items.count ? named(events, nil) : nil
        case .mapping:
            guard let map = MappingReader(node, "a funnel step", keys: ["name", "events"], context: context) else { return nil }
            let name = map.string("name", required: true)
            let events = map.stringList("events", required: true)
            return name == nil ? nil : named(events, name)
        }
    }

    /// `{hours: 1}`: exactly one unit, a whole number within a year.
    private static func decodeWindow(_ map: MappingReader, context: DecodeContext) -> Located<ConversionWindow>? {
        let given = ConversionWindow.Unit.allCases.filter { map.has($0.rawValue) }
        guard given.count == 1, let unit = given.first, let node = map.value(unit.rawValue) else {
            context.emit(.missingField, "'within' takes exactly one of 'minutes', 'hours' and 'days'", at: map.anchor)
            return nil
        }
        guard let count = ValueChecks.wholeNumber(node, in: ConversionWindow.ranges[unit]!, "'\(unit.rawValue)'",
                                                  context: context) else { return nil }
        return Located(ConversionWindow(count: count, unit: unit), at: map.anchor)
    }
}
