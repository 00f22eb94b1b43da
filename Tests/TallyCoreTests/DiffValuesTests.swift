import Foundation
import Testing
@testable import TallyCore
import TallyRunner

/// `tally diff --data`: what a change does to the numbers, on a real git repository.
@Suite(.serialized) struct DiffValuesTests {
    /// InsightHover events on a Sunday and the Monday after, and one a week later (2024-01-07 is a Sunday).
    static let events = """
        id,name,user_id,version,timestamp
        1,InsightHover,1,3.30.0,2024-01-07T10:00:00Z
        2,InsightHover,2,3.30.0,2024-01-08T10:00:00Z
        3,InsightHover,1,3.30.0,2024-01-15T10:00:00Z
        4,InsightView,1,3.30.0,2024-01-15T10:00:00Z

        """

    /// hovers_count committed, then edited to `edited` (with a `changes` entry saying `change`), and diffed as
    /// Markdown on `events` with --chart-dir: the repository (to remove), the data file, the charts folder, the run.
    static func chartedDiff(_ edited: String, change: String) throws -> (repo: URL, data: URL, charts: URL, run: CLITests.Run) {
        let (repo, project) = try DiffTests.repository()
        let data = repo.appendingPathComponent("events.csv")
        try Self.events.write(to: data, atomically: false, encoding: .utf8)
        try DiffTests.write(edited + "changes: [{version: \"3.31\", description: \(change)}]\n",
                            "definitions/corpus/hovers_count.yaml", in: project)
        let charts = repo.appendingPathComponent("charts")
        let run = try CLITests.run(["diff", "--base", "HEAD", "--format", "markdown", "--project", project.path,
                                    "--data", "event_logs=\(data.path)", "--chart-dir", charts.path])
        return (repo, data, charts, run)
    }

