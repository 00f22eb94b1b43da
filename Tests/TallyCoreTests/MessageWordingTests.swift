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

    /// A date in the right shape that names no day says why, instead of repeating the shape (the message in a
    /// check: corpus case e004_impossible_instant_and_wrong_type).
    @Test func impossibleDatesSayWhy() {
        #expect(ExampleTypes.impossibleDate("2021-13-01") == "there is no month 13")
        #expect(ExampleTypes.impossibleDate("2021-02-29") == "February 2021 has 28 days")
        #expect(ExampleTypes.impossibleDate("2024-02-29") == nil)
        #expect(ExampleTypes.impossibleDate("2024-04-00") == "there is no day 0")
        #expect(ExampleTypes.impossibleDate("0000-01-01") == "there is no year 0")
        #expect(ExampleTypes.impossibleDate("2021-1-01") == nil)
        #expect(ExampleTypes.isDate("2024-02-29") && !ExampleTypes.isDate("2021-02-29") && !ExampleTypes.isDate("21-02-01"))
        for notADate in ["2024-02-2٩", "２024-02-29", "2024-02-29 ", "2024/02/29", "2024-0-229", "-024-02-29", ""] {
            #expect(!ExampleTypes.isDate(notADate), "\(notADate)")
        }
    }

    /// The instants example rows may hold: UTC, to the second or with 1 to 6 fractional digits.
    @Test func instantsAreReadExactly() {
        for instant in ["2021-06-07T10:00:00Z", "2024-02-29T23:59:59Z", "2021-06-07T00:00:00.5Z",
                        "2021-06-07T10:00:00.123456Z"] {
            #expect(ExampleTypes.isTimestamp(instant), "\(instant)")
        }
        for notAnInstant in ["2021-06-07T10:00:00", "2021-06-07 10:00:00Z", "2021-06-07T24:00:00Z", "2021-06-07T10:60:00Z",
                             "2021-06-07T10:00:60Z", "2021-02-29T10:00:00Z", "2021-06-07T10:00:00.Z",
                             "2021-06-07T10:00:00.1234567Z", "2021-06-07T10:00:00,5Z", "2021-06-07T1:00:00Z",
                             "2021-06-07T10:00:00Zz", "2021-06-07T10:00:00z", "2021-06-07T10:00:0٠Z",
                             "2021-06-07T10:00:00.12a4Z", "2021-06-07T10:00:00+00:00", ""] {
            #expect(!ExampleTypes.isTimestamp(notAnInstant), "\(notAnInstant)")
        }
    }
}
