import Foundation
import Testing
import TallyRunner
@testable import TallyCore

/// generated/dbt/ of the features project, built by dbt-core with its adapter for EngineRegistry.dbtDialect: every model on DuckDB and every
/// example as a unit test, passing; and a wrong expected value failing.
@Suite(.serialized) struct DBTTests {
    /// A copy of the committed dbt project and a profile for a DuckDB file next to it.
    static func project(from root: URL = TestFiles.referenceProject("features")) throws -> (folder: URL, profiles: URL) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tally-dbt-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: root.appendingPathComponent("generated/dbt"), to: folder)
        let catalog = Compiler.check(ProjectReader(root: root).read()).checked!
        let profile = catalog.settings.exportName
        try """
            \(profile):
              target: test
              outputs:
                test:
                  type: \(EngineRegistry.dbtDialect.dbtAdapters[0])
                  path: \(folder.path)/test.duckdb
                  threads: 2
            """.write(to: folder.appendingPathComponent("profiles.yml"), atomically: false, encoding: .utf8)
        return (folder, folder)
    }

    static func dbt(_ arguments: [String], in project: (folder: URL, profiles: URL),
                    vars: String = "{tally_create_sources: true}") throws -> (status: Int32, output: String)? {
        guard let python = EngineEnvironment.python else {
            if EngineEnvironment.required { Issue.record("no Python with dbt-core and its adapter: scripts/test makes one") }
            return nil
        }
        let dbt = URL(fileURLWithPath: python).deletingLastPathComponent().appendingPathComponent("dbt").path
        let run = try Subprocess.run(dbt, arguments + ["--profiles-dir", project.profiles.path, "--project-dir",
                                                              project.folder.path, "--vars", vars,
                                                              "--no-use-colors"],
                                            input: "", environment: ["DBT_SEND_ANONYMOUS_USAGE_STATS": "false"])
        return (run.status, run.stdout + run.stderr)
    }

    @Test func everyModelBuildsAndEveryExamplePassesAsAUnitTest() throws {
        let project = try Self.project()
        defer { try? FileManager.default.removeItem(at: project.folder) }
        guard let run = try Self.dbt(["build"], in: project) else { return }
        #expect(run.status == 0, "\(run.output.suffix(3000))")
        let catalog = Compiler.check(ProjectReader(root: TestFiles.referenceProject("features")).read()).checked!
        let examples = catalog.viewsByGroup.reduce(0) { $0 + $1.definition.examples.count }
        #expect(run.output.contains("\(examples) unit tests, \(catalog.viewsByGroup.count) view models"), "\(run.output.suffix(600))")
        #expect(run.output.contains("ERROR=0"))
        // app_events is analytics.app_events on DuckDB: a source of its own, in that schema, which the hook made.
        let manifest = try JSONSerialization.jsonObject(
            with: Data(contentsOf: project.folder.appendingPathComponent("target/manifest.json"))) as? [String: Any]
        let sources = manifest?["sources"] as? [String: [String: Any]] ?? [:]
        let events = sources.first { $0.key.hasSuffix(".tally__app_events.app_events") }?.value
        #expect(events?["schema"] as? String == "analytics", "\(sources.keys.sorted())")
        #expect(sources.first { $0.key.hasSuffix(".tally.plans") }?.value["schema"] as? String == "main")
    }

    /// The adapter dbt runs on listed second, a schema for the sources that the database does not have yet, and a
    /// title that spells Jinja: the ratios' unit tests had their input rows in the first dialect's SQL alone
    /// (errors, and their models skipped), the sources' tables failed without their schema, and the title's
    /// `{{ var(…) }}` was run, failing the whole project.
    @Test func aTargetListedSecondAFreshSchemaAndJinjaInProseBuild() throws {
        let root = try TestAndShowCommandTests.copy("features", editing: "tally.yaml") {
            $0.replacingOccurrences(of: "dbt: {dialects: [duckdb, postgres]}", with: "dbt: {dialects: [bigquery, duckdb]}")
        }
        defer { try? FileManager.default.removeItem(at: root) }
        let retention = root.appendingPathComponent(TestAndShowCommandTests.retention)
        let text = try String(contentsOf: retention, encoding: .utf8)
        let titled = text.replacingOccurrences(of: "title: Weekly search retention",
                                               with: "title: \"Weekly {{ var('nope') }} retention\"")
        #expect(titled != text)
        try titled.write(to: retention, atomically: false, encoding: .utf8)
        // A table named otherwise for each dialect: the target's own name is the one dbt reads.
        let license = root.appendingPathComponent("definitions/sources/license_days.yaml")
        let named = try String(contentsOf: license, encoding: .utf8)
        try named.replacingOccurrences(of: "table: license_days\n", with: "table: {bigquery: lic.license_days_bq, duckdb: license_days_duck}\n")
            .write(to: license, atomically: false, encoding: .utf8)
        let built = try CLITests.run(["build", "--project", root.path],
                                     environment: ["TALLY_CACHE_DIR": root.appendingPathComponent(".cache").path])
        #expect(built.status == 0, "\(built.stderr)")
        let project = try Self.project(from: root)
        defer { try? FileManager.default.removeItem(at: project.folder) }
        guard let run = try Self.dbt(["build"], in: project, vars: "{tally_create_sources: true, tally_source_schema: raw}")
        else { return }
        #expect(run.status == 0, "\(run.output.suffix(3000))")
        #expect(run.output.contains("ERROR=0") && run.output.contains("SKIP=0"), "\(run.output.suffix(600))")
        let manifest = try String(contentsOf: project.folder.appendingPathComponent("target/manifest.json"), encoding: .utf8)
        #expect(manifest.contains("\"license_days_duck\""), "the source's identifier on DuckDB")
        #expect(!manifest.contains("license_days_bq\""))
    }

    @Test func aWrongExpectedValueFails() throws {
        let project = try Self.project()
        defer { try? FileManager.default.removeItem(at: project.folder) }
        let schema = project.folder.appendingPathComponent("models/people/_people__models.yml")
        let text = try String(contentsOf: schema, encoding: .utf8)
        let row = "week: 2\n          cohort_size: 2\n          retained: 1\n"
        let changed = text.replacingOccurrences(of: row, with: row.replacingOccurrences(of: "retained: 1", with: "retained: 2"))
        #expect(changed != text, "the edit reaches the weekly retention's second expected row")
        try changed.write(to: schema, atomically: false, encoding: .utf8)
        guard let run = try Self.dbt(["build", "--select", "weekly_search_retention"], in: project) else { return }
        #expect(run.status != 0)
        #expect(run.output.contains("FAIL 1 weekly_search_retention::weekly_search_retention__two_weekly_cohorts"), "\(run.output.suffix(2000))")
    }

    /// Installed as a package in a team's own dbt project that has a model of the same name as one of tally's
    /// (a `daily_searches` of its own): tally's models still read tally's, since each ref() names its project.
    /// With one-argument refs dbt took the team's model, and the build failed.
    @Test func installedBesideAModelOfTheSameNameItReadsItsOwn() throws {
        let package = try Self.project()
        defer { try? FileManager.default.removeItem(at: package.folder) }
        let host = package.folder.deletingLastPathComponent().appendingPathComponent("tally-dbt-host-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: host) }
        try FileManager.default.createDirectory(at: host.appendingPathComponent("models"), withIntermediateDirectories: true)
        let profile = try String(contentsOf: package.folder.appendingPathComponent("profiles.yml"), encoding: .utf8)
        let name = try #require(profile.split(separator: ":").first.map(String.init))
        try profile.write(to: host.appendingPathComponent("profiles.yml"), atomically: false, encoding: .utf8)
        // tally's models in a schema of their own, as a team keeps a package's apart from its own.
        try "name: team\nversion: \"1.0.0\"\nconfig-version: 2\nprofile: \"\(name)\"\nmodels:\n  \(name):\n    +schema: metrics\n"
            .write(to: host.appendingPathComponent("dbt_project.yml"), atomically: false, encoding: .utf8)
        try "packages:\n  - local: \(package.folder.path)\n"
            .write(to: host.appendingPathComponent("packages.yml"), atomically: false, encoding: .utf8)
        try "select 1 as x\n".write(to: host.appendingPathComponent("models/daily_searches.sql"), atomically: false, encoding: .utf8)
        let project = (folder: host, profiles: host)
        guard let deps = try Self.dbt(["deps"], in: project) else { return }
        #expect(deps.status == 0, "\(deps.output.suffix(2000))")
        guard let run = try Self.dbt(["build", "--select", "+daily_searches_vs_month_before"], in: project) else { return }
        #expect(run.status == 0 && run.output.contains("ERROR=0"), "\(run.output.suffix(3000))")
    }

    /// A count's value is a whole number, which dbt compares exactly: its unit tests check it. They left every
    /// `value` to tally test, so a model that counted everything a hundred times passed.
    @Test func aCountThatIsWrongFailsItsUnitTests() throws {
        let project = try Self.project()
        defer { try? FileManager.default.removeItem(at: project.folder) }
        let model = project.folder.appendingPathComponent("models/usage/daily_opens.sql")
        let text = try String(contentsOf: model, encoding: .utf8)
        let changed = text.replacingOccurrences(of: "COUNT(*) AS \"value\"", with: "COUNT(*) * 100 AS \"value\"")
        #expect(changed != text, "the edit reaches the daily count's value")
        try changed.write(to: model, atomically: false, encoding: .utf8)
        guard let run = try Self.dbt(["build", "--select", "daily_opens"], in: project) else { return }
        #expect(run.status != 0)
        #expect(run.output.contains("FAIL 1 daily_opens::"), "\(run.output.suffix(2000))")
    }
}
