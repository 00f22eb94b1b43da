import Testing
@testable import TallyCore

/// A source's `known_events`: names outside it, and globs matching none of it, are warned about, with the
/// closest known name; a source without the list gives no such warning.
@Suite struct KnownEventsTests {
    static func diagnostics(known: String, events: String) -> [String] {
        let files = [
            "tally.yaml": """
                current_version: "5.5.0"
                repository: "https://github.com/example/product"
                dialects: [sqlite]
                links:
                  event_code: "https://example.com/search?q={event}"
                  pull_request: "https://github.com/example/product/pull/{number}"
                """,
            "definitions/sources/event_logs.yaml": """
                table: event_logs
                description: One row per event.
                timestamp: occurred_at
                event_name: event
                \(known)
                columns:
                  event: {type: text, classification: public}
                  occurred_at: {type: timestamp, classification: public}
                """,
            "definitions/core/group.yaml": "title: Core\nintroduction: Core metrics.\n",
            "definitions/core/searches.yaml": """
                kind: metric
                title: Searches
                definition: Searches per week.
                rationale: Shows known events.
                source: {table: event_logs}
                events: \(events)
                measure: {aggregate: count, grain: week}
                """,
        ]
        let result = Compiler.check(ProjectFiles.fromMemory(files.mapValues { [UInt8]($0.utf8) }))
        return result.diagnostics.sorted().map { "\($0.span.file):\($0.span.start.line):\($0.span.start.column): \($0.severity.rawValue)[\($0.code.rawValue)]: \($0.message)" }
    }

    static let registry = "known_events: [SearchSubmitted, SearchResultsViewed, ViewHome]"

    @Test func unknownNamesAndGlobsMatchingNothingAreWarnedAbout() {
        let found = Self.diagnostics(known: Self.registry, events: "[SearchSubmited, \"Search*\", \"Insight*\", ViewHome]")
        #expect(found == [
            "definitions/core/searches.yaml:6:10: warning[R015]: event 'SearchSubmited' is not among the events source 'event_logs' is known to log (its known_events); did you mean 'SearchSubmitted'? If it is a new event, add it to known_events in definitions/sources/event_logs.yaml",
            "definitions/core/searches.yaml:6:37: warning[R015]: 'Insight*' matches none of the events source 'event_logs' is known to log (its known_events, in definitions/sources/event_logs.yaml)",
        ], "\(found)")
    }

    @Test func aSourceWithoutTheListGivesNoWarning() {
        #expect(Self.diagnostics(known: "", events: "[SearchSubmited, \"Insight*\"]").isEmpty)
    }

    @Test func theListHoldsNamesNotGlobs() {
        let found = Self.diagnostics(known: "known_events: [SearchSubmitted, \"View*\"]", events: "[SearchSubmitted]")
        #expect(found == ["definitions/sources/event_logs.yaml:5:33: error[D013]: a known event is a name as logged, not a glob: 'View*'"], "\(found)")
    }
}
