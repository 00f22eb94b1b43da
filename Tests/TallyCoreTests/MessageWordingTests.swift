import Testing
@testable import TallyCore

/// Messages read as sentences: articles agree with their words, lists join as a person writes them.
@Suite struct MessageWordingTests {
    @Test func articlesAgreeWithTheWord() {
        #expect("integer".withArticle == "an integer")
        #expect("json or text".withArticle == "a json or text")
        #expect("Event".withArticle == "an Event")
        #expect("".withArticle == "")
    }

    @Test func listsJoinAsSentences() {
        #expect(["a"].phrased("and") == "a")
        #expect(["a", "b"].phrased("or") == "a or b")
        #expect(["a", "b", "c"].phrased("and") == "a, b and c")
    }

    /// A date in the right shape that names no day says why, instead of repeating the shape.
    @Test func impossibleDatesSayWhy() {
        #expect(ExampleTypes.impossibleDate("2021-13-01") == "there is no month 13")
        #expect(ExampleTypes.impossibleDate("2021-02-29") == "February 2021 has 28 days")
        #expect(ExampleTypes.impossibleDate("2024-02-29") == nil)
        #expect(ExampleTypes.impossibleDate("2024-04-00") == "there is no day 0")
        #expect(ExampleTypes.impossibleDate("0000-01-01") == "there is no year 0")
        #expect(ExampleTypes.impossibleDate("2021-1-01") == nil)
        #expect(ExampleTypes.isDate("2024-02-29") && !ExampleTypes.isDate("2021-02-29") && !ExampleTypes.isDate("21-02-01"))
    }

    /// An example value of the wrong type in an integer column says "an integer column"; an impossible instant says why.
    @Test func exampleTypeMessagesUseTheArticle() {
        let files = ["definitions/corpus/typed.yaml": Array("""
            kind: ping
            title: Typed
            type: frontend_event
            definition: d.
            rationale: r.
            source: {table: event_logs}
            events: [InsightHover]
            measure: {aggregate: count, grain: week}
            added: "3.25"
            examples:
              - name: wrong type
                given:
                  event_logs:
                    - {name: InsightHover, user_id: "one", timestamp: "2021-06-07T10:00:00Z"}
                    - {name: InsightHover, user_id: 2, timestamp: "2021-13-07T10:00:00Z"}
                expect:
                  - {period_start: "2021-06-07", known_broken: null, value: 1}

            """.utf8)].merging(CorpusTests.base) { mine, _ in mine }
        let (_, text) = checkRendered(files)
        #expect(text.contains("an integer column takes a number"), "\(text)")
        #expect(text.contains("'2021-13-07T10:00:00Z' is no instant: there is no month 13"), "\(text)")
    }
}
