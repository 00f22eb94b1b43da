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

    /// An example value of the wrong type in an integer column says "an integer column".
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
                expect:
                  - {period_start: "2021-06-07", known_broken: null, value: 1}

            """.utf8)].merging(CorpusTests.base) { mine, _ in mine }
        let (_, text) = checkRendered(files)
        #expect(text.contains("an integer column takes a number"), "\(text)")
    }
}
