import Foundation
import Testing
@testable import TallyCore

/// `tally import`: a Markdown pings page in, definition files with TODOs out.
@Suite struct ImportTests {
    /// The Code Insights pings page of the seeds, which the code_insights reference project translates by hand.
    static let seedPage = TestFiles.seedPingsPage
    static let group = "imported"
    static let reference = TestFiles.referenceProject("code_insights")

    /// A temporary copy of the code_insights reference project's tally.yaml and definitions/ (generated/ is not
    /// needed to import).
    static func projectCopy() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tally-import-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for name in ["tally.yaml", "definitions"] {
            try FileManager.default.copyItem(at: Self.reference.appendingPathComponent(name),
                                             to: folder.appendingPathComponent(name))
        }
        return folder
    }

    static func importSeed(into root: URL, force: Bool = false) throws -> CLITests.Run {
        try CLITests.run(["import", seedPage.path, "--group", group, "--project", root.path] + (force ? ["--force"] : []))
    }

    static func normalized(_ text: String?) -> String? {
        text.map { $0.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ") }
    }

    /// What a person does with the TODOs, done by rote so the files decode: every TODO key gets a value.
    static func fillTODOs(_ text: String) -> String {
        var lines: [String] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            switch line {
            case "definition:": lines.append("definition: filled in by the test")
            case "  table:": lines.append("  table: event_logs")
            case "events: [\"\"]": lines.append("events: [Filled]")
            case "measure:":
                lines.append(line)
                lines.append("  aggregate: count")
            default: lines.append(line)
            }
        }
        return lines.joined(separator: "\n")
    }

    /// The TODO warnings (I003) of `tally import`'s stderr: (path, line, message).
    static func todoLines(_ stderr: String) -> [(path: String, line: Int, message: String)] {
        stderr.split(separator: "\n").compactMap { line in
            guard let marker = line.firstRange(of: ": warning[I003]: ") else { return nil }
            let place = line[..<marker.lowerBound].split(separator: ":")
            guard place.count == 3, let number = Int(place[1]) else { return nil }
            return (String(place[0]), number, String(line[marker.upperBound...]))
        }
    }

    // MARK: Round trip

    @Test func seedPageRoundTripsToTheReferenceTranslation() throws {
        try #require(FileManager.default.fileExists(atPath: Self.seedPage.path), "the seed page is required")
        let root = try Self.projectCopy()
        defer { try? FileManager.default.removeItem(at: root) }
        let run = try Self.importSeed(into: root)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(!run.stderr.contains(Self.seedPage.path + ":"), "the seed page is read without warnings")

        // Every imported file is YAML that tally's loader accepts as it is, TODOs and all.
        var tree = TestFiles.tree(at: root)
        let importedPaths = tree.keys.filter { $0.hasPrefix("definitions/\(Self.group)/") }.sorted()
        #expect(importedPaths.count == 18)
        for path in importedPaths {
            var diagnostics = DiagnosticCollector()
            let node = YAMLLoader().load(SourceText(path: path, bytes: tree[path]!), into: &diagnostics)
            #expect(node != nil && diagnostics.diagnostics.isEmpty, "\(path): \(diagnostics.diagnostics)")
            tree[path] = Array(Self.fillTODOs(String(decoding: tree[path]!, as: UTF8.self)).utf8)
        }

        let result = Compiler.check(ProjectFiles.fromMemory(tree))
        let catalog = try #require(result.catalog)
        let links = DocsLinks(settings: catalog.settings)
        let imported = catalog.definitions.filter { $0.group == Self.group }
        let originals = catalog.definitions.filter { $0.group == "code_insights" }
        #expect(imported.count == originals.count && imported.count == 17,
                "every ping decodes once its TODOs are filled")
        var matched: Set<String> = []
        for ping in imported {
            guard let original = originals.first(where: { $0.title.value == ping.title.value }) else {
                Issue.record("no definition in the reference code_insights titled '\(ping.title.value)'")
                continue
            }
            matched.insert(original.id.value)
            let name = ping.title.value
            #expect(ping.kind.value == .ping, "\(name)")
            #expect(ping.type?.value == original.type?.value, "\(name): type")
            #expect(Self.normalized(ping.rationale) == Self.normalized(original.rationale), "\(name): rationale")
            #expect(Self.normalized(ping.implementation) == Self.normalized(original.implementation),
                    "\(name): implementation")
            #expect(Self.normalized(ping.considerations) == Self.normalized(original.considerations),
                    "\(name): considerations")
            // An sql measure without a period_start column is over all time.
            let originalGrain = original.measure.grain?.value
                ?? (original.measure.aggregate == .sql ? .total : nil)
            #expect(ping.measure.grain?.value == originalGrain, "\(name): grain")
            if ping.measure.grain?.value == .week { #expect(ping.measure.weekStart == original.measure.weekStart) }

            let codes = links.eventCodes(of: ping)
            let originalCodes = links.eventCodes(of: original)
            #expect(codes.map(\.name) == originalCodes.map(\.name), "\(name): event code names")
            #expect(codes.map(\.url) == originalCodes.map(\.url), "\(name): event code links")
            #expect(codes.map { Self.normalized($0.description) } == originalCodes.map { Self.normalized($0.description) },
                    "\(name): event code descriptions")
            #expect(ping.funnels.map(\.name) == original.funnels.map(\.name), "\(name): funnels")
            #expect(ping.funnels.map { $0.steps.map { $0.map(\.value) } }
                        == original.funnels.map { $0.steps.map { $0.map(\.value) } }, "\(name): funnel steps")
            for step in ping.funnels.flatMap(\.steps).flatMap({ $0 }) {
                #expect(links.funnelEventLink(step.value, in: ping) == links.funnelEventLink(step.value, in: original),
                        "\(name): link of funnel step \(step.value)")
            }

            #expect(ping.prs.map(\.value) == original.prs.map(\.value), "\(name): PRs")
            #expect(ping.added?.value.text == original.added?.value.text, "\(name): version added")
            #expect(ping.broken.map(\.from.value.text) == original.broken.map(\.from.value.text), "\(name): broken from")
            #expect(ping.broken.map { $0.through?.value.text } == original.broken.map { $0.through?.value.text },
                    "\(name): broken through")
            #expect(ping.broken.map { Self.normalized($0.reason?.value) }
                        == original.broken.map { Self.normalized($0.reason?.value) }, "\(name): broken reason")
            #expect(ping.broken.map { $0.fix?.value } == original.broken.map { $0.fix?.value }, "\(name): broken fix")
        }
        #expect(matched.count == originals.count, "every reference definition has its ping on the page")

        let group = try #require(catalog.groups[Self.group])
        let originalGroup = try #require(catalog.groups["code_insights"])
        #expect(group.title.value == originalGroup.title.value)
        #expect(Self.normalized(group.introduction) == Self.normalized(originalGroup.introduction))
        #expect(group.terminology.map(\.term) == originalGroup.terminology.map(\.term))
        #expect(group.terminology.map { Self.normalized($0.definition) }
                    == originalGroup.terminology.map { Self.normalized($0.definition) })
        // Paragraphs stay paragraphs.
        #expect(group.introduction.components(separatedBy: "\n\n").count == 2)
    }

    @Test func importIsDeterministicAndTheDataPointLinkIsJoined() throws {
        let page = try [UInt8](Data(contentsOf: Self.seedPage))
        let settings = try [UInt8](Data(contentsOf: Self.reference.appendingPathComponent("tally.yaml")))
        let first = try Importer.plan(pageBytes: page, pagePath: "page.md", group: "g", settingsBytes: settings,
                                      sources: ["event_logs"])
        let second = try Importer.plan(pageBytes: page, pagePath: "page.md", group: "g", settingsBytes: settings,
                                       sources: ["event_logs"])
        #expect(first.files.map(\.path) == second.files.map(\.path))
        #expect(first.files.map(\.text) == second.files.map(\.text))
        let clicks = try #require(first.page.pings.first { $0.title == "Data point clicks count" })
        #expect(clicks.eventCodes.first?.url == "https://sourcegraph.com/search?q=context:global+repo:%5Egithub%5C.com/"
                    + "sourcegraph/sourcegraph%24+%27InsightDataPointClick%27&patternType=literal")
        let file = try #require(first.files.first { $0.path == "definitions/g/data_point_clicks_count.yaml" })
        // The link is the template's, so neither `link` nor `event_code_link` is written.
        #expect(file.text.contains("event_codes: [InsightDataPointClick]\n"))
        #expect(!file.text.contains("link"))
        #expect(first.page.warnings.isEmpty)
    }

    // MARK: --force

    @Test func existingFilesAreNeverOverwrittenWithoutForce() throws {
        let root = try Self.projectCopy()
        defer { try? FileManager.default.removeItem(at: root) }
        #expect(try Self.importSeed(into: root).status == 0)
        let folder = root.appendingPathComponent("definitions/\(Self.group)")
        // A person edits one file and deletes another: a second import must touch neither.
        let edited = folder.appendingPathComponent("hovers_count.yaml")
        try Data("# edited by a person\n".utf8).write(to: edited)
        try FileManager.default.removeItem(at: folder.appendingPathComponent("view_counts.yaml"))
        let before = TestFiles.tree(at: root)

        let refused = try Self.importSeed(into: root)
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("definitions/\(Self.group)/hovers_count.yaml:1:1: error[I005]: the file already exists"))
        #expect(refused.stderr.contains("nothing was written"))
        #expect(!refused.stderr.contains("TODO"))
        let after = TestFiles.tree(at: root)
        #expect(after == before, "a refused import changes nothing, and creates no file")

        let forced = try Self.importSeed(into: root, force: true)
        #expect(forced.status == 0, "\(forced.stderr)")
        let written = TestFiles.tree(at: folder)
        #expect(written.count == 18, "\(written.keys.sorted())")
        #expect(String(decoding: written["hovers_count.yaml"]!, as: UTF8.self).hasPrefix(ImportRenderer.schemaModeline))
        #expect(written["view_counts.yaml"] != nil)
        #expect(written.keys.allSatisfy { !$0.hasPrefix(".") }, "no temporary file is left behind")
    }

    // MARK: TODOs

    @Test func todosAreListedAndTallyCheckReportsThemWhereTheyAre() throws {
        let root = try Self.projectCopy()
        defer { try? FileManager.default.removeItem(at: root) }
        let run = try Self.importSeed(into: root)
        #expect(run.status == 0)
        let todos = Self.todoLines(run.stderr)
        #expect(todos.count == 17 * 4, "definition, source, events and measure of each ping: \(run.stderr)")
        #expect(run.stderr.contains("68 TODOs to fill in"))
        for todo in todos {
            // Each TODO is a comment on the line above the key it points at.
            let text = String(decoding: try Data(contentsOf: root.appendingPathComponent(todo.path)), as: UTF8.self)
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            #expect(lines[todo.line - 2].trimmingCharacters(in: .whitespaces)
                        == "# TODO(tally import): " + todo.message)
        }

        let check = try CLITests.run(["check", "--project", root.path])
        #expect(check.status == 1)
        func reported(_ path: String, _ line: Int, _ message: String) -> Bool {
            check.stderr.split(separator: "\n").contains {
                $0.hasPrefix("\(path):\(line):") && $0.contains("error[") && $0.contains(message)
            }
        }
        for todo in todos {
            if todo.message.hasPrefix("write the definition") {
                #expect(reported(todo.path, todo.line, "'definition' is empty"), "\(todo.path):\(todo.line)")
            } else if todo.message.hasPrefix("list the event names") {
                #expect(reported(todo.path, todo.line, "an item of 'events' is empty"), "\(todo.path):\(todo.line)")
            } else if todo.message.hasPrefix("choose the measure") {
                // Reported at the measure's first key, the line below `measure:`.
                #expect(reported(todo.path, todo.line + 1, "'measure' is missing required key 'aggregate'"),
                        "\(todo.path):\(todo.line)")
                #expect(todo.message.contains("the page says \"Aggregation: "))
            } else {
                #expect(todo.message.hasPrefix("name the source"), "\(todo.message)")
            }
        }

        // The source table is required once the measure says what it counts.
        for path in Set(todos.map(\.path)) {
            let url = root.appendingPathComponent(path)
            let text = String(decoding: try Data(contentsOf: url), as: UTF8.self)
            try Data(text.replacing("\nmeasure:\n", with: "\nmeasure:\n  aggregate: count\n").utf8).write(to: url)
        }
        let second = try CLITests.run(["check", "--project", root.path])
        #expect(second.status == 1)
        for todo in todos where todo.message.hasPrefix("name the source") {
            #expect(second.stderr.contains("\(todo.path):\(todo.line):3: error[D003]: 'table' is empty"),
                    "\(todo.path):\(todo.line)")
        }
    }

    /// An id the title could not give is made up, and the file says so with a TODO (it had been written silently).
    @Test func aMadeUpIdIsSaid() throws {
        let page = Array("# Edge Metrics\n\n- 検索数\n- 123 Numbers first\n".utf8)
        let settings = try [UInt8](Data(contentsOf: Self.reference.appendingPathComponent("tally.yaml")))
        let result = try Importer.plan(pageBytes: page, pagePath: "page.md", group: "edge", settingsBytes: settings,
                                       sources: [])
        #expect(result.files.map(\.path) == ["definitions/edge/metric.yaml", "definitions/edge/metric_123_numbers_first.yaml",
                                             "definitions/edge/group.yaml"])
        let madeUp = try #require(result.files.first)
        #expect(madeUp.text.contains("# TODO(tally import): the id 'metric' (this file's name) was made up, as the title "
                                         + "has no Latin letter or digit: rename the file to the id this metric should "
                                         + "have\ntitle: \"検索数\"\n"), "\(madeUp.text)")
        #expect(!result.files[1].text.contains("made up"))
        // group.yaml points an editor at its schema, as the definitions do (found by a new-user trial).
        #expect(result.files[2].text.hasPrefix("# yaml-language-server: $schema=../../generated/schema/group.schema.json\n"
                                                   + "title: Edge Metrics\n"), "\(result.files[2].text)")
    }

    @Test func oneImportedFileAsWritten() throws {
        let page = try [UInt8](Data(contentsOf: Self.seedPage))
        let settings = try [UInt8](Data(contentsOf: Self.reference.appendingPathComponent("tally.yaml")))
        let result = try Importer.plan(pageBytes: page, pagePath: "page.md", group: "code_insights",
                                       settingsBytes: settings, sources: ["event_logs", "insight_view"])
        let file = try #require(result.files.first { $0.path.hasSuffix("/page_views_count.yaml") })
        #expect(file.text == """
            # yaml-language-server: $schema=../../generated/schema/definition.schema.json
            kind: ping
            title: Page views count
            type: frontend_event
            # TODO(tally import): write the definition: precisely what is counted, over which period and groups (the page has no Definition)
            definition:
            rationale: To track how many times users view insights pages.
            implementation: "This ping works by firing an event on the client when a user views _any_ /insights page, whether
              it's creating or viewing insights."
            considerations: As we add new insights pages it's important to make sure we're adding pages to this counter.
            source:
              # TODO(tally import): name the source this ping reads, a file of definitions/sources/ (event_logs, insight_view)
              table:
            # TODO(tally import): list the event names the app logs for this ping (the page's Event Codes, kept in event_codes, may differ: InsightsPageView); remove 'events' for an sql measure
            events: [""]
            event_codes: [InsightsPageView]
            event_code_link: "https://sourcegraph.com/search?q=context:global+repo:%5Egithub%5C.com/sourcegraph/sourcegraph%24+{event}&patternType=regexp"
            # TODO(tally import): choose the measure's aggregate, one of count, unique_users, first_time_users, growth_accounting, sum, average, min, max, count_distinct, median, percentile, retention, funnel, ratio, formula or sql (the page says "Aggregation: By week")
            measure:
              grain: week
              week_start: monday
            prs:
              - "https://github.com/sourcegraph/sourcegraph/pull/17805/files"
            added: "3.25"
            broken:
              - from: "3.25"
                through: "3.26"
                reason: not weekly
                fix: "https://github.com/sourcegraph/sourcegraph/pull/20070/files"
              - from: "3.30"
                through: "3.30"
                reason: broken when switching to dashboard pages, didn't track dashboard views
                fix: "https://github.com/sourcegraph/sourcegraph/pull/24129/files"

            """)
        #expect(file.todos.map(\.line) == [6, 13, 15, 19])
    }

    // MARK: Page problems

    @Test func pageErrorsAreLocated() throws {
        func error(_ text: String) -> String? {
            do {
                _ = try PageParser.parse(Array(text.utf8), path: "page.md")
                return nil
            } catch {
                return error.description
            }
        }
        #expect(error("# Pings\n\nIntro.\n\n## Terminology\n\n- **a** - b\n")
                    == "page.md:1:1: error[I001]: nothing to import: tally import makes a definition of each '###' ping "
                    + "section, bullet and table row under the '# Pings' title, and the page has none")
        #expect(error("Intro first\n# Pings\n### A\n") == "page.md:1:1: error[I001]: the page must start with its title, a "
                    + "'# Title' heading")
        #expect(error("") == "page.md:1:1: error[I001]: the page has no '# Title' heading")
        #expect(error("# Pings\n\n### A\n<!-- open\n\nnever closed\n")
                    == "page.md:4:1: error[I001]: an HTML comment '<!--' is never closed with '-->'")
        #expect(error("# Pings\n### \n") == "page.md:2:1: error[I001]: a '###' heading without a title; each ping needs one")
        var bytes = Array("# Pings\n\n### A\n**Type:** FE ev".utf8)
        bytes += [0xC3, 0x28]
        bytes += Array("ent\n".utf8)
        do {
            _ = try PageParser.parse(bytes, path: "page.md")
            Issue.record("invalid UTF-8 was accepted")
        } catch {
            #expect(error.description == "page.md:4:16: error[I001]: the page is not valid UTF-8 (byte 0xC3 at offset 30); "
                        + "save it as UTF-8")
        }
    }

    @Test func theCommandLineReportsUnreadablePagesAndBadGroups() throws {
        let root = try Self.projectCopy()
        defer { try? FileManager.default.removeItem(at: root) }
        let missing = try CLITests.run(["import", "no-such-page.md", "--group", "g", "--project", root.path])
        #expect(missing.status == 1)
        #expect(missing.stderr == "no-such-page.md:1:1: error[F001]: cannot read the page: no such file\n"
                    + "tally import: nothing was written\n")
        let folder = try CLITests.run(["import", root.path, "--group", "g", "--project", root.path])
        #expect(folder.status == 1)
        #expect(folder.stderr.contains("it is a folder"))

        // What a glean_parser user tries first: said to be no Markdown page, not read as one.
        let metrics = root.appendingPathComponent("metrics.yaml")
        try Data("# glean metrics.yaml\n---\nbrowser.engagement:\n  uri_count: {type: counter}\n".utf8).write(to: metrics)
        let yaml = try CLITests.run(["import", metrics.path, "--group", "g", "--project", root.path])
        #expect(yaml.status == 1)
        #expect(yaml.stderr.hasPrefix("\(metrics.path):1:1: error[F001]: cannot read the page: it is YAML, and tally "
                                          + "import reads a Markdown page"), "\(yaml.stderr)")

        let pagePath = root.appendingPathComponent("page.md")
        try Data("# Pings\n\nNothing here.\n".utf8).write(to: pagePath)
        let empty = try CLITests.run(["import", pagePath.path, "--group", "g", "--project", root.path])
        #expect(empty.status == 1)
        #expect(empty.stderr.hasPrefix("\(pagePath.path):1:1: error[I001]: nothing to import"))
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("definitions/g").path))

        for bad in ["Bad-Name", "sources", "9lives", ""] {
            let run = try CLITests.run(["import", Self.seedPage.path, "--group", bad, "--project", root.path])
            #expect(run.status == 64, "--group '\(bad)'")
        }
        let noProject = try CLITests.run(["import", Self.seedPage.path, "--group", "g", "--project",
                                          root.appendingPathComponent("nowhere").path])
        #expect(noProject.status == 64)
    }

    // MARK: Reading pages

    @Test func brokenRangesAreReadAsThePageGivesThem() {
        func ranges(_ text: String) -> [ImportedRange] {
            let (ranges, unread) = InlineMarkdown.brokenRanges(text)
            #expect(unread == nil, "\(text)")
            return ranges
        }
        #expect(ranges("3.31-3.35.0 (does not count backend insights) ([fix PR](https://x.test/pull/1))")
                    == [ImportedRange(from: "3.31", through: "3.35.0", reason: "does not count backend insights",
                                      fix: "https://x.test/pull/1")])
        #expect(ranges("3.25-3.26 (not weekly)([fix PR](https://x.test/pull/2/files)), 3.30 (broken when switching, "
                           + "didn't track (views))([fix PR](https://x.test/pull/3))")
                    == [ImportedRange(from: "3.25", through: "3.26", reason: "not weekly", fix: "https://x.test/pull/2/files"),
                        ImportedRange(from: "3.30", through: "3.30", reason: "broken when switching, didn't track (views)",
                                      fix: "https://x.test/pull/3")])
        #expect(ranges("3.31-3.35.0 (doesn't handle backend insights) [fix PR](https://x.test/pull/4)")
                    == [ImportedRange(from: "3.31", through: "3.35.0", reason: "doesn't handle backend insights",
                                      fix: "https://x.test/pull/4")])
        #expect(ranges("3.31-3.35.0 [fix PR](https://x.test/pull/5)")
                    == [ImportedRange(from: "3.31", through: "3.35.0", reason: nil, fix: "https://x.test/pull/5")])
        #expect(ranges("3.31-3.35.0") == [ImportedRange(from: "3.31", through: "3.35.0", reason: nil, fix: nil)])
        #expect(ranges("v5.2.1 – v5.2.3, 5.4+ (still broken)")
                    == [ImportedRange(from: "v5.2.1", through: "v5.2.3", reason: nil, fix: nil),
                        ImportedRange(from: "5.4", through: nil, reason: "still broken", fix: nil)])
        #expect(ranges("N/A").isEmpty)
        #expect(InlineMarkdown.brokenRanges("sometime in 2021").unread == "sometime in 2021")
    }

    /// The tally.yaml of the small pages' imports.
    static let searchSettings = Array("""
        current_version: "6.0"
        repository: "https://github.com/o/r"
        dialects: [sqlite]
        links:
          event_code: "https://example.test/search?q={event}"
          pull_request: "https://github.com/o/r/pull/{number}"

        """.utf8)

    /// A page that lists its latest range first is written in release order, as tally check wants it (V003).
    @Test func brokenRangesAreWrittenInReleaseOrder() throws {
        let page = "# Search pings\n\n## Pings\n\n### Searches\n\n- Version added: 1.0\n"
            + "- Version(s) broken: 2.0+ (still broken), 1.3 (double counted), v1.1.2-1.2\n"
        let result = try Importer.plan(pageBytes: Array(page.utf8), pagePath: "p.md", group: "search",
                                       settingsBytes: Self.searchSettings, sources: [])
        let text = try #require(result.files.first { $0.path.hasSuffix("/searches.yaml") }).text
        #expect(text.contains("""
            broken:
              - from: "v1.1.2"
                through: "1.2"
              - from: "1.3"
                through: "1.3"
                reason: double counted
              - from: "2.0"
                reason: still broken

            """), "\(text)")
    }

    /// A range read only as far as it goes would say something else: "3.2.0-beta.1 - 3.2.0" read up to the
    /// pre-release's hyphen was "3.2.0 and later", broken for ever. Such a range is left out whole and quoted.
    @Test func aRangeNotReadToItsEndIsLeftOutWhole() {
        let preRelease = InlineMarkdown.brokenRanges("3.2.0-beta.1 - 3.2.0 (engine field was empty)")
        #expect(preRelease.ranges.isEmpty)
        #expect(preRelease.unread == "3.2.0-beta.1 - 3.2.0 (engine field was empty)")
        let afterOne = InlineMarkdown.brokenRanges("3.30 (a), 3.2.0-beta.1-3.2.0 (b)")
        #expect(afterOne.ranges == [ImportedRange(from: "3.30", through: "3.30", reason: "a", fix: nil)])
        #expect(afterOne.unread == "3.2.0-beta.1-3.2.0 (b)")
        let trailing = InlineMarkdown.brokenRanges("3.31-3.35.0 (reason) but only on Windows")
        #expect(trailing.ranges.isEmpty && trailing.unread == "3.31-3.35.0 (reason) but only on Windows")
        let overWords = InlineMarkdown.brokenRanges("3.31 - sometime later")
        #expect(overWords.ranges.isEmpty && overWords.unread == "3.31 - sometime later")
        // An open end said in words, or left empty, is still read.
        #expect(InlineMarkdown.brokenRanges("3.38 - present (ongoing)").ranges
                    == [ImportedRange(from: "3.38", through: nil, reason: "ongoing", fix: nil)])
        #expect(InlineMarkdown.brokenRanges("3.38 to now").ranges
                    == [ImportedRange(from: "3.38", through: nil, reason: nil, fix: nil)])
        #expect(InlineMarkdown.brokenRanges("3.36- (still broken), 3.20").ranges
                    == [ImportedRange(from: "3.36", through: nil, reason: "still broken", fix: nil),
                        ImportedRange(from: "3.20", through: "3.20", reason: nil, fix: nil)])
        #expect(InlineMarkdown.brokenRanges("3.38 - presentation layer").unread == "3.38 - presentation layer")
        // A hyphen before the other end is no pre-release, and a sentence's closing period no part of a range.
        #expect(InlineMarkdown.brokenRanges("v3.31-v3.35 (bad)").ranges
                    == [ImportedRange(from: "v3.31", through: "v3.35", reason: "bad", fix: nil)])
        #expect(InlineMarkdown.brokenRanges("3.38-present").ranges
                    == [ImportedRange(from: "3.38", through: nil, reason: nil, fix: nil)])
        #expect(InlineMarkdown.brokenRanges("3.31-3.35 (bad).")
                    == ([ImportedRange(from: "3.31", through: "3.35", reason: "bad", fix: nil)], nil))
    }

    @Test func weeksStartOnTheFirstDayTheAggregationNames() {
        #expect(PageParser.weekStart("By week") == .monday)
        #expect(PageParser.weekStart("By week (weeks start Sunday)") == .sunday)
        #expect(PageParser.weekStart("By week, Sunday to Saturday") == .sunday)
        #expect(PageParser.weekStart("Weekly, Sun-Sat") == .sunday)
        #expect(PageParser.weekStart("By week, Monday to Sunday") == .monday)
        #expect(PageParser.weekStart("Weekly (weeks start Monday, not Sunday)") == .monday)
        #expect(PageParser.weekStart("weekly, Saturday to Friday") == nil)
        #expect(PageParser.weekStart("Weekly, Sundays") == .sunday)
    }

    /// A Version Added is imported only as the release it names: text beside it is warned of, not dropped
    /// silently, and a pre-release is no release (its "rc.1" is not version 1).
    @Test func theAddedVersionIsTheReleaseTheTextNames() {
        #expect(InlineMarkdown.addedVersion(in: "v5.2.1") == ("v5.2.1", nil))
        #expect(InlineMarkdown.addedVersion(in: " 3.25. ") == ("3.25", nil))
        #expect(InlineMarkdown.addedVersion(in: "N/A") == (nil, nil))
        #expect(InlineMarkdown.addedVersion(in: "v3.0.0-rc.1") == (nil, "v3.0.0-rc.1"))
        #expect(InlineMarkdown.addedVersion(in: "Android 3.25 / iOS 3.27") == ("3.25", "Android 3.25 / iOS 3.27"))
        #expect(InlineMarkdown.addedVersion(in: "3.25 (beta in 3.24)") == ("3.25", "3.25 (beta in 3.24)"))
        #expect(InlineMarkdown.addedVersion(in: "sometime") == (nil, "sometime"))
    }

    @Test func pageTextsTheImportWouldMisreadAreWarnedOf() throws {
        let page = "# Search pings\n\n## Pings\n\n### Searches\n\n**Type:** FE event & BE capture\n\n"
            + "- Aggregation: By week (weeks start Sunday)\n- Version added: Android 3.25 / iOS 3.27\n"
            + "- Version(s) broken: 3.2.0-beta.1 - 3.2.0 (engine field was empty)\n\n"
            + "### Tabs\n\n- Aggregation: weekly, Saturday to Friday\n- Version added: v3.0.0-rc.1\n"
        let result = try Importer.plan(pageBytes: Array(page.utf8), pagePath: "p.md", group: "search",
                                       settingsBytes: Self.searchSettings, sources: [])
        let searches = try #require(result.files.first { $0.path.hasSuffix("/searches.yaml") }).text
        #expect(searches.contains("week_start: sunday"), "\(searches)")
        #expect(searches.contains("added: \"3.25\""))
        #expect(!searches.contains("broken:"), "no range is written for a range not read: \(searches)")
        #expect(searches.contains("set the type"), "a Type naming both is a TODO: \(searches)")
        let tabs = try #require(result.files.first { $0.path.hasSuffix("/tabs.yaml") }).text
        // Weeks tally's cannot be: the grain is left for a person, and check refuses it until then.
        #expect(tabs.contains("the page's weeks start on a day tally's cannot: choose grain week"), "\(tabs)")
        #expect(tabs.contains("\n  grain:\n") && !tabs.contains("week_start:"), "\(tabs)")
        #expect(!tabs.contains("added: \""), "a pre-release is no version added: \(tabs)")
        let messages = result.page.warnings.map { "\($0.span.start.line): \($0.message)" }
        #expect(messages == [
            "7: type 'FE event & BE capture' names both FE event and BE capture; a ping has one type",
            "10: Version Added 'Android 3.25 / iOS 3.27' was imported as 3.25; the rest of it is not: check the version",
            "11: could not read broken ranges from '3.2.0-beta.1 - 3.2.0 (engine field was empty)'; write them like "
                + "3.31-3.35.0 (reason) ([fix PR](url))",
            "15: aggregation 'weekly, Saturday to Friday' starts its weeks on a day tally's weeks cannot (Monday or Sunday)",
            "16: Version Added 'v3.0.0-rc.1' holds no release version (like 3.25; a pre-release is none)",
        ], "\(messages)")
    }

    @Test func identifiersAreSnakeCaseUniqueAndShort() {
        #expect(ImportRenderer.identifier("Additions count, edits count, and removals count ")
                    == "additions_count_edits_count_and_removals_count")
        #expect(ImportRenderer.identifier("Org-visible insights count (Total)") == "org_visible_insights_count_total")
        // Accents are folded, not dropped.
        #expect(ImportRenderer.identifier("UI customizations — café") == "ui_customizations_cafe")
        #expect(ImportRenderer.identifier("Émoji 🔍 search usage") == "emoji_search_usage")
        #expect(ImportRenderer.identifier("3 day retention") == "ping_3_day_retention")
        #expect(ImportRenderer.identifier("¿?") == "ping")
        // A metric's made-up id says it is one (it had been `ping` too: found by a new-user trial).
        #expect(ImportRenderer.identifier("3 day retention", kind: .metric) == "metric_3_day_retention")
        #expect(ImportRenderer.identifiers(for: ["検索数", "検索", "1"], kinds: [.metric, .metric, .ping])
                    == ["metric", "metric_2", "ping_1"])
        let long = ImportRenderer.identifier(String(repeating: "word ", count: 30))
        #expect(long.count <= 64 && !long.hasSuffix("_"))
        let ids = ImportRenderer.identifiers(for: ["Hovers", "hovers!", "HOVERS", "Group",
                                                   String(repeating: "a", count: 70), String(repeating: "a", count: 80)])
        #expect(ids == ["hovers", "hovers_2", "hovers_3", "group_2", String(repeating: "a", count: 64),
                        String(repeating: "a", count: 62) + "_2"])
        #expect(ids.allSatisfy { ValueChecks.isSnakeCaseName($0) })
    }

    @Test func pagesInTheSeedStyleWithVariations() throws {
        let page = """
            # Search pings

            Intro line one
            continues here.

            - a list
            - stays a list

            ## Terminology

            - **Query** - what a user types.
              It can span lines.
            - **Result**: what comes back

            ## Pings

            ### Searches: "quoted", #hash & more

            **Type:** BE capture

            **Intended purpose:**
            To count searches,
            over lines.

            Second paragraph.

            **Functional implementation:**

            **Other considerations:** N/A

            **Owner:** search team

            - Aggregation: monthly
            - Event Codes: [SearchSubmitted](https://example.test/search?q=SearchSubmitted) when a search runs, [SearchResultsFetched](https://example.test/other/SearchResultsFetched)
            - PRs: #123, [#456](https://github.com/o/r/pull/456)
            - Version added: v5.1 (first release)
            - Version(s) broken: 5.2-5.3
            - Colour: blue

            ### Searches: "quoted", #hash & more

            - Event Code: PlainName, OtherName
            - **Version Added:** N/A

            """
        let result = try Importer.plan(pageBytes: Array(page.utf8), pagePath: "p.md", group: "search",
                                       settingsBytes: Self.searchSettings, sources: [])
        let parsed = result.page
        #expect(parsed.title == "Search pings")
        #expect(parsed.introduction == "Intro line one continues here.\n\n- a list\n- stays a list")
        #expect(parsed.terminology == [ImportedTerm(term: "Query", definition: "what a user types. It can span lines."),
                                       ImportedTerm(term: "Result", definition: "what comes back")])
        let first = parsed.pings[0]
        #expect(first.type == .backendCapture)
        #expect(first.purpose == "To count searches, over lines.\n\nSecond paragraph.")
        #expect(first.implementation == nil)
        #expect(first.considerations == "N/A")
        #expect(first.grain == .month)
        #expect(first.eventCodes == [
            ImportedEventCode(name: "SearchSubmitted", url: "https://example.test/search?q=SearchSubmitted",
                              description: "when a search runs"),
            ImportedEventCode(name: "SearchResultsFetched", url: "https://example.test/other/SearchResultsFetched",
                              description: nil),
        ])
        #expect(first.prs == ["#123", "https://github.com/o/r/pull/456"])
        #expect(first.added == "v5.1")
        #expect(first.broken == [ImportedRange(from: "5.2", through: "5.3", reason: nil, fix: nil)])
        // The unknown label, the remark beside the version added (not imported), and the unknown bullet.
        #expect(parsed.warnings.map(\.span.start.line) == [31, 36, 38], "\(parsed.warnings)")
        #expect(parsed.warnings[1].message.hasPrefix("Version Added 'v5.1 (first release)' was imported as v5.1"))
        let second = parsed.pings[1]
        #expect(second.eventCodes.map(\.name) == ["PlainName", "OtherName"])
        #expect(second.added == nil)

        #expect(result.files.map(\.path) == ["definitions/search/searches_quoted_hash_more.yaml",
                                             "definitions/search/searches_quoted_hash_more_2.yaml",
                                             "definitions/search/group.yaml"])
        let text = result.files[0].text
        #expect(text.contains("title: \"Searches: \\\"quoted\\\", #hash & more\"\n"))
        #expect(text.contains("\nrationale: \"To count searches, over lines.\\n\\\n  \\n\\\n  Second paragraph.\"\n"))
        // Half the links share one template other than tally.yaml's: not most, so each keeps its link.
        #expect(text.contains("    link: \"https://example.test/other/SearchResultsFetched\"\n"))
        #expect(!text.contains("event_code_link"))
        #expect(text.contains("    description: when a search runs\n"))
        #expect(text.contains("added: \"v5.1\"\n"))
        #expect(text.contains("measure:\n  grain: month\n"))
        #expect(text.contains("a BE capture that reads database tables is usually sql"))
        let secondText = result.files[1].text
        #expect(secondText.contains("# TODO(tally import): set the type: frontend_event (FE event) or backend_capture "
                                        + "(BE capture); the page gives no Type\ntype:\n"))
        #expect(secondText.contains("# TODO(tally import): give the version this ping was added in, like \"3.25\" "
                                        + "(the page says \"Version Added: N/A\")\nadded:\n"))
        #expect(secondText.contains("the page gives no Aggregation"))
        #expect(secondText.contains("\nmeasure:\n"))

        // Everything decodes back to what the page says once the TODOs are filled.
        var files: [String: [UInt8]] = ["tally.yaml": Self.searchSettings]
        for file in result.files {
            var filled = Self.fillTODOs(file.text)
            filled = filled.replacing("\ntype:\n", with: "\ntype: frontend_event\n")
                .replacing("\nadded:\n", with: "\nadded: \"5.0\"\n")
            if !filled.contains("  grain:") {
                filled = filled.replacing("  aggregate: count", with: "  aggregate: count\n  grain: week")
            }
            files[file.path] = Array(filled.utf8)
        }
        let checked = Compiler.check(ProjectFiles.fromMemory(files))
        let catalog = try #require(checked.catalog)
        let definition = try #require(catalog.definition("searches_quoted_hash_more"))
        #expect(definition.title.value == "Searches: \"quoted\", #hash & more")
        #expect(definition.rationale == "To count searches, over lines.\n\nSecond paragraph.")
        let links = DocsLinks(settings: catalog.settings)
        #expect(links.eventCodes(of: definition).map(\.url) == ["https://example.test/search?q=SearchSubmitted",
                                                                "https://example.test/other/SearchResultsFetched"])
        #expect(catalog.groups["search"]?.introduction == "Intro line one continues here.\n\n- a list\n- stays a list")
    }

    @Test func funnelsAndMostlySharedTemplates() throws {
        var ping = ImportedPing(title: "F", line: 1)
        let line = PageParser.Line(number: 1, text: "")
        PageParser.readCodes(
            "For the “signup” funnel: (1) [ViewSignup](https://t.test/x?q=ViewSignup), (2) [SignupClick](https://t.test/x?q=Other) "
                + "(3.1) [Submit](https://t.test/x?q=Submit) OR (3.2) [Cancel](https://t.test/x?q=Cancel).",
            line: line, into: &ping, warn: { message, _ in Issue.record("\(message)") })
        #expect(ping.funnels == [ImportedFunnel(name: "signup", steps: [["ViewSignup"], ["SignupClick"], ["Submit", "Cancel"]])])
        let encoding = ImportRenderer.linkEncoding(ping.eventCodes, projectTemplate: "https://t.test/project/{event}")
        #expect(encoding.eventCodeLink == "https://t.test/x?q={event}")
        #expect(encoding.links == [nil, "https://t.test/x?q=Other", nil, nil])
    }

    // MARK: YAML

    @Test func quotedValuesReadBackExactly() throws {
        let hostile = [
            "plain words", "yes", "No", "null", "~", "3.30", "0x1F", "- dash", "key: value", "a # comment", "#start",
            "\"quoted\"", "'single'", "back\\slash", "tab\there", "line\nbreak", "two\n\nparagraphs", "\n leading",
            "  two leading spaces", "trailing  ", "double  spaces inside", "ünïcödé ✓ 😀", "\u{7}bell\u{1B}escape",
            "\u{85}next\u{2028}line\u{2029}para\u{A0}nbsp\u{FEFF}bom", "{flow: map}", "[flow, seq]", "*alias",
            "&anchor", "!tag", "%directive", "@at", "`tick`", "|", ">", "?", ":", ",", "---", "...",
            String(repeating: "long words wrapping around ", count: 20) + "end",
            String(repeating: "x", count: 300), "a\n" + String(repeating: "b ", count: 100) + "\n c",
        ]
        var yaml = ImportYAML()
        for (index, value) in hostile.enumerated() {
            yaml.string("k\(index)", value, indent: 0)
        }
        yaml.open("list")
        for value in hostile { yaml.item(value, indent: 2) }
        yaml.raw("flow: " + ImportYAML.flowList(hostile))
        var diagnostics = DiagnosticCollector()
        let node = YAMLLoader().load(SourceText(path: "t.yaml", bytes: Array(yaml.text.utf8)), into: &diagnostics)
        #expect(diagnostics.diagnostics.isEmpty, "\(diagnostics.diagnostics)\n\(yaml.text)")
        guard case .mapping(let entries)? = node?.content else {
            Issue.record("not a mapping")
            return
        }
        func text(_ node: YAMLNode) -> String? {
            guard case .scalar(let scalar) = node.content, !scalar.isNull else { return nil }
            return scalar.text
        }
        for (index, value) in hostile.enumerated() {
            #expect(text(entries[index].value) == value, "k\(index): \(value.debugDescription)")
        }
        for key in ["list", "flow"] {
            guard case .sequence(let items)? = entries.first(where: { $0.key.value == key })?.value.content else {
                Issue.record("no \(key)")
                continue
            }
            #expect(items.map(text) == hostile.map { Optional($0) }, "\(key)")
        }
        let longest = try #require(yaml.lines.firstIndex { $0.hasPrefix("k\(hostile.count - 3): ") })
        #expect(yaml.lines[longest].count <= ImportYAML.width && yaml.lines[longest + 1].hasPrefix("  "),
                "a long value is folded at a space")
    }
}
