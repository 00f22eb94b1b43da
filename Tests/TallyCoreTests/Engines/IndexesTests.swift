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
        let result = Compiler.check(ProjectFiles.fromMemory(Self.project.mapValues { Array($0.utf8) }))
        #expect(!result.diagnostics.hasErrors, "\(result.diagnostics.diagnostics)")
        let checked = try #require(result.checked)
        let files = Dictionary(uniqueKeysWithValues: SQLEmitter(catalog: checked).files().map { ($0.path, $0.contents) })
        let views = try #require(files[SQLEmitter.scriptPath(dialect)])
        let indexes = try #require(files[SQLEmitter.scriptPath(dialect).replacingOccurrences(of: "views.sql", with: "indexes.sql")])
        let names = Self.indexNames(in: indexes)
        #expect(names.sorted() == ["tally_events_day_occurred_at", "tally_events_day_received_at"], "\(indexes)")
        guard let engine = try EngineRegistry.available(dialect) else { return }

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
    /// holds; an index listed twice is made once, and an index whose name no other shares keeps it, even where a
    /// renamed one comes to share it.
    @Test func namesAlikeAreToldApart() {
        typealias Planned = SQLEmitter.PlannedIndex
        let byOccurred = Planned(name: "tally_events_day", table: "events", expressions: ["a"], dayColumn: "occurred_at")
        let byReceived = Planned(name: "tally_events_day", table: "events", expressions: ["b"], dayColumn: "Received At")
        let other = Planned(name: "tally_events_month", table: "events", expressions: ["c"], dayColumn: "occurred_at")
        let dotted = Planned(name: "tally_a_b_day", table: "a.b", expressions: ["d"], dayColumn: "day")
        let underscored = Planned(name: "tally_a_b_day", table: "a_b", expressions: ["d"], dayColumn: "day")
        // Renamed by its day column, this one comes to share the name of an index that had it first.
        let byDay = Planned(name: "tally_events_day", table: "events", expressions: ["e"], dayColumn: "day")
        let eventsDay = Planned(name: "tally_events_day_day", table: "events_day", expressions: ["f"], dayColumn: "x")
        let named = SQLEmitter.uniquelyNamed([byOccurred, byReceived, other, byOccurred, dotted, underscored, byDay,
                                              eventsDay])
        #expect(named.count == 7)
        #expect(named.prefix(3).map(\.name) == ["tally_events_day_occurred_at", "tally_events_day_received_at",
                                                 "tally_events_month"])
        #expect(named[3].name.hasPrefix("tally_a_b_day_day_") && named[4].name.hasPrefix("tally_a_b_day_day_"))
        #expect(named[5].name.hasPrefix("tally_events_day_day_"))
        #expect(named[6].name == "tally_events_day_day", "it never clashed: its name stays")
        #expect(Set(named.map(\.name)).count == 7)
    }

    /// Long names alike in the part of a name that counts (SQLEmitter.keptLength) are two names within it; a long
    /// name no other shares is left as it is (the dialect cuts it where the engine would).
    @Test func longNamesAlikeAtTheStartStayTwo() {
        typealias Planned = SQLEmitter.PlannedIndex
        let long = "tally_" + String(repeating: "a_very_long_table_name_", count: 3)
        let first = Planned(name: long + "day", table: "t1", expressions: ["a"], dayColumn: "occurred_at")
        let second = Planned(name: long + "week", table: "t1", expressions: ["b"], dayColumn: "received_at")
        let alone = Planned(name: "tally_" + String(repeating: "another_long_name_", count: 4), table: "t2",
                            expressions: ["c"], dayColumn: "day")
        let named = SQLEmitter.uniquelyNamed([first, second, alone])
        let kept = named.map { String($0.name.prefix(SQLEmitter.keptLength)) }
        #expect(Set(kept).count == 3, "\(named.map(\.name))")
        #expect(named.prefix(2).allSatisfy { $0.name.count <= SQLEmitter.keptLength && $0.name.hasPrefix(String(long.prefix(40))) })
        #expect(named[2].name == alone.name)
    }
}
