import Foundation
import Testing
@testable import TallyCore

/// The Markdown docs: the Code Insights page of the code_insights reference project (the seeds' pings page as
/// translated) carries every fact of the seeds' pings page, text from definitions cannot break out of its place,
/// and the output is the same bytes every run. ReferenceProjectTests pins every byte of the docs.
@Suite struct DocsTests {
    static let result = Compiler.check(ProjectReader(root: TestFiles.referenceProject("code_insights")).read())
    static let features = Compiler.check(ProjectReader(root: TestFiles.referenceProject("features")).read())

    static func files(_ catalog: CheckedCatalog) -> [String: String] {
        Dictionary(MarkdownEmitter(catalog: catalog).files().map { ($0.path, $0.contents) }) { first, _ in first }
    }

    // MARK: - The seeds' pings page

    /// One `###` section of the seeds' Code Insights pings page, as facts.
    struct SeedPing {
        var title = ""
        /// ("Type", "FE event"), ("Intended purpose", ...): the labelled paragraphs that have a value.
        var labelled: [(String, String)] = []
        var aggregation: String?
        var eventCodes: [String] = []
        var eventDescriptions: [String] = []
        /// Funnel name, then its "(1) [Name]" steps.
        var funnels: [(String, [String])] = []
        var prs: [String] = []
        var added: String?
        var broken: [(range: String, reason: String?, fix: String?)] = []
    }

    static let seedURL = TestFiles.seedPingsPage

    /// Splits a Markdown page at its `###` headings: title → the section's text (heading included).
    static func sections(_ page: String) -> [(title: String, text: String)] {
        var sections: [(title: String, text: String)] = []
        for line in page.components(separatedBy: "\n") {
            if line.hasPrefix("### ") {
                sections.append((String(line.dropFirst(4)), line + "\n"))
            } else if !sections.isEmpty {
                sections[sections.count - 1].text += line + "\n"
            }
        }
        return sections
    }