    @Test func aWeekStartChangeShowsTheValuesThatMoved() throws {
        let (repo, data, charts, run) = try Self.chartedDiff(
            DiffTests.ping.replacingOccurrences(of: "grain: week}", with: "grain: week, week_start: sunday}"),
            change: "Weeks start on Sunday.")
        defer { try? FileManager.default.removeItem(at: repo) }
        #expect(run.status == 0, "\(run.stderr)")
        let values = try #require(run.stdout.components(separatedBy: "### tally: values changed since `HEAD`").last)
        // Monday weeks: Sunday the 7th is in the week of Jan 1, Monday the 8th in the week of the 8th, the 15th in
        // its own. Sunday weeks: the 7th and 8th together in the week of the 7th, the 15th in the week of the 14th.
        #expect(values == """


            - Data: `event_logs=\(data.path)`.

            #### `hovers_count`: Hovers count

            5 of 5 rows changed.

            | period_start | known_broken | old | new | delta |
            | --- | --- | ---: | ---: | ---: |
            | 2024-01-01 | false | 1 | (no row) |  |
            | 2024-01-07 | false | (no row) | 2 |  |
            | 2024-01-08 | false | 1 | (no row) |  |
            | 2024-01-14 | false | (no row) | 1 |  |
            | 2024-01-15 | false | 1 | (no row) |  |

            """)
        let chart = try String(contentsOf: charts.appendingPathComponent("hovers_count.svg"), encoding: .utf8)
        #expect(chart.contains("<text x=\"640\" y=\"68\">HEAD</text>"))
        #expect(chart.contains(">working tree</text>"))
    }

    /// --chart-dir naming a file is a usage error before any data is read: found at the first chart, it ended the
    /// run with Foundation's own message and no report.
    @Test func aChartFolderThatIsAFileIsAUsageError() throws {
        let (repo, project) = try DiffTests.repository()
        defer { try? FileManager.default.removeItem(at: repo) }
        let data = repo.appendingPathComponent("events.csv")
        try Self.events.write(to: data, atomically: false, encoding: .utf8)
        let run = try CLITests.run(["diff", "--base", "HEAD", "--project", project.path,
                                    "--data", "event_logs=\(data.path)", "--chart-dir", data.path])
        #expect(run.status == 64)
        #expect(run.stderr.contains("--chart-dir names a file, not a folder, or a folder inside one: \(data.path)"),
                "\(run.stderr)")
        let inside = try CLITests.run(["diff", "--base", "HEAD", "--project", project.path,
                                       "--data", "event_logs=\(data.path)", "--chart-dir", data.path + "/charts"])
        #expect(inside.status == 64, "\(inside.stderr)")
    }

    /// A mistyped --data is said alone, before any report: printed after the diff's report, it was easy to miss
    /// below a long one, and the report then looked like the run's result.
    @Test func aMistypedDataArgumentIsAUsageErrorBeforeAnyReport() throws {
        let (repo, project) = try DiffTests.repository()
        defer { try? FileManager.default.removeItem(at: repo) }
        let data = repo.appendingPathComponent("events.csv")
        try Self.events.write(to: data, atomically: false, encoding: .utf8)
        try DiffTests.write(DiffTests.ping.replacingOccurrences(of: "events: [InsightHover]", with: "events: [InsightView]"),
                            "definitions/corpus/hovers_count.yaml", in: project)
        for (argument, said) in [("event_log=\(data.path)", "no source event_log"),
                                 ("event_logs=\(repo.path)/missing.csv", "no file \(repo.path)/missing.csv")] {
            let run = try CLITests.run(["diff", "--base", "HEAD", "--format", "markdown", "--project", project.path,
                                        "--data", argument])
            #expect(run.status == 64, "\(run.stderr)")
            #expect(run.stderr.contains(said), "\(run.stderr)")
            #expect(run.stdout.isEmpty, "\(run.stdout)")
        }
    }

    /// Data of no rows is said in the comment too: "Same values on this data" alone would read as a result.
    @Test func anEmptySourceIsSaidInTheReport() throws {
        let (repo, project) = try DiffTests.repository()
        defer { try? FileManager.default.removeItem(at: repo) }
        let data = repo.appendingPathComponent("events.csv")
        try "id,name,user_id,version,timestamp\n".write(to: data, atomically: false, encoding: .utf8)
        try DiffTests.write(DiffTests.ping.replacingOccurrences(of: "events: [InsightHover]", with: "events: [InsightView]"),
                            "definitions/corpus/hovers_count.yaml", in: project)
        let run = try CLITests.run(["diff", "--base", "HEAD", "--format", "markdown", "--project", project.path,
                                    "--data", "event_logs=\(data.path)"])
        #expect(run.stdout.contains("- No row of source event\\_logs was loaded (from \(data.path)), so the definitions "
                                    + "reading it run on no rows.\n"), "\(run.stdout)")
        // Said once on stderr: the base's load of the same file is quiet.
        #expect(run.stderr.components(separatedBy: "no row of source").count == 2, "\(run.stderr)")
    }

    @Test func aChangedFilterShowsOldNewAndDelta() throws {
        let (repo, project) = try DiffTests.repository()
        defer { try? FileManager.default.removeItem(at: repo) }
        let data = repo.appendingPathComponent("events.csv")
        try Self.events.write(to: data, atomically: false, encoding: .utf8)
        try DiffTests.write(DiffTests.ping.replacingOccurrences(of: "events: [InsightHover]", with: "events: [InsightHover, InsightView]")
                            + "changes: [{version: \"3.31\", description: Views count too.}]\n",
                            "definitions/corpus/hovers_count.yaml", in: project)
        let run = try CLITests.run(["diff", "--base", "HEAD", "--project", project.path, "--data", "event_logs=\(data.path)"])
        #expect(run.stdout.hasSuffix("""
            1 of 3 rows changed.

            | period_start | known_broken | old | new | delta |
            | --- | --- | ---: | ---: | ---: |
            | 2024-01-15 | false | 1 | 2 | +1 |

            """))
        #expect(run.stdout.contains("Same values on this data") == false)
    }

    @Test func badRowsAreSaidOnceThoughBothSidesLoadTheFile() throws {
        let (repo, project) = try DiffTests.repository()
        defer { try? FileManager.default.removeItem(at: repo) }
        let data = repo.appendingPathComponent("events.csv")
        try (Self.events + "5,InsightHover,x,3.30.0,2024-01-15T10:00:00Z\n").write(to: data, atomically: false, encoding: .utf8)
        try DiffTests.write(DiffTests.ping.replacingOccurrences(of: "events: [InsightHover]", with: "events: [InsightHover, InsightView]")
                            + "changes: [{version: \"3.31\", description: Views count too.}]\n",
                            "definitions/corpus/hovers_count.yaml", in: project)
        let failed = try CLITests.run(["diff", "--base", "HEAD", "--project", project.path, "--data", "event_logs=\(data.path)"])
        #expect(failed.status == 1)
        #expect(failed.stderr.contains("tally diff: error: 1 bad row in \(data.path):\n\(data.path):6: column user_id: 'x' is not an integer\n"))
        // The definitions' report is still printed: what changed, and any problem (found by a new-user trial: it was
        // lost with the values).
        #expect(failed.stdout.contains("~ hovers_count  changed\n"), "\(failed.stdout)")
        let comment = try CLITests.run(["diff", "--base", "HEAD", "--project", project.path, "--format", "markdown",
                                        "--data", "event_logs=\(data.path)"])
        #expect(comment.status == 1)
        #expect(comment.stdout.hasSuffix("\nValues not compared: the data could not be loaded (see the log).\n"),
                "\(comment.stdout)")
        let skipped = try CLITests.run(["diff", "--base", "HEAD", "--project", project.path, "--data", "event_logs=\(data.path)",
                                        "--skip-bad-rows"])
        #expect(skipped.status == 0)
        #expect(skipped.stderr == "tally diff: skipped 1 bad row of \(data.path) (4 loaded):\n\(data.path):6: column user_id: 'x' is not an integer\n")
        #expect(skipped.stdout.hasSuffix("| 2024-01-15 | false | 1 | 2 | +1 |\n"))
        // The report says so too: a comment's numbers would otherwise read as the whole file's.
        #expect(skipped.stdout.contains("- Bad rows: 1 bad row of \(data.path) left out (--skip-bad-rows): 4 loaded.\n"),
                "\(skipped.stdout)")
    }

    /// --chart-dir draws the definitions whose values moved, not those with the same values on the data (found by
    /// a new-user trial: every definition run had its chart).
    @Test func onlyMovedValuesAreCharted() throws {
        let (repo, _, charts, run) = try Self.chartedDiff(
            DiffTests.ping.replacingOccurrences(of: "events: [InsightHover]", with: "events: [InsightHover, InsightHoverTest]"),
            change: "Test hovers count too.")
        defer { try? FileManager.default.removeItem(at: repo) }
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("Same values on this data: `hovers_count`."), "\(run.stdout)")
        #expect(!FileManager.default.fileExists(atPath: charts.appendingPathComponent("hovers_count.svg").path))
    }

    /// A renamed definition is compared with its old self: the same values under a new id, not "new".
    @Test func aRenamedDefinitionIsComparedWithItsOldId() throws {
        let (repo, project) = try DiffTests.repository()
        defer { try? FileManager.default.removeItem(at: repo) }
        let data = repo.appendingPathComponent("events.csv")
        try Self.events.write(to: data, atomically: false, encoding: .utf8)
        try FileManager.default.moveItem(at: project.appendingPathComponent("definitions/corpus/hovers_count.yaml"),
                                         to: project.appendingPathComponent("definitions/corpus/insight_hovers.yaml"))
        let run = try CLITests.run(["diff", "--base", "HEAD", "--project", project.path, "--data", "event_logs=\(data.path)"])
        #expect(run.stdout.contains("Same values on this data: `insight_hovers`."), "\(run.stdout)")
        #expect(!run.stdout.contains("(new)"), "\(run.stdout)")
    }

    /// A new definition is run in the working tree alone: the reviewer sees what it gives, with nothing to compare.
    @Test func aNewDefinitionShowsItsValues() throws {
        let (repo, project) = try DiffTests.repository()
        defer { try? FileManager.default.removeItem(at: repo) }
        let data = repo.appendingPathComponent("events.csv")
        try Self.events.write(to: data, atomically: false, encoding: .utf8)
        try DiffTests.write(DiffTests.ping.replacingOccurrences(of: "title: Hovers count", with: "title: Views count")
                                .replacingOccurrences(of: "events: [InsightHover]", with: "events: [InsightView]"),
                            "definitions/corpus/views_count.yaml", in: project)
        let run = try CLITests.run(["diff", "--base", "HEAD", "--format", "markdown", "--project", project.path,
                                    "--data", "event_logs=\(data.path)"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.hasSuffix("""
            #### `views_count`: Views count (new)

            | period_start | known_broken | value |
            | --- | --- | --- |
            | 2024-01-15 | false | 1 |

            """), "\(run.stdout)")
    }

    @Test func unchangedDefinitionsAreNotRunAndJSONIsRefused() throws {
        let (repo, project) = try DiffTests.repository()
        defer { try? FileManager.default.removeItem(at: repo) }
        let data = repo.appendingPathComponent("events.csv")
        try Self.events.write(to: data, atomically: false, encoding: .utf8)
        let run = try CLITests.run(["diff", "--base", "HEAD", "--project", project.path, "--data", "event_logs=\(data.path)"])
        #expect(run.status == 0)
        #expect(run.stdout.hasSuffix("No changed definition to run.\n"))
        let json = try CLITests.run(["diff", "--base", "HEAD", "--format", "json", "--project", project.path,
                                     "--data", "event_logs=\(data.path)"])
        #expect(json.status == 64)
        #expect(json.stderr.contains("--data prints Markdown tables: use --format human or markdown with it"))
    }
}
