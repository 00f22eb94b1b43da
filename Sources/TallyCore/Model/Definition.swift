public enum DefinitionKind: String, CaseIterable, Sendable {
    case ping, metric
}

public enum PingType: String, CaseIterable, Sendable {
    case frontendEvent = "frontend_event"
    case backendCapture = "backend_capture"

    /// The words the pings page uses.
    public var label: String { self == .frontendEvent ? "FE event" : "BE capture" }
}

public struct Dashboard: Sendable {
    public var title: String
    public var url: Located<String>
    public var chart: String?
}

public struct EventCode: Sendable {
    public var name: Located<String>
    public var description: String?
    /// The term the code-search link looks for, when it differs from the name.
    public var search: String?
    /// A full link replacing the template.
    public var link: Located<String>?
}

public struct Funnel: Sendable {
    public var name: String
    /// Each step is one or more alternative events (submit OR cancel).
    public var steps: [[Located<String>]]
}

/// A value in an example row, typed as YAML's core schema reads it.
public indirect enum ExampleValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case integer(Int)
    case float(Double)
    case string(String)
    case list([ExampleValue])
    case object([(String, ExampleValue)])

    public static func == (lhs: ExampleValue, rhs: ExampleValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): true
        case (.bool(let a), .bool(let b)): a == b
        case (.integer(let a), .integer(let b)): a == b
        case (.float(let a), .float(let b)): a == b
        case (.string(let a), .string(let b)): a == b
        case (.list(let a), .list(let b)): a == b
        case (.object(let a), .object(let b)): a.map(\.0) == b.map(\.0) && a.map(\.1) == b.map(\.1)
        default: false
        }
    }
}

public struct ExampleRow: Sendable {
    public var span: SourceSpan
    public var cells: [(column: Located<String>, value: Located<ExampleValue>)]
}

public struct Example: Sendable {
    public var name: Located<String>
    public var given: [(source: Located<String>, rows: [ExampleRow])]
    public var expect: [ExampleRow]
}

/// A definition on its way out: it keeps its view and its docs (marked) until a later change deletes it.
public struct Deprecation: Sendable {
    public var version: Located<Version>
    public var reason: Located<String>
    public var replacedBy: Located<String>?
    public var span: SourceSpan
}

/// A recorded breaking change to a definition that exists in a release (its view may be read by dashboards).
public struct RecordedChange: Sendable {
    public var version: Located<Version>
    public var description: Located<String>
    public var pr: Located<String>?
    public var span: SourceSpan
}

public struct SourceReference: Sendable {
    public var table: Located<String>?
    public var description: String?
    public var dashboards: [Dashboard]
}

public struct Definition: Sendable {
    public var id: Located<String>
    public var group: String
    public var file: String
    public var kind: Located<DefinitionKind>
    public var title: Located<String>
    public var type: Located<PingType>?
    public var definition: String
    public var rationale: String
    public var implementation: String?
    public var considerations: String?
    public var source: SourceReference
    public var events: [Located<String>]
    public var excludeEvents: [Located<String>]
    public var eventCodes: [EventCode]
    public var eventCodeLink: Located<String>?
    public var funnels: [Funnel]
    public var measure: Measure
    public var prs: [Located<String>]
    public var added: Located<Version>?
    public var broken: [BrokenRange]
    public var owners: [String]
    public var examples: [Example]
    public var deprecated: Deprecation?
    public var changes: [RecordedChange]
}
