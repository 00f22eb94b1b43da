import Foundation

/// The time zone a definition's periods are local to: a row's day is the calendar date its instant (a UTC
/// timestamp) has in this zone, and weeks and months start on such days. UTC unless a source or a measure declares
/// `time_zone`.
public struct TimeZoneName: Hashable, Sendable, CustomStringConvertible {
    /// The IANA name, as written (`America/Los_Angeles`), or `UTC`.
    public let identifier: String

    public static let utc = TimeZoneName(checked: "UTC")

    /// A name `time_zone` accepts, or nil.
    public init?(_ identifier: String) {
        guard Self.accepts(identifier) else { return nil }
        self.identifier = identifier
    }

    private init(checked identifier: String) { self.identifier = identifier }

    /// Each name's answer, asked of Foundation once per name and process: asking costs more than decoding the
    /// definition that names it, and every definition of a project may name the same zone.
    private static let answers = Locked<[String: Bool]>([:])

    public var isUTC: Bool { identifier == "UTC" }
    public var description: String { identifier }

    /// UTC, or a name of the time-zone database that Foundation knows, spelt exactly (engines are not all
    /// case-insensitive). Not an abbreviation (PST is not a place: its days would be wrong half the year) nor an
    /// offset (GMT+5), though Foundation reads both.
    static func accepts(_ name: String) -> Bool {
        if name == "UTC" { return true }
        if let known = answers.withLock({ $0[name] }) { return known }
        let accepted = asksFoundation(name)
        answers.withLock { $0[name] = accepted }
        return accepted
    }

    private static func asksFoundation(_ name: String) -> Bool {
        if abbreviated(name) != nil { return false }
        if name.hasPrefix("GMT+") || name.hasPrefix("GMT-") { return false }
        return TimeZone(identifier: name)?.identifier == name
    }

    /// The zone an abbreviation stands for (PST → America/Los_Angeles); nil for a name that is not one, or is
    /// its own zone (GMT).
    private static func abbreviated(_ name: String) -> String? {
        guard let zone = TimeZone.abbreviationDictionary[name.uppercased()], zone != name else { return nil }
        return zone
    }

    /// Names to suggest: Foundation's list (ICU's canonical names), UTC, and the one zone1970.tab name that list
    /// spells otherwise (Asia/Calcutta).
    private static let suggestions: [String] = (TimeZone.knownTimeZoneIdentifiers + ["UTC", "Asia/Kolkata"]).sorted()

    /// Why a name is not accepted, with what to write instead: the message of the error at the value.
    static func problem(with name: String) -> String {
        if let zone = abbreviated(name), accepts(zone) {
            return "'\(name)' is an abbreviation, not a time zone; did you mean '\(zone)'?"
        }
        return "unknown time zone '\(name)'"
            + (DidYouMean.suggestion(for: name, among: suggestions).map { "; did you mean '\($0)'?" }
               ?? "; write an IANA name such as America/Los_Angeles or Europe/Berlin, or UTC")
    }
}

/// A zone's offsets from UTC over the instants tally can place without a time-zone database in the engine (SQLite):
/// from `firstInstant` (1970-01-01T00:00:00Z) to before `endInstant` (2100-01-01T00:00:00Z), read at compile time
/// from Foundation's time-zone data, which is the tzdata release of the Swift toolchain tally was built with. Past
/// 2100 no rule is known well enough (tzdata itself guesses), and before 1970 no product data exists.
struct ZoneOffsets: Sendable {
    static let firstInstant = 0
    static let endInstant = 4_102_444_800

    /// Ascending: from `start` (seconds since 1970, UTC) until the next span's start, or `endInstant` for the last,
    /// local time is `offset` seconds ahead of UTC. The first span starts at `firstInstant`; neighbours differ in
    /// offset.
    let spans: [(start: Int, offset: Int)]

    private static let cache = Locked<[String: ZoneOffsets]>([:])

    /// The spans of a zone, computed once per process.
    static func of(_ zone: TimeZoneName) -> ZoneOffsets {
        if let known = cache.withLock({ $0[zone.identifier] }) { return known }
        let offsets = compute(zone.identifier)
        cache.withLock { $0[zone.identifier] = offsets }
        return offsets
    }

    /// Every transition Foundation reports in the range, keeping those that change the offset (some change only
    /// the zone's abbreviation or its daylight-saving flag).
    private static func compute(_ identifier: String) -> ZoneOffsets {
        guard let zone = TimeZone(identifier: identifier) else {
            preconditionFailure("time zone '\(identifier)' passed validation but Foundation does not know it")
        }
        let end = Date(timeIntervalSince1970: TimeInterval(endInstant))
        var instant = Date(timeIntervalSince1970: TimeInterval(firstInstant))
        var spans = [(start: firstInstant, offset: zone.secondsFromGMT(for: instant))]
        while let next = zone.nextDaylightSavingTimeTransition(after: instant), next < end {
            let offset = zone.secondsFromGMT(for: next)
            if offset != spans[spans.count - 1].offset {
                spans.append((Int(next.timeIntervalSince1970.rounded(.down)), offset))
            }
            instant = next
        }
        return ZoneOffsets(spans: spans)
    }
}
