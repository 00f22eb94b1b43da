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
    /// The `expect` key: where a run that returned rows nobody expected is reported.
    public var expectSpan: SourceSpan
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

    /// What makes two entries the same entry: its version and its words (not where they are written).
    var identity: String { version.value.text + "|" + description.value }
}

public struct SourceReference: Sendable {
    public var table: Located<String>?
    public var description: String?
    public var dashboards: [Dashboard]
}

/// One metric or ping. A class: a catalog's definitions are read by every stage and every thread, and copying
/// a value of two dozen fields cost more than the rest of validating it.
public final class Definition: Sendable {
    public let id: Located<String>
    public let group: String
    public let file: String
    public let kind: Located<DefinitionKind>
    public let title: Located<String>
    public let type: Located<PingType>?
    public let definition: String
    public let rationale: String
    public let implementation: String?
    public let considerations: String?
    public let source: SourceReference
    public let events: [Located<String>]
    public let excludeEvents: [Located<String>]
    public let eventCodes: [EventCode]
    public let eventCodeLink: Located<String>?
    public let funnels: [Funnel]
    public let measure: Measure
    public let prs: [Located<String>]
    public let added: Located<Version>?
    public let broken: [BrokenRange]
    public let owners: [String]
    /// For a definition taken from the decoded store, read from it each time they are asked for (ExampleList): ask
    /// once per use.
    public var examples: [Example] { exampleList.examples }
    public let exampleList: ExampleList
    public let deprecated: Deprecation?
    public let changes: [RecordedChange]
    /// Warnings silenced in this definition (`no_lint`), each with its reason.
    public let noLint: [LintException]
    /// Where each top-level key is written, so a change can be reported at its own line.
    public let keySpans: KeySpans

    public init(
        id: Located<String>,
        group: String,
        file: String,
        kind: Located<DefinitionKind>,
        title: Located<String>,
        type: Located<PingType>?,
        definition: String,
        rationale: String,
        implementation: String?,
        considerations: String?,
        source: SourceReference,
        events: [Located<String>],
        excludeEvents: [Located<String>],
        eventCodes: [EventCode],
        eventCodeLink: Located<String>?,
        funnels: [Funnel],
        measure: Measure,
        prs: [Located<String>],
        added: Located<Version>?,
        broken: [BrokenRange],
        owners: [String],
        examples: ExampleList,
        deprecated: Deprecation?,
        changes: [RecordedChange],
        noLint: [LintException] = [],
        keySpans: KeySpans = KeySpans()
    ) {
        self.id = id
        self.group = group
        self.file = file
        self.kind = kind
        self.title = title
        self.type = type
        self.definition = definition
        self.rationale = rationale
        self.implementation = implementation
        self.considerations = considerations
        self.source = source
        self.events = events
        self.excludeEvents = excludeEvents
        self.eventCodes = eventCodes
        self.eventCodeLink = eventCodeLink
        self.funnels = funnels
        self.measure = measure
        self.prs = prs
        self.added = added
        self.broken = broken
        self.owners = owners
        self.exampleList = examples
        self.deprecated = deprecated
        self.changes = changes
        self.noLint = noLint
        self.keySpans = keySpans
    }

    /// Where a flattened field (`events`, `measure.week_start`, `measure.queries.postgres`) is written: its key,
    /// else the nearest key above it that is (a removed `week_start` points at `measure`).
    public func span(ofField field: String) -> SourceSpan? {
        let parts = field.split(separator: ".").map(String.init)
        guard let top = parts.first else { return nil }
        if top == "measure", parts.count > 1, let inner = measure.keySpans[parts[1]] { return inner }
        return keySpans[top]
    }
}
