import Foundation
import Testing
@testable import TallyCore

/// Growth accounting against unique_users on random activity, on every engine: for every month of the source,
/// active = new + retained + resurrected, and the month before's active = retained + churned; no category is
/// reported outside the source's months.
@Suite(.serialized) struct GrowthAccountingPropertyTests {
    /// A fixed seed, so a failure reproduces.
    static func randomRows(seed: UInt64, count: Int = 200, people: Int = 30, months: Int = 6) -> String {
        var state = seed
        func next(_ bound: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(bound))
        }
        let events = ["Search", "Search", "Search", "Open"]
        let versions = ["2.1.0", "2.2.0", "dev"]
        return (0..<count).map { _ in
            let month = 1 + next(months)
            let day = 1 + next(28)
            let hour = next(24)
            let timestamp = String(format: "2024-%02d-%02dT%02d:00:00Z", month, day, hour)
            return "        - {event: \(events[next(events.count)]), user_id: \(next(people)), "
                + "app_version: \"\(versions[next(versions.count)])\", occurred_at: \"\(timestamp)\"}"
        }.joined(separator: "\n")
    }

    static func project(rows: String) -> [String: String] {
        func definition(_ title: String, _ measure: String) -> String {
            """
            kind: metric
            title: \(title)
            definition: \(title), per month.
            rationale: Compared by the growth accounting property test.
            source: {table: event_logs}
            events: [Search]
            measure: \(measure)
            broken:
              - {from: "2.2", through: "2.2", reason: counted twice, fix: "#1"}
            examples:
              - name: random activity
                given:
                  event_logs:
            \(rows)
                expect: []
            """
        }
        return [
            "tally.yaml": """
                current_version: "5.5.0"
                repository: "https://github.com/example/product"
                dialects: [postgres, sqlite, bigquery]
                links:
                  event_code: "https://example.com/search?q={event}"
                  pull_request: "https://github.com/example/product/pull/{number}"
                """,
            "definitions/sources/event_logs.yaml": """
                table: event_logs
                description: One row per event.
                timestamp: occurred_at
                event_name: event
                version: app_version
                identity: {user_id: user_id}
                columns:
                  event: {type: text, classification: public}
                  user_id: {type: integer, classification: pseudonymous}
                  app_version: {type: text, classification: public}
                  occurred_at: {type: timestamp, classification: public}
                """,
            "definitions/core/group.yaml": "title: Core\nintroduction: Core metrics.\n",
            "definitions/core/growth.yaml": definition("Search growth", "{aggregate: growth_accounting, grain: month}"),
            "definitions/core/active.yaml": definition("Searchers", "{aggregate: unique_users, grain: month}"),
        ]
    }

    @Test(arguments: Dialect.allCases)
    func categoriesAddUpToActivePeople(_ dialect: Dialect) throws {
        guard let engine = try EngineRegistry.available(dialect) else { return }
        let seeds: [UInt64] = [0x6B0, 0xA11CE, 42]
        var jobs: [EngineJob] = []
        var months: [Set<String>] = []
        for seed in seeds {
            let rows = Self.randomRows(seed: seed)
            let files = Self.project(rows: rows)
            let result = Compiler.check(ProjectFiles.fromMemory(files.mapValues { [UInt8]($0.utf8) }))
            let catalog = try #require(result.checked, "\(result.diagnostics.sorted())")
            for id in ["growth", "active"] {
                let view = try #require(catalog.view(id))
                let example = try #require(view.definition.examples.first)
                let sql = ExampleSQL.make(example, of: view, catalog: catalog, dialect: dialect)
                jobs.append(EngineJob(schemas: sql.schemas, setup: sql.setup, query: sql.query))
            }
            // Every row's month, whatever its event: the source's calendar.
            months.append(Set(rows.split(separator: "\n").map { line in
                let start = line.range(of: "occurred_at: \"")!.upperBound
                return String(line[start...].prefix(7)) + "-01"
            }))
        }
        let results = try engine.run(jobs)
        for (index, seed) in seeds.enumerated() {
            let growth = try results[2 * index].get()
            let active = try results[2 * index + 1].get()
            func number(_ text: String?) -> Int { Int(Double(text ?? "") ?? .nan) }
            var activeByMonth: [String: Int] = [:]
            for row in active { activeByMonth[String(row[0]!.prefix(10)), default: 0] += number(row[2]) }
            var counts: [String: [String: Int]] = [:]
            for row in growth { counts[String(row[0]!.prefix(10)), default: [:]][row[1]!, default: 0] += number(row[3]) }
            let calendar = months[index].sorted()
            #expect(Set(counts.keys).isSubset(of: months[index]), "\(engine.label), seed \(seed): \(counts.keys.sorted())")
            #expect(activeByMonth.values.reduce(0, +) > 0 && counts.values.contains { $0["churned", default: 0] > 0 },
                    "\(engine.label), seed \(seed): the data exercises every identity")
            for (position, month) in calendar.enumerated() {
                let count = counts[month, default: [:]]
                let sum = count["new", default: 0] + count["retained", default: 0] + count["resurrected", default: 0]
                #expect(sum == activeByMonth[month, default: 0],
                        "\(engine.label), seed \(seed), \(month): \(count) against \(activeByMonth[month, default: 0]) active")
                let before = position == 0 ? 0 : activeByMonth[calendar[position - 1], default: 0]
                #expect(count["retained", default: 0] + count["churned", default: 0] == before,
                        "\(engine.label), seed \(seed), \(month): \(count) against \(before) active the month before")
            }
        }
    }
}
