import Foundation
import Testing
@testable import TallyCore

/// Local days of a time zone: the names `time_zone` takes, the offsets written into SQL for an engine without a
/// time-zone database, and every dialect's days, weeks and months of many instants against Foundation's calendar.
@Suite struct TimeZoneTests {
    static let zones = ["America/Los_Angeles", "Australia/Lord_Howe", "Asia/Kolkata", "Europe/London"]
        .map { TimeZoneName($0)! }

    // MARK: names

    @Test func namesOfTheTimeZoneDatabaseAndUTCAreAccepted() {
        for name in ["UTC", "America/Los_Angeles", "Asia/Kolkata", "Australia/Lord_Howe", "Europe/Kyiv", "Etc/GMT+5"] {
            #expect(TimeZoneName(name)?.identifier == name, "\(name)")
        }
        #expect(TimeZoneName("UTC")?.isUTC == true)
        #expect(TimeZoneName("America/Los_Angeles")?.isUTC == false)
    }

    @Test func abbreviationsOffsetsMisspellingsAndOtherCasesAreNot() {
        for name in ["PST", "pst", "EST", "GMT+5", "GMT+0500", "america/los_angeles", "America/Los_Angles", "Mars/Base", ""] {
            #expect(TimeZoneName(name) == nil, "\(name)")
        }
        #expect(TimeZoneName.problem(with: "PST")
                == "'PST' is an abbreviation, not a time zone; did you mean 'America/Los_Angeles'?")
        #expect(TimeZoneName.problem(with: "America/Los_Angles")
                == "unknown time zone 'America/Los_Angles'; did you mean 'America/Los_Angeles'?")
        #expect(TimeZoneName.problem(with: "america/los_angeles")
                == "unknown time zone 'america/los_angeles'; did you mean 'America/Los_Angeles'?")
        #expect(TimeZoneName.problem(with: "Asia/Kolkatta")
                == "unknown time zone 'Asia/Kolkatta'; did you mean 'Asia/Kolkata'?")
        #expect(TimeZoneName.problem(with: "Mars/Base").hasSuffix("write an IANA name such as America/Los_Angeles or "
                                                                    + "Europe/Berlin, or UTC"))
    }

    // MARK: offsets for engines without a time-zone database

    /// Well-known transitions only, so that a newer tzdata release does not fail the test.
    @Test func offsetsHaveTheKnownTransitions() throws {
        let losAngeles = ZoneOffsets.of(TimeZoneName("America/Los_Angeles")!).spans
        #expect(losAngeles.first?.start == ZoneOffsets.firstInstant && losAngeles.first?.offset == -28800)
        #expect(zip(losAngeles, losAngeles.dropFirst()).allSatisfy { $0.start < $1.start && $0.offset != $1.offset })
        #expect(losAngeles.allSatisfy { $0.offset == -28800 || $0.offset == -25200 })
        #expect(losAngeles.last!.start < ZoneOffsets.endInstant)
        // 2024-03-10T10:00:00Z (02:00 PST becomes 03:00 PDT) and 2024-11-03T09:00:00Z (02:00 PDT becomes 01:00 PST).
        #expect(losAngeles.contains { $0.start == 1_710_064_800 && $0.offset == -25200 })
        #expect(losAngeles.contains { $0.start == 1_730_624_400 && $0.offset == -28800 })
        #expect((200...300).contains(losAngeles.count), "\(losAngeles.count) spans from 1970 to 2100")
        // Half an hour of daylight saving: 2024-04-06T15:00:00Z back to +10:30, 2024-10-05T15:30:00Z on to +11.
        let lordHowe = ZoneOffsets.of(TimeZoneName("Australia/Lord_Howe")!).spans
        #expect(lordHowe.contains { $0.start == 1_712_415_600 && $0.offset == 37800 })
        #expect(lordHowe.contains { $0.start == 1_728_142_200 && $0.offset == 39600 })
        // India has kept +05:30 since before 1970.
        #expect(ZoneOffsets.of(TimeZoneName("Asia/Kolkata")!).spans.map(\.offset) == [19800])
    }

    /// A zone's SQL is the same text every time (the views are compared byte for byte), and small enough that a
    /// view reading it twice (retention) stays readable.
    @Test(arguments: Dialect.allCases)
    func localDatesAreDeterministicAndSmall(_ dialect: Dialect) {
        let zone = TimeZoneName("America/Los_Angeles")!
        let first = dialect.sql.localDate("\"at\"", type: .timestamp, zone: zone)
        #expect(first == dialect.sql.localDate("\"at\"", type: .timestamp, zone: zone))
        #expect(first.utf8.count < 16_000, "\(dialect.rawValue): \(first.utf8.count) bytes")
    }

    // MARK: every dialect against Foundation

    /// The day, Monday and Sunday weeks and month of instants on every engine equal Foundation's calendar in the
    /// zone: around each transition of 2023 to 2025 everywhere, and every half hour of those years where the engine
    /// runs in this process. Outside the range of ZoneOffsets an engine may give NULL (one without a time-zone
    /// database does) but never another day.
    @Test(arguments: Dialect.allCases)
    func localPeriodsAgreeWithFoundation(_ dialect: Dialect) throws {
        guard let engine = try EngineRegistry.available(dialect) else { return }
        let sql = dialect.sql
        let start = 1_672_531_200  // 2023-01-01T00:00:00Z
        let end = 1_767_225_600  // 2026-01-01T00:00:00Z
        let outside = [-3600, -1, ZoneOffsets.endInstant, ZoneOffsets.endInstant + 86400 * 200]
        for zone in Self.zones {
            var instants = Set(outside + [0, ZoneOffsets.endInstant - 1])
            for span in ZoneOffsets.of(zone).spans where (start..<end).contains(span.start) {
                for delta in [-86400, -3601, -1, 0, 1, 3600, 86400] { instants.insert(span.start + delta) }
            }
            // Local midnights ±1 s around the first days of 2024's months.
            for month in 1...12 {
                let midnight = Self.localMidnight(year: 2024, month: month, day: 1, zone: zone)
                instants.formUnion([midnight - 1, midnight])
            }
            if engine.runsInProcess { instants.formUnion(stride(from: start, to: end, by: 1800)) }
            let ordered = instants.sorted()

            let column = sql.identifier("at")
            let table = sql.identifier("instants")
            var setup = ["CREATE TABLE \(table) (\(sql.identifier("n")) \(sql.columnType(.integer)), \(column) "
                         + "\(sql.columnType(.timestamp)))"]
            for chunk in stride(from: 0, to: ordered.count, by: 500) {
                let rows = ordered[chunk..<min(chunk + 500, ordered.count)].enumerated().map { index, instant in
                    "(\(chunk + index), \(sql.typedLiteral(.string(Self.utcText(instant)), type: .timestamp)))"
                }
                setup.append("INSERT INTO \(table) VALUES " + rows.joined(separator: ", "))
            }
            let periods = [
                sql.localDate(column, type: .timestamp, zone: zone),
                sql.periodStart(column, type: .timestamp, grain: .week, weekStart: .monday, zone: zone),
                sql.periodStart(column, type: .timestamp, grain: .week, weekStart: .sunday, zone: zone),
                sql.periodStart(column, type: .timestamp, grain: .month, weekStart: .monday, zone: zone),
            ]
            let query = "SELECT \(sql.identifier("n")), " + periods.enumerated().map { "\($1) AS \(sql.identifier("p\($0)"))" }
                .joined(separator: ", ") + " FROM \(table) ORDER BY 1"
            let rows = try #require(try engine.run([EngineJob(schemas: [], setup: setup, query: query)]).first).get()
            try #require(rows.count == ordered.count, "\(engine.label) \(zone): \(rows.count) rows")
            var failures: [String] = []
            for (row, instant) in zip(rows, ordered) {
                let expected = Self.periods(of: instant, in: zone)
                let inRange = (ZoneOffsets.firstInstant..<ZoneOffsets.endInstant).contains(instant)
                for (index, value) in row.dropFirst().enumerated() where value != expected[index] {
                    if value == nil && !inRange { continue }
                    failures.append("\(Self.utcText(instant)) p\(index): \(value ?? "NULL"), Foundation \(expected[index])")
                }
            }
            if !failures.isEmpty {
                let sample = failures.prefix(5).joined(separator: "; ")
                Issue.record("\(engine.label) \(zone), \(failures.count) of \(ordered.count * 4) periods differ: \(sample)")
            }
        }
    }

    // MARK: the effective zone

    @Test func aDefinitionTakesItsMeasuresZoneElseItsSourcesElseUTC() throws {
        var files = CorpusTests.base
        files["definitions/sources/pacific.yaml"] = Array("""
            table: pacific
            description: d.
            timestamp: at
            time_zone: America/Los_Angeles
            columns:
              at: {type: timestamp, classification: public}
            """.utf8)
        func definition(_ id: String, _ table: String?, _ measure: String) -> [UInt8] {
            Array(("kind: metric\ntitle: T\ndefinition: D.\nrationale: R.\n"
                   + (table.map { "source: {table: \($0)}\n" } ?? "") + (table == "event_logs" ? "events: [A]\n" : "")
                   + "measure: \(measure)\n").utf8)
        }
        files["definitions/corpus/pacific_days.yaml"] = definition("pacific_days", "pacific", "{aggregate: count, grain: day}")
        files["definitions/corpus/utc_days.yaml"] = definition("utc_days", "pacific",
                                                               "{aggregate: count, grain: day, time_zone: UTC}")
        files["definitions/corpus/kolkata_days.yaml"] = definition(
            "kolkata_days", "event_logs", "{aggregate: count, grain: day, time_zone: Asia/Kolkata}")
        files["definitions/corpus/same_zone.yaml"] = definition(
            "same_zone", nil, "{aggregate: ratio, numerator: pacific_days, denominator: pacific_days}")
        files["definitions/corpus/mixed_zones.yaml"] = definition(
            "mixed_zones", nil, "{aggregate: ratio, numerator: pacific_days, denominator: utc_days}")
        let (result, text) = checkRendered(files)
        // Mixed zones are refused (R009), at the ratio's second input; nothing else is.
        let errors = text.split(separator: "\n").filter { $0.contains(": error[") }
        #expect(errors.count == 1 && errors[0].hasPrefix("definitions/corpus/mixed_zones.yaml:5:")
                    && errors[0].contains("error[R009]"), "\(text)")
        let catalog = try #require(result.catalog)
        func zone(_ id: String) -> String? { catalog.definition(id).flatMap(catalog.timeZone(of:))?.identifier }
        #expect(zone("pacific_days") == "America/Los_Angeles")
        #expect(zone("utc_days") == "UTC")
        #expect(zone("kolkata_days") == "Asia/Kolkata")
        #expect(zone("base_users") == "UTC")
        #expect(zone("same_zone") == "America/Los_Angeles")
        #expect(zone("mixed_zones") == nil)
    }

    /// A measure's zone over a date column is refused where it is written, as a source's is (corpus d012 cases).
    @Test func aMeasuresZoneOverADateColumnIsAnErrorAtTheZone() {
        var files = CorpusTests.base
        files["definitions/sources/snapshots.yaml"] = Array("""
            table: snapshots
            description: d.
            timestamp: day
            columns:
              day: {type: date, classification: public}
            """.utf8)
        files["definitions/corpus/snapshot_days.yaml"] = Array("""
            kind: metric
            title: T
            definition: D.
            rationale: R.
            source: {table: snapshots}
            measure: {aggregate: count, grain: day, time_zone: America/Los_Angeles}
            """.utf8)
        let (_, text) = checkRendered(files)
        #expect(text.hasPrefix("definitions/corpus/snapshot_days.yaml:6:52: error[D012]: 'time_zone' does not apply: "
                               + "'day' of source 'snapshots' is a date column"), "\(text)")
    }

    // MARK: helpers

    /// Day, Monday week, Sunday week and month of an instant in a zone, by Foundation's calendar.
    static func periods(of instant: Int, in zone: TimeZoneName) -> [String] {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: zone.identifier)!
        let parts = calendar.dateComponents([.year, .month, .day], from: Date(timeIntervalSince1970: TimeInterval(instant)))
        let day = daysFromCivil(parts.year!, parts.month!, parts.day!)
        let weekday = ((day % 7) + 7 + 3) % 7  // 0 = Monday; 1970-01-01 was a Thursday
        return [civilText(day), civilText(day - weekday), civilText(day - (weekday + 1) % 7),
                civilText(daysFromCivil(parts.year!, parts.month!, 1))]
    }

    static func localMidnight(year: Int, month: Int, day: Int, zone: TimeZoneName) -> Int {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: zone.identifier)!
        let date = calendar.date(from: DateComponents(year: year, month: month, day: day))!
        return Int(date.timeIntervalSince1970)
    }

    static func utcText(_ instant: Int) -> String {
        let day = Int((Double(instant) / 86400).rounded(.down))
        let second = instant - day * 86400
        return civilText(day) + "T" + [second / 3600, second % 3600 / 60, second % 60].map(twoDigits).joined(separator: ":")
            + "Z"
    }

    static func twoDigits(_ number: Int) -> String { number < 10 ? "0\(number)" : "\(number)" }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
    static func daysFromCivil(_ year: Int, _ month: Int, _ day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146097 + dayOfEra - 719468
    }

    static func civilText(_ days: Int) -> String {
        let z = days + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let dayOfEra = z - era * 146097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return "\(year)-\(twoDigits(month))-\(twoDigits(day))"
    }
}
