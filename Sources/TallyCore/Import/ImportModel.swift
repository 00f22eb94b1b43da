/// What `tally import` reads from a metrics or pings page: one `# Title`, introduction paragraphs, a
/// `## Terminology` list, and definitions from `###` ping sections, bullet lists and tables.
public struct ImportedPage: Sendable {
    public var title: String
    /// `metric` when the page's title says metrics (and not pings), else `ping`: what every imported file is.
    public var kind: DefinitionKind = .ping
    public var introduction: String
    public var terminology: [ImportedTerm]
    public var pings: [ImportedPing]
    /// Lines of the page that were understood by no rule and are not in any output file (I002).
    public var warnings: [Diagnostic]

    /// What an imported definition is: what it says it is, else what the page's title says.
    public func kind(of ping: ImportedPing) -> DefinitionKind { ping.kind ?? kind }
}

public struct ImportedTerm: Sendable, Equatable {
    public var term: String
    public var definition: String
}

/// One definition of the page: a `###` section, a bullet or a table row.
public struct ImportedPing: Sendable {
    public var title: String
    /// The line of the `###` heading.
    public var line: Int
    /// What the definition says it is (`**Metric: Cody DAUs**`); nil: what the page's title says.
    public var kind: DefinitionKind?
    /// "FE event", "BE capture", ... as written; nil when the page has no `**Type:**`.
    public var typeText: String?
    public var type: PingType?
    /// The day a weekly Aggregation's weeks start on, as the page says (Monday when it names none); nil when it
    /// names a day tally's weeks cannot start on.
    public var weekStart: WeekStart? = .monday
    /// `**Definition:**`, which the Code Insights page never has but a metrics page may.
    public var definition: String?
    /// What the page says where a definition would be when it says nothing yet ("TBD"), for the TODO to quote.
    public var definitionPlaceholder: String?
    /// `**Intended purpose:**`.
    public var purpose: String?
    /// `**Functional implementation:**`.
    public var implementation: String?
    /// `**Other considerations:**`.
    public var considerations: String?
    /// `**Source of truth:**`: how the data is captured and reached.
    public var sourceDescription: String?
    /// The links of the source of truth: where the data is looked at.
    public var dashboards: [ImportedDashboard] = []
    /// `- Aggregation: ...` as written, and the grain read from it.
    public var aggregationText: String?
    public var grain: Grain?
    public var eventCodes: [ImportedEventCode]
    public var funnels: [ImportedFunnel]
    /// Pull requests as written: link destinations, or "#123".
    public var prs: [String]
    /// `**Version Added:**` as written; nil when missing.
    public var addedText: String?
    /// The version in addedText, when there is one.
    public var added: String?
    public var broken: [ImportedRange]

    /// A definition of which the page gives the title, at the line of `line`, and nothing else yet.
    public init(title: String, line: Int) {
        self.title = title
        self.line = line
        eventCodes = []
        funnels = []
        prs = []
        broken = []
    }
}

public struct ImportedEventCode: Sendable, Equatable {
    public var name: String
    /// The link destination the page gives, whitespace removed (nil when the name is not a link).
    public var url: String?
    public var description: String?
}

/// A link of a definition's source of truth, `[Looker](url) (see: “Cody DAUs” chart)`.
public struct ImportedDashboard: Sendable, Equatable {
    public var title: String
    public var url: String
    /// The chart the text names right after the link, if it names one.
    public var chart: String?
}

public struct ImportedFunnel: Sendable, Equatable {
    public var name: String
    /// Ordered steps, each one or more alternative event names.
    public var steps: [[String]]
}

/// One range of `**Version(s) broken:**`, every part exactly as the page gives it.
public struct ImportedRange: Sendable, Equatable {
    public var from: String
    /// nil: still broken ("3.36+", "3.36 and later").
    public var through: String?
    public var reason: String?
    public var fix: String?
}
