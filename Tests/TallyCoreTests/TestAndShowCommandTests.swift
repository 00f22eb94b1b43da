import Foundation
import Testing
@testable import TallyCore
import TallyRunner

/// `tally test` and `tally show` as users run them, on a copy of the features reference project.
@Suite struct TestAndShowCommandTests {
    /// A copy of a reference project in a temporary folder, with `edit` applied to one file's text.
    static func copy(_ name: String, editing file: String? = nil, _ edit: (String) -> String = { $0 }) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tally-test-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: TestFiles.referenceProject(name), to: folder)
        if let file {
            let url = folder.appendingPathComponent(file)
            try edit(String(contentsOf: url, encoding: .utf8)).write(to: url, atomically: false, encoding: .utf8)
        }
        return folder
    }

    static let retention = "definitions/people/weekly_search_retention.yaml"
    static let changedRow = #"- {cohort_start: "2024-03-03", week: 2, cohort_size: 2, retained: 1, rate: 0.5}"#

    @Test func everyExamplePassesAndTheSummaryGoesToStderr() throws {
        let project = try Self.copy("features")
        defer { try? FileManager.default.removeItem(at: project) }
        let run = try CLITests.run(["test", "--project", project.path])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.isEmpty)
        let examples = Compiler.check(ProjectReader(root: project).read()).checked!.viewsByGroup
            .reduce(0) { $0 + $1.definition.examples.count }
        #expect(run.stderr.contains("tally test: \(examples) examples of "), "\(run.stderr)")
        #expect(run.stderr.contains("passed on SQLite"))
    }

    /// The check before a test, a show, a run or a diff takes the definitions whose files did not change from the
    /// decoded store, as a build does, and keeps what it decoded there.
    @Test func unchangedDefinitionsComeFromTheDecodedStore() throws {
        let project = try Self.copy("features")
        let cache = FileManager.default.temporaryDirectory.appendingPathComponent("tally-store-\(UUID().uuidString)")
        defer {
            try? FileManager.default.removeItem(at: project)
            try? FileManager.default.removeItem(at: cache)
        }
        let definitions = ProjectReader(root: project).read().files.filter {
            if case .definition = $0.role { true } else { false }
        }.count
        func test() throws -> String {
            let run = try CLITests.run(["test", "--project", project.path, "--timings"],
                                       environment: ["TALLY_CACHE_DIR": cache.path])
            #expect(run.status == 0, "\(run.stderr)")
            return run.stderr
        }
        #expect(try test().contains("definitions taken from the decoded store: 0 of 0 stored"))
        let show = try CLITests.run(["show", "weekly_search_retention", "--project", project.path],
                                    environment: ["TALLY_CACHE_DIR": cache.path])
        #expect(show.status == 0 && show.stdout.contains("VIEW \"weekly_search_retention\""), "\(show.stderr)")
        let edited = project.appendingPathComponent("definitions/usage/daily_searches.yaml")
        try (String(contentsOf: edited, encoding: .utf8) + "\n# edited\n").write(to: edited, atomically: false, encoding: .utf8)
        let afterEdit = try test()
        #expect(afterEdit.contains("definitions taken from the decoded store: \(definitions - 1) of \(definitions) stored"),
                "\(afterEdit)")
    }

    /// A definition named without examples ran nothing, and the summary says so rather than only "passed" (found by a
    /// new-user trial: "0 examples of 0 definitions passed").
    /// A row SQLite's offsets of a zone do not reach (a 9999-12-31 placeholder) is in no period: it neither ends
    /// the data, which had left a retention view empty, nor makes a period of its own, which had made a growth
    /// accounting's new person resurrected and dropped a churn (found by a new-user trial). On SQLite only, where
    /// the offsets end in 2100: the other engines put such a row in its year.
    @Test func aRowBeyondSQLitesZoneOffsetsEndsNoDataAndMakesNoPeriod() throws {
        let project = try Self.copy("features")
        defer { try? FileManager.default.removeItem(at: project) }
        let placeholder = "{event: Search, account_id: 9, occurred_at: \"9999-12-31T00:00:00Z\"}"
        let retention = """
            kind: metric
            title: Daily retention in Los Angeles
            definition: Accounts by their signup day in Los Angeles, and whether they searched the day after.
            rationale: Pins that a row beyond SQLite's zone offsets does not end the data.
            source: {table: app_events}
            events: [Search]
            measure: {aggregate: retention, cohort_events: [Signup], days: [1], time_zone: America/Los_Angeles}
            examples:
              - name: a placeholder row far in the future
                given:
                  app_events:
                    - {event: Signup, account_id: 1, occurred_at: "2024-03-09T18:00:00Z"}
                    - {event: Search, account_id: 1, occurred_at: "2024-03-10T18:00:00Z"}
                    - \(placeholder)
                expect:
                  - {cohort_start: "2024-03-09", day: 1, cohort_size: 1, retained: 1, rate: 1.0}

            """
        let growth = """
            kind: metric
            title: Weekly growth in Los Angeles
            definition: Searching accounts by week in Los Angeles, new, retained, resurrected and churned.
            rationale: Pins that a row beyond SQLite's zone offsets makes no period.
            source: {table: app_events}
            events: [Search]
            measure: {aggregate: growth_accounting, grain: week, time_zone: America/Los_Angeles}
            examples:
              - name: a placeholder row far in the future
                given:
                  app_events:
                    - {event: Search, account_id: 1, occurred_at: "2024-03-05T18:00:00Z"}
                    - {event: Search, account_id: 2, occurred_at: "2024-03-05T18:00:00Z"}
                    - {event: Search, account_id: 2, occurred_at: "2024-03-12T18:00:00Z"}
                    - {event: Search, account_id: 2, occurred_at: "2024-03-19T18:00:00Z"}
                    - \(placeholder)
                expect:
                  - {period_start: "2024-03-04", category: new, known_broken: false, value: 2}
                  - {period_start: "2024-03-11", category: retained, known_broken: false, value: 1}
                  - {period_start: "2024-03-11", category: churned, known_broken: false, value: 1}
                  - {period_start: "2024-03-18", category: retained, known_broken: false, value: 1}

            """
        for (name, text) in [("la_retention", retention), ("la_growth", growth)] {
            try text.write(to: project.appendingPathComponent("definitions/people/\(name).yaml"), atomically: false,
                           encoding: .utf8)
        }
        let run = try CLITests.run(["test", "la_retention", "la_growth", "--project", project.path])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("passed on SQLite"), "\(run.stderr)")
    }

    @Test func aNamedDefinitionWithoutExamplesIsSaid() throws {
        let project = try Self.copy("features")
        defer { try? FileManager.default.removeItem(at: project) }
        let run = try CLITests.run(["test", "weekly_searches", "weekly_search_retention", "--project", project.path])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("\n  weekly_searches has no examples; add some under `examples:` to test it\n"),
                "\(run.stderr)")
        #expect(!run.stderr.contains("weekly_search_retention has no examples"), "\(run.stderr)")
    }

    @Test func aChangedExpectedValueFailsAtItsRow() throws {
        let project = try Self.copy("features", editing: Self.retention) {
            $0.replacingOccurrences(of: Self.changedRow, with: Self.changedRow.replacingOccurrences(of: "retained: 1", with: "retained: 2"))
        }
        defer { try? FileManager.default.removeItem(at: project) }
        let text = try String(contentsOf: project.appendingPathComponent(Self.retention), encoding: .utf8)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let line = try #require(lines.firstIndex { $0.contains(#"week: 2, cohort_size: 2, retained: 2"#) }) + 1
        let column = lines[line - 1].distance(from: lines[line - 1].startIndex, to: lines[line - 1].firstIndex(of: "{")!) + 1

        let github = try CLITests.run(["test", "--project", project.path, "--format", "github"])
        #expect(github.status == 1)
        #expect(github.stdout.hasPrefix("::error file=\(Self.retention),line=\(line),col=\(column),"), "\(github.stdout)")
        #expect(github.stdout.contains("title=tally T001::example 'two weekly cohorts; the younger one has no week 2 yet' of weekly_search_retention failed on SQLite: this expected row was not returned (1 returned row was not expected)"))
        #expect(github.stdout.contains("returned, not expected: 2024-03-03 | 2 | 2 | 1 | 0.5"), "\(github.stdout)")
        #expect(github.stdout.split(separator: "\n").count == 1, "one failure, one annotation")
        #expect(github.stderr.contains("tally test: 1 of "), "\(github.stderr)")

        let human = try CLITests.run(["test", "weekly_search_retention", "--project", project.path])
        #expect(human.status == 1)
        #expect(human.stdout.isEmpty)
        #expect(human.stderr.hasPrefix("\(Self.retention):\(line):\(column): error[T001]: "), "\(human.stderr)")
        #expect(human.stderr.contains("tally test: 1 of 1 example failed on SQLite (0 passed"), "\(human.stderr)")

        let json = try CLITests.run(["test", "weekly_search_retention", "--project", project.path, "--format", "json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(object["code"] as? String == "T001")
        #expect(object["line"] as? Int == line)
        #expect((object["notes"] as? [[String: Any]])?.map { $0["message"] as? String }
                == ["returned, not expected: 2024-03-03 | 2 | 2 | 1 | 0.5"])
    }

    @Test func examplesRunOnPostgreSQLByURL() throws {
        guard let server = EngineEnvironment.postgres else {
            if EngineEnvironment.required { Issue.record("no PostgreSQL: scripts/test starts one") }
            return
        }
        let host = server.host.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
        let url = "postgresql://postgres@\(host):\(server.port)/postgres"
        let project = try Self.copy("features")
        defer { try? FileManager.default.removeItem(at: project) }
        let run = try CLITests.run(["test", "--project", project.path, "--engine", url])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("passed on PostgreSQL"), "\(run.stderr)")
        let broken = try Self.copy("features", editing: Self.retention) {
            $0.replacingOccurrences(of: Self.changedRow, with: Self.changedRow.replacingOccurrences(of: "rate: 0.5", with: "rate: 0.25"))
        }
        defer { try? FileManager.default.removeItem(at: broken) }
        let failing = try CLITests.run(["test", "weekly_search_retention", "--project", broken.path, "--engine", url])
        #expect(failing.status == 1)
        #expect(failing.stderr.contains("failed on PostgreSQL: this expected row was not returned"), "\(failing.stderr)")
    }

    /// A database with tables of the sources' names (the real ones) runs the examples all the same: they run in a
    /// schema of their own, and the database's tables are neither clashed with nor read.
    @Test func examplesRunBesideTheDatabasesOwnTables() throws {
        guard let server = EngineEnvironment.postgres else {
            if EngineEnvironment.required { Issue.record("no PostgreSQL: scripts/test starts one") }
            return
        }
        let admin = PostgresEngine(host: server.host, port: server.port)
        let database = "tally_own_tables_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(12).lowercased()
        _ = try admin.psql("CREATE DATABASE \(database);")
        defer { _ = try? admin.psql("DROP DATABASE IF EXISTS \(database);") }
        _ = try admin.onDatabase(database).psql(
            "CREATE TABLE app_events (unrelated text); INSERT INTO app_events VALUES ('a real row');")
        let host = server.host.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
        let project = try Self.copy("features")
        defer { try? FileManager.default.removeItem(at: project) }
        let run = try CLITests.run(["test", "--project", project.path, "--engine",
                                    "postgresql://postgres@\(host):\(server.port)/\(database)"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try admin.onDatabase(database).psql("SELECT unrelated FROM app_events") == [["a real row"]])
    }

    /// A server that cannot be reached is one error before any example runs, not one per example.
    @Test func anUnreachableServerIsOneError() throws {
        let project = try Self.copy("features")
        defer { try? FileManager.default.removeItem(at: project) }
        let nowhere = FileManager.default.temporaryDirectory.appendingPathComponent("no-server-\(UUID().uuidString)")
        let url = "postgresql://postgres@/postgres?host=\(nowhere.path)&port=1"
        let run = try CLITests.run(["test", "--project", project.path, "--engine", url])
        #expect(run.status == 1)
        // Without psql on this machine, that is what is said instead.
        let psql = (try? Subprocess.run("/usr/bin/env", ["psql", "--version"], input: ""))?.status == 0
        #expect(run.stderr.hasPrefix(psql ? "tally test: no example ran: cannot reach PostgreSQL: psql: "
                                          : "tally test: no example ran: cannot run psql, PostgreSQL's client"),
                "\(run.stderr)")
        if psql { #expect(run.stderr.contains(nowhere.path), "\(run.stderr)") }
        #expect(!run.stderr.contains("T002") && run.stdout.isEmpty, "\(run.stderr)")
        // In JSON, one diagnostic on stdout.
        let json = try CLITests.run(["test", "--project", project.path, "--engine", url, "--format", "json"])
        #expect(json.status == 1)
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        #expect(object?["code"] as? String == "T002", "\(json.stdout)")
        #expect(object?["file"] as? String == "tally.yaml" && object?["line"] as? Int == 1 && object?["column"] as? Int == 1,
                "\(json.stdout)")
        #expect((object?["message"] as? String)?.hasPrefix("no example ran: cannot ") == true, "\(json.stdout)")
    }

    /// An sql measure whose query fails on the engine is reported at the example's name, with the engine's error.
    @Test func anExampleWhoseSQLFailsIsReportedAtItsName() throws {
        let seats = "definitions/billing/seats.yaml"
        let project = try Self.copy("features", editing: seats) {
            $0.replacingOccurrences(of: "SUM(seats) AS value FROM seat_counts GROUP BY day\n    bigquery",
                                    with: "SUM(seats) AS value FROM seat_count GROUP BY day\n    bigquery")
        }
        defer { try? FileManager.default.removeItem(at: project) }
        let text = try String(contentsOf: project.appendingPathComponent(seats), encoding: .utf8)
        let line = try #require(text.split(separator: "\n", omittingEmptySubsequences: false)
            .firstIndex { $0.contains("- name: two teams on one day") }) + 1
        let run = try CLITests.run(["test", "seats", "--project", project.path])
        #expect(run.status == 1)
        #expect(run.stderr.hasPrefix("\(seats):\(line):11: error[T002]: example 'two teams on one day' of seats did not run on SQLite"),
                "\(run.stderr)")
        #expect(run.stderr.contains("no such table: main.seat_count"), "\(run.stderr)")
    }

    @Test func unknownIdsAndEnginesAreUsageErrors() throws {
        let project = try Self.copy("features")
        defer { try? FileManager.default.removeItem(at: project) }
        let unknown = try CLITests.run(["test", "weekly_search_retentoin", "--project", project.path])
        #expect(unknown.status == 64)
        #expect(unknown.stderr.contains("no definition 'weekly_search_retentoin'; did you mean 'weekly_search_retention'?"))
        let engine = try CLITests.run(["test", "--project", project.path, "--engine", "mysql://x"])
        #expect(engine.status == 64)
        #expect(engine.stderr.contains("--engine mysql://x: use \(Dialect.embedded.rawValue), or a PostgreSQL URL"))
        let show = try CLITests.run(["show", "checkout_funel", "--project", project.path])
        #expect(show.status == 64)
        #expect(show.stderr.contains("did you mean 'checkout_funnel'?"))
        let dialect = try CLITests.run(["show", "checkout_funnel", "--dialect", "oracle", "--project", project.path])
        #expect(dialect.status == 64)
        #expect(dialect.stderr.contains("--dialect oracle: not a dialect tally writes ("
                                            + Dialect.allCases.map(\.rawValue).joined(separator: ", ") + ")"))
        // A dialect tally writes, but the project does not: said how to turn it on. (The reference projects enable
        // every dialect, so a copy enables only the embedded engine's.)
        let edges = try Self.copy("sql_edge_cases")
        defer { try? FileManager.default.removeItem(at: edges) }
        let settings = edges.appendingPathComponent("tally.yaml")
        let text = try String(contentsOf: settings, encoding: .utf8)
        let dialectsLine = try #require(text.split(separator: "\n").first { $0.hasPrefix("dialects:") })
        let embedded = Dialect.embedded.rawValue
        try Data(text.replacingOccurrences(of: String(dialectsLine), with: "dialects: [\(embedded)]").utf8).write(to: settings)
        let off = try #require(Dialect.allCases.first { $0 != Dialect.embedded })
        let notEnabled = try CLITests.run(["show", "daily_active", "--dialect", off.rawValue, "--project", edges.path])
        #expect(notEnabled.status == 64, "\(notEnabled.stderr)")
        #expect(notEnabled.stderr.contains("--dialect \(off.rawValue): tally.yaml enables \(embedded); add \(off.rawValue) "
                                               + "to its 'dialects' to write its views"), "\(notEnabled.stderr)")
    }

    /// A formula's SQL comes after its inputs', and the printed script creates them all on SQLite.
    @Test func showPrintsInputsFirstAndTheScriptRuns() throws {
        let project = TestFiles.referenceProject("features")
        let run = try CLITests.run(["show", "searches_month_over_month", "--dialect", Dialect.embedded.rawValue,
                                    "--project", project.path])
        #expect(run.status == 0, "\(run.stderr)")
        let catalog = try #require(Compiler.check(ProjectReader(root: project).read()).checked)
        let view = try #require(catalog.view("searches_month_over_month"))
        let headers = run.stdout.split(separator: "\n").filter { $0.hasPrefix("-- ") }.map { String($0.dropFirst(3)) }
        #expect(headers == view.withInputs.map { "\($0.id): \($0.definition.file)" })
        #expect(headers.count > 1 && headers.last!.hasPrefix("searches_month_over_month:"))
        let database = try SQLiteDatabase()
        let source = try #require(catalog.catalog.sources["app_events"])
        try database.execute(ExampleSQL.createTable(source, table: source.table(for: .embedded), sql: Dialect.embedded.sql))
        try database.execute(run.stdout)
        #expect(try database.query("SELECT COUNT(*) FROM \"searches_month_over_month\"") == [["0"]])
        #expect(run.stdout == SQLEmitter(catalog: catalog).script(for: view, dialect: .embedded))
    }
}

