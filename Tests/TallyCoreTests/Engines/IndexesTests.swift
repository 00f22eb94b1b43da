import Foundation
import Testing
@testable import TallyCore

/// indexes.sql on the engine of each dialect that writes indexes, for two sources over one table with different
/// timestamp columns (whose two day indexes were once named alike, so that the second was never made): every index
/// is made under a name of its own, and each source's view filtered to one day reads its own index.
@Suite(.serialized) struct IndexesTests {
    static let sources = ["events": "occurred_at", "received_events": "received_at"]

    static var project: [String: String] {
        let columns = """
            columns:
              event: {type: text, classification: public}
              occurred_at: {type: timestamp, classification: public}
              received_at: {type: timestamp, classification: public}
            """
        var files = [
            "tally.yaml": """
                current_version: "1.0.0"
                repository: "https://github.com/example/product"
                dialects: [\(Dialect.allCases.map(\.rawValue).joined(separator: ", "))]
                links:
                  event_code: "https://example.com/search?q={event}"
                  pull_request: "https://github.com/example/product/pull/{number}"
                """,
            "definitions/core/group.yaml": "title: Core\nintroduction: Core metrics.\n",
        ]
        for (source, timestamp) in sources {
            files["definitions/sources/\(source).yaml"] = """
                table: events
                description: The events table, by its \(timestamp).
                timestamp: \(timestamp)
                event_name: event
                \(columns)
                """
            files["definitions/core/daily_opens_by_\(timestamp).yaml"] = """
                kind: metric
                title: Opens per day by \(timestamp)
                definition: Open events per UTC day of their \(timestamp).
                rationale: One of two views of one table read by different timestamp columns.
                source: {table: \(source)}
                events: [Open]
                measure: {aggregate: count, grain: day}
                """
        }
        return files
    }

    /// The names a script's CREATE INDEX statements give, unquoted.
    static func indexNames(in script: String) -> [String] {
        script.split(separator: "\n").compactMap { line -> String? in
            guard line.hasPrefix("CREATE INDEX IF NOT EXISTS ") else { return nil }
            let name = line.dropFirst("CREATE INDEX IF NOT EXISTS ".count)
            return String(name.filter { !"\"`".contains($0) })
        }
    }

    @Test(arguments: Dialect.allCases)
    func everyIndexIsMadeAndEachViewReadsItsOwn(_ dialect: Dialect) throws {
        guard dialect.sql.createIndex != nil else { return }
        let probe = try #require(EngineRegistry.indexProbe(for: dialect), "how to ask \(dialect)'s engine for its indexes")
        guard let engine = try EngineRegistry.available(dialect) else { return }
        let result = Compiler.check(ProjectFiles.fromMemory(Self.project.mapValues { Array($0.utf8) }))
        #expect(!result.diagnostics.hasErrors, "\(result.diagnostics.diagnostics)")
        let checked = try #require(result.checked)
        let files = Dictionary(uniqueKeysWithValues: SQLEmitter(catalog: checked).files().map { ($0.path, $0.contents) })
        let views = try #require(files[SQLEmitter.scriptPath(dialect)])
        let indexes = try #require(files[SQLEmitter.scriptPath(dialect).replacingOccurrences(of: "views.sql", with: "indexes.sql")])
        let names = Self.indexNames(in: indexes)
        #expect(names.sorted() == ["tally_events_day_occurred_at", "tally_events_day_received_at"], "\(indexes)")

        let sql = dialect.sql
        let source = try #require(checked.catalog.sources["events"])
        let setup = [ExampleSQL.createTable(source, table: "events", sql: sql)]
            + GeneratedViewsTests.statements(views) + GeneratedViewsTests.statements(indexes)
        var jobs = [EngineJob(schemas: [], setup: setup, query: probe.indexNames)]
        for timestamp in Self.sources.values.sorted() {
            jobs.append(EngineJob(schemas: [], setup: setup + probe.preferIndexes,
                                  query: "EXPLAIN SELECT * FROM \(sql.identifier("daily_opens_by_\(timestamp)")) WHERE "
                                      + "\(sql.identifier("period_start")) = CAST('2024-03-01' AS DATE)"))
        }
        let results = try engine.run(jobs)
        #expect(try results[0].get().compactMap { $0.first ?? nil } == names.sorted(), "\(engine.label): every index made")
        for (timestamp, plan) in zip(Self.sources.values.sorted(), results.dropFirst()) {
            let text = try plan.get().compactMap { $0.first ?? nil }.joined(separator: "\n")
            #expect(text.contains("tally_events_day_\(timestamp)"), "\(engine.label): the view by \(timestamp) reads its index:\n\(text)")
        }
    }

    /// Names two indexes would share get their day columns, then, where those are alike too, a hash of what each
    /// holds; an index listed twice is made once, and names no other index wants are left as they are.
    @Test func namesAlikeAreToldApart() {
        typealias Planned = SQLEmitter.PlannedIndex
        let byOccurred = Planned(name: "tally_events_day", table: "events", expressions: ["a"], dayColumn: "occurred_at")
        let byReceived = Planned(name: "tally_events_day", table: "events", expressions: ["b"], dayColumn: "Received At")
        let other = Planned(name: "tally_events_month", table: "events", expressions: ["c"], dayColumn: "occurred_at")
        let dotted = Planned(name: "tally_a_b_day", table: "a.b", expressions: ["d"], dayColumn: "day")
        let underscored = Planned(name: "tally_a_b_day", table: "a_b", expressions: ["d"], dayColumn: "day")
        let named = SQLEmitter.uniquelyNamed([byOccurred, byReceived, other, byOccurred, dotted, underscored])
        #expect(named.count == 5)
        #expect(named.prefix(3).map(\.name) == ["tally_events_day_occurred_at", "tally_events_day_received_at",
                                                 "tally_events_month"])
        #expect(Set(named.map(\.name)).count == 5)
        #expect(named[3].name.hasPrefix("tally_a_b_day_day_") && named[4].name.hasPrefix("tally_a_b_day_day_"))
    }

    /// A name longer than an engine keeps is made to fit with a hash of the whole, so that two long names alike in
    /// their first bytes still name two indexes; a short name is kept as it is.
    @Test(arguments: Dialect.allCases)
    func longNamesStayApart(_ dialect: Dialect) throws {
        guard let createIndex = dialect.sql.createIndex else { return }
        let long = "tally_" + String(repeating: "very_long_table_name_", count: 4)
        let statements = [long + "a", long + "b", "tally_short"].map { createIndex($0, "t", ["x"]) }
        let names = statements.flatMap { Self.indexNames(in: $0) }
        #expect(names.count == 3 && Set(names).count == 3, "\(statements)")
        #expect(names[2] == "tally_short")
        #expect(names[0].utf8.count <= 63 && names[0].hasPrefix(String(long.prefix(40))), "\(names[0])")
    }
}
