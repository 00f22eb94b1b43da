import Foundation
import Testing
@testable import TallyCore

/// `tally import` of the common styles of metric pages besides the Code Insights layout: plain bullets, nested
/// bullets, bullets with a bold name and text, and tables, on pages in the layout of Sourcegraph's admin pings page
/// and Batch Changes metrics page (Fixtures/pages/README.md says where those come from).
@Suite struct ImportStylesTests {
    static let pages = TestFiles.folder.appendingPathComponent("Fixtures/pages")
    static let adminPage = pages.appendingPathComponent("admin_pings.md")
    static let batchChangesPage = pages.appendingPathComponent("batch_changes_metrics.md")
    /// Whole imported files, as tally import writes them (TALLY_UPDATE_EXPECTED=1 rewrites them).
    static let expected = pages.appendingPathComponent("expected")

    static func plan(_ page: URL, group: String) throws -> ImportResult {
        let settings = try [UInt8](Data(contentsOf: ImportTests.reference.appendingPathComponent("tally.yaml")))
        return try Importer.plan(pageBytes: [UInt8](Data(contentsOf: page)), pagePath: page.lastPathComponent,
                                 group: group, settingsBytes: settings, sources: ["event_logs"])
    }

    static func text(_ bytes: [UInt8]?) -> String { String(decoding: bytes ?? [], as: UTF8.self) }

    /// Every TODO key given a value, by rote, so the files decode: what a person does after the import.
    static func filled(_ text: String) -> String {
        ImportTests.fillTODOs(text)
            .replacing("\ntype:\n", with: "\ntype: backend_capture\n")
            .replacing("\nrationale:\n", with: "\nrationale: filled in by the test\n")
            .replacing("\nadded:\n", with: "\nadded: \"5.0\"\n")
            .replacing("  aggregate: count\n", with: "  aggregate: count\n  grain: week\n")
    }

    /// The snake_case words of a title, uncut: an id is these words, or the first of them.
    static func words(_ title: String) -> [String] {
        title.lowercased().split(whereSeparator: { !($0.isASCII && ($0.isLetter || $0.isNumber)) }).map(String.init)
    }

    /// The catalog of a project once every imported file has its TODOs filled in by rote.
    static func filledCatalog(_ root: URL, group: String) throws -> Catalog {
        var tree = TestFiles.tree(at: root)
        for path in tree.keys where path.hasPrefix("definitions/\(group)/") && !path.hasSuffix("group.yaml") {
            tree[path] = Array(filled(text(tree[path])).utf8)
        }
        let result = Compiler.check(ProjectFiles.fromMemory(tree))
        let errors = result.diagnostics.diagnostics.filter { $0.severity == .error }
        #expect(errors.isEmpty, "\(errors.prefix(5))")
        return try #require(result.catalog)
    }

    // MARK: The admin pings page: plain and nested bullets

    @Test func theAdminPageGivesOneDefinitionPerBullet() throws {
        let root = try ImportTests.projectCopy()
        defer { try? FileManager.default.removeItem(at: root) }
        let run = try CLITests.run(["import", Self.adminPage.path, "--group", "admin", "--project", root.path])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("tally import: wrote 77 files to definitions/admin/ (76 pings and group.yaml)"))
        let written = TestFiles.tree(at: root.appendingPathComponent("definitions/admin"))
        #expect(written.count == 77)

        // The text around the lists is reported where it is, not imported: the numbered items, the paragraphs
        // under the headings and the CIDR section.
        let left = run.stderr.split(separator: "\n").filter { $0.contains("warning[I002]") }
            .map { $0.split(separator: ":")[1] }
        #expect(left == ["8", "11", "13", "17", "33", "103"], "\(left)")