/// `tally show` without --dialect prints the dialect tally.yaml lists first, not the first in tally's own order.
@Suite struct ShowDefaultDialectTests {
    @Test func theFirstDialectListedIsShown() throws {
        // The second of tally's own order listed first, then the first.
        let listed = [Dialect.allCases[1], Dialect.allCases[0]]
        let settings = String(decoding: CorpusTests.base["tally.yaml"]!, as: UTF8.self).split(separator: "\n")
            .map { $0.hasPrefix("dialects:") ? "dialects: [\(listed.map(\.rawValue).joined(separator: ", "))]" : String($0) }
        let root = try CLITests.project(adding: ["tally.yaml": settings.joined(separator: "\n") + "\n"])
        defer { try? FileManager.default.removeItem(at: root) }
        let plain = try CLITests.run(["show", "base_count", "--project", root.path])
        let shown = try listed.map { try CLITests.run(["show", "base_count", "--dialect", $0.rawValue, "--project", root.path]) }
        #expect(plain.status == 0, "\(plain.stderr)")
        #expect(plain.stdout == shown[0].stdout)
        #expect(plain.stdout != shown[1].stdout)
    }
}

/// How a failed example shows the rows on each side.
@Suite struct ExampleComparisonTests {
    /// SQLite returns booleans as 0 and 1: in a column the example expects booleans in, the returned rows show them
    /// as true and false, so `false` beside `0` never reads as the difference. Other columns stay as returned.
    @Test func returnedBooleansAreSpelledAsExpected() throws {
        let here = SourceSpan.startOf("d.yaml")
        func cell(_ column: String, _ value: ExampleValue) -> (column: Located<String>, value: Located<ExampleValue>) {
            (Located(column, at: here), Located(value, at: here))
        }
        let expected = [ExampleRow(span: here, cells: [cell("period_start", .string("2024-01-01")),
                                                       cell("known_broken", .bool(false)), cell("value", .integer(5))])]
        let mismatch = try #require(ExampleComparison.mismatch(
            expected: expected, actual: [["2024-01-01", "0", "2"], ["2024-01-08", "1", "0"], ["2024-01-15", nil, "1"]],
            columns: ["period_start", "known_broken", "value"]))
        #expect(mismatch.unexpected == [["2024-01-01", "false", "2"], ["2024-01-08", "true", "0"], ["2024-01-15", "NULL", "1"]])
        #expect(mismatch.missing.map(\.values) == [["2024-01-01", "false", "5"]])
        // With `expect: []` nothing says the column holds booleans but the view's type: PostgreSQL's t and f, and
        // SQLite's 1, had been shown as returned.
        let none = try #require(ExampleComparison.mismatch(expected: [], actual: [["2024-01-01", "t", "2"], ["2024-01-08", "1", "0"]],
                                                           columns: ["period_start", "known_broken", "value"],
                                                           booleans: ["known_broken"]))
        #expect(none.unexpected == [["2024-01-01", "true", "2"], ["2024-01-08", "true", "0"]])
    }

    /// Whole numbers are compared exactly, however the engine spells them; only fractions get the 1e-9 tolerance
    /// (a float sum's 3.0000000000000004 is 3). Within 1e-9, a count of 1000000000 had passed for 1000000001.
    @Test func wholeNumbersAreExactAndFractionsWithinTolerance() {
        func matches(_ expected: ExampleValue, _ actual: String) -> Bool { ExampleComparison.cellMatches(expected, actual) }
        #expect(!matches(.integer(1_000_000_001), "1000000000"))
        #expect(!matches(.integer(1_000_000_001), "1000000000.0"))
        #expect(!matches(.float(1.0000000001), "1"))
        #expect(!matches(.float(2.5), "2.0"))
        #expect(!matches(.integer(9_007_199_254_740_993), "9007199254740992"))
        #expect(matches(.integer(9_007_199_254_740_993), "9007199254740993"))
        #expect(matches(.integer(3), "3"))
        #expect(matches(.integer(3), "3.0"))
        #expect(matches(.integer(3), "3.0000000000000004"))
        #expect(matches(.float(2.0), "2"))
        #expect(matches(.float(0.3333333333), "0.3333333333333333"))
        #expect(matches(.float(1), "1.00000000000000000000"))
    }
}
