import Foundation
import Testing
@testable import TallyCore
import TallyRunner

/// `tally diff` on real git repositories: commit, change, diff against the commit.
@Suite(.serialized) struct DiffTests {
    static let ping = """
        kind: ping
        title: Hovers count
        type: frontend_event
        definition: Weekly InsightHover events.
        rationale: To track hovers.
        source: {table: event_logs}
        events: [InsightHover]
        measure: {aggregate: count, grain: week}
        added: "3.25"

        """

    /// A git repository whose first commit holds the corpus base project plus `hovers_count`; `folder` nests the
    /// project below the repository's root.
    static func repository(folder: String = "") throws -> (repo: URL, project: URL) {
        let repo = FileManager.default.temporaryDirectory.appendingPathComponent("tally-diff-\(UUID().uuidString)")
        let project = folder.isEmpty ? repo : repo.appendingPathComponent(folder)
        var files = CorpusTests.base
        files["definitions/corpus/hovers_count.yaml"] = Array(ping.utf8)
        for (path, bytes) in files {
            let url = project.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(bytes).write(to: url)
        }
        try git(repo, "init", "-q")
        try git(repo, "add", "-A")
        try git(repo, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-m", "base")
        return (repo, project)
    }

    @discardableResult
    static func git(_ repo: URL, _ arguments: String...) throws -> String {
        let result = try Subprocess.run("/usr/bin/env", ["git", "-C", repo.path] + arguments, input: "")
        guard result.status == 0 else { throw SQLiteDatabase.Failure(description: "git \(arguments): \(result.stderr)") }
        return result.stdout
    }

    static func write(_ text: String, _ path: String, in project: URL) throws {
        let url = project.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url, atomically: false, encoding: .utf8)
    }

    static func diff(_ project: URL, format: String = "human", base: String = "HEAD") throws -> CLITests.Run {
        try CLITests.run(["diff", "--base", base, "--format", format, "--project", project.path])
    }