        // Each id is its title's words, or the first of them, at most 64 characters: never cut inside a word.
        let bullets = try String(contentsOf: Self.adminPage, encoding: .utf8).split(separator: "\n")
            .map { String($0).trimmingWhitespace() }.filter { $0.hasPrefix("- ") }
        let catalog = try Self.filledCatalog(root, group: "admin")
        let imported = catalog.definitions.filter { $0.group == "admin" }
        #expect(imported.count == 76 && bullets.count == 76)
        for definition in imported {
            let id = definition.id.value
            var idWords = id.split(separator: "_").map(String.init)
            if let last = idWords.last, last.allSatisfy(\.isNumber), Self.words(definition.title.value).last != last {
                idWords.removeLast()  // the _2 that keeps two ids apart
            }
            #expect(id.count <= 64 && ValueChecks.isSnakeCaseName(id), "\(id)")
            #expect(Array(Self.words(definition.title.value).prefix(idWords.count)) == idWords, "\(id)")
            #expect(definition.kind.value == .ping)
        }
        let titles = Set(imported.map(\.title.value))
        for bullet in bullets {
            var title = String(bullet.dropFirst(2)).trimmingWhitespace()
            if title.hasSuffix(":") || title.hasSuffix(".") { title.removeLast() }
            #expect(titles.contains(title), "no definition titled '\(title)'")
        }

