/// The ISO-8601 forms that every engine tally compiles for reads the same way (SQLite's date functions,
/// PostgreSQL's and BigQuery's timestamp input): a date, then optionally a time with seconds and fractions, then
/// optionally Z or an offset of hours and minutes. Anything else is refused rather than guessed at.
enum TimeText {
    static func isDate(_ text: Substring) -> Bool {
        withBytes(text) { $0.count == 10 && dateEnd($0) == 10 }
    }

    static func isTimestamp(_ text: Substring) -> Bool {
        withBytes(text, isTimestamp)
    }

    /// The text's UTF-8 bytes in place when they are contiguous (a native string's), else copied.
    private static func withBytes(_ text: Substring, _ body: (UnsafeBufferPointer<UInt8>) -> Bool) -> Bool {
        if let answer = text.utf8.withContiguousStorageIfAvailable(body) { return answer }
        return Array(text.utf8).withUnsafeBufferPointer(body)
    }

    private static func isTimestamp(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard var position = dateEnd(bytes) else { return false }
        if position == bytes.count { return true }
        guard bytes[position] == UInt8(ascii: "T") || bytes[position] == UInt8(ascii: " ") else { return false }
        position += 1
        guard let hour = number(bytes, at: position, digits: 2), hour <= 23, byte(bytes, position + 2) == ":",
              let minute = number(bytes, at: position + 3, digits: 2), minute <= 59 else { return false }
        position += 5
        if byte(bytes, position) == ":" {
            guard let second = number(bytes, at: position + 1, digits: 2), second <= 59 else { return false }
            position += 3
            if byte(bytes, position) == "." {
                position += 1
                let start = position
                while position < bytes.count, isDigit(bytes[position]) { position += 1 }
                guard position > start else { return false }
            }
        }
        if position == bytes.count { return true }
        if byte(bytes, position) == "Z" { return position + 1 == bytes.count }
        guard byte(bytes, position) == "+" || byte(bytes, position) == "-",
              let hours = number(bytes, at: position + 1, digits: 2), hours <= 14, byte(bytes, position + 3) == ":",
              let minutes = number(bytes, at: position + 4, digits: 2), minutes <= 59,
              hours * 60 + minutes <= 14 * 60 else { return false }  // ±14:00 at most, as every engine's zones
        return position + 6 == bytes.count
    }

    /// A timestamp isTimestamp accepts, moved to UTC and written one way (nil when that leaves the years 0001 to
    /// 9999): YYYY-MM-DDTHH:MM:SS, then the fraction as written (if any), no zone. The views compare and sort
    /// timestamps as text (a cohort's first day, a person's first row): with offsets, a space for the T or Z
    /// beside none left as written, text order was not time order. Without a zone and with the fraction last, it
    /// is, and SQLite's date functions read it as UTC.
    static func utc(_ text: Substring) -> String? {
        guard isTimestamp(text) else { return nil }
        // The usual forms, 2024-01-31T10:00:00Z and without the Z, need no arithmetic (a run loads millions).
        let utf8 = text.utf8
        if utf8.count == 19 || (utf8.count == 20 && utf8.last == UInt8(ascii: "Z")),
           utf8[utf8.index(utf8.startIndex, offsetBy: 10)] == UInt8(ascii: "T") {
            return String(text.prefix(19))
        }
        let bytes = Array(utf8)
        func number(_ start: Int, _ digits: Int) -> Int {
            bytes[start..<(start + digits)].reduce(0) { $0 * 10 + Int($1 - 0x30) }
        }
        var day = CalendarDay.days(year: number(0, 4), month: number(5, 2), day: number(8, 2))
        var minutes = bytes.count > 10 ? number(11, 2) * 60 + number(14, 2) : 0
        let seconds = bytes.count > 16 && bytes[16] == UInt8(ascii: ":") ? number(17, 2) : 0
        var fraction = ""
        if bytes.count > 19, bytes[19] == UInt8(ascii: ".") {
            fraction = String(decoding: bytes[19...].prefix { $0 == UInt8(ascii: ".") || isDigit($0) }, as: UTF8.self)
            while fraction.hasSuffix("0") { fraction.removeLast() }
            if fraction == "." { fraction = "" }
        }
        let sign = bytes.count >= 16 ? bytes[bytes.count - 6] : 0
        if sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") {
            let offset = number(bytes.count - 5, 2) * 60 + number(bytes.count - 2, 2)
            minutes -= sign == UInt8(ascii: "+") ? offset : -offset
        }
        let shift = minutes >= 0 ? minutes / 1440 : -((-minutes + 1439) / 1440)
        day += shift
        minutes -= shift * 1440
        // An offset can carry 9999-12-31 or 0001-01-01 out of the years every engine's timestamps hold.
        guard (firstDay...lastDay).contains(day) else { return nil }
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return CalendarDay.text(day) + "T" + two(minutes / 60) + ":" + two(minutes % 60) + ":" + two(seconds) + fraction
    }

    /// The first and last day of the years timestamps may be in, 0001 to 9999.
    private static let firstDay = CalendarDay.days(year: 1, month: 1, day: 1)
    private static let lastDay = CalendarDay.days(year: 9999, month: 12, day: 31)

    /// Where a valid YYYY-MM-DD at the start ends (10), or nil.
    private static func dateEnd(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        guard let year = number(bytes, at: 0, digits: 4), year >= 1, byte(bytes, 4) == "-",
              let month = number(bytes, at: 5, digits: 2), (1...12).contains(month), byte(bytes, 7) == "-",
              let day = number(bytes, at: 8, digits: 2), day >= 1, day <= daysIn(month: month, year: year)
        else { return nil }
        return 10
    }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    private static func byte(_ bytes: UnsafeBufferPointer<UInt8>, _ index: Int) -> Character? {
        index < bytes.count ? Character(Unicode.Scalar(bytes[index])) : nil
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    private static func number(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int, digits: Int) -> Int? {
        guard start + digits <= bytes.count else { return nil }
        var value = 0
        for index in start..<(start + digits) {
            guard isDigit(bytes[index]) else { return nil }
            value = value * 10 + Int(bytes[index] - 0x30)
        }
        return value
    }
}
