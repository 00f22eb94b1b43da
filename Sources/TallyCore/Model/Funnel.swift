extension Measure {
    /// A conversion funnel: a person enters at their first first-step event of a period; each later step counts
    /// when one of its events comes strictly after the step before, within `within` of the entry.
    public struct Funnel: Sendable {
        /// The period, zone, identity and filters of the entries; a funnel has no group_by, window or snapshot.
        public var people: People
        public var within: Located<ConversionWindow>
        public var steps: [FunnelStep]
    }

    public struct FunnelStep: Sendable {
        /// The step's name in the view: as written, else its events joined by " or ".
        public var name: Located<String>
        /// Alternatives: any one of them reaches the step.
        public var events: [Located<String>]
    }
}

/// How long after entering a funnel a person may take to reach its last step.
public struct ConversionWindow: Sendable, Equatable {
    public var count: Int
    public var unit: Unit

    public enum Unit: String, CaseIterable, Sendable {
        case minutes, hours, days

        var seconds: Int {
            switch self {
            case .minutes: 60
            case .hours: 3600
            case .days: 86_400
            }
        }
    }

    public var milliseconds: Int { count * unit.seconds * 1000 }

    /// "1 day", "30 minutes".
    public var text: String { "\(count) \(count == 1 ? String(unit.rawValue.dropLast()) : unit.rawValue)" }

    /// At most a year: a longer window is no funnel, and the bound keeps every engine's arithmetic exact.
    static let ranges: [Unit: ClosedRange<Int>] = [.minutes: 1...525_600, .hours: 1...8784, .days: 1...366]
}
