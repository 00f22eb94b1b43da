import Foundation
import Testing
import TallyRunner
@testable import TallyCore

/// generated/lookml/ parsed by lkml (PyPI), which checks only syntax: so each view's fields and measure types are
/// checked here against its definition, for every definition of the reference projects that export LookML.
@Suite struct LookMLTests {
    static let script = TestFiles.packageRoot.appendingPathComponent("scripts/parse_lookml.py").path

    /// Every LookML file of a reference project's committed generated/, parsed.
    static func parsed(_ project: String) throws -> [String: [String: Any]]? {
        guard let python = EngineEnvironment.python else {
            if EngineEnvironment.required { Issue.record("no Python with lkml: scripts/test makes one") }
            return nil
        }
        let folder = TestFiles.referenceProject(project).appendingPathComponent("generated/lookml")
        let paths = try FileManager.default.subpathsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".lkml") }
            .sorted().map { folder.appendingPathComponent($0).path }
        let run = try Subprocess.run(python, [script] + paths, input: "")
        #expect(run.status == 0, "\(run.stderr)")
        let all = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: [String: Any]])
        return Dictionary(uniqueKeysWithValues: all.map { (String($0.key.dropFirst(folder.path.count + 1)), $0.value) })
    }

    static func names(_ items: Any?) -> [String] { (items as? [[String: Any]] ?? []).compactMap { $0["name"] as? String } }

    @Test func everyViewHasItsDefinitionsFieldsAndMeasures() throws {
        let project = "features"
        let catalog = try #require(Compiler.check(ProjectReader(root: TestFiles.referenceProject(project)).read()).checked)
        let export = try #require(catalog.settings.exports.lookml)
        guard let files = try Self.parsed(project) else { return }
        for (path, tree) in files { #expect(tree["error"] == nil, "\(path): \(tree["error"] ?? "")") }
        #expect(files.count == catalog.viewsByGroup.count + 1)
        var rollUps: Set<String> = []
        for view in catalog.viewsByGroup {
            let path = "\(view.definition.group)/\(view.id).view.lkml"
            let views = try #require(files[path]?["views"] as? [[String: Any]], "\(path)")
            #expect(views.count == 1)
            let lookml = views[0]
            #expect(lookml["name"] as? String == view.id)
            #expect(lookml["sql_table_name"] as? String == "\"\(export.schema!.value)\".\"\(view.id)\"")
            // Every output column is a field: dates as dimension groups, the rest as dimensions.
            let groups = Self.names(lookml["dimension_groups"])
            let dimensions = Self.names(lookml["dimensions"])
            for column in view.shape {
                if column.type == .date {
                    #expect(groups.contains(String(column.name.dropLast(column.name.hasSuffix("_start") ? 6 : 0))), "\(path): \(column.name)")
                } else {
                    #expect(dimensions.contains(column.name), "\(path): \(column.name)")
                }
                // A boolean (known_broken) keeps NULL apart from false: Looker's yesno would show it as No.
                if column.type == .boolean {
                    let field = (lookml["dimensions"] as? [[String: Any]])?.first { $0["name"] as? String == column.name }
                    #expect(field?["type"] as? String == "string", "\(path): \(column.name)")
                    // The column quoted in the export's dialect, as every column Looker's SQL reads.
                    let reference = "${TABLE}." + export.dialect.value.sql.identifier(column.name)
                    #expect(field?["sql"] as? String == "CASE WHEN \(reference) THEN 'Yes' WHEN NOT "
                                + "\(reference) THEN 'No' END", "\(path): \(column.name)")
                }
            }
            let measures = (lookml["measures"] as? [[String: Any]] ?? []).map { ($0["name"] as? String ?? "", $0["type"] as? String ?? "") }
            let expected: [(String, String)]
            switch view.definition.measure.kind {
            case .retention:
                expected = [("total_cohort_size", "sum_distinct"), ("total_retained", "number"), ("retention_rate", "number")]
            case .growthAccounting: expected = [("total", "sum"), ("active_people", "sum")]
            case .funnel:
                expected = [("total_people", "number"), ("conversion_from_first_step", "number"), ("conversion_from_previous_step", "number")]
            default:
                let overSnapshot = catalog.catalog.readsSnapshot(view.definition)
                let rollUp = RollUp(of: view.definition.measure, overSnapshot: overSnapshot)
                rollUps.insert("\(rollUp)")
                switch rollUp {
                case .sum: expected = [("total", "sum")]
                case .min: expected = [("minimum", view.shape.last?.type == .date ? "date" : "number")]
                case .max: expected = [("maximum", view.shape.last?.type == .date ? "date" : "number")]
                case .onePeriod, .oneRow: expected = [("single_value", "number")]
                }
                // A count over a snapshot's days is no total: each day counts the same entities again.
                if overSnapshot { #expect(rollUp != .sum, "\(path)") }
            }
            #expect(measures.map(\.0) == expected.map(\.0) && measures.map(\.1) == expected.map(\.1), "\(path): \(measures)")
            // Never a sum of what does not add up.
            let additive: Set<Aggregate> = [.count, .sum, .firstTimeUsers, .growthAccounting, .retention, .funnel]
            if !additive.contains(view.definition.measure.aggregate) { #expect(!measures.contains { $0.1 == "sum" }, "\(path)") }
        }
        #expect(rollUps == ["sum", "min", "max", "onePeriod", "oneRow"], "the project exercises every roll-up: \(rollUps)")
        let model = try #require(files["\(catalog.settings.exportName).model.lkml"])
        #expect(model["connection"] as? String == export.connection.value)
        #expect(Self.names(model["explores"]) == catalog.viewsByGroup.map(\.id))
    }

    /// Looker renders Liquid in a field's description (not an explore's): a definition's `{{ … }}` is escaped
    /// there, so it stays text, and left as written where Looker shows text as written.
    @Test func liquidInTheWordsStaysText() throws {
        let root = try TestAndShowCommandTests.copy("features", editing: "definitions/billing/large_team_days.yaml") {
            $0.replacingOccurrences(of: "definition: Days of March", with: "definition: Seats per {{ team }}. Days of March")
        }
        defer { try? FileManager.default.removeItem(at: root) }
        let built = try CLITests.run(["build", "--project", root.path],
                                     environment: ["TALLY_CACHE_DIR": root.appendingPathComponent(".cache").path])
        #expect(built.status == 0, "\(built.stderr)")
        let lookml = root.appendingPathComponent("generated/lookml")
        let view = try String(contentsOf: lookml.appendingPathComponent("billing/large_team_days.view.lkml"), encoding: .utf8)
        #expect(view.contains("Seats per {{ '{{' }} team }}."), "\(view)")
        #expect(!view.contains("Seats per {{ team }}"))
        let model = try FileManager.default.contentsOfDirectory(atPath: lookml.path).first { $0.hasSuffix(".model.lkml") }
        let explores = try String(contentsOf: lookml.appendingPathComponent(try #require(model)), encoding: .utf8)
        #expect(explores.contains("Seats per {{ team }}."), "an explore's description is shown as written")
    }

    /// The measure of a view whose periods are split by known_broken (distinct people per plan), run as Looker
    /// runs it (the view's rows grouped by what the user picked): one period and one plan is the sum of its
    /// known_broken rows, which hold each person once; several periods or plans show nothing. It showed a value
    /// only for a single row, so most periods, which have rows of several known_broken values, were blank.
    @Test func aDistinctCountIsShownForOnePeriodAndGroupAddingUpKnownBroken() throws {
        let path = TestFiles.referenceProject("features")
            .appendingPathComponent("generated/lookml/usage/regular_searchers.view.lkml").path
        let view = try String(contentsOfFile: path, encoding: .utf8)
        let line = try #require(view.split(separator: "\n").first { $0.contains("THEN SUM(${TABLE}.\"value\") END") })
        let measure = line.trimmingCharacters(in: .whitespaces).dropFirst("sql: ".count).dropLast(" ;;".count)
            .replacingOccurrences(of: "${TABLE}", with: "t")
        let database = try SQLiteDatabase()
        try database.execute("""
            CREATE TABLE t (period_start TEXT, plan TEXT, known_broken INTEGER, value INTEGER);
            INSERT INTO t VALUES ('2024-01-01', 'pro', 1, 2), ('2024-01-01', 'pro', 0, 3), ('2024-01-01', 'pro', NULL, 4),
                ('2024-01-01', NULL, 0, 7), ('2024-01-01', NULL, NULL, 1), ('2024-01-08', 'pro', 0, 5),
                (NULL, NULL, 0, 2);
            """)
        // Rows without a timestamp are a period of their own (NULL), shown as one.
        #expect(try database.query("SELECT period_start, plan, \(measure) FROM t GROUP BY 1, 2 ORDER BY 1, 2")
                    == [[nil, nil, "2"], ["2024-01-01", nil, "8"], ["2024-01-01", "pro", "9"], ["2024-01-08", "pro", "5"]])
        // Filtered to known healthy releases: that row alone.
        #expect(try database.query("SELECT \(measure) FROM t WHERE known_broken = 0 AND plan = 'pro' AND period_start = '2024-01-01'")
                    == [["3"]])
        // Over several periods (the undated rows too), or over both plans (NULL is a plan of its own): nothing, not
        // a double count.
        #expect(try database.query("SELECT plan, \(measure) FROM t GROUP BY 1 ORDER BY 1") == [[nil, nil], ["pro", nil]])
        #expect(try database.query("SELECT period_start, \(measure) FROM t GROUP BY 1 ORDER BY 1")
                    == [[nil, "2"], ["2024-01-01", nil], ["2024-01-08", "5"]])
    }

    /// A funnel's people do not add up across steps (each step holds people of the step before): its total is shown
    /// when one step is selected, over any periods, and is empty over several steps, where a description had only
    /// asked the user to select one.
    @Test func aFunnelsPeopleAreShownForOneStep() throws {
        let path = TestFiles.referenceProject("features")
            .appendingPathComponent("generated/lookml/people/checkout_funnel.view.lkml").path
        let view = try String(contentsOfFile: path, encoding: .utf8)
        let lines = view.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        let named = try #require(lines.firstIndex(of: "measure: total_people {"))
        let line = try #require(lines[named...].first { $0.hasPrefix("sql: ") })
        let measure = line.dropFirst("sql: ".count).dropLast(" ;;".count).replacingOccurrences(of: "${TABLE}", with: "t")
        let database = try SQLiteDatabase()
        try database.execute("""
            CREATE TABLE t (period_start TEXT, step INTEGER, people INTEGER);
            INSERT INTO t VALUES ('2024-01-01', 1, 10), ('2024-01-01', 2, 4), ('2024-01-08', 1, 6), ('2024-01-08', 2, 3);
            """)
        #expect(try database.query("SELECT step, \(measure) FROM t GROUP BY 1 ORDER BY 1") == [["1", "16"], ["2", "7"]])
        #expect(try database.query("SELECT period_start, \(measure) FROM t GROUP BY 1 ORDER BY 1")
                    == [["2024-01-01", nil], ["2024-01-08", nil]])
    }

    /// A group column of any name is a LookML field of a LookML name, its SQL the column quoted: `n*100` had been
    /// read as n times 100 (500 on PostgreSQL where the column held "y"), and a name holding `;;` ended the SQL.
    @Test func groupColumnsOfAnyNameAreQuotedFields() throws {
        var files = TestFiles.tree(at: TestFiles.referenceProject("features")).filter { !$0.key.hasPrefix("generated/") }
        let path = "definitions/trends/average_seats_filled.yaml"
        // Grouped by a column of that name; its examples, which leave the column out, are left out.
        let edited = String(decoding: files[path]!, as: UTF8.self)
            .replacingOccurrences(of: "  field: seats\n", with: "  field: seats\n  group_by: [\"te;am*100\"]\n")
        files[path] = Array(String(edited[..<edited.range(of: "examples:")!.lowerBound]).utf8)
        files["definitions/sources/seat_counts.yaml"] = Array(String(decoding: files["definitions/sources/seat_counts.yaml"]!, as: UTF8.self)
            .replacingOccurrences(of: "  team: {type: text, classification: public}\n",
                                  with: "  team: {type: text, classification: public}\n  \"te;am*100\": {type: text, classification: public}\n").utf8)
        let result = Compiler.check(ProjectFiles.fromMemory(files))
        #expect(!result.diagnostics.hasErrors, "\(result.diagnostics.sorted().map(\.message))")
        let checked = try #require(result.checked)
        let view = try #require(Generator.files(for: checked).first { $0.path == "lookml/trends/average_seats_filled.view.lkml" }).contents
        let quoted = "${TABLE}." + checked.settings.exports.lookml!.dialect.value.sql.identifier("te;am*100")
        #expect(view.contains("  dimension: te_am_100 {\n    type: string\n    sql: \(quoted) ;;\n"), "\(view)")
        // A `;;` ends LookML's SQL, quoted or not: refused at check.
        var ended = files
        ended["definitions/sources/seat_counts.yaml"] = Array(String(decoding: files["definitions/sources/seat_counts.yaml"]!, as: UTF8.self)
            .replacingOccurrences(of: "te;am*100", with: "te;;am").utf8)
        ended[path] = Array(String(decoding: files[path]!, as: UTF8.self).replacingOccurrences(of: "te;am*100", with: "te;;am").utf8)
        let refused = Compiler.check(ProjectFiles.fromMemory(ended)).diagnostics.sorted().filter { $0.severity == .error }
        #expect(refused.map(\.code) == [.notApplicable] && refused.first?.span.file == path, "\(refused.map(\.message))")
        guard let python = EngineEnvironment.python else { return }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("quoted-\(UUID().uuidString).view.lkml")
        defer { try? FileManager.default.removeItem(at: file) }
        try view.write(to: file, atomically: false, encoding: .utf8)
        let run = try Subprocess.run(python, [Self.script, file.path], input: "")
        #expect(!run.stdout.contains("\"error\""), "\(run.stdout)")
    }

    /// lkml is the judge of syntax: a file it cannot read is reported, not passed.
    @Test func theParserRefusesBrokenLookML() throws {
        guard let python = EngineEnvironment.python else { return }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("broken-\(UUID().uuidString).view.lkml")
        defer { try? FileManager.default.removeItem(at: file) }
        try "view: x {\n  dimension: y {\n    sql: ${TABLE}.y ;;\n".write(to: file, atomically: false, encoding: .utf8)
        let run = try Subprocess.run(python, [Self.script, file.path], input: "")
        let tree = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: [String: Any]])
        #expect(tree[file.path]?["error"] != nil)
    }
}