        // A nested bullet's definition reads after its parents'; a parent's lists what is nested in it.
        let contributed = try #require(catalog.definition("whether_they_contributed_to_campaigns"))
        #expect(contributed.definition == "Campaign usage data: Aggregate counts of unique monthly users, by: Whether "
                    + "they contributed to campaigns")
        let byWhat = try #require(catalog.definition("aggregate_counts_of_unique_monthly_users_by"))
        #expect(byWhat.title.value == "Aggregate counts of unique monthly users, by")
        #expect(byWhat.definition == "Campaign usage data: Aggregate counts of unique monthly users, by\n"
                    + "- Whether they contributed to campaigns\n- Whether they only viewed campaigns")
        let releases = try #require(catalog.definition("look_for_new_product_releases"))
        #expect(releases.definition == "Pings are sent in order to: Look for new product releases.")
        // Two titles whose first 64 characters of words agree keep apart by a number.
        #expect(catalog.definition("aggregate_counts_of_lines_changed_added_and_deleted_in_all")?.title.value
                    == "Aggregate counts of lines changed, added and deleted in all changesets")
        #expect(catalog.definition("aggregate_counts_of_lines_changed_added_and_deleted_in_all_2")?.title.value
                    == "Aggregate counts of lines changed, added and deleted in all merged changesets")
        let group = try #require(catalog.groups["admin"])
        #expect(group.title.value == "Pings")
        #expect(group.introduction.hasPrefix("An instance sends a ping to the vendor now and then"))
    }

    /// Before the TODOs are filled in, `tally check` reports each imported file at its TODO keys and nowhere
    /// else: the page's names and texts are accepted as they are.
    @Test func tallyCheckReportsImportedListsOnlyAtTheirTODOs() throws {
        let root = try ImportTests.projectCopy()
        defer { try? FileManager.default.removeItem(at: root) }
        var todoPlaces: Set<String> = []
        for (page, group) in [(Self.adminPage, "admin"), (Self.batchChangesPage, "batch_changes")] {
            let run = try CLITests.run(["import", page.path, "--group", group, "--project", root.path])
            #expect(run.status == 0, "\(run.stderr)")
            for todo in ImportTests.todoLines(run.stderr) { todoPlaces.insert("\(todo.path):\(todo.line)") }
        }
        // Type, rationale, table, events, measure and added of each ping; rationale, table, events and measure of
        // each metric but the rationales of the 5 rows; and the definition of the row still to be decided.
        #expect(todoPlaces.count == 76 * 6 + 8 * 4 - 5 + 1)
        let check = try CLITests.run(["check", "--project", root.path])
        #expect(check.status == 1)
        let errors = check.stderr.split(separator: "\n").filter { $0.contains(": error[") }
        #expect(!errors.isEmpty)
        for error in errors {
            let place = error.split(separator: ":").prefix(2).joined(separator: ":")
            // 'measure' without an aggregate is reported at the line below the key.
            let above = error.split(separator: ":").prefix(1).joined() + ":"
                + String((Int(error.split(separator: ":")[1]) ?? 0) - 1)
            #expect(todoPlaces.contains(place) || todoPlaces.contains(above), "\(error)")
        }
    }

    // MARK: The Batch Changes metrics page: a table and bold-named bullets

    @Test func theBatchChangesPageGivesItsRowsAndItsBoldNamedDefinitions() throws {
        let result = try Self.plan(Self.batchChangesPage, group: "batch_changes")
        #expect(result.page.kind == .metric)
        #expect(result.page.pings.map(\.title) == [
            "Number of active Batch Changes customers / number of Batch Changes customers",
            "Number of batch changes merged",
            "Merge rate of batch changes (changesets merged / changesets published)",
            "Batch Changes MAUs / instance MAUs",
            "Time to value",
            "Batch Changes visitors",
            "Batch Changes MAU",
            "Active Batch Changes customer",
        ])
        // The outcome a metric answers is why it exists; a metric still to be decided is named by its outcome.
        let purposes: [String?] = [
            "Are Batch Changes customers active?", "How much value do customers get out of Batch Changes?",
            "Are batch changes successful?", "Is Batch Changes adopted broadly?", "Time to value", nil, nil, nil,
        ]
        #expect(result.page.pings.map(\.purpose) == purposes)
        #expect(result.page.pings[4].definition == nil, "'TBD' is no definition")
        #expect(result.page.pings[4].definitionPlaceholder == "TBD", "but the TODO quotes it")
        #expect(result.page.pings[6].definition?.hasPrefix("A user who took an action to create or manage") == true)
        #expect(result.page.pings[7].definition == "A customer counts as actively using Batch Changes if either:\n"
                    + "- they created more than 5 batch changes in the last 90 days\n"
                    + "- or they merged 100 changesets opened by Batch Changes in the last 90 days")
        #expect(result.page.warnings.map(\.span.start.line) == [7, 11, 30], "Revenue, the table's intro, the note")

        var tree: [String: [UInt8]] = [:]
        for name in ["tally.yaml", "definitions/sources/event_logs.yaml"] {
            tree[name] = [UInt8](try Data(contentsOf: ImportTests.reference.appendingPathComponent(name)))
        }
        for file in result.files {
            let text = file.path.hasSuffix("group.yaml") ? file.text : Self.filled(file.text)
            tree[file.path] = Array(text.utf8)
        }
        let checked = Compiler.check(ProjectFiles.fromMemory(tree))
        let catalog = try #require(checked.catalog, "\(checked.diagnostics.diagnostics.prefix(5))")
        #expect(catalog.definitions.count == 8)
        for definition in catalog.definitions {
            #expect(definition.kind.value == .metric, "\(definition.id.value)")
            #expect(definition.type == nil && definition.added == nil, "\(definition.id.value): a ping's keys")
        }
        #expect(catalog.definition("merge_rate_of_batch_changes_changesets_merged_changesets")?.definition
                    == "merge rate of batch changes (changesets merged / changesets published)")
    }

    // MARK: Whole files

    /// One imported file of each style, whole: a plain bullet, a nested bullet and its parent, a bold-named bullet
    /// with nested conditions, a table row and a row still to be decided.
    @Test(arguments: [
        ("admin", "randomly_generated_site_identifier"),
        ("admin", "whether_they_use_code_host_integrations"),
        ("admin", "saved_searches_usage_data"),
        ("batch_changes", "active_batch_changes_customer"),
        ("batch_changes", "merge_rate_of_batch_changes_changesets_merged_changesets"),
        ("batch_changes", "time_to_value"),
    ])
    func importedFileAsWritten(_ group: String, _ id: String) throws {
        let page = group == "admin" ? Self.adminPage : Self.batchChangesPage
        let result = try Self.plan(page, group: group)
        let file = try #require(result.files.first { $0.path == "definitions/\(group)/\(id).yaml" })
        let expectedURL = Self.expected.appendingPathComponent("\(group)__\(id).yaml")
        if TestFiles.updating {
            try FileManager.default.createDirectory(at: Self.expected, withIntermediateDirectories: true)
            try Data(file.text.utf8).write(to: expectedURL)
            Issue.record("updated \(expectedURL.lastPathComponent); rerun without TALLY_UPDATE_EXPECTED")
            return
        }
        let expected = try String(contentsOf: expectedURL, encoding: .utf8)
        #expect(file.text == expected, "\(id) differs from \(expectedURL.lastPathComponent)")
    }

    // MARK: An existing group

    @Test func importingIntoAnExistingGroupAddsFilesAndKeepsItsGroupFile() throws {
        let root = try ImportTests.projectCopy()
        defer { try? FileManager.default.removeItem(at: root) }
        let folder = root.appendingPathComponent("definitions/code_insights")
        let before = TestFiles.tree(at: folder)
        let run = try CLITests.run(["import", Self.batchChangesPage.path, "--group", "code_insights",
                                    "--project", root.path])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("definitions/code_insights/group.yaml:1:1: warning[I002]: the group exists, so its "
                                        + "group.yaml is kept as it is"))
        #expect(run.stderr.contains("wrote 8 files to definitions/code_insights/ (8 metrics; group.yaml kept)"))
        let after = TestFiles.tree(at: folder)
        #expect(after.count == before.count + 8)
        for (name, bytes) in before { #expect(after[name] == bytes, "\(name) is unchanged") }
        #expect(after["time_to_value.yaml"] != nil)
    }

    @Test func anIDTheGroupHasIsStillRefused() throws {
        let root = try ImportTests.projectCopy()
        defer { try? FileManager.default.removeItem(at: root) }
        let page = root.appendingPathComponent("more.md")
        try Data("# More pings\n\n## Counts\n\n- Brand new count\n- Hovers count\n".utf8).write(to: page)
        let before = TestFiles.tree(at: root)
        let run = try CLITests.run(["import", page.path, "--group", "code_insights", "--project", root.path])
        #expect(run.status == 1)
        #expect(run.stderr.contains("definitions/code_insights/hovers_count.yaml:1:1: error[I005]: the file already "
                                        + "exists"))
        #expect(run.stderr.contains("nothing was written (1 of 2 files exist; pass --force to overwrite them)"))
        #expect(TestFiles.tree(at: root) == before, "nothing is written, brand_new_count.yaml neither")
    }

    // MARK: Reading lists and tables

    @Test func tablesAndBulletsInOtherSpellings() throws {
        let page = """
            # Search metrics

            ### Query metrics

            | Name | Description | Owner |
            |:-----|------------:|-------|
            | `a\\|b` rate | pipes \\| escaped, `c|d` in code | search |
            | Latency p95 | 95th percentile of latency |
            | | no name |

            - **Zero results:** searches with no result
              - **Zero results, by repo** - the same, per repository
            - __Saved__ searches saved
            - **Empty**
            -
            """
        let parsed = try PageParser.parse(Array(page.utf8), path: "p.md")
        #expect(parsed.kind == .metric)
        #expect(parsed.pings.map(\.title) == ["`a|b` rate", "Latency p95", "Zero results", "Zero results, by repo",
                                              "Saved", "Empty"])
        #expect(parsed.pings.map(\.definition) == ["pipes | escaped, `c|d` in code", "95th percentile of latency",
                                                   "searches with no result", "the same, per repository",
                                                   "searches saved", nil])
        #expect(parsed.pings.allSatisfy { $0.purpose == nil })
        #expect(parsed.warnings.map { "\($0.span.start.line): \($0.message)" } == [
            "5: column 'Owner' of the table is not imported; only its name, definition, outcome or purpose, events "
                + "and added columns are (one of each)",
            "9: a table row without a name is not imported",
            "15: an empty bullet is not imported",
        ])
    }

    /// A page with no sections, its list right under the title: the list is its definitions, the text before it
    /// the introduction. A page with nothing to import says where definitions are read from.
    @Test func aListRightUnderTheTitleIsImported() throws {
        let page = """
            # Team metrics

            What the team tracks.

            - **Weekly searchers:** users who searched that week
            - **Daily opens:** times the app was opened each day
            """
        let parsed = try PageParser.parse(Array(page.utf8), path: "p.md")
        #expect(parsed.pings.map(\.title) == ["Weekly searchers", "Daily opens"])
        #expect(parsed.pings.map(\.definition) == ["users who searched that week", "times the app was opened each day"])
        #expect(parsed.introduction == "What the team tracks.")
        #expect(throws: ImportFailure.self) { try PageParser.parse(Array("# Team metrics\n\nJust prose.\n".utf8), path: "p.md") }
        // A table under the terminology is its terms: the refusal says so.
        let terms = "# Team metrics\n\n## Terminology\n\n| Metric | Description |\n| --- | --- |\n| Searches | searches run |\n"
        do {
            _ = try PageParser.parse(Array(terms.utf8), path: "p.md")
            Issue.record("a page of terms only imported something")
        } catch {
            #expect(PinnedDiagnosticsTests.lines(error.diagnostics) == [
                "p.md:1:1: error[I001]: nothing to import: tally import makes a definition of each '###' ping section, "
                    + "bullet and table row under the '# Team metrics' title, and the page has none; the table under "
                    + "'## Terminology' (line 3) is read as terms: give the definitions a '##' section of their own",
            ])
        }
    }

    /// A table's Event and Added columns are imported beside its name; a second column of one role is reported,
    /// never dropped in silence.
    @Test func eventAndAddedColumnsAreImported() throws {
        let page = """
            # Search pings

            ## Pings

            | Metric | Event | Added | Description | Notes |
            | --- | --- | --- | --- | --- |
            | Searches | `SearchSubmitted`, `SearchRetried` | 3.20 | Searches run | n |
            """
        let parsed = try PageParser.parse(Array(page.utf8), path: "p.md")
        #expect(parsed.pings.map(\.title) == ["Searches"])
        #expect(parsed.pings[0].eventCodes.map(\.name) == ["SearchSubmitted", "SearchRetried"])
        #expect(parsed.pings[0].added == "3.20")
        #expect(parsed.pings[0].definition == "Searches run")
        #expect(parsed.warnings.map(\.message) == ["column 'Notes' of the table is not imported; only its name, "
            + "definition, outcome or purpose, events and added columns are (one of each)"])
        // On a metrics page too, the version a metric was added in is written.
        let metrics = try PageParser.parse(Array(page.replacingOccurrences(of: "# Search pings", with: "# Search metrics").utf8),
                                           path: "p.md")
        let file = ImportRenderer.definition(metrics.pings[0], kind: .metric, eventCodeTemplate: "https://x/{event}",
                                             sources: ["events"]).text
        #expect(file.contains("\nadded: \"3.20\"\n"), "\(file)")
    }

    /// GitHub reads a table without its outer pipes too; the import had said the page had nothing to import. A line
    /// of text over a `---` rule stays no table.
    @Test func aTableWithoutOuterPipesIsATable() throws {
        let page = "# Glean Metrics\n\n## Engagement\n\nName | Description | Added\n--- | :-- | ---\n"
            + "Uri count | Count of URIs, `a|b` | 1.0\nTab count | Open tabs \\| windows | 1.1\n\nAfter the table.\n---\n"
        let parsed = try PageParser.parse(Array(page.utf8), path: "p.md")
        #expect(parsed.pings.map(\.title) == ["Uri count", "Tab count"])
        #expect(parsed.pings.map(\.definition) == ["Count of URIs, `a|b`", "Open tabs | windows"])
        #expect(parsed.pings.map(\.added) == ["1.0", "1.1"])
        func table(_ text: String) throws -> PageParser.Table? {
            try PageParser.table(at: 0, of: PageParser.lines(of: Array(text.utf8), path: "p.md"))?.table
        }
        #expect(try table("Some text\n---\n") == nil)
        #expect(try table("a | b\n--- | --- | ---\n") == nil, "a header and a delimiter of unequal cells")
        #expect(try table("a | b\n--- | ---\nc | d\ne\n")?.rows.map(\.cells) == [["c", "d"]])
    }

    @Test func idsAreCutAfterAWholeWord() {
        let title = "Weekly counts of campaigns (open, closed) and of changesets (imported, published, unpublished)"
        #expect(ImportRenderer.identifier(title) == "weekly_counts_of_campaigns_open_closed_and_of_changesets")
        #expect(ImportRenderer.identifiers(for: [title, title])
                    == ["weekly_counts_of_campaigns_open_closed_and_of_changesets",
                        "weekly_counts_of_campaigns_open_closed_and_of_changesets_2"])
        // Exactly 64 characters stays whole; one word longer than 64 is cut, as nothing else keeps it short.
        let sixtyFour = String(repeating: "abcdefg_", count: 8).dropLast() + "h"
        #expect(ImportRenderer.identifier(String(sixtyFour)) == sixtyFour)
        #expect(ImportRenderer.identifier(String(sixtyFour) + " more") == sixtyFour)
        #expect(ImportRenderer.identifier(String(sixtyFour) + "i") == String(repeating: "abcdefg_", count: 7).dropLast())
        #expect(ImportRenderer.identifier(String(repeating: "x", count: 70)) == String(repeating: "x", count: 64))
    }
}
