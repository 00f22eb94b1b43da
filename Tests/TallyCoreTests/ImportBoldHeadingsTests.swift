import Foundation
import Testing
@testable import TallyCore

/// `tally import` of pages that head each definition by a bold line over field bullets, and of pages that start at
/// a `##` heading: the layout of the seeds' Cody metrics page (Fixtures/seeds/cody_metrics.md).
@Suite struct ImportBoldHeadingsTests {
    static let codyPage = TestFiles.seedCodyPage

    static func parse(_ text: String) throws -> ImportedPage {
        try PageParser.parse(Array(text.utf8), path: "page.md")
    }

    /// The copy is the seeds' page, byte for byte, whenever the seeds are beside the repository.
    @Test func copyIsTheSeedsPage() throws {
        let copy = try #require(FileManager.default.contents(atPath: Self.codyPage.path))
        #expect(String(decoding: copy, as: UTF8.self).hasPrefix("## Cody Data and Analytics\n"))
        if let shared = FileManager.default.contents(atPath: TestFiles.sharedSeedCodyPage.path) {
            #expect(shared == copy)
        }
    }

    @Test func theCodyPageGivesItsThreeMetrics() throws {
        let result = try ImportStylesTests.plan(Self.codyPage, group: "cody")
        let page = result.page
        #expect(page.title == "Cody Data and Analytics")
        #expect(page.kind == .ping, "the title does not say metrics")
        #expect(page.pings.map(\.title) == ["Cody Installs", "Cody DAUs", "Retention"])
        #expect(page.pings.map(page.kind(of:)) == [.metric, .metric, .metric], "each says 'Metric:'")
        #expect(page.pings.map(\.line) == [3, 9, 15])
        #expect(page.pings[1].definition == "The number of active users of Cody each day. A Cody user is defined as "
                    + "any user that fires any Cody event.")
        #expect(page.pings[1].purpose == "Tracking DAU over time show the consistent engagement users have with Cody")
        #expect(page.pings[0].sourceDescription == "This data is logged by eventlogger, and accessed via "
                    + "[Looker](https://sourcegraph.looker.com/dashboards/476?Server+Endpoint=) (see: “Cody Installs "
                    + "(all users)” chart)")
        #expect(page.pings.map { $0.dashboards.map(\.chart) } == [
            ["Cody Installs (all users)"], ["Cody DAUs"], ["Cody Day 1 Vs Day 7 Retention"],
        ])
        for ping in page.pings {
            #expect(ping.dashboards.map(\.title) == ["Looker"])
            #expect(ping.dashboards.map(\.url) == ["https://sourcegraph.looker.com/dashboards/476?Server+Endpoint="])
        }
        // Only the section after the metrics is left out, at its first line.
        #expect(page.warnings.map(\.span.start.line) == [22])
        #expect(page.warnings.first?.message.contains("'## Data Capture Mechanisms'") == true)
    }

    /// The imported files decode once their TODOs are filled in, with the source of truth and its dashboard.
    @Test func theImportedMetricsCheck() throws {
        let root = try ImportTests.projectCopy()
        defer { try? FileManager.default.removeItem(at: root) }
        let run = try CLITests.run(["import", Self.codyPage.path, "--group", "cody", "--project", root.path])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("tally import: wrote 4 files to definitions/cody/ (3 metrics and group.yaml)"))
        // The page has no text under its title: the group's introduction is a TODO, given a value here.
        let group = root.appendingPathComponent("definitions/cody/group.yaml")
        let groupText = try String(contentsOf: group, encoding: .utf8)
        #expect(groupText.contains("\nintroduction:\n"))
        try Data(groupText.replacing("\nintroduction:\n", with: "\nintroduction: Cody.\n").utf8).write(to: group)
        let catalog = try ImportStylesTests.filledCatalog(root, group: "cody")
        let daus = try #require(catalog.definition("cody_daus"))
        #expect(daus.kind.value == .metric && daus.type == nil)
        #expect(daus.source.description?.hasPrefix("This data is logged by eventlogger") == true)
        #expect(daus.source.dashboards.map(\.chart) == ["Cody DAUs"])
        #expect(catalog.groups["cody"]?.title.value == "Cody Data and Analytics")
    }

    @Test func oneImportedMetricAsWritten() throws {
        let result = try ImportStylesTests.plan(Self.codyPage, group: "cody")
        let file = try #require(result.files.first { $0.path == "definitions/cody/cody_installs.yaml" })
        let expectedURL = ImportStylesTests.expected.appendingPathComponent("cody__cody_installs.yaml")
        if TestFiles.updating {
            try Data(file.text.utf8).write(to: expectedURL)
            Issue.record("updated \(expectedURL.lastPathComponent); rerun without TALLY_UPDATE_EXPECTED")
            return
        }
        #expect(file.text == (try String(contentsOf: expectedURL, encoding: .utf8)))
    }

    // MARK: Headings

    /// Without a `# ` heading, the first heading is the title, later ones of its level are sections and the level
    /// under it holds pings.
    @Test func aPageThatStartsAtADeeperHeadingTakesItAsItsTitle() throws {
        let page = try Self.parse("""
            ## **Search** pings

            What search logs.

            ### Searches

            **Type:** BE capture

            ## More

            - **Hovers:** hovers counted
            """)
        #expect(page.title == "**Search** pings", "emphasis on part of a heading is kept")
        #expect(page.introduction == "What search logs.")
        #expect(page.pings.map(\.title) == ["Searches", "Hovers"])
        #expect(page.pings.first?.type == .backendCapture)
        #expect(try Self.parse("## **Looker**\n\n- Dashboards\n").title == "Looker", "a heading bold as a whole")
        // A `# ` anywhere still makes it the title, which must come first.
        #expect(throws: ImportFailure.self) { try Self.parse("## Cody\n\n# Pings\n\n### A\n") }
        // A heading above the first one's level: no title level can be chosen.
        #expect(throws: ImportFailure.self) { try Self.parse("### Cody\n\n## Pings\n\n- A\n") }
    }

    /// A bold line heads a definition only over the fields tally import knows; over anything else it is text.
    @Test func aBoldLineHeadsADefinitionOnlyOverFields() throws {
        let page = try Self.parse("""
            # Metrics

            **Ping: Searches**

            - Definition: Searches run.
            - **Why this ping:** To count them.
              Over two lines.
            - **Aggregation:** by week
            - **Definition:** a second one

            **Company level metrics**

            - [Monthly users](https://example.com/looks/1)

            ## How to write one

            ```
            **Metric: In a fence**

            - **Definition:** not read
            ```
            """)
        #expect(page.kind == .metric)
        #expect(page.pings.map(\.title) == ["Searches"])
        #expect(page.pings.map(page.kind(of:)) == [.ping])
        let searches = page.pings[0]
        #expect(searches.definition == "Searches run.")
        #expect(searches.purpose == "To count them. Over two lines.")
        #expect(searches.grain == .week)
        let messages = page.warnings.map { "\($0.span.start.line): \($0.message)" }
        #expect(messages.contains("9: 'definition' is given twice in ping 'Searches'; this one is not imported"))
        // The bold line over links is text of the ping above it, and its bullet no field: both are reported.
        #expect(messages.contains { $0.hasPrefix("11: text outside") }, "\(messages)")
        #expect(messages.contains { $0.hasPrefix("13: a bullet that is not '- Key: value'") }, "\(messages)")
        // The fenced example is one paragraph of its section, not a definition.
        #expect(messages.contains { $0.hasPrefix("17: text under '## How to write one' is not imported") }, "\(messages)")
        #expect(messages.count == 4, "\(messages)")

        // In a list of definitions, fenced bullets are no definitions either.
        let list = try Self.parse("# Pings\n\n## Counts\n\n- Hovers\n\n```\n- Not one\n```\n\n- Clicks\n")
        #expect(list.pings.map(\.title) == ["Hovers", "Clicks"])
        #expect(list.warnings.map { "\($0.span.start.line): \($0.message)" }
                    == ["7: fenced code in '## Counts' is not imported"])
    }

    @Test func aSourceOfTruthLabelGivesItsLinksAsDashboards() throws {
        let page = try Self.parse("""
            # Pings

            ### Searches

            **Source of truth:** [Looker](https://looker.example/dashboards/1) (see the "Searches" chart) and
            [Redash](https://redash.example/q/2) (query 2)
            """)
        let ping = try #require(page.pings.first)
        #expect(ping.dashboards == [
            ImportedDashboard(title: "Looker", url: "https://looker.example/dashboards/1", chart: "Searches"),
            ImportedDashboard(title: "Redash", url: "https://redash.example/q/2", chart: nil),
        ])
        let file = ImportRenderer.definition(ping, kind: .ping, eventCodeTemplate: "", sources: []).text
        #expect(file.contains("""
              dashboards:
                - title: Looker
                  url: "https://looker.example/dashboards/1"
                  chart: Searches
                - title: Redash
                  url: "https://redash.example/q/2"

            """))
    }

    // MARK: What a review found

    static func said(_ page: ImportedPage) -> [String] {
        page.warnings.map { "\($0.span.start.line): \($0.message)" }
    }

    /// The other ways pages write the bold line: a colon, the kind as a label, `__`, and `**Label:**` paragraphs
    /// instead of bullets. Each is one definition, never one titled "Definition".
    @Test func everyFormOfTheBoldLineHeadsItsDefinition() throws {
        let page = try Self.parse("""
            ## Cody

            **Metric: Cody Installs**

            - **Definition:** Installs.

            **Cody DAUs:**

            - **Definition:** Active users.
            - *Why this metric:* Engagement.

            **Metric:** Cody WAUs

            - __Definition:__ Weekly users.

            __Ping: Cody opened__
            **Definition:** Fired when opened.
            **Aggregation:** by day
            """)
        #expect(page.pings.map(\.title) == ["Cody Installs", "Cody DAUs", "Cody WAUs", "Cody opened"])
        #expect(page.pings.map(page.kind(of:)) == [.metric, .ping, .metric, .ping])
        #expect(page.pings.map(\.definition) == ["Installs.", "Active users.", "Weekly users.", "Fired when opened."])
        #expect(page.pings[1].purpose == "Engagement.", "not the installs' rationale")
        #expect(page.pings[3].grain == .day, "a key the bullets hold, written as a label")
        #expect(page.warnings.isEmpty, "\(Self.said(page))")

        // A field with nothing to name its definition is said so, not made a definition titled "Definition"; a
        // list of data fields may still name one 'source'.
        let list = try Self.parse("""
            # Cody Pro metrics

            ### Data fields

            - **date**: The reference date.
            - **source**: Where the subscription came from.

            ## Loose

            - **Definition:** Active users.
            """)
        #expect(list.pings.map(\.title) == ["Date", "Source"])
        #expect(Self.said(list) == ["10: 'Definition' is a field of a definition, but nothing names the definition: put "
                                        + "a '### Title' heading or a bold line such as '**Metric: Title**' above its "
                                        + "bullets; not imported"])
    }

    /// Fenced code is shown, not read: in a ping section, in a bold-headed definition, and before the list of a
    /// page without sections.
    @Test func fencedCodeIsNeverRead() throws {
        let ping = try Self.parse("""
            # Pings

            ### Insight creation

            **Type:** FE event

            **Intended purpose:** Track creations.

            ~~~~
            ```
            **Other considerations:** example only
            - Aggregation: By week
            ```
            ~~~~

            - Event Code: [RealEvent](https://example.com/x)
            """)
        let creation = try #require(ping.pings.first)
        #expect(creation.purpose == "Track creations.")
        #expect(creation.considerations == nil && creation.grain == nil)
        #expect(creation.eventCodes.map(\.name) == ["RealEvent"])
        #expect(Self.said(ping) == ["9: fenced code in ping 'Insight creation' is not imported"])

        let loose = try Self.parse("# Title\nIntro\n```\n- not a definition\n```\n- Real metric A\n- Real metric B\n")
        #expect(loose.pings.map(\.title) == ["Real metric A", "Real metric B"])
    }

    @Test func linksThatAreNoDashboardsAreSaidAndKeptInTheDescription() throws {
        let page = try Self.parse("""
            ## Cody metrics

            **Metric: Cody DAUs**

            - **Definition:** Active users.
            - **Source of truth:** see [the pings doc](../pings.md), [](https://x.example/3) and [Amp](https://x.example/2) (see the “DAUs” and “WAUs” charts), [Amp 2](https://x.example/4) (chart: "Daily") and [Amp 3](https://x.example/5) (see: Cody's 'DAU' chart)
            """)
        let daus = try #require(page.pings.first)
        #expect(daus.sourceDescription?.contains("../pings.md") == true)
        #expect(daus.dashboards.map(\.title) == ["x.example", "Amp", "Amp 2", "Amp 3"])
        #expect(daus.dashboards.map(\.chart) == [nil, "DAUs", "Daily", "DAU"])
        #expect(Self.said(page) == ["6: the link '../pings.md' of the source of truth is no http(s) URL: kept in its "
                                        + "description, not made a dashboard"])
    }

    @Test func aBoldTermInTheGlossaryIsATerm() throws {
        let page = try Self.parse("# Cody metrics\n\n## Terminology\n\n**DAU**\n- **Definition:** a daily active user\n"
                                      + "- **WAU** - a weekly one\n\n## Metrics\n\n- Searches\n")
        #expect(page.terminology == [ImportedTerm(term: "DAU", definition: "a daily active user"),
                                     ImportedTerm(term: "WAU", definition: "a weekly one")])
        #expect(page.pings.map(\.title) == ["Searches"])
    }

    @Test func aTitleAfterTheStartOfThePageIsSaidWhereItIs() throws {
        do {
            _ = try Self.parse("## Cody\n\nIntro text.\n\n# Cody metrics\n\n- DAUs\n")
            Issue.record("a page whose '# ' title comes late was read")
        } catch {
            #expect((error as? ImportFailure)?.description == "page.md:5:1: error[I001]: the page's title, '# Cody metrics', must open the "
                        + "page; the page starts at line 1 instead")
        }
        #expect(try Self.parse("# Pings\n\n### __init__\n\n**Type:** BE capture\n").pings.first?.title == "__init__")
    }

    /// A warning names a metric as a metric: by the page's title, or by its own bold line.
    @Test func warningsNameTheKindOfTheDefinition() throws {
        let page = try Self.parse("# Search metrics\n\n### Weekly searches\n\n**Definition:** Searches.\n- Not a key\n\n"
                                      + "## Pings\n\n**Ping: Opened**\n\n- **Definition:** Opened.\n- Not one either\n")
        #expect(Self.said(page) == [
            "6: a bullet that is not '- Key: value' in metric 'Weekly searches'; not imported",
            "13: a bullet that is not '- Key: value' in ping 'Opened'; not imported",
        ])
    }

    /// A bold line that heads nothing: a sub-heading inside a `###` ping over its own keys, and a table's name over
    /// its columns, one of them named 'source'. Before the review these split the ping and swallowed the list.
    @Test func aBoldLineOverKeysOrDataFieldsHeadsNothing() throws {
        let page = try Self.parse("""
            # Code Insights pings

            ### Insight creation

            **Type:** FE event

            **Intended purpose:** Count creations.

            **Version history**

            - Version added: 3.31
            - Aggregation: weekly

            ## Tables

            **Subscriptions table**

            - **date**: The reference date.
            - **source**: Where the subscription came from.

            ## Glossary

            ```
            **DAU**
            - **Definition:** not a term
            ```
            """)
        #expect(page.pings.map(\.title) == ["Insight creation", "Date", "Source"])
        let creation = page.pings[0]
        #expect(creation.added == "3.31" && creation.grain == .week)
        #expect(page.terminology.isEmpty, "fenced code is no term")
        #expect(Self.said(page).contains("23: fenced code in the terminology is not imported"), "\(Self.said(page))")
        // A bold line that says what it is heads a definition even in a ping's section, over any key.
        let said = try Self.parse("# Pings\n\n### Hovers\n\n**Type:** FE event\n\n**Ping: Clicks**\n\n- Aggregation: weekly\n")
        #expect(said.pings.map(\.title) == ["Hovers", "Clicks"])
        #expect(said.pings[1].grain == .week)
    }

    /// What tally check would refuse in a page's links is said or mended on import: '#0' is no pull request, and
    /// a GitHub link written http:// is written https://.
    @Test func pullRequestLinksAreImportedAsCheckWantsThem() throws {
        let page = try Self.parse("""
            # Search pings

            ### Searches

            **Type:** BE capture

            - PRs: #0, http://github.com/sourcegraph/sourcegraph/pull/12, #13
            - Version(s) broken: 3.31-3.32 (x) ([fix PR](http://github.com/sourcegraph/sourcegraph/pull/14))
            """)
        let searches = try #require(page.pings.first)
        #expect(searches.prs == ["https://github.com/sourcegraph/sourcegraph/pull/12", "#13"])
        #expect(searches.broken.first?.fix == "https://github.com/sourcegraph/sourcegraph/pull/14")
        #expect(Self.said(page) == ["7: '#0' is no pull request (a number does not start with 0); not imported"])
    }

    /// This file's warnings, whole: code, line:column and message, as `tally import` prints them.
    @Test func theNewWarningsArePinnedWhole() throws {
        let page = try Self.parse("""
            # Cody metrics

            ## Terminology

            ```
            - **DAU** - a day
            ```

            ## Metrics

            **Metric: Cody DAUs**

            - **Definition:** Active users.
            - **Definition:** Again.
            - **Source of truth:** [the doc](../pings.md)
            - PRs: #0

            ## Loose

            - **Why this metric:** Nobody says whose.

            ```
            - Not one
            ```
            """)
        // Sorted, as the command prints them.
        let rendered = DiagnosticRenderer(format: .human, sources: [:]).render(page.warnings.sorted())
            .split(separator: "\n").map(String.init)
        #expect(rendered == [
            "page.md:5:1: warning[I002]: fenced code in the terminology is not imported",
            "page.md:14:1: warning[I002]: 'definition' is given twice in metric 'Cody DAUs'; this one is not imported",
            "page.md:15:1: warning[I002]: the link '../pings.md' of the source of truth is no http(s) URL: kept in its "
                + "description, not made a dashboard",
            "page.md:16:1: warning[I002]: '#0' is no pull request (a number does not start with 0); not imported",
            "page.md:20:1: warning[I002]: 'Why this metric' is a field of a definition, but nothing names the definition: "
                + "put a '### Title' heading or a bold line such as '**Metric: Title**' above its bullets; not imported",
            "page.md:22:1: warning[I002]: fenced code in '## Loose' is not imported",
        ], "\(rendered)")
    }
}
