import Testing
import TallyCore
@testable import TallyRunner

/// How tally run reads one value of each column type: what it keeps, and what fails the row.
@Suite struct CellParserTests {
    static func parsed(_ text: String, _ type: ColumnType) -> SQLiteValue? {
        try? CellParser.value(text: Substring(text), type: type).get()
    }

    @Test func timestampsInTheFormsEveryEngineReadsAlike() {
        // Kept as UTC, written one way, so that text order is time order (the views sort and compare them as text).
        let accepted = [("2024-01-31", "2024-01-31T00:00:00"), ("2024-01-31T10:00", "2024-01-31T10:00:00"),
                        ("2024-01-31 10:00:59", "2024-01-31T10:00:59"),
                        ("2024-01-31T10:00:00.123450Z", "2024-01-31T10:00:00.12345"),
                        ("2024-02-29T23:59:59+05:30", "2024-02-29T18:29:59"),
                        ("2024-01-31T20:00:00.5-08:00", "2024-02-01T04:00:00.5"),
                        ("2024-01-01T01:00+02:00", "2023-12-31T23:00:00"), ("2024-01-31T10:00:00.000Z", "2024-01-31T10:00:00")]
        for (written, kept) in accepted {
            #expect(Self.parsed(written, .timestamp) == .text(kept), "\(written)")
        }
        // A declared default time is kept the same way.
        #expect(CellParser.value(default: .string("2024-01-31T10:00:00+02:00"), type: .timestamp) == .text("2024-01-31T08:00:00"))
        let order = ["2024-01-06T03:00:00+05:00", "2024-01-05T22:30:00Z", "2024-01-05 22:00:00.5", "2024-01-05T22:00:00Z"]
        let kept = order.compactMap { TimeText.utc(Substring($0)) }
        #expect(kept.sorted() == ["2024-01-05T22:00:00", "2024-01-05T22:00:00", "2024-01-05T22:00:00.5", "2024-01-05T22:30:00"])
        for refused in ["2023-02-29", "2024-13-01", "2024-1-31", "2024-01-31T24:00", "2024-01-31T10:00:00+0530",
                        "2024-01-31T10:00:00 UTC", "yesterday", "1706695200", "2024-01-31T10:00:00.Z"] {
            #expect(Self.parsed(refused, .timestamp) == nil, "\(refused)")
        }
        #expect(Self.parsed("2024-01-31", .date) == .text("2024-01-31"))
        #expect(Self.parsed("2024-01-31T00:00:00Z", .date) == nil)
    }

    @Test func numbersBooleansAndJSON() {
        #expect(Self.parsed("-42", .integer) == .integer(-42))
        #expect(Self.parsed("9223372036854775808", .integer) == nil)
        #expect(Self.parsed("4.0", .integer) == nil)
        #expect(Self.parsed("1.5e3", .float) == .real(1500))
        #expect(Self.parsed("nan", .float) == nil)
        #expect(Self.parsed("TRUE", .boolean) == .integer(1))
        #expect(Self.parsed("f", .boolean) == .integer(0))
        #expect(Self.parsed("yes", .boolean) == nil)
        #expect(Self.parsed(" {\"b\": [1, 2.5e-3, null, \"\\u00e9\\ud83d\\ude00\"]} ", .json)
                == .text(" {\"b\": [1, 2.5e-3, null, \"\\u00e9\\ud83d\\ude00\"]} "))
        for malformed in ["{", "{'a': 1}", "[1,]", "01", "\"\\ud83d\"", "{\"a\":1} x", "NaN", "\"tab\there\""] {
            #expect(Self.parsed(malformed, .json) == nil, "\(malformed)")
        }
        #expect(Self.parsed("", .text) == .text(""))
        // A number no double holds is refused where it is written, anywhere in the value; the largest double is
        // not, nor a long exponent that stays in range (found by a new-user trial: 1e999 in a json field).
        for beyond in ["1e999", "{\"amount\": -2E+400}", "[1, " + String(repeating: "9", count: 400) + "]",
                       "1" + String(repeating: "0", count: 290) + "e20"] {
            #expect(JSONScanner.problem(in: beyond)?.hasPrefix("a number beyond a float's range") == true, "\(beyond)")
        }
        for within in ["1.7976931348623157e308", "1e-999", "1e+0300", "0.000e999"] {
            #expect(JSONScanner.problem(in: within) == nil, "\(within)")
        }
    }

    @Test func jsonLinesMembersKeepTheirTypes() throws {
        let members = try JSONScanner.members(of: #"{"id": 7, "ok": true, "at": "2024-01-01", "p": {"z": 1, "a": 2}, "n": null}"#)
        #expect(members.map(\.key) == ["id", "ok", "at", "p", "n"])
        #expect(try CellParser.value(json: members[0].value, type: .integer).get() == .integer(7))
        #expect(try CellParser.value(json: members[1].value, type: .boolean).get() == .integer(1))
        #expect(try CellParser.value(json: members[2].value, type: .date).get() == .text("2024-01-01"))
        #expect(try CellParser.value(json: members[3].value, type: .json).get() == .text(#"{"z": 1, "a": 2}"#))
        #expect(try CellParser.value(json: members[4].value, type: .integer).get() == .null)
        #expect((try? CellParser.value(json: members[2].value, type: .integer).get()) == nil)
        #expect(throws: JSONScanner.Malformed.self) { try JSONScanner.members(of: "[1, 2]") }
    }
}

@Suite struct UTCDayTests {
    /// The UTC day of a timestamp, as tally run keeps it (a partition date is its first ten characters).
    func utcDay(_ text: String) -> String? { TimeText.utc(Substring(text)).map { String($0.prefix(10)) } }

    @Test func aTimestampsUTCDayMovesByItsOffset() {
        #expect(utcDay("2024-01-07") == "2024-01-07")
        #expect(utcDay("2024-01-07T23:30:00-05:00") == "2024-01-08")
        #expect(utcDay("2024-01-01T01:00+02:00") == "2023-12-31")
        #expect(utcDay("2024-02-28 22:00:00.5-02:00") == "2024-02-29")
        #expect(utcDay("2024-01-07T10:00:00Z") == "2024-01-07")
        #expect(utcDay("not a time") == nil)
    }

    /// Offsets go up to ±14:00, as the message refusing others says: +14:01 to +14:59 had been taken, moving the
    /// row to another day.
    @Test func offsetsBeyondFourteenHoursAreRefused() {
        #expect(utcDay("2024-03-01T10:00:00+14:00") == "2024-02-29")
        #expect(utcDay("2024-03-01T10:00:00-14:00") == "2024-03-02")
        for offset in ["+14:01", "+14:59", "-14:30", "+15:00"] {
            #expect(utcDay("2024-03-01T10:00:00" + offset) == nil, "\(offset)")
            #expect(!TimeText.isTimestamp("2024-03-01T10:00:00" + offset))
        }
    }
}
