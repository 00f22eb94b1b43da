import Foundation
import Testing
@testable import TallyCore

/// Funnels against a reference written here, on random events, on every engine: per day of entering, the people
/// who reach each step (in order, strictly after the step before, within two hours of entering, the end
/// inclusive) and the conversions. Times fall on whole half hours, so ties and window ends are frequent.
@Suite(.serialized) struct FunnelPropertyTests {
    struct Event {
        var person: Int
        var name: String
        /// Minutes since 2024-01-01 00:00 UTC.
        var minute: Int
    }

    static let steps: [Set<String>] = [["Open"], ["Search", "Browse"], ["Checkout"]]
    static let windowMinutes = 120

    /// A fixed seed, so a failure reproduces.
    static func randomEvents(seed: UInt64, count: Int = 300, people: Int = 12) -> [Event] {
        var state = seed
        func next(_ bound: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(bound))
        }
        let names = ["Open", "Open", "Search", "Browse", "Checkout", "Checkout", "Other"]
        // Three days, each person's events clustered in a few hours so that funnels complete.
        return (0..<count).map { _ in
            let person = 1 + next(people)
            let day = next(3)
            let halfHour = (person % 4) * 6 + next(12)
            return Event(person: person, name: names[next(names.count)], minute: day * 1440 + halfHour * 30)
        }
    }

    /// Per day of entering (as "2024-01-0D"), the people who reached each step, by the format's rules.
    static func reference(_ events: [Event]) -> [String: [Int]] {
        var result: [String: [Int]] = [:]
        let byPerson = Dictionary(grouping: events, by: \.person)
        for (_, personEvents) in byPerson {
            let sorted = personEvents.sorted { $0.minute < $1.minute }
            let entriesByDay = Dictionary(grouping: sorted.filter { steps[0].contains($0.name) }) { $0.minute / 1440 }
            for (day, entries) in entriesByDay {
                let entered = entries.map(\.minute).min()!
                var reached = entered
                var counts = [1] + Array(repeating: 0, count: steps.count - 1)
                for step in 1..<steps.count {
                    guard let next = sorted.first(where: {
                        steps[step].contains($0.name) && $0.minute > reached && $0.minute <= entered + windowMinutes
                    }) else { break }
                    reached = next.minute
                    counts[step] = 1
                }
                let key = String(format: "2024-01-%02d", day + 1)
                result[key] = zip(result[key] ?? Array(repeating: 0, count: steps.count), counts).map { $0 + $1 }
            }
        }
        return result
    }

    static func project(_ events: [Event]) -> [String: String] {
        let rows = events.map { event in
            let timestamp = String(format: "2024-01-%02dT%02d:%02d:00Z", event.minute / 1440 + 1,
                                   event.minute % 1440 / 60, event.minute % 60)
            return "            - {event: \(event.name), user_id: \(event.person), occurred_at: \"\(timestamp)\"}"
        }.joined(separator: "\n")
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
                identity: {user_id: user_id}
                columns:
                  event: {type: text, classification: public}
                  user_id: {type: integer, classification: pseudonymous}
                  occurred_at: {type: timestamp, classification: public}
                """,
            "definitions/core/group.yaml": "title: Core\nintroduction: Core metrics.\n",
            "definitions/core/checkout.yaml": """
                kind: metric
                title: Checkout funnel
                definition: Open, then search or browse, then check out, within two hours, per UTC day.
                rationale: Compared by the funnel property test.
                source: {table: event_logs}
                events: [Open, Search, Browse, Checkout]
                measure:
                  aggregate: funnel
                  grain: day
                  within: {hours: 2}
                  steps: [Open, [Search, Browse], Checkout]
                examples:
                  - name: random events
                    given:
                      event_logs:
                \(rows)
                    expect: []
                """,
        ]
    }

    @Test(arguments: Dialect.allCases)
    func stepsMatchTheReference(_ dialect: Dialect) throws {
        guard let engine = try EngineRegistry.available(dialect) else { return }
        let seeds: [UInt64] = [0xF1, 0xBEEF, 7]
        var jobs: [EngineJob] = []
        for seed in seeds {
            let files = Self.project(Self.randomEvents(seed: seed))
            let result = Compiler.check(ProjectFiles.fromMemory(files.mapValues { [UInt8]($0.utf8) }))
            let catalog = try #require(result.checked, "\(result.diagnostics.sorted())")
            let view = try #require(catalog.view("checkout"))
            let example = try #require(view.definition.examples.first)
            let sql = ExampleSQL.make(example, of: view, catalog: catalog, dialect: dialect)
            jobs.append(EngineJob(schemas: sql.schemas, setup: sql.setup, query: sql.query))
        }
        let results = try engine.run(jobs)
        for (index, seed) in seeds.enumerated() {
            let expected = Self.reference(Self.randomEvents(seed: seed))
            #expect(expected.values.contains { $0.last! > 0 } && expected.values.contains { $0[1] < $0[0] },
                    "seed \(seed): the data both completes funnels and drops out of them")
            var actual: [String: [Int]] = [:]
            for row in try results[index].get() {
                let day = String(row[0]!.prefix(10))
                let step = Int(row[1]!)!
                let people = Int(Double(row[3]!)!)
                actual[day, default: Array(repeating: 0, count: Self.steps.count)][step - 1] = people
                let entered = Double(expected[day]?[0] ?? 0)
                let fromFirst = Double(row[4]!)!
                #expect(abs(fromFirst - Double(people) / entered) < 1e-9, "\(engine.label), seed \(seed): \(row)")
                if step == 1 {
                    #expect(row[5] == nil, "\(engine.label), seed \(seed): step 1 has no step before: \(row)")
                } else if let before = expected[day]?[step - 2], before > 0 {
                    #expect(abs(Double(row[5]!)! - Double(people) / Double(before)) < 1e-9,
                            "\(engine.label), seed \(seed): \(row)")
                }
            }
            #expect(actual == expected, "\(engine.label), seed \(seed)")
        }
    }
}
