import Foundation
import Testing
@testable import TallyCore

/// The project's own definitions/: the seeds, translated faithfully.
@Suite struct ProjectDefinitionsTests {
    /// Every ping of the seeds' Code Insights page, by its heading.
    static let codeInsightsPings = [
        "Additions count, edits count, and removals count",
        "Hovers count",
        "UI customizations count",
        "Data point clicks count",
        "Page views count",
        "Unique page views count",
        "In-product landing page events (hover, data points click, template section clicks)",
        "Org-visible insights count (Total)",
        "First time insight creators count",
        "Total count of insights grouped by step size (days)",
        "Code Insights View/Click Creation Funnels",
        "View series counts",
        "Series counts",
        "View counts",
        "Total orgs with dashboards",
        "Total dashboard count",
        "Insights per dashboard",
    ]

    static let result = Compiler.check(ProjectReader(root: TestFiles.repositoryRoot).read())

    @Test func projectChecksWithoutErrors() {
        let rendered = DiagnosticRenderer(format: .human, sources: Self.result.texts)
            .render(Self.result.diagnostics.sorted().filter { $0.severity == .error })
        #expect(rendered == "")
    }

    @Test func everyCodeInsightsPingIsDefined() throws {
        let catalog = try #require(Self.result.catalog)
        let titles = catalog.definitions.filter { $0.group == "code_insights" }.map(\.title.value)
        #expect(titles.sorted() == Self.codeInsightsPings.sorted())
        for definition in catalog.definitions where definition.group == "code_insights" {
            #expect(definition.kind.value == .ping)
            #expect(definition.type != nil && definition.added != nil, "\(definition.id.value) lacks type or added")
        }
    }

    /// The list above is the seeds page's own; and the tests' copy of that page is the seeds' file, byte for byte,
    /// whenever the seeds are beside the repository.
    @Test func listMatchesTheSeedsPage() throws {
        let text = try String(contentsOf: TestFiles.seedPingsPage, encoding: .utf8)
        #expect(text.hasPrefix("# Code Insights Pings"))
        let headings = text.split(separator: "\n").filter { $0.hasPrefix("### ") }
            .map { String($0.dropFirst(4)).trimmingWhitespace() }
        #expect(headings == Self.codeInsightsPings)
        if let shared = FileManager.default.contents(atPath: TestFiles.sharedSeedPingsPage.path) {
            #expect(shared == FileManager.default.contents(atPath: TestFiles.seedPingsPage.path))
        }
    }

    @Test func theSeedsBrokenRangesAreKeptWithTheirWarnings() {
        let warnings = Self.result.diagnostics.sorted().filter { $0.severity == .warning }
            .map { "\($0.code.rawValue) \($0.span.file)" }
        #expect(warnings == [
            "V007 definitions/code_insights/first_time_insight_creators_count.yaml",
            "V006 definitions/code_insights/insights_by_step_size.yaml",
        ])
    }
}