    static func parseSeed(_ page: String) -> [SeedPing] {
        sections(page).map { title, text in
            var ping = SeedPing(title: normalized(title))
            // Commented-out lines (<!-- - **Known versions broken:** N/A -->) are not facts of the page.
            let lines = text.components(separatedBy: "\n").filter { !$0.hasPrefix("<!--") }
            for label in ["Type", "Intended purpose", "Functional implementation", "Other considerations"] {
                if let line = lines.first(where: { $0.hasPrefix("**\(label):**") }) {
                    let value = normalized(String(line.dropFirst(label.count + 5)))
                    if !value.isEmpty { ping.labelled.append((label, value)) }
                }
            }
            if let line = lines.first(where: { $0.hasPrefix("- Aggregation:") }) {
                ping.aggregation = normalized(String(line.dropFirst("- Aggregation:".count)))
            }
            // The Event Code item runs until the next top-level item; one of its links spans two lines.
            if let start = lines.firstIndex(where: { $0.hasPrefix("- Event Code") }) {
                var end = start + 1
                while end < lines.count, !lines[end].hasPrefix("- "), !lines[end].isEmpty { end += 1 }
                let item = lines[start..<end].joined(separator: "\n")
                ping.eventCodes = item.matches(of: /\[([^\]]+)\]\(/).map { String($0.output.1) }
                for line in lines[(start + 1)..<end] {
                    if let funnel = line.firstMatch(of: /For the "([^"]+)" funnel:(.*)/) {
                        let steps = String(funnel.output.2).matches(of: /\((\d+(?:\.\d+)?)\) \[([^\]]+)\]/).map {
                            "(\($0.output.1)) [\($0.output.2)]"
                        }
                        ping.funnels.append((String(funnel.output.1), steps))
                    } else if let code = line.firstMatch(of: /^\s*- \[[^\]]+\]\([^)]*\)\s*(.+)$/) {
                        ping.eventDescriptions.append(normalized(String(code.output.1)))
                    }
                }
            }
            if let line = lines.first(where: { $0.hasPrefix("- PRs:") }) {
                ping.prs = line.matches(of: /#(\d+)/).map { String($0.output.1) }
            }
            if let line = lines.first(where: { $0.lowercased().hasPrefix("- **version added:**") }) {
                ping.added = normalized(String(line.dropFirst("- **version added:**".count)))
            }
            if let line = lines.first(where: { $0.hasPrefix("- **Version(s) broken:**") }) {
                let ranges = /(\d+\.\d+(?:\.\d+)?(?:-\d+\.\d+(?:\.\d+)?)?)\s*(?:\(([^()\[\]]*)\))?\s*(?:\(?\[fix PR\]\(([^)\s]+)\)\)?)?/
                for match in line.matches(of: ranges) {
                    let fix = match.output.3.flatMap {
                        PullRequestLink.number(in: String($0), template: "https://github.com/sourcegraph/sourcegraph/pull/{number}")
                    }
                    ping.broken.append((String(match.output.1), match.output.2.map { normalized(String($0)) }, fix))
                }
            }
            return ping
        }
    }

    /// Whitespace collapsed, bold markers, backslash escapes and the entities tally writes removed.
    static func normalized(_ text: String) -> String {
        var text = text.replacingOccurrences(of: "**", with: "")
        text = text.replacing(/\\([!-\/:-@\[-`{-~])/) { String($0.output.1) }
        text = text.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&amp;", with: "&")
        return text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    @Test func codeInsightsPageCarriesEveryFactOfTheSeedPingsPage() throws {
        let seed = try String(contentsOf: Self.seedURL, encoding: .utf8)
        let pings = Self.parseSeed(seed)
        // The page as parsed: 17 pings, each with an aggregation and a version; 8 broken ranges, 7 of them with
        // a reason and 7 with a fix; 3 funnels; 8 described event codes.
        #expect(pings.count == 17)
        #expect(pings.allSatisfy { $0.aggregation != nil && $0.added != nil })
        let ranges = pings.flatMap(\.broken)
        #expect(ranges.count == 8 && ranges.filter { $0.reason != nil }.count == 7
                && ranges.filter { $0.fix != nil }.count == 7)
        #expect(pings.flatMap(\.funnels).count == 3 && pings.flatMap(\.eventDescriptions).count == 8)
        let catalog = try #require(Self.result.checked)
        let page = try #require(Self.files(catalog)["docs/code_insights.md"])
        let generated = Dictionary(Self.sections(page).map { (Self.normalized($0.title), $0.text) }) { a, _ in a }

        for ping in pings {
            guard let text = generated[ping.title] else {
                Issue.record("no section titled \"\(ping.title)\" in docs/code_insights.md")
                continue
            }
            let section = Self.normalized(text)
            func expectFact(_ fact: String, _ comment: String = "") {
                #expect(section.contains(Self.normalized(fact)), "\(ping.title): missing \"\(fact)\" \(comment)")
            }
            #expect(!ping.labelled.isEmpty && ping.eventCodes.count >= 1, "\(ping.title): the seed was not parsed")
            for (label, value) in ping.labelled {
                // The page writes "FE events" once, for a section about several events: the type is FE event.
                if label == "Type" && value.hasSuffix("s") && !section.contains("Type: \(value)") {
                    expectFact("Type: " + value.dropLast())
                } else {
                    expectFact("\(label): \(value)")
                }
            }
            if let aggregation = ping.aggregation {
                // "total time, by insight type" is the page's wording for a total grouped by insight type.
                let period = aggregation.split(separator: ",")[0].replacingOccurrences(of: " time", with: "")
                expectFact("Aggregation: \(period)")
            }
            for code in ping.eventCodes { expectFact("[\(code)](") }
            for description in ping.eventDescriptions { expectFact(description) }
            for (funnel, steps) in ping.funnels {
                let line = text.components(separatedBy: "\n").first { $0.contains("For the \"\(funnel)\" funnel:") }
                let generatedLine = Self.normalized(line ?? "")
                #expect(line != nil, "\(ping.title): no line for the \"\(funnel)\" funnel")
                for step in steps {
                    #expect(generatedLine.contains(step), "\(ping.title): \(funnel) funnel lacks \(step)")
                }
            }
            for pr in ping.prs { expectFact("[#\(pr)](") }
            if let added = ping.added {
                #expect(section.lowercased().contains("version added: \(added.lowercased())"),
                        "\(ping.title): Version Added \(added)")
            }
            let brokenLine = Self.normalized(text.components(separatedBy: "\n")
                .first { $0.hasPrefix("- **Version(s) broken:**") } ?? "")
            #expect(ping.broken.isEmpty == brokenLine.isEmpty, "\(ping.title): broken ranges present on one side only")
            for range in ping.broken {
                #expect(brokenLine.contains(range.range), "\(ping.title): broken range \(range.range)")
                if let reason = range.reason {
                    #expect(brokenLine.contains("\(range.range) (\(reason))"), "\(ping.title): reason \(reason)")
                }
                if let fix = range.fix {
                    #expect(brokenLine.contains("pull/\(fix)"), "\(ping.title): fix PR \(fix)")
                }
            }
        }
    }

    @Test func everyDefinitionSectionNamesItsViews() throws {
        let catalog = try #require(Self.result.checked)
        let files = Self.files(catalog)
        for definition in catalog.catalog.definitions {
            let page = try #require(files["docs/\(definition.group).md"])
            let section = try #require(Self.sections(page).first { Self.normalized($0.title) == definition.title.value })
            for dialect in catalog.settings.dialects {
                let path = "sql/\(dialect.rawValue)/\(definition.group)/\(definition.id.value).sql"
                #expect(section.text.contains("[`\(path)`](../\(path))"), "\(definition.id.value): \(path)")
            }
        }
    }

    /// A ping's fields are its source's columns: each source has a section with its table, the roles of its
    /// columns, and every column with its type, classification, default and description, JSON fields too.
    @Test func sourcesPageDescribesEveryColumn() throws {
        let catalog = try #require(Self.features.checked)
        let page = try #require(MarkdownEmitter(catalog: catalog).files().first { $0.path == "docs/sources.md" }).contents
        for source in catalog.catalog.sources.values {
            #expect(page.contains("\n## " + MarkdownText.heading(source.name) + "\n"), "\(source.name)")
            for column in source.columns {
                #expect(page.contains("| `\(column.name.value)` | \(column.type.value.rawValue) | \(column.classification.value.rawValue) |"),
                        "\(source.name).\(column.name.value)")
                if let description = column.description {
                    #expect(page.contains(MarkdownText.prose(description, inTable: true)), "\(source.name).\(column.name.value)")
                }
                for field in column.fields { #expect(page.contains("`\(field.name.value)` (\(field.classification.value.rawValue)")) }
            }
        }
        #expect(page.contains("- People: registered `account_id`, anonymous `device_id`"), "roles are said")
        let index = try #require(MarkdownEmitter(catalog: catalog).files().first { $0.path == "docs/README.md" }).contents
        #expect(index.contains("[sources.md](sources.md)"))
    }

    @Test func filesAndHeaders() throws {
        let catalog = try #require(Self.features.checked)
        let files = MarkdownEmitter(catalog: catalog).files()
        let pages = catalog.catalog.groups.keys.map { "docs/\($0).md" }
        #expect(files.map(\.path).sorted() == (["docs/README.md", "docs/versions.md", "docs/sources.md"] + pages).sorted())
        for file in files {
            #expect(file.contents.hasPrefix("<!-- Generated by tally from "), "\(file.path)")
            #expect(file.contents.contains("Do not edit"), "\(file.path)")
            #expect(file.contents.hasSuffix("\n") && !file.contents.hasSuffix("\n\n"), "\(file.path)")
        }
        let billing = try #require(files.first { $0.path == "docs/billing.md" }).contents
        #expect(billing.hasPrefix("""
            <!-- Generated by tally from 7 definition files and 1 group.yaml file. Do not edit: change the definitions and run `tally build`.
              definitions/billing/group.yaml
              definitions/billing/large_team_days.yaml
              definitions/billing/paid_plans_up_to_twenty.yaml
              definitions/billing/plans_on_sale.yaml
            """))
    }

    /// A header counts its sources by kind; a project without definitions makes files from none, which must not
    /// crash (its views.sql is made of nothing).
    @Test func headersCountSourcesByKind() {
        #expect(GeneratedHeader.counted([]) == "0 definition files")
        #expect(GeneratedHeader.counted(["definitions/a/x.yaml", "definitions/a/y.yaml"]) == "2 definition files")
        #expect(GeneratedHeader.counted(["definitions/a/group.yaml", "definitions/a/x.yaml"])
                == "1 definition file and 1 group.yaml file")
        #expect(GeneratedHeader.counted(["tally.yaml", "definitions/sources/e.yaml", "definitions/a/x.yaml",
                                         "definitions/a/group.yaml"])
                == "tally.yaml, 1 definition file, 1 group.yaml file and 1 source file")
        #expect(GeneratedHeader.lines(from: [])[0].hasPrefix("Generated by tally from 0 definition files."))
    }

    @Test func indexLinksEverySectionAndVersionsShowReleaseByRelease() throws {
        let catalog = try #require(Self.result.checked)
        let files = Self.files(catalog)
        let index = try #require(files["docs/README.md"])
        #expect(index.contains("| [Page views count](code_insights.md#page-views-count) | ping | FE event | 3.25 | "
                               + "3.25-3.26, 3.30 | [code\\_insights.md](code_insights.md) |"))
        #expect(index.contains("[Org-visible insights count (Total)](code_insights.md#org-visible-insights-count-total)"))
        #expect(index.components(separatedBy: "\n").filter { $0.hasPrefix("| [") }.count == catalog.catalog.definitions.count)
        let featuresCatalog = try #require(Self.features.checked)
        let features = try #require(Self.files(featuresCatalog)["docs/README.md"])
        #expect(features.contains("[Seats per daily account](billing.md#seats-per-daily-account) | metric |"))
        #expect(features.contains("[Search retention](usage.md#search-retention)"))

        let versions = try #require(files["docs/versions.md"])
        let rows = versions.components(separatedBy: "\n").filter { $0.hasPrefix("| ") }
        func row(_ label: String) -> String { rows.first { $0.hasPrefix("| \(label) |") } ?? "" }
        #expect(row("3.25.0 – 3.26.x").contains("[Page views count]"))
        #expect(!row("3.25.0 – 3.26.x").split(separator: "|")[1].contains("Additions"))
        #expect(row("3.27.0 – 3.28.x").contains("| none |"))
        #expect(row("3.30.x").contains("[Unique page views count]"))
        #expect(row("3.31.0 – 3.33.x").contains("[Additions count, edits count, and removals count]"))
        #expect(row("3.34.0 – 3.35.0").contains("[Org-visible insights count (Total)]"))
        #expect(row("3.35.1 – 3.36.x").contains("| none |"))
        #expect(row("3.38.0 – 5.5.0").contains("[Total dashboard count]"))
        #expect(versions.contains("| 3.30 | broken when switching to dashboard pages, didn't track dashboard views | "
                                  + "[#24129](https://github.com/sourcegraph/sourcegraph/pull/24129/files) |"))
    }

    /// The rows each definition is listed in as broken, found by binary search, are exactly the rows whose first
    /// release its ranges cover, on random ranges (open, one release, whole series) over many definitions.
    @Test func eachRowListsExactlyTheDefinitionsBrokenInIt() throws {
        var random = SeededGenerator(seed: 0x5EED)
        var files = CorpusTests.base
        func version() -> String {
            let minor = Int.random(in: 20...40, using: &random)
            return Bool.random(using: &random) ? "3.\(minor)" : "3.\(minor).\(Int.random(in: 0...2, using: &random))"
        }
        for index in 0..<60 {
            var ranges: [String] = []
            var floor = 20
            for _ in 0..<Int.random(in: 0...3, using: &random) {
                // Disjoint and in order, as validation wants them: each starts past the last one's series.
                let from = Int.random(in: floor...floor + 4, using: &random)
                let through = Int.random(in: from...from + 3, using: &random)
                floor = through + 1
                let patch = Bool.random(using: &random) ? ".\(Int.random(in: 0...1, using: &random))" : ""
                ranges.append(Int.random(in: 0..<4, using: &random) == 0 && floor > 35
                              ? "{from: \"3.\(from)\(patch)\", reason: open}"
                              : "{from: \"3.\(from)\", through: \"3.\(through)\(patch)\", reason: closed}")
                if ranges.last!.contains("open") { break }
            }
            files["definitions/corpus/d\(index).yaml"] = Array((DiffTests.ping.replacingOccurrences(of: "Hovers count",
                                                                                                  with: "Hovers \(index)")
                .replacingOccurrences(of: "added: \"3.25\"", with: "added: \"\(version())\"")
                + (ranges.isEmpty ? "" : "broken: [" + ranges.joined(separator: ", ") + "]\n")).utf8)
        }
        let (result, text) = checkRendered(files)
        let catalog = try #require(result.catalog, "\(text)")
        #expect(catalog.definitions.filter { !$0.broken.isEmpty }.count > 20, "\(text)")
        let rows = VersionMatrix(catalog: catalog, links: DocsLinks(settings: catalog.settings),
                                 pages: DocsPages(catalog: catalog)).rows()
        #expect(rows.count > 10)
        let found = VersionMatrix.broken(in: rows, of: catalog.definitions)
        for (row, listed) in zip(rows, found) {
            let expected = catalog.definitions.filter { $0.broken.contains { $0.covers(row.start) } }
            #expect(listed.map(\.id.value) == expected.map(\.id.value), "\(row)")
        }
    }

    @Test func versionRowsAreCutWhereTheAnswerChanges() {
        func row(_ start: [Int], _ end: [Int]) -> String { VersionMatrix.label(.init(start: start, end: end)) }
        #expect(row([3, 25, 0], [3, 27, 0]) == "3.25.0 – 3.26.x")
        #expect(row([3, 30, 0], [3, 31, 0]) == "3.30.x")
        #expect(row([3, 35, 0], [3, 35, 1]) == "3.35.0")
        #expect(row([3, 34, 0], [3, 35, 1]) == "3.34.0 – 3.35.0")
        #expect(row([3, 0, 0], [4, 0, 0]) == "3.x")
        #expect(row([3, 38, 0], [4, 0, 0]) == "3.38.0 – 3.x")
    }

    // MARK: - Escaping

    static let hostileTitle = "Pipe | <script>alert(1)</script> [x](y)\nnext line"

    /// A project whose texts try to break out: a title with a pipe, HTML, a link and a line break (twice, so its
    /// anchor repeats), prose with raw HTML and code spans, a reason with a pipe.
    static let hostileProject: [String: String] = [
        "tally.yaml": """
            current_version: "5.5.0"
            repository: "https://github.com/sourcegraph/sourcegraph"
            dialects: [postgres, sqlite]
            links:
              event_code: "https://sourcegraph.com/search?q=%27{event}%27&patternType=literal"
              pull_request: "https://github.com/sourcegraph/sourcegraph/pull/{number}"
            """,
        "definitions/sources/event_logs.yaml": """
            table: event_logs
            description: One row per event.
            timestamp: timestamp
            event_name: name
            version: version
            identity: {user_id: user_id, anonymous_id: anonymous_user_id}
            columns:
              id: {type: integer, classification: public}
              name: {type: text, classification: public}
              user_id: {type: integer, classification: pseudonymous}
              anonymous_user_id: {type: text, classification: pseudonymous}
              version: {type: text, classification: public}
              timestamp: {type: timestamp, classification: public}
            """,
        "definitions/evil/group.yaml": """
            title: "Evil | <b>group</b> ##"
            introduction: |
              Intro with <script>alert(1)</script>, `a <b> & c`, `plain code`, & and [a link](https://example.com/a b).

              ## Pipe | <script>alert(1)</script> \\[x\\](y) next line
            terminology:
              - {term: "<i>term</i> | *x*", definition: "a <u>definition</u> with `code`"}
            """,
        "definitions/evil/evil_ping.yaml": """
            kind: ping
            title: "\(hostileTitle.replacingOccurrences(of: "\n", with: "\\n"))"
            type: frontend_event
            definition: "Counts <img src=x onerror=alert(1)> events | all of them."
            rationale: |
              Why: <script>alert(2)</script>
              and `x <y> | z` too.
            source: {table: event_logs, description: "See <a href='javascript:alert(3)'>here</a>."}
            events: [Evil]
            event_codes:
              - {name: Evil, description: "to track <script>alert(4)</script> | pipes"}
            measure: {aggregate: count, grain: week}
            prs: ["#12"]
            added: "3.25"
            broken:
              - {from: "3.26", through: "3.27", reason: "a | b <script>alert(5)</script>", fix: "#13"}
            """,
        "definitions/evil/evil_twin.yaml": """
            kind: metric
            title: "\(hostileTitle.replacingOccurrences(of: "\n", with: "\\n"))"
            definition: Same title, so its anchor gets -1.
            rationale: Anchors.
            source: {table: event_logs}
            events: [Evil]
            measure: {aggregate: count, grain: day}
            broken:
              - {from: "3.26", reason: "still | broken"}
            """,
    ]

    static func hostileCatalog() throws -> CheckedCatalog {
        let result = Compiler.check(ProjectFiles.fromMemory(hostileProject.mapValues { [UInt8]($0.utf8) }))
        let catalog = try #require(result.checked, "\(result.diagnostics.sorted())")
        try #require(catalog.views.count == 2, "\(result.diagnostics.sorted())")
        return catalog
    }

    /// The number of cell separators of a table row: pipes not escaped by a backslash.
    static func columnSeparators(_ line: String) -> Int {
        var count = 0
        var escaped = false
        for character in line {
            if character == "|" && !escaped { count += 1 }
            escaped = character == "\\" && !escaped
        }
        return count
    }

    @Test func hostileTextsRenderLiterallyAndKeepTablesIntact() throws {
        let files = Self.files(try Self.hostileCatalog())
        let page = try #require(files["docs/evil.md"])
        let literalTitle = #"Pipe \| &lt;script&gt;alert(1)&lt;/script&gt; \[x\](y) next line"#
        #expect(page.contains("\n### \(literalTitle)\n"))
        #expect(page.contains(##"# Evil \| &lt;b&gt;group&lt;/b&gt; \#\#"##))
        #expect(page.contains("- **&lt;i&gt;term&lt;/i&gt; \\| \\*x\\*** - a &lt;u&gt;definition&lt;/u&gt; with `code`"))
        // Prose keeps its Markdown: code spans stay code (as <code> when they hold <, > or &), links stay links.
        #expect(page.contains("Intro with &lt;script&gt;alert(1)&lt;/script&gt;, <code>a &lt;b&gt; &amp; c</code>, "
                              + "`plain code`, &amp; and [a link](https://example.com/a b)."))
        #expect(page.contains("**Intended purpose:** Why: &lt;script&gt;alert(2)&lt;/script&gt;\nand "
                              + "<code>x &lt;y&gt; \\| z</code> too."))
        #expect(page.contains("[Evil](https://sourcegraph.com/search?q=%27Evil%27&patternType=literal) to track "
                              + "&lt;script&gt;alert(4)&lt;/script&gt; | pipes"))
        #expect(page.contains("3.26-3.27 (a | b &lt;script&gt;alert(5)&lt;/script&gt;) "
                              + "([fix PR](https://github.com/sourcegraph/sourcegraph/pull/13))"))
        #expect(page.contains("- PRs: [#12](https://github.com/sourcegraph/sourcegraph/pull/12)"))
        #expect(page.contains("3.26 and later (still | broken)"))

        // No raw HTML anywhere but the header comment and the <code> tags tally writes itself.
        for (path, contents) in files {
            let body = contents.components(separatedBy: "-->").dropFirst().joined(separator: "-->")
            let stripped = body.replacingOccurrences(of: "<code>", with: "").replacingOccurrences(of: "</code>", with: "")
            #expect(!stripped.contains("<"), "\(path) lets raw HTML through")
        }

        // Tables keep their columns: every row has as many separators as its header.
        for path in ["docs/README.md", "docs/versions.md"] {
            let lines = try #require(files[path]).components(separatedBy: "\n")
            var expected: Int?
            for line in lines {
                guard line.hasPrefix("|") else {
                    expected = nil
                    continue
                }
                let count = Self.columnSeparators(line)
                if let expected {
                    #expect(count == expected, "\(path): \(line)")
                } else {
                    expected = count
                }
            }
        }
        let index = try #require(files["docs/README.md"])
        let anchor = "pipe--scriptalert1script-xy-next-line"
        // The intro's heading with the same text comes first on the page, so the sections get -1 and -2.
        #expect(index.contains("| [\(literalTitle)](evil.md#\(anchor)-1) | ping | FE event | 3.25 | 3.26-3.27 |"))
        #expect(index.contains("| [\(literalTitle)](evil.md#\(anchor)-2) | metric |   |   | 3.26 and later |"))
        let versions = try #require(files["docs/versions.md"])
        #expect(versions.contains(#"| 3.26-3.27 | a \| b &lt;script&gt;alert(5)&lt;/script&gt; | [#13]("#))
        #expect(versions.contains(#"| 3.26 and later | still \| broken | still broken |"#))
    }

    @Test func markdownTextEscaping() {
        #expect(MarkdownText.literal("a_b *c* [d](e) <f> & `g` | ~h~ $i$ #1") ==
                #"a\_b \*c\* \[d\](e) &lt;f&gt; &amp; \`g\` \| \~h\~ \$i\$ #1"#)
        #expect(MarkdownText.heading("C# ##") == ##"C# \#\#"##)
        #expect(MarkdownText.prose("a\\<b> ``x ` <y>`` `unclosed") == "a&lt;b&gt; <code>x \\` &lt;y&gt;</code> `unclosed")
        // A block quote stays one, at any line's start (after up to three spaces, nested too); elsewhere, and in a
        // table, `>` is an entity.
        #expect(MarkdownText.prose("> Note: before v3.0 <b>\n  >> nested\nnot > quoted\n    > code")
                    == "> Note: before v3.0 &lt;b&gt;\n  >> nested\nnot &gt; quoted\n    &gt; code")
        #expect(MarkdownText.prose("> quoted", inTable: true) == "&gt; quoted")
        #expect(MarkdownText.prose("one\ntwo | `p|q`", inTable: true) == #"one two \| `p\|q`"#)
        #expect(MarkdownText.url("https://x.test/a b(c)<d>|e\\f&lt;g&h=1") ==
                "https://x.test/a%20b%28c%29%3Cd%3E%7Ce%5Cf&amp;lt;g&h=1")
        #expect(MarkdownText.queryValue("Cody* a/b") == "Cody%2A%20a%2Fb")
        #expect(MarkdownText.queryValue("é~_.-Az09\u{0}") == "%C3%A9~_.-Az09%00")
        // Every ASCII character is kept exactly when it is a letter, a digit or one of -._~ (RFC 3986 unreserved).
        for byte in UInt8(0)..<0x80 {
            let character = Character(Unicode.Scalar(byte))
            let kept = character.isLetter || character.isNumber || "-._~".contains(character)
            #expect(MarkdownText.queryValue(String(character))
                    == (kept ? String(character) : MarkdownText.percentEncoded(byte)), "\(byte)")
        }
        #expect(MarkdownText.code("a`b") == "``a`b``")
    }

    @Test func anchorsFollowGitHub() {
        var anchors = GitHubAnchors()
        #expect(anchors.anchor(for: "Metrics") == "metrics")
        #expect(anchors.anchor(for: "Metrics") == "metrics-1")
        #expect(anchors.anchor(for: "Metrics-1") == "metrics-1-1")
        #expect(anchors.anchor(for: "Org-visible insights count (Total)") == "org-visible-insights-count-total")
        #expect(anchors.anchor(for: "DAU/MAU") == "daumau")
        #expect(anchors.anchor(for: "snake_case Über") == "snake_case-über")
        // ASCII text takes a byte path: it drops and keeps each ASCII character as the Unicode path does.
        let everyASCII = String(decoding: (0..<128).map { UInt8($0) }, as: UTF8.self)
        #expect(GitHubAnchors.asciiBase(everyASCII) == GitHubAnchors.unicodeBase(everyASCII))
        #expect(GitHubAnchors.asciiBase(everyASCII) == "--0123456789abcdefghijklmnopqrstuvwxyz_abcdefghijklmnopqrstuvwxyz")
        #expect(GitHubAnchors.asciiBase("Über") == nil)
        for text in ["a\r\nB c", "Tab\there", "x\u{7F}y", "DAU/MAU (7-day)"] {
            #expect(GitHubAnchors.asciiBase(text) == GitHubAnchors.unicodeBase(text), "\(text)")
        }
        #expect(GitHubAnchors.headings(inMarkdown: "## A [link](x) `code`\n```\n# not\n```\n#nope\n### B ##")
                == ["A link code", "B"])
    }

    // MARK: - Determinism

    @Test func sameBytesEveryRun() throws {
        let first = try #require(Self.result.checked)
        // A second catalog built from scratch: its dictionaries are new instances, iterated in another order.
        let second = try #require(Compiler.check(ProjectReader(root: TestFiles.referenceProject("code_insights")).read())
            .checked)
        let once = MarkdownEmitter(catalog: first).files()
        #expect(once == MarkdownEmitter(catalog: first).files())
        #expect(once == MarkdownEmitter(catalog: second).files())
        let hostile = try Self.hostileCatalog()
        #expect(MarkdownEmitter(catalog: hostile).files() == MarkdownEmitter(catalog: try Self.hostileCatalog()).files())
    }
}

/// Deprecated definitions stay in the docs, marked, and keep their views until they are deleted.
@Suite struct DeprecatedDocsTests {
    /// The corpus project's pages with old_hovers deprecated for `reason` and replaced by base_count.
    static func pages(deprecatedFor reason: String) throws -> [GeneratedFile] {
        var files = CorpusTests.base
        files["definitions/corpus/old_hovers.yaml"] = Array("""
            kind: ping
            title: Old hovers
            type: frontend_event
            definition: Weekly InsightHover events.
            rationale: r.
            source: {table: event_logs}
            events: [InsightHover]
            measure: {aggregate: count, grain: week}
            added: "3.25"
            deprecated: {version: "3.40", reason: \(reason), replaced_by: base_count}

            """.utf8)
        let result = Compiler.check(ProjectFiles.fromMemory(files))
        #expect(!result.diagnostics.hasErrors)
        return Generator.files(for: try #require(result.checked))
    }

    @Test func deprecatedDefinitionIsMarkedAndKeepsItsViews() throws {
        let generated = try Self.pages(deprecatedFor: #""Counted <b>twice</b>.""#)
        let page = try #require(generated.first { $0.path == "docs/corpus.md" }).contents
        #expect(page.contains("### Old hovers\n\n> **Deprecated** since 3.40: Counted &lt;b&gt;twice&lt;/b&gt;. Use [Additions count](#additions-count) instead.\n"))
        #expect(generated.contains { $0.path == "sql/\(Dialect.allCases[0].rawValue)/corpus/old_hovers.sql" })
    }

    /// A reason written as a phrase ends as a sentence before "Use ... instead." begins.
    @Test func aReasonWithoutAStopEndsAsASentence() throws {
        let page = try #require(try Self.pages(deprecatedFor: "use the new one").first { $0.path == "docs/corpus.md" }).contents
        #expect(page.contains("> **Deprecated** since 3.40: use the new one. Use [Additions count](#additions-count) instead.\n"))
    }
}

/// LookML views never name two fields alike: Looker refuses them.
@Suite struct LookMLFieldNamesTests {
    @Test func columnsNamedLikeOtherFieldsAreRenamed() throws {
        var files = CorpusTests.base
        let settings = String(decoding: files["tally.yaml"]!, as: UTF8.self)
            + "exports:\n  lookml: {connection: analytics, dialect: postgres}\n"
        files["tally.yaml"] = Array(settings.utf8)
        files["definitions/corpus/clashes.yaml"] = Array("""
            kind: metric
            title: Clashes
            definition: d.
            rationale: r.
            source: {table: event_logs}
            events: [InsightHover]
            measure: {aggregate: count, grain: week, group_by: [public_argument.total, public_argument.period_date]}

            """.utf8)
        let result = Compiler.check(ProjectFiles.fromMemory(files))
        #expect(!result.diagnostics.hasErrors, "\(PinnedDiagnosticsTests.lines(result.diagnostics.diagnostics))")
        let checked = try #require(result.checked)
        let view = try #require(Generator.files(for: checked).first { $0.path == "lookml/corpus/clashes.view.lkml" }).contents
        let names = view.split(separator: "\n").compactMap { line -> String? in
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard let colon = trimmed.firstIndex(of: ":"), trimmed.hasSuffix("{"),
                  ["dimension", "dimension_group", "measure"].contains(String(trimmed[..<colon])) else { return nil }
            return trimmed[trimmed.index(after: colon)...].trimmingCharacters(in: CharacterSet(charactersIn: " {"))
        }
        // The measure keeps the name the README promises; the column named like it is the one renamed (found by a
        // new-user trial: the column had been `total`, the measure `total_field`).
        #expect(names == ["period", "total_field", "period_date_field", "known_broken", "value", "total"], "\(view)")
    }
}

/// Filters are shown as the SQL reads them.
@Suite struct FilterDocsTests {
    /// `equals: null` is `is_null: true` (format.md): the page had said `version = NULL`, which matches no row.
    @Test func aNullComparisonIsShownAsIsNull() throws {
        var files = CorpusTests.base
        files["definitions/corpus/unversioned_hovers.yaml"] = Array("""
            kind: metric
            title: Unversioned hovers
            definition: Weekly InsightHover events without a version, by users known.
            rationale: r.
            source: {table: event_logs}
            events: [InsightHover]
            measure:
              aggregate: count
              grain: week
              where: [{field: version, equals: null}, {field: user_id, not_equals: null}]

            """.utf8)
        let result = Compiler.check(ProjectFiles.fromMemory(files))
        #expect(!result.diagnostics.hasErrors, "\(result.diagnostics.sorted().map(\.message))")
        let generated = Generator.files(for: try #require(result.checked))
        let page = try #require(generated.first { $0.path == "docs/corpus.md" }).contents
        #expect(page.contains("Only rows where `version is null` and `user_id is not null`"), "\(page)")
    }
}