    /// A ratio over a definition whose rows change moves too, though its own SQL does not: the report names it,
    /// with what it reads, in every format (found by a new-user trial; through a formula over the ratio as well).
    @Test func whatReadsAChangedDefinitionIsSaidToMove() throws {
        let (repo, project) = try Self.repository()
        defer { try? FileManager.default.removeItem(at: repo) }
        let ratio = """
            kind: metric
            title: Hovers per user
            definition: Hovers per weekly user.
            rationale: To see engagement.
            measure: {aggregate: ratio, numerator: hovers_count, denominator: base_users}

            """
        let doubled = """
            kind: metric
            title: Hovers per user, doubled
            definition: Twice the hovers per weekly user.
            rationale: To test formulas over ratios.
            measure: {aggregate: formula, expression: "hovers_per_user * 2"}

            """
        try Self.write(ratio, "definitions/corpus/hovers_per_user.yaml", in: project)
        try Self.write(doubled, "definitions/corpus/hovers_doubled.yaml", in: project)
        _ = try Self.git(repo, "add", "-A")
        _ = try Self.git(repo, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-m", "ratio")
        try Self.write(Self.ping.replacingOccurrences(of: "events: [InsightHover]", with: "events: [InsightHover, InsightView]"),
                       "definitions/corpus/hovers_count.yaml", in: project)
        // A reader added in the same change has no values to move from (found by review).
        try Self.write(doubled.replacingOccurrences(of: "hovers_per_user * 2", with: "hovers_per_user * 3"),
                       "definitions/corpus/hovers_tripled.yaml", in: project)
        let human = try Self.diff(project)
        #expect(!human.stdout.contains("~ hovers_tripled  values move"), "\(human.stdout)")
        #expect(human.stdout.contains("~ hovers_per_user  values move: it reads hovers_count\n"), "\(human.stdout)")
        #expect(human.stdout.contains("~ hovers_doubled  values move: it reads hovers_count\n"), "\(human.stdout)")
        let markdown = try Self.diff(project, format: "markdown")
        #expect(markdown.stdout.contains("Values also move for what reads those whose rows change: "
                                         + "`hovers_doubled` (reads `hovers_count`), `hovers_per_user` (reads `hovers_count`).\n"),
                "\(markdown.stdout)")
        let json = try Self.diff(project, format: "json")
        #expect(json.stdout.contains(#""moved_by_inputs":[{"id":"hovers_doubled","inputs":["hovers_count"]},"#
                                     + #"{"id":"hovers_per_user","inputs":["hovers_count"]}]"#), "\(json.stdout)")
        // A change that moves no row (its prose) moves nothing that reads it.
        try Self.write(Self.ping.replacingOccurrences(of: "Weekly InsightHover events.", with: "Weekly hovers."),
                       "definitions/corpus/hovers_count.yaml", in: project)
        #expect(!(try Self.diff(project)).stdout.contains("values move"))
    }

    /// The base's files are asked of git by object name, from ls-tree's listing: a submodule's entry (a commit)
    /// is no file, and a path keeps every byte after the tab, tabs and spaces included.
    @Test func theBasesFilesAreTheListingsBlobs() {
        let listing = "100644 blob 0123456789abcdef0123456789abcdef01234567\ttally.yaml\0"
            + "160000 commit 89abcdef0123456789abcdef0123456789abcdef\tdefinitions/vendored\0"
            + "120000 blob fedcba9876543210fedcba9876543210fedcba98\tdefinitions/a b/c\td.yaml\0"
        let blobs = GitReader.blobs(listed: Data(listing.utf8))
        #expect(blobs.map(\.path) == ["tally.yaml", "definitions/a b/c\td.yaml"])
        #expect(blobs.map(\.object) == ["0123456789abcdef0123456789abcdef01234567", "fedcba9876543210fedcba9876543210fedcba98"])
        #expect(GitReader.blobs(listed: Data("not a listing\0".utf8)).isEmpty)
    }

    @Test func unchangedDefinitionsDiffToNothing() throws {
        let (repo, project) = try Self.repository()
        defer { try? FileManager.default.removeItem(at: repo) }
        let run = try Self.diff(project)
        #expect(run.status == 0)
        #expect(run.stdout == "no definition changed since HEAD\n")
    }

    @Test func addedDefinitionAndChangedTextAreNotBreaking() throws {
        let (repo, project) = try Self.repository()
        defer { try? FileManager.default.removeItem(at: repo) }
        try Self.write(Self.ping.replacingOccurrences(of: "title: Hovers count", with: "title: Hover count")
                           .replacingOccurrences(of: "InsightHover]", with: "InsightClick]"),
                       "definitions/corpus/clicks_count.yaml", in: project)
        try Self.write(Self.ping.replacingOccurrences(of: "To track hovers.", with: "To track tooltips."),
                       "definitions/corpus/hovers_count.yaml", in: project)
        let run = try Self.diff(project)
        #expect(run.status == 0)
        #expect(run.stdout == """
            + clicks_count  added (definitions/corpus/clicks_count.yaml)
            ~ hovers_count  changed
                rationale: To track hovers. -> To track tooltips.

            tally diff since HEAD: 1 changed (0 breaking), 1 added, 0 removed, 0 renamed; 0 errors, 0 warnings

            """)
    }

    @Test func breakingChangeIsAnErrorUntilRecorded() throws {
        let (repo, project) = try Self.repository()
        defer { try? FileManager.default.removeItem(at: repo) }
        let changed = Self.ping.replacingOccurrences(of: "grain: week", with: "grain: day")
            .replacingOccurrences(of: "[InsightHover]", with: "[InsightHover, InsightHoverLong]")
        try Self.write(changed, "definitions/corpus/hovers_count.yaml", in: project)
        let run = try Self.diff(project)
        #expect(run.status == 1)
        // Which event came, not both lists.
        #expect(run.stdout.contains("    events (breaking): added InsightHoverLong\n"), "\(run.stdout)")
        #expect(run.stdout.contains("    measure.grain (breaking): week -> day\n"))
        // At the first change (the event added, not the list's key), with a note at each other changed key;
        // week_start went with the grain, so it is not a change of its own.
        #expect(run.stdout.contains("definitions/corpus/hovers_count.yaml:7:24: error[C003]: breaking change to 'hovers_count' (events, measure.grain)"))
        #expect(run.stdout.contains("definitions/corpus/hovers_count.yaml:8:29: note: measure.grain changed here\n"), "\(run.stdout)")
        #expect(!run.stdout.contains("week_start"), "\(run.stdout)")
        #expect(run.stdout.hasSuffix("\ntally diff since HEAD: 1 changed (1 breaking), 0 added, 0 removed, 0 renamed; "
                                         + "1 error, 0 warnings\n"), "\(run.stdout)")
        try Self.write(changed + "changes:\n  - {version: \"3.40\", description: \"daily, counts long hovers too\", pr: \"#99\"}\n",
                       "definitions/corpus/hovers_count.yaml", in: project)
        #expect(try Self.diff(project).status == 0)
    }

    /// A long text changed past its first 77 characters shows where it differs, on both sides: cut at the same
    /// place, both sides read the same.
    @Test func aLongTextShowsWhereItChanged() throws {
        let (repo, project) = try Self.repository()
        defer { try? FileManager.default.removeItem(at: repo) }
        let long = "To measure how many times users hover over a datapoint to see the tooltip on a chart, so that we "
        try Self.write(Self.ping.replacingOccurrences(of: "To track hovers.", with: long + "dig in."),
                       "definitions/corpus/hovers_count.yaml", in: project)
        try Self.git(repo, "add", "-A")
        try Self.git(repo, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-m", "long")
        try Self.write(Self.ping.replacingOccurrences(of: "To track hovers.", with: long + "drill in."),
                       "definitions/corpus/hovers_count.yaml", in: project)
        let run = try Self.diff(project)
        #expect(run.status == 0)
        #expect(run.stdout.contains("    rationale: ... chart, so that we dig in. -> ... chart, so that we drill in.\n"),
                "\(run.stdout)")
        // A difference longer than the line keeps its end: a removed link's pull request number (found by a new-user
        // trial, where it was cut at 77 characters).
        let linked = long + "dig in. See https://github.com/sourcegraph/sourcegraph/pull/25317 for the reasons we gave."
        try Self.write(Self.ping.replacingOccurrences(of: "To track hovers.", with: linked),
                       "definitions/corpus/hovers_count.yaml", in: project)
        try Self.git(repo, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-am", "linked")
        try Self.write(Self.ping.replacingOccurrences(of: "To track hovers.", with: long + "dig in."),
                       "definitions/corpus/hovers_count.yaml", in: project)
        let removed = try Self.diff(project)
        #expect(removed.stdout.contains("    rationale: ..., so that we dig in. See https://github.c...25317 for the "
                                            + "reasons we gave. -> ..., so that we dig in.\n"), "\(removed.stdout)")
    }

    /// A dialect added to tally.yaml with its query in an sql measure changes no rows anyone read: not breaking.
    /// A query rewritten still is.
    @Test func aQueryForANewDialectIsNotBreaking() throws {
        let (repo, project) = try Self.repository()
        defer { try? FileManager.default.removeItem(at: repo) }
        func sqlMeasure(_ queries: String) -> String {
            Self.ping.replacingOccurrences(of: "title: Hovers count", with: "title: Hover rows")
                .replacingOccurrences(of: "events: [InsightHover]\n", with: "")
                .replacingOccurrences(of: "measure: {aggregate: count, grain: week}", with: """
                    measure:
                      aggregate: sql
                      columns: {known_broken: boolean, value: integer}
                      queries:
                    \(queries)
                    """)
        }
        let query = "SELECT CAST(NULL AS BOOLEAN) AS known_broken, COUNT(*) AS value FROM event_logs"
        // The base project's three dialects, and a fourth added.
        let built = Dialect.allCases.prefix(3).map(\.rawValue)
        let added = Dialect.allCases[3].rawValue
        func queries(_ dialects: [String], _ text: String = query) -> String {
            dialects.map { "    \($0): \"\(text)\"" }.joined(separator: "\n")
        }
        try Self.write(sqlMeasure(queries(built)), "definitions/corpus/hover_rows.yaml", in: project)
        try Self.git(repo, "add", "-A")
        try Self.git(repo, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-m", "sql")
        let settings = project.appendingPathComponent("tally.yaml")
        let text = try String(contentsOf: settings, encoding: .utf8)
        let list = "dialects: [" + built.joined(separator: ", ")
        #expect(text.contains(list + "]"))
        try text.replacingOccurrences(of: list + "]", with: list + ", " + added + "]")
            .write(to: settings, atomically: false, encoding: .utf8)
        try Self.write(sqlMeasure(queries(built + [added])), "definitions/corpus/hover_rows.yaml", in: project)
        let withDialect = try Self.diff(project)
        #expect(withDialect.status == 0, "\(withDialect.stdout)\(withDialect.stderr)")
        #expect(withDialect.stdout.contains("    measure.queries.\(added): (none) -> "), "\(withDialect.stdout)")
        #expect(!withDialect.stdout.contains("C003"), "\(withDialect.stdout)")
        let rewritten = queries(built, query.replacingOccurrences(of: "COUNT(*)", with: "COUNT(1)")) + "\n" + queries([added])
        try Self.write(sqlMeasure(rewritten), "definitions/corpus/hover_rows.yaml", in: project)
        let run = try Self.diff(project)
        #expect(run.status == 1)
        let fields = built.map { "measure.queries.\($0)" }.joined(separator: ", ")
        #expect(run.stdout.contains("error[C003]: breaking change to 'hover_rows' (\(fields))"), "\(run.stdout)")
    }

    /// Edits that leave the rows as they were are not breaking: a filter written another way (entries and `in`
    /// lists reordered, `in` of one value for `equals`), `fill: omit` (the default) written out; and a definition
    /// whose events were only reordered is not blamed for an unrelated tally.yaml edit.
    @Test func theSameRowsWrittenAnotherWayAreNotBreaking() throws {
        let (repo, project) = try Self.repository()
        defer { try? FileManager.default.removeItem(at: repo) }
        let filtered = Self.ping.replacingOccurrences(of: "[InsightHover]", with: "[InsightHover, InsightHoverLong]")
            .replacingOccurrences(of: "measure: {aggregate: count, grain: week}", with: """
                measure:
                  aggregate: count
                  grain: week
                  where:
                    - {field: source, in: [WEB, CODEHOSTINTEGRATION]}
                    - {field: name, not_equals: InsightHoverTest}
                """)
        try Self.write(filtered, "definitions/corpus/hovers_count.yaml", in: project)
        try Self.git(repo, "add", "-A")
        try Self.git(repo, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-m", "filtered")
        let rewritten = filtered.replacingOccurrences(of: "[InsightHover, InsightHoverLong]", with: "[InsightHoverLong, InsightHover]")
            .replacingOccurrences(of: """
                    - {field: source, in: [WEB, CODEHOSTINTEGRATION]}
                    - {field: name, not_equals: InsightHoverTest}
                """, with: """
                    - {field: name, not_in: [InsightHoverTest]}
                    - {field: source, in: [CODEHOSTINTEGRATION, WEB]}
                  fill: omit
                """)
        try Self.write(rewritten, "definitions/corpus/hovers_count.yaml", in: project)
        let tallyYAML = project.appendingPathComponent("tally.yaml")
        try (String(contentsOf: tallyYAML, encoding: .utf8).replacingOccurrences(of: "5.5.0", with: "5.5.1"))
            .write(to: tallyYAML, atomically: false, encoding: .utf8)
        let run = try Self.diff(project)
        #expect(run.status == 0, "\(run.stdout)")
        #expect(run.stdout == "no definition changed since HEAD\n~ tally.yaml  changed\n    current_version: 5.5.0 -> 5.5.1\n",
                "\(run.stdout)")
        // A real change of the filter still is breaking.
        try Self.write(rewritten.replacingOccurrences(of: "[CODEHOSTINTEGRATION, WEB]", with: "[WEB]"),
                       "definitions/corpus/hovers_count.yaml", in: project)
        let changed = try Self.diff(project)
        #expect(changed.status == 1)
        #expect(changed.stdout.contains("error[C003]: breaking change to 'hovers_count' (measure.where)"), "\(changed.stdout)")
        // At the entry that changed, not at `where:`; shown as written.
        let line = try #require(rewritten.split(separator: "\n", omittingEmptySubsequences: false)
            .firstIndex { $0.contains("field: source, in:") }) + 1
        #expect(changed.stdout.contains("hovers_count.yaml:\(line):7: error[C003]"), "\(changed.stdout)")
        // The entry that went and the one that came; the one written another way is neither.
        #expect(changed.stdout.contains("measure.where (breaking): removed source in [WEB, CODEHOSTINTEGRATION]; "
                                        + "added source in [WEB]\n"), "\(changed.stdout)")
        // Different filters never read alike: the text "NULL" is not null, and "a, b" is one value.
        for (before, after) in [("{field: name, not_in: [\"NULL\"]}", "{field: name, not_equals: null}"),
                                ("{field: name, in: [\"a, b\", c]}", "{field: name, in: [a, b, c]}")] {
            try Self.write(rewritten.replacingOccurrences(of: "{field: name, not_in: [InsightHoverTest]}", with: before),
                           "definitions/corpus/hovers_count.yaml", in: project)
            try Self.git(repo, "add", "-A")
            try Self.git(repo, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-m", before)
            try Self.write(rewritten.replacingOccurrences(of: "{field: name, not_in: [InsightHoverTest]}", with: after),
                           "definitions/corpus/hovers_count.yaml", in: project)
            let other = try Self.diff(project)
            #expect(other.stdout.contains("error[C003]: breaking change to 'hovers_count' (measure.where)"),
                    "\(before) -> \(after): \(other.stdout)")
        }
    }

    /// Each other file is said added, removed or changed, in every format; the Markdown points to its problems
    /// only when there are some (found by a new-user trial: a new group.yaml was "changed", and the comment sent
    /// readers to a Problems section it did not have).
    @Test func otherFilesSayWhetherTheyCameWentOrChanged() throws {
        let (repo, project) = try Self.repository()
        defer { try? FileManager.default.removeItem(at: repo) }
        func source(_ table: String) -> String {
            "table: \(table)\ndescription: One row per click.\ntimestamp: timestamp\ncolumns:\n"
                + "  timestamp: {type: timestamp, classification: public}\n"
        }
        try Self.write(source("clicks"), "definitions/sources/clicks.yaml", in: project)
        try Self.write(source("views"), "definitions/sources/views.yaml", in: project)
        try Self.git(repo, "add", "-A")
        try Self.git(repo, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-m", "sources")
        try FileManager.default.removeItem(at: project.appendingPathComponent("definitions/sources/clicks.yaml"))
        try Self.write(source("taps"), "definitions/sources/taps.yaml", in: project)
        try Self.write(source("views").replacingOccurrences(of: "One row per click.", with: "Every view."),
                       "definitions/sources/views.yaml", in: project)
        let human = try Self.diff(project)
        #expect(human.status == 0, "\(human.stdout)")
        #expect(human.stdout == "no definition changed since HEAD\n- definitions/sources/clicks.yaml  removed\n"
                    + "+ definitions/sources/taps.yaml  added\n~ definitions/sources/views.yaml  changed\n", "\(human.stdout)")
        let markdown = try Self.diff(project, format: "markdown").stdout
        #expect(markdown.contains("Other files: `definitions/sources/clicks.yaml` removed, `definitions/sources/taps.yaml` "
                                      + "added, `definitions/sources/views.yaml` changed.\n"), "\(markdown)")
        #expect(!markdown.contains("Problems"), "\(markdown)")
        let json = try Self.diff(project, format: "json").stdout
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(object["files"] as? [String] == ["definitions/sources/clicks.yaml", "definitions/sources/taps.yaml",
                                                 "definitions/sources/views.yaml"])
        let changes = try #require(object["file_changes"] as? [[String: String]])
        #expect(changes == [["path": "definitions/sources/clicks.yaml", "change": "removed"],
                            ["path": "definitions/sources/taps.yaml", "change": "added"],
                            ["path": "definitions/sources/views.yaml", "change": "changed"]])
    }

    /// A source changed under an unchanged definition (here its time zone) changes the definition's rows: a breaking
    /// change to each definition whose view compiles to other SQL, until it records it. An edit that leaves the SQL
    /// alone (a description) is not.
    @Test func aSourceChangedUnderADefinitionIsBreaking() throws {
        let (repo, project) = try Self.repository()
        defer { try? FileManager.default.removeItem(at: repo) }
        // A modeline first, as `tally init` writes: the note points at the source's first key, not at it.
        let source = """
            # yaml-language-server: $schema=../../generated/schema/source.schema.json
            table: clicks
            description: One row per click.
            timestamp: timestamp
            event_name: name
            columns:
              name: {type: text, classification: public}
              timestamp: {type: timestamp, classification: public}

            """
        let clicks = Self.ping.replacingOccurrences(of: "title: Hovers count", with: "title: Clicks count")
            .replacingOccurrences(of: "{table: event_logs}", with: "{table: clicks}")
        try Self.write(source, "definitions/sources/clicks.yaml", in: project)
        try Self.write(clicks, "definitions/corpus/clicks_count.yaml", in: project)
        // A formula over it, whose values move with it whether or not the change is recorded.
        try Self.write("kind: metric\ntitle: Clicks doubled\ndefinition: Twice the clicks.\nrationale: To test readers.\n"
                           + "measure: {aggregate: formula, expression: \"clicks_count * 2\"}\n",
                       "definitions/corpus/clicks_doubled.yaml", in: project)
        try Self.git(repo, "add", "-A")
        try Self.git(repo, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-m", "clicks")

        try Self.write(source.replacingOccurrences(of: "One row per click.", with: "Every click."),
                       "definitions/sources/clicks.yaml", in: project)
        let described = try Self.diff(project)
        #expect(described.status == 0)
        // The source is named as changed, though no view changes.
        #expect(described.stdout == "no definition changed since HEAD\n~ definitions/sources/clicks.yaml  changed\n",
                "\(described.stdout)")

        try Self.write(source.replacingOccurrences(of: "timestamp: timestamp\n", with: "timestamp: timestamp\ntime_zone: Europe/Paris\n"),
                       "definitions/sources/clicks.yaml", in: project)
        let run = try Self.diff(project)
        #expect(run.status == 1)
        let errors = run.stdout.split(separator: "\n").filter { $0.contains("error[") }
        let expected: String = "definitions/corpus/clicks_count.yaml:6:1: error[C003]: breaking change to 'clicks_count': "
            + "its definition is unchanged, but source 'clicks' (definitions/sources/clicks.yaml) changed, so its view "
            + "returns different rows than at the base ref; record it in a new 'changes' entry (version, description, "
            + "pr) so readers of the view know"
        #expect(errors == [Substring(expected)], "\(run.stdout)")
        #expect(run.stdout.contains("definitions/sources/clicks.yaml:2:1: note: 'clicks' is declared here\n"), "\(run.stdout)")
        // Its own non-breaking edit (a broken range) does not hide what changed under it, nor count as it.
        let ranged = clicks + "broken:\n  - {from: \"3.30\", reason: clicks lost}\n"
        try Self.write(ranged, "definitions/corpus/clicks_count.yaml", in: project)
        let both = try Self.diff(project)
        #expect(both.stdout.contains("error[C003]: breaking change to 'clicks_count': source 'clicks' "
                                     + "(definitions/sources/clicks.yaml) changed, so its view returns different rows"),
                "\(both.stdout)")
        #expect(both.stdout.contains("~ clicks_doubled  values move: it reads clicks_count\n"), "\(both.stdout)")
        try Self.write(ranged + "changes:\n  - {version: \"3.40\", description: Days are Paris days, pr: \"#99\"}\n",
                       "definitions/corpus/clicks_count.yaml", in: project)
        let recorded = try Self.diff(project)
        #expect(recorded.status == 0)
        // Recorded, the change still moves what reads it (found by review: the readers had gone quiet).
        #expect(recorded.stdout.contains("~ clicks_doubled  values move: it reads clicks_count\n"), "\(recorded.stdout)")
    }

    /// What leaves a definition's record is pointed out for reviewers: a removed broken range (its rows lose
    /// known_broken) and a removed `changes` entry.
    @Test func removedRangesAndChangeEntriesArePointedOut() throws {
        let (repo, project) = try Self.repository()
        defer { try? FileManager.default.removeItem(at: repo) }
        let recorded = Self.ping + "broken:\n  - {from: \"3.30\", through: \"3.31\", reason: tooltips never fire, fix: \"#5\"}\n"
            + "changes:\n  - {version: \"3.30\", description: Counts hovers, pr: \"#31\"}\n"
        try Self.write(recorded, "definitions/corpus/hovers_count.yaml", in: project)
        try Self.git(repo, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-am", "recorded")
        try Self.write(Self.ping, "definitions/corpus/hovers_count.yaml", in: project)
        let run = try Self.diff(project)
        #expect(run.status == 0)
        let warnings = run.stdout.split(separator: "\n").filter { $0.contains("warning[") }
        #expect(warnings == [
            "definitions/corpus/hovers_count.yaml:1:1: warning[C009]: broken range 3.30-3.31 of 'hovers_count' was removed: "
                + "its versions' rows are no longer marked known_broken (it said: tooltips never fire)",
            "definitions/corpus/hovers_count.yaml:1:1: warning[C010]: 'hovers_count' no longer has the 'changes' entry "
                + "3.30: Counts hovers (removed or reworded): readers of its view lose that history",
        ], "\(run.stdout)")
        // A reworded entry is pointed out where it was reworded.
        try Self.write(recorded.replacingOccurrences(of: "Counts hovers", with: "Counts all hovers"),
                       "definitions/corpus/hovers_count.yaml", in: project)
        let reworded = try Self.diff(project)
        #expect(reworded.stdout.contains("definitions/corpus/hovers_count.yaml:13:15: warning[C010]: 'hovers_count' no "
                                         + "longer has the 'changes' entry 3.30: Counts hovers"), "\(reworded.stdout)")
        // An entry added before the others (of an earlier release: changes are in release order) is one change,
        // not every entry after it moved by one.
        try Self.write(recorded.replacingOccurrences(of: "changes:\n", with: "changes:\n  - {version: \"3.28\", description: Daily, pr: \"#41\"}\n"),
                       "definitions/corpus/hovers_count.yaml", in: project)
        let inserted = try Self.diff(project)
        #expect(inserted.stdout == "~ hovers_count  changed\n    changes 3.28: (none) -> 3.28: Daily (#41)\n\n"
                    + "tally diff since HEAD: 1 changed (0 breaking), 0 added, 0 removed, 0 renamed; 0 errors, 0 warnings\n",
                "\(inserted.stdout)")
    }

    /// A narrowed broken range takes known_broken from the versions it no longer covers: pointed out too.
    @Test func aNarrowedRangeIsPointedOut() throws {
        let (repo, project) = try Self.repository()
        defer { try? FileManager.default.removeItem(at: repo) }
        try Self.write(Self.ping + "broken:\n  - {from: \"3.30\", through: \"3.35\", reason: r, fix: \"#5\"}\n",
                       "definitions/corpus/hovers_count.yaml", in: project)
        try Self.git(repo, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-am", "range")
        try Self.write(Self.ping + "broken:\n  - {from: \"3.30\", through: \"3.31\", reason: r, fix: \"#5\"}\n",
                       "definitions/corpus/hovers_count.yaml", in: project)
        let run = try Self.diff(project)
        // At the end that moved.
        #expect(run.stdout.contains("definitions/corpus/hovers_count.yaml:11:29: warning[C009]: broken range of 'hovers_count' narrowed from 3.30-3.35 to 3.30-3.31: "
                                    + "rows of the versions in between are no longer marked known_broken\n"), "\(run.stdout)")
    }

    /// Pointing a definition at another table is breaking when its view reads other rows: not when a source file
    /// was renamed over the same physical table.
    @Test func anotherTableIsBreakingOnlyWhenTheSQLChanges() throws {
        let (repo, project) = try Self.repository()
        defer { try? FileManager.default.removeItem(at: repo) }
        let events = try String(contentsOf: project.appendingPathComponent("definitions/sources/event_logs.yaml"), encoding: .utf8)
        try Self.write(events.replacingOccurrences(of: "{postgres: event_logs, bigquery: events.event_logs}",
                                                   with: "{postgres: other_logs, bigquery: events.other_logs, sqlite: other_logs}"),
                       "definitions/sources/other_logs.yaml", in: project)
        try Self.git(repo, "add", "-A")
        try Self.git(repo, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-m", "other")
        try Self.write(Self.ping.replacingOccurrences(of: "{table: event_logs}", with: "{table: other_logs}"),
                       "definitions/corpus/hovers_count.yaml", in: project)
        let moved = try Self.diff(project)
        #expect(moved.status == 1)
        #expect(moved.stdout.contains("error[C003]: breaking change to 'hovers_count' (source.table)"), "\(moved.stdout)")
        // The same physical tables under a new source name: the SQL is the same, so nothing breaks.
        try Self.write(events.replacingOccurrences(of: "{postgres: event_logs, bigquery: events.event_logs}",
                                                   with: "{postgres: event_logs, bigquery: events.event_logs, sqlite: event_logs}"),
                       "definitions/sources/other_logs.yaml", in: project)
        let renamed = try Self.diff(project)
        #expect(renamed.status == 0, "\(renamed.stdout)")
        #expect(renamed.stdout.contains("    source.table: event_logs -> other_logs\n"), "\(renamed.stdout)")
    }

    /// A base with errors is never compiled: when a source changed, diff says it could not compare the views.
    @Test func aBaseWithErrorsSaysWhatItCouldNotCompare() throws {
        let (repo, project) = try Self.repository()
        defer { try? FileManager.default.removeItem(at: repo) }
        try Self.write(Self.ping.replacingOccurrences(of: "title: Hovers count", with: "title: Broken\ntitel: x"),
                       "definitions/corpus/broken.yaml", in: project)
        try Self.git(repo, "add", "-A")
        try Self.git(repo, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-m", "broken")
        try FileManager.default.removeItem(at: project.appendingPathComponent("definitions/corpus/broken.yaml"))
        let events = project.appendingPathComponent("definitions/sources/event_logs.yaml")
        try (try String(contentsOf: events, encoding: .utf8)).replacingOccurrences(of: "timestamp: timestamp\n", with: "timestamp: timestamp\ntime_zone: Europe/Paris\n")
            .write(to: events, atomically: false, encoding: .utf8)
        let run = try Self.diff(project)
        #expect(run.stdout.contains("tally.yaml:1:1: warning[C008]: the definitions at HEAD have errors (first: D001 at "
                                    + "definitions/corpus/broken.yaml:"), "\(run.stdout)")
        #expect(run.stdout.contains("so their views cannot be compiled and what the changed sources or tally.yaml do to "
                                    + "unchanged definitions is not compared: check by hand\n"))
    }

    /// A definition the base ref cannot decode looks added, so nothing about it is compared: diff says so.
    @Test func aDefinitionUnreadableAtTheBaseIsPointedOut() throws {
        let (repo, project) = try Self.repository()
        defer { try? FileManager.default.removeItem(at: repo) }
        try Self.write(Self.ping.replacingOccurrences(of: "title: Hovers count", with: "title: [Hovers count"),
                       "definitions/corpus/hovers_count.yaml", in: project)
        try Self.git(repo, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-am", "broken")
        try Self.write(Self.ping.replacingOccurrences(of: "grain: week", with: "grain: day"),
                       "definitions/corpus/hovers_count.yaml", in: project)
        let run = try Self.diff(project)
        #expect(run.status == 0)
        #expect(run.stdout.contains("+ hovers_count  added"))
        #expect(run.stdout.contains("definitions/corpus/hovers_count.yaml:1:1: warning[C008]: 'hovers_count' cannot be read "
                                    + "at HEAD (Y001 at line 2: "), "\(run.stdout)")
        #expect(run.stdout.contains("so this change is not compared with it: check by hand that its view's rows do not change\n"))
    }

    /// One change that moves many views (a shared source's time zone) is one error naming the first of them, not
    /// one error per definition; each still needs its entry.
    @Test func oneChangeUnderManyDefinitionsIsOneError() throws {
        let (repo, project) = try Self.repository()
        defer { try? FileManager.default.removeItem(at: repo) }
        for index in 0..<6 {
            try Self.write(Self.ping.replacingOccurrences(of: "title: Hovers count", with: "title: Hovers \(index)")
                               .replacingOccurrences(of: "[InsightHover]", with: "[Hover\(index)]"),
                           "definitions/corpus/hovers_\(index).yaml", in: project)
        }
        try Self.git(repo, "add", "-A")
        try Self.git(repo, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-m", "hovers")
        let events = project.appendingPathComponent("definitions/sources/event_logs.yaml")
        try (try String(contentsOf: events, encoding: .utf8))
            .replacingOccurrences(of: "timestamp: timestamp\n", with: "timestamp: timestamp\ntime_zone: Europe/Paris\n")
            .write(to: events, atomically: false, encoding: .utf8)
        let run = try Self.diff(project)
        #expect(run.status == 1)
        let errors = run.stdout.split(separator: "\n").filter { $0.contains("error[") }
        let expected: String = "definitions/sources/event_logs.yaml:1:1: error[C003]: breaking change to 9 definitions: "
            + "source 'event_logs' (definitions/sources/event_logs.yaml) changed, so their views return different rows "
            + "than at the base ref, and none of them records it (base_count, base_users, hovers_0, hovers_1, hovers_2, "
            + "hovers_3, hovers_4, hovers_5, hovers_count); record it in a new 'changes' entry (version, description, pr) so readers of the view know: "
            + "in each of them"
        #expect(errors == [Substring(expected)], "\(run.stdout)")
        #expect(run.stdout.contains("definitions/corpus/hovers_0.yaml:6:1: note: 'hovers_0' reads it\n"))
        #expect(run.stdout.hasPrefix("no definition changed since HEAD; problems below\n"), "\(run.stdout)")
        // Counted too, though no definition changed.
        #expect(run.stdout.hasSuffix("\ntally diff since HEAD: 0 changed (0 breaking), 0 added, 0 removed, 0 renamed; "
                                         + "1 error, 0 warnings\n"), "\(run.stdout)")
    }

    /// Rewording a `changes` entry the base already had records nothing: a breaking change needs an entry of its own.
    @Test func aRewordedChangesEntryDoesNotRecordABreakingChange() throws {
        let (repo, project) = try Self.repository()
        defer { try? FileManager.default.removeItem(at: repo) }
        let recorded = Self.ping + "changes:\n  - {version: \"3.30\", description: Counts hovers, pr: \"#31\"}\n"
        try Self.write(recorded, "definitions/corpus/hovers_count.yaml", in: project)
        try Self.git(repo, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-am", "recorded")
        let wider = recorded.replacingOccurrences(of: "[InsightHover]", with: "[InsightHover, InsightHoverLong]")
        try Self.write(wider.replacingOccurrences(of: "Counts hovers", with: "Counts hovers and long ones"),
                       "definitions/corpus/hovers_count.yaml", in: project)
        let run = try Self.diff(project)
        #expect(run.status == 1)
        #expect(run.stdout.contains("error[C003]: breaking change to 'hovers_count' (events)"), "\(run.stdout)")
        try Self.write(wider + "  - {version: \"3.40\", description: Counts long hovers too, pr: \"#99\"}\n",
                       "definitions/corpus/hovers_count.yaml", in: project)
        #expect(try Self.diff(project).status == 0)
    }

    /// A threshold on unique_users changes who is counted: added or raised, it is a breaking change, in words.
    @Test func thresholdIsABreakingChange() throws {
        let (repo, project) = try Self.repository()
        defer { try? FileManager.default.removeItem(at: repo) }
        let path = "definitions/corpus/base_users.yaml"
        let users = try String(contentsOf: project.appendingPathComponent(path), encoding: .utf8)
        try Self.write(users.replacingOccurrences(of: "grain: week}", with: "grain: week, at_least: {days: 3}}"),
                       path, in: project)
        let added = try Self.diff(project)
        #expect(added.status == 1)
        #expect(added.stdout.contains("    measure.at_least (breaking): (none) -> at least 3 active days\n"), "\(added.stdout)")
        try Self.git(repo, "add", "-A")
        try Self.git(repo, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-m", "days")
        try Self.write(users.replacingOccurrences(
            of: "grain: week}", with: "grain: week, at_least: {distinct: argument.insightType, count: 2}}"),
                       path, in: project)
        #expect(try Self.diff(project).stdout.contains(
            "    measure.at_least (breaking): at least 3 active days -> at least 2 distinct values of argument.insightType\n"))
    }

    @Test func removalNeedsAnEarlierDeprecation() throws {
        let (repo, project) = try Self.repository()
        defer { try? FileManager.default.removeItem(at: repo) }
        try FileManager.default.removeItem(at: project.appendingPathComponent("definitions/corpus/hovers_count.yaml"))
        let run = try Self.diff(project)
        #expect(run.status == 1)
        #expect(run.stdout.contains("- hovers_count  removed; drop its view where it was created when this is deployed\n"))
        #expect(run.stdout.contains("definitions/corpus/hovers_count.yaml:1:1: error[C001]: definition 'hovers_count' was deleted"))
        // Deprecated in a merged change, then deleted: allowed.
        try Self.git(repo, "checkout", "-q", "--", ".")
        try Self.write(Self.ping + "deprecated: {version: \"3.40\", reason: replaced by tooltips}\n",
                       "definitions/corpus/hovers_count.yaml", in: project)
        let deprecating = try Self.diff(project)
        #expect(deprecating.status == 0)
        #expect(deprecating.stdout.contains("    deprecated: (none) -> since 3.40: replaced by tooltips\n"))
        try Self.git(repo, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-am", "deprecate")
        try FileManager.default.removeItem(at: project.appendingPathComponent("definitions/corpus/hovers_count.yaml"))
        let removal = try Self.diff(project)
        #expect(removal.status == 0)
        #expect(try Self.diff(project, format: "markdown").stdout.contains(
            "| removed | `hovers_count` | was deprecated; drop its view where it was created when this is deployed (no generated file drops it) |\n"))
        // No generated file drops the view: the report says to.
        #expect(removal.stdout == "- hovers_count  removed (was deprecated); drop its view where it was created when this is deployed\n\n"
                    + "tally diff since HEAD: 0 changed (0 breaking), 0 added, 1 removed, 0 renamed; 0 errors, 0 warnings\n")
    }

    @Test func renameIsDetectedAndNeedsTheOldIdDeprecated() throws {
        let (repo, project) = try Self.repository()
        defer { try? FileManager.default.removeItem(at: repo) }
        try FileManager.default.removeItem(at: project.appendingPathComponent("definitions/corpus/hovers_count.yaml"))
        try Self.write(Self.ping.replacingOccurrences(of: "title: Hovers count", with: "title: Insight hovers"),
                       "definitions/corpus/insight_hovers.yaml", in: project)
        let run = try Self.diff(project, format: "json")
        #expect(run.status == 1)
        // What changed with the id (its title) is said with the rename.
        #expect(run.stdout.contains(#""renamed":[{"from":"hovers_count","to":"insight_hovers","#
                                    + #""file":"definitions/corpus/insight_hovers.yaml","fields":[{"field":"title","#
                                    + #""before":"Hovers count","after":"Insight hovers","breaking":false}]}]"#), "\(run.stdout)")
        #expect(run.stdout.contains(#""code":"C002""#))
        // Each diagnostic in the shape check --format json prints: its end and notes too.
        let checkShape = [#""end_line":"#, #""end_column":"#, #""notes":["#]
        #expect(checkShape.allSatisfy { run.stdout.contains($0) }, "\(run.stdout)")
        let human = try Self.diff(project)
        #expect(human.stdout.hasPrefix("~ hovers_count -> insight_hovers  renamed (definitions/corpus/insight_hovers.yaml); drop the view hovers_count where it was created when this is deployed\n"
                                       + "    title: Hovers count -> Insight hovers\n"), "\(human.stdout)")
        // The safe way: the new id beside the old one, deprecated and pointing at it.
        try Self.write(Self.ping + "deprecated: {version: \"3.40\", reason: renamed, replaced_by: insight_hovers}\n",
                       "definitions/corpus/hovers_count.yaml", in: project)
        let safe = try Self.diff(project)
        #expect(safe.status == 0)
        #expect(safe.stdout.hasPrefix("+ insight_hovers  added"))
    }

    /// A ratio that reads an input's new id, after the input was renamed (or added beside its old id, deprecated
    /// and pointing to it), reads the same rows: a change shown, not a breaking one (C003 had said its view
    /// "returns different rows"). An input whose view differs still is breaking.
    @Test func aRatioFollowingItsRenamedInputIsNoBreakingChange() throws {
        let (repo, project) = try Self.repository()
        defer { try? FileManager.default.removeItem(at: repo) }
        let ratio = """
            kind: metric
            title: Hovers per hover
            definition: Hovers over hovers.
            rationale: To follow an input's rename.
            measure: {aggregate: ratio, numerator: hovers_count, denominator: {definition: hovers_count, periods_ago: 1}}

            """
        try Self.write(ratio, "definitions/corpus/hover_ratio.yaml", in: project)
        try Self.git(repo, "add", "-A")
        try Self.git(repo, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-m", "ratio")
        try FileManager.default.removeItem(at: project.appendingPathComponent("definitions/corpus/hovers_count.yaml"))
        try Self.write(Self.ping.replacingOccurrences(of: "title: Hovers count", with: "title: Insight hovers"),
                       "definitions/corpus/insight_hovers.yaml", in: project)
        try Self.write(ratio.replacingOccurrences(of: "hovers_count", with: "insight_hovers"),
                       "definitions/corpus/hover_ratio.yaml", in: project)
        let renamed = try Self.diff(project)
        #expect(renamed.stdout.contains("    measure.numerator: hovers_count -> insight_hovers\n"), "\(renamed.stdout)")
        #expect(!renamed.stdout.contains("C003") && renamed.stdout.contains("C002"), "\(renamed.stdout)")
        // The safe way: the old id kept, deprecated, under a title of its own.
        try Self.write(Self.ping.replacingOccurrences(of: "title: Hovers count", with: "title: Hovers count (old)")
                           + "deprecated: {version: \"3.40\", reason: renamed, replaced_by: insight_hovers}\n",
                       "definitions/corpus/hovers_count.yaml", in: project)
        let kept = try Self.diff(project)
        #expect(kept.status == 0 && !kept.stdout.contains("error["), "\(kept.stdout)")
        // The new input over another table reads other rows: the ratio's change is breaking.
        let moved = Self.ping.replacingOccurrences(of: "title: Hovers count", with: "title: Insight hovers")
            .replacingOccurrences(of: "{table: event_logs}", with: "{table: other_logs}")
        try Self.write(moved, "definitions/corpus/insight_hovers.yaml", in: project)
        try Self.write(try String(contentsOf: project.appendingPathComponent("definitions/sources/event_logs.yaml"), encoding: .utf8)
                           .replacingOccurrences(of: "table: {postgres: event_logs, bigquery: events.event_logs}", with: "table: other_logs"),
                       "definitions/sources/other_logs.yaml", in: project)
        #expect(try Self.diff(project).stdout.contains("error[C003]: breaking change to 'hover_ratio'"))
        try FileManager.default.removeItem(at: project.appendingPathComponent("definitions/sources/other_logs.yaml"))
        // An input with other rows is still a breaking change.
        try Self.write(Self.ping.replacingOccurrences(of: "title: Hovers count", with: "title: Insight hovers")
                           .replacingOccurrences(of: "[InsightHover]", with: "[InsightHoverLong]"),
                       "definitions/corpus/insight_hovers.yaml", in: project)
        #expect(try Self.diff(project).stdout.contains("error[C003]: breaking change to 'hover_ratio'"))
    }

    @Test func brokenRangeAnnotationsAreCheckedAgainstTheBase() throws {
        let (repo, project) = try Self.repository()
        defer { try? FileManager.default.removeItem(at: repo) }
        let open = Self.ping + "broken:\n  - {from: \"3.30\", reason: tooltips never fire}\n"
        try Self.write(open, "definitions/corpus/hovers_count.yaml", in: project)
        let added = try Self.diff(project)
        #expect(added.status == 0)
        #expect(added.stdout.contains("warning[C004]: new broken range 3.30 and later for 'hovers_count': tooltips never fire"))
        try Self.git(repo, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-am", "open range")
        try Self.write(Self.ping + "broken:\n  - {from: \"3.30\", through: \"3.31\", reason: tooltips never fire}\n",
                       "definitions/corpus/hovers_count.yaml", in: project)
        let closed = try Self.diff(project)
        #expect(closed.status == 1)
        #expect(closed.stdout.contains("error[C006]: broken range 3.30-3.31 of 'hovers_count' is closed in this change without a 'fix' link"))
        try Self.write(Self.ping + "broken:\n  - {from: \"3.30\", through: \"3.31\", reason: r, fix: \"https://github.com/other/repo/pull/1\"}\n",
                       "definitions/corpus/hovers_count.yaml", in: project)
        let foreign = try Self.diff(project)
        #expect(foreign.status == 1)
        // tally check's rule now (LinkRules): diff refuses the work tree and reports it where diagnostics go.
        #expect(foreign.stderr.contains("error[C007]: fix link https://github.com/other/repo/pull/1 is not in this project's repository"))
        try Self.write(Self.ping + "broken:\n  - {from: \"3.30\", through: \"3.31\", reason: r, fix: \"#5\"}\n",
                       "definitions/corpus/hovers_count.yaml", in: project)
        #expect(try Self.diff(project).status == 0)
    }

    /// A range is compared with the one it continues: a bound spelled anew is no change, a moved start is a range
    /// widened or narrowed (not one removed and one added), and a new definition's ranges come with it unremarked.
    @Test func aBrokenRangeIsComparedWithTheOneItContinues() throws {
        let (repo, project) = try Self.repository()
        defer { try? FileManager.default.removeItem(at: repo) }
        func ranged(_ from: String) -> String {
            Self.ping + "broken:\n  - {from: \"\(from)\", through: \"3.31\", reason: r, fix: \"#5\"}\n"
        }
        try Self.write(ranged("3.30"), "definitions/corpus/hovers_count.yaml", in: project)
        try Self.git(repo, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-am", "range")
        try Self.write(ranged("v3.30.0"), "definitions/corpus/hovers_count.yaml", in: project)
        let respelled = try Self.diff(project)
        // No warning, and no field changed either: the table had said one range removed and one new.
        #expect(respelled.status == 0 && respelled.stdout == "no definition changed since HEAD\n", "\(respelled.stdout)")
        try Self.write(ranged("3.29"), "definitions/corpus/hovers_count.yaml", in: project)
        let earlier = try Self.diff(project)
        #expect(earlier.stdout.contains("definitions/corpus/hovers_count.yaml:11:12: warning[C005]: broken range of "
                                        + "'hovers_count' widened from 3.30-3.31 to 3.29-3.31\n"), "\(earlier.stdout)")
        #expect(!earlier.stdout.contains("C004") && !earlier.stdout.contains("C009"), "\(earlier.stdout)")
        #expect(earlier.stdout.contains("    broken from 3.29: 3.30-3.31 (r) fix #5 -> 3.29-3.31 (r) fix #5\n")
                    && !earlier.stdout.contains("(none)"), "one range moved, not one removed and one new: \(earlier.stdout)")
        try Self.write(ranged("3.31"), "definitions/corpus/hovers_count.yaml", in: project)
        let later = try Self.diff(project)
        #expect(later.stdout.contains("definitions/corpus/hovers_count.yaml:11:12: warning[C009]: broken range of "
                                      + "'hovers_count' narrowed from 3.30-3.31 to 3.31: rows of the versions in between "
                                      + "are no longer marked known_broken\n"), "\(later.stdout)")
        #expect(!later.stdout.contains("C004") && !later.stdout.contains("was removed"), "\(later.stdout)")
        // A new definition with its history: nothing to point out about its ranges.
        try Self.write(ranged("3.30"), "definitions/corpus/hovers_count.yaml", in: project)
        try Self.write(ranged("3.30").replacingOccurrences(of: "Hovers count", with: "Hovers counted")
                           .replacingOccurrences(of: "InsightHover", with: "InsightHoverAgain"),
                       "definitions/corpus/hovers_again.yaml", in: project)
        let added = try Self.diff(project)
        #expect(added.status == 0 && !added.stdout.contains("broken range"), "\(added.stdout)")
    }

    /// An example whose rows changed is a change a reviewer sees (it is a dbt unit test too), and a list of
    /// owners or events says which items came and went, in every format.
    @Test func examplesAndListsSayWhatChanged() throws {
        let (repo, project) = try Self.repository()
        defer { try? FileManager.default.removeItem(at: repo) }
        let exampled = Self.ping + """
            owners: [ana, bo]
            examples:
              - name: one hover
                given:
                  event_logs:
                    - {name: InsightHover, user_id: 1, timestamp: "2021-06-07T10:00:00Z"}
                expect:
                  - {period_start: "2021-06-07", known_broken: null, value: 1}

            """
        try Self.write(exampled, "definitions/corpus/hovers_count.yaml", in: project)
        try Self.git(repo, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-am", "example")
        try Self.write(exampled.replacingOccurrences(of: "value: 1}", with: "value: 7}")
                           .replacingOccurrences(of: "[ana, bo]", with: "[bo, cy]"),
                       "definitions/corpus/hovers_count.yaml", in: project)
        let human = try Self.diff(project)
        #expect(human.stdout == "~ hovers_count  changed\n    owners: removed ana; added cy\n"
                    + "    examples: changed one hover\n\n"
                    + "tally diff since HEAD: 1 changed (0 breaking), 0 added, 0 removed, 0 renamed; 0 errors, 0 warnings\n",
                "\(human.stdout)")
        let markdown = try Self.diff(project, format: "markdown")
        #expect(markdown.stdout.contains("| examples | (none removed) | changed: one hover |\n"), "\(markdown.stdout)")
        let json = try Self.diff(project, format: "json")
        #expect(json.stdout.contains(#"{"field":"examples","before":"one hover","after":"one hover","breaking":false,"#
                                     + #""added":[],"removed":[],"changed":["one hover"]}"#), "\(json.stdout)")
    }

    @Test func markdownIsReadyForAPullRequestComment() throws {
        let (repo, project) = try Self.repository()
        defer { try? FileManager.default.removeItem(at: repo) }
        try Self.write(Self.ping.replacingOccurrences(of: "grain: week", with: "grain: month"),
                       "definitions/corpus/hovers_count.yaml", in: project)
        let run = try Self.diff(project, format: "markdown")
        #expect(run.status == 1)
        #expect(run.stdout.hasPrefix("### tally: definitions changed since `HEAD`\n\n**1 problem to fix before merging.**\n"))
        #expect(run.stdout.contains("| **measure.grain** (breaking) | week | month |"))
        // Messages are shown literally too: the underscore of a name is escaped, and renders as itself.
        #expect(run.stdout.contains(#"- ❌ `C003` breaking change to 'hovers\_count'"#))
    }

    /// GitHub places annotations by the repository's paths: a project in a folder of its repository has that
    /// folder in front of every annotated file, in diff's output as in check's, and only there.
    @Test func annotationsNameFilesFromTheRepositorysRoot() throws {
        let (repo, project) = try Self.repository(folder: "analytics")
        defer { try? FileManager.default.removeItem(at: repo) }
        try Self.write(Self.ping.replacingOccurrences(of: "grain: week", with: "grain: month")
                           .replacingOccurrences(of: "[InsightHover]", with: "[InsightHover, InsightHoverLong]"),
                       "definitions/corpus/hovers_count.yaml", in: project)
        let diff = try Self.diff(project, format: "github")
        #expect(diff.stdout.hasPrefix("::error file=analytics/definitions/corpus/hovers_count.yaml,"), "\(diff.stdout)")
        // A note inside the message names its place from the root too.
        #expect(diff.stdout.contains("%0Aanalytics/definitions/corpus/hovers_count.yaml:8:"), "\(diff.stdout)")
        // Each problem once: as an annotation, not again in human form after the changes.
        #expect(!diff.stdout.contains("error[C003]") && diff.stdout.contains("measure.grain (breaking): week -> month"),
                "\(diff.stdout)")
        try Self.write("kind: ping\ntitel: x\n", "definitions/corpus/bad.yaml", in: project)
        let check = try CLITests.run(["check", "--format", "github", "--project", project.path])
        #expect(check.stdout.hasPrefix("::error file=analytics/definitions/corpus/bad.yaml,"), "\(check.stdout)")
        let human = try CLITests.run(["check", "--project", project.path])
        #expect(human.stderr.hasPrefix("definitions/corpus/bad.yaml:"))
        let broken = try Self.diff(project, format: "github")
        #expect(broken.stdout.hasPrefix("::error file=analytics/definitions/corpus/bad.yaml,"), "\(broken.stdout)")
    }

    @Test func projectInASubfolderAndAWorkTreeLeftAlone() throws {
        let (repo, project) = try Self.repository(folder: "analytics")
        defer { try? FileManager.default.removeItem(at: repo) }
        try Self.write("kind: ping # not committed\n", "definitions/corpus/draft.yaml", in: project)
        let status = try Self.git(repo, "status", "--porcelain")
        let run = try Self.diff(project)
        #expect(run.status == 1)  // the draft is invalid: diff needs a valid work tree
        #expect(run.stderr.contains("fix them first"))
        #expect(try Self.git(repo, "status", "--porcelain") == status)
        try FileManager.default.removeItem(at: project.appendingPathComponent("definitions/corpus/draft.yaml"))
        #expect(try Self.diff(project).stdout == "no definition changed since HEAD\n")
    }

    /// tally.yaml's changes are told as a definition's are: a dialect dropped (every view in it deleted) and a rule
    /// turned off (its warnings silenced) had diffed to "No definition changed".
    @Test func settingsChangesAreTold() throws {
        let (repo, project) = try Self.repository()
        defer { try? FileManager.default.removeItem(at: repo) }
        let tallyYAML = project.appendingPathComponent("tally.yaml")
        let settings = try String(contentsOf: tallyYAML, encoding: .utf8)
        try (settings.replacingOccurrences(of: "[postgres, sqlite, bigquery]", with: "[postgres, sqlite, duckdb]")
                + "rules: {V006: \"off\"}\n").write(to: tallyYAML, atomically: false, encoding: .utf8)
        let human = try Self.diff(project)
        #expect(human.stdout == "no definition changed since HEAD\n~ tally.yaml  changed\n"
                    + "    dialects: removed bigquery; added duckdb\n    rules: added V006: off\n", "\(human.stdout)")
        let markdown = try Self.diff(project, format: "markdown")
        #expect(markdown.stdout.contains("#### `tally.yaml`\n\n| Field | Before | After |\n| --- | --- | --- |\n"
                                         + "| dialects | removed: bigquery | added: duckdb |\n"
                                         + "| rules | (none removed) | added: V006: off |\n"), "\(markdown.stdout)")
        #expect(!markdown.stdout.contains("No definition changed"))
        let json = try Self.diff(project, format: "json")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let fields = try #require(object["settings"] as? [[String: Any]])
        #expect(fields.map { $0["field"] as? String } == ["dialects", "rules"])
        #expect((fields.first?["removed"] as? [String])?.count == 1 && (fields.first?["added"] as? [String])?.count == 1)
        // Where the BigQuery views go: every one of them moves (found by review).
        let bigquery = try #require(Dialect.allCases.first { $0.sql.viewSchemaSetting != nil })
        try (settings + "\(bigquery.rawValue): {dataset: tally_views}\n").write(to: tallyYAML, atomically: false, encoding: .utf8)
        #expect(try Self.diff(project).stdout.contains("    view_schemas: added \(bigquery.rawValue) views in tally_views\n"))
    }

    /// Whatever happens, --format json prints one report object, and markdown one comment: a tree with errors gives
    /// the report's shape with the errors as its problems.
    @Test func aTreeWithErrorsKeepsEachFormatsShape() throws {
        let (repo, project) = try Self.repository()
        defer { try? FileManager.default.removeItem(at: repo) }
        try Self.write("kind: ping\ntitel: draft\n", "definitions/corpus/draft.yaml", in: project)
        let json = try Self.diff(project, format: "json")
        #expect(json.status == 1)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(Set(object.keys) == ["base", "added", "removed", "renamed", "changed", "moved_by_inputs", "settings", "files",
                                     "file_changes", "diagnostics"])
        let problems = try #require(object["diagnostics"] as? [[String: Any]])
        #expect(problems.contains { $0["code"] as? String == "D001" && $0["file"] as? String == "definitions/corpus/draft.yaml" })
        #expect(json.stdout.split(separator: "\n").count == 1)
        let markdown = try Self.diff(project, format: "markdown")
        #expect(markdown.stdout.hasPrefix("### tally: definitions changed since `HEAD`\n"))
        #expect(markdown.stdout.contains("problem in the definitions; fix them first") || markdown.stdout.contains("problems in the definitions; fix them first"),
                "\(markdown.stdout)")
        #expect(markdown.stdout.contains("`D001`"))
    }

    /// A pull-request comment shows every changed text whole, line breaks included.
    @Test func markdownNeverCutsAText() throws {
        let (repo, project) = try Self.repository()
        defer { try? FileManager.default.removeItem(at: repo) }
        let file = project.appendingPathComponent("definitions/corpus/hovers_count.yaml")
        let long = String(repeating: "A much longer rationale, ", count: 8) + "and its end."
        let text = try String(contentsOf: file, encoding: .utf8)
        let rationale = try #require(text.split(separator: "\n").first { $0.hasPrefix("rationale:") })
        try text.replacingOccurrences(of: String(rationale), with: "rationale: |\n  \(long)\n  Second line.")
            .write(to: file, atomically: false, encoding: .utf8)
        let markdown = try Self.diff(project, format: "markdown")
        #expect(markdown.stdout.contains(long + "<br>Second line."), "\(markdown.stdout)")
    }

    /// GitHub refuses a comment over 65,536 characters: a longer report is cut at a line, under the limit, after
    /// its problems (which come first) and with a note saying how to see the rest.
    @Test func markdownFitsOneComment() throws {
        let (repo, project) = try Self.repository()
        defer { try? FileManager.default.removeItem(at: repo) }
        let title = String(repeating: "A long title for a generated ping ", count: 8)
        for index in 0..<300 {
            try Self.write(Self.ping.replacingOccurrences(of: "title: Hovers count", with: "title: \(title)\(index)")
                               .replacingOccurrences(of: "[InsightHover]", with: "[Event\(index)]"),
                           "definitions/corpus/ping_\(index).yaml", in: project)
        }
        try Self.write(Self.ping.replacingOccurrences(of: "grain: week", with: "grain: month"),
                       "definitions/corpus/hovers_count.yaml", in: project)
        let run = try Self.diff(project, format: "markdown")
        #expect(run.status == 1)
        #expect(run.stdout.utf8.count <= DiffReport.commentLimit)
        let lines = run.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines[2...5] == ["**1 problem to fix before merging.**", "", "#### Problems", ""])
        #expect(lines[6].hasPrefix("- ❌ `C003` breaking change to 'hovers\\_count'"), "\(lines[6])")
        #expect(run.stdout.hasSuffix(" more lines are not shown:** GitHub limits a comment to 65,536 characters. "
                                     + "`tally diff --base HEAD --format markdown --project \(project.path) --whole` "
                                     + "prints the whole report.\n"), "\(run.stdout.suffix(300))")
        let whole = try CLITests.run(["diff", "--base", "HEAD", "--format", "markdown", "--project", project.path, "--whole"])
        #expect(whole.stdout.utf8.count > DiffReport.commentLimit)
        #expect(whole.stdout.contains("ping_299"))
        #expect(whole.stdout.hasPrefix(lines[..<(lines.count - 3)].joined(separator: "\n")), "the cut report is the whole one's start")
    }

    /// Wherever the limit falls, the cut comment ends on a table row, never on a heading or a table's head without
    /// its rows (which renders as a stray line).
    @Test func aCutCommentEndsOnARow() {
        for padding in 0..<120 {
            var lines = ["### tally: definitions changed since `main`", "", String(repeating: "x", count: padding), ""]
            for index in 0..<400 {
                lines += ["#### `m_\(index)`", "", "| Field | Before | After |", "| --- | --- | --- |",
                          "| title | \(String(repeating: "old ", count: 20)) | \(String(repeating: "new ", count: 20)) |", ""]
            }
            let cut = DiffReport.fittingAComment(lines.joined(separator: "\n"), wholeReport: "tally diff --whole")
            let shown = cut.components(separatedBy: "\n\n**")[0].split(separator: "\n")
            #expect(shown.last?.hasPrefix("| title |") == true, "padding \(padding): ends on \(shown.suffix(2))")
        }
    }

    /// A changed value is shown as written: Markdown and HTML in it stay text, a pipe keeps the row whole, and an
    /// @name in it mentions nobody.
    @Test func markdownCellsShowValuesLiterally() throws {
        let (repo, project) = try Self.repository()
        defer { try? FileManager.default.removeItem(at: repo) }
        let file = project.appendingPathComponent("definitions/corpus/hovers_count.yaml")
        let text = try String(contentsOf: file, encoding: .utf8)
        let rationale = try #require(text.split(separator: "\n").first { $0.hasPrefix("rationale:") })
        try text.replacingOccurrences(of: String(rationale),
                                      with: #"rationale: "Rows of `COUNT(*)` | <b>all</b> & *starred* _names_, ask @alice or ops@example.com""#)
            .write(to: file, atomically: false, encoding: .utf8)
        let markdown = try Self.diff(project, format: "markdown")
        #expect(markdown.stdout.contains(#"| Rows of \`COUNT(\*)\` \| &lt;b&gt;all&lt;/b&gt; &amp; \*starred\* \_names\_, ask @&#8203;alice or ops@example.com |"#),
                "\(markdown.stdout)")
    }

    /// The pull request that adds tally to a repository: its base has no project, so every definition is new.
    @Test func aBaseWithoutAProjectMeansEverythingIsNew() throws {
        let repo = FileManager.default.temporaryDirectory.appendingPathComponent("tally-diff-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: repo) }
        try Self.write("An app.\n", "README.md", in: repo)
        try Self.git(repo, "init", "-q")
        try Self.git(repo, "add", "-A")
        try Self.git(repo, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-m", "app")
        for (path, bytes) in CorpusTests.base { try Self.write(String(decoding: bytes, as: UTF8.self), path, in: repo) }
        try Self.write(Self.ping, "definitions/corpus/hovers_count.yaml", in: repo)
        let human = try Self.diff(repo)
        #expect(human.status == 0, "\(human.stderr)")
        #expect(human.stdout.contains("+ hovers_count  added (definitions/corpus/hovers_count.yaml)\n"), "\(human.stdout)")
        #expect(human.stdout.contains("tally.yaml:1:1: warning[C008]: HEAD has no tally project under '.' (no tally.yaml, "
                                      + "no definitions/), so every definition is new and nothing is compared; if the "
                                      + "project moved, compare with a ref that has it\n"), "\(human.stdout)")
        let markdown = try Self.diff(repo, format: "markdown")
        #expect(markdown.status == 0)
        #expect(markdown.stdout.contains("| added | `hovers_count` | Hovers count |"), "\(markdown.stdout)")
    }

    /// Outside a git repository there is nothing to compare with: a usage error that says so, with diff's usage.
    @Test func outsideAGitRepositoryIsAUsageError() throws {
        let project = try CLITests.project()
        defer { try? FileManager.default.removeItem(at: project) }
        let run = try Self.diff(project)
        #expect(run.status == 64)
        #expect(run.stderr.hasPrefix("Error: \(project.path) is not in a git repository; tally diff compares the work "
                                     + "tree with a commit of its repository\nUsage: tally diff --base <base>"), "\(run.stderr)")
    }

    @Test func unknownRefIsAUsageError() throws {
        let (repo, project) = try Self.repository()
        defer { try? FileManager.default.removeItem(at: repo) }
        let run = try Self.diff(project, base: "origin/nowhere")
        #expect(run.status == 64)
        // The repository has no remote: the message does not suggest origin/main (found by a new-user trial).
        #expect(run.stderr.contains("'origin/nowhere' is not a commit in this repository, which has no remote to fetch "
                                    + "it from: name one of its branches, tags or commits (`git branch --all` lists the "
                                    + "branches)"), "\(run.stderr)")
        #expect(!run.stderr.contains("such as origin/main"))
    }

    /// A shallow clone (CI's usual checkout) has no earlier commit to compare with: said, with the fetch to make.
    @Test func aShallowCloneSaysToFetchMore() throws {
        let (repo, project) = try Self.repository()
        defer { try? FileManager.default.removeItem(at: repo) }
        try Self.write(Self.ping.replacingOccurrences(of: "Weekly InsightHover events.", with: "Weekly hovers."),
                       "definitions/corpus/hovers_count.yaml", in: project)
        try Self.git(repo, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-am", "second")
        let clone = repo.deletingLastPathComponent().appendingPathComponent("shallow-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: clone) }
        try Self.git(repo, "clone", "-q", "--depth", "1", "file://" + repo.path, clone.path)
        let run = try Self.diff(clone, base: "HEAD~1")
        #expect(run.status == 64)
        #expect(run.stderr.contains("'HEAD~1' is not a commit of this shallow clone"), "\(run.stderr)")
        #expect(run.stderr.contains("git fetch --unshallow"))
        // A remote's branch that a one-branch clone lacks is fetched by name (`--unshallow` does not bring it).
        try Self.git(repo, "branch", "-q", "release")
        let missing = try Self.diff(clone, base: "origin/release")
        #expect(missing.status == 64)
        let fetch = "git fetch --depth=1 origin release:refs/remotes/origin/release"
        #expect(missing.stderr.contains("'origin/release' is not a commit of this shallow clone") && missing.stderr.contains(fetch),
                "\(missing.stderr)")
        // A ref with a suffix is no branch to fetch by name: no refspec is made of it.
        let suffixed = try Self.diff(clone, base: "origin/release~1")
        #expect(suffixed.status == 64 && !suffixed.stderr.contains("refs/remotes/origin/release~1"), "\(suffixed.stderr)")
        try Self.git(clone, "fetch", "-q", "--depth=1", "origin", "release:refs/remotes/origin/release")
        #expect(try Self.diff(clone, base: "origin/release").status == 0, "the advice works")
    }

    @Test func versionsListsWhatACustomerCanTrust() throws {
        let project = TestFiles.referenceProject("code_insights").path
        let run = try CLITests.run(["versions", "3.33.0", "--project", project])
        #expect(run.status == 0)
        #expect(run.stdout.contains("  additions_edits_removals_count  Additions count, edits count, and removals count\n"
                                    + "      broken 3.31-3.35.0: does not count backend insights; fixed by https://github.com/sourcegraph/sourcegraph/pull/25317\n"))
        #expect(!run.stdout.contains("  landing_page_events  "))  // added in 3.37
        let json = try CLITests.run(["versions", "3.30", "--json", "--project", project])
        #expect(json.stdout.contains(#"{"id":"page_views_count","title":"Page views count","range":"3.30","#))
        #expect(try CLITests.run(["versions", "dev", "--project", project]).status == 64)
    }
}
