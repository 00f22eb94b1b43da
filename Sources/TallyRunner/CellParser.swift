import Foundation
import TallyCore

/// Turns one input value into what the SQLite views expect of its column's type (SQLiteDialect.columnType and
/// typedLiteral: booleans 1 and 0, times and JSON as text), or says why it cannot: a value that does not fit its
/// type fails its row instead of becoming something else.
enum CellParser {
    /// A value given as text: a CSV field, or a cell of an SQLite file read as text.
    static func value(text: Substring, type: ColumnType) -> Result<SQLiteValue, CellProblem> {
        switch type {
        case .text:
            return textValue(String(text))
        case .integer:
            guard let number = Int64(text) else {
                return .failure(.init("'\(text)' is not an integer" + why(text, float: false)))
            }
            return .success(.integer(number))
        case .float:
            guard text.utf8.allSatisfy(isFloatByte), let number = Double(text), number.isFinite else {
                return .failure(.init("'\(text)' is not a number" + why(text, float: true)))
            }
            return .success(.real(number))
        case .boolean:
            switch text.lowercased() {
            case "true", "t", "1": return .success(.integer(1))
            case "false", "f", "0": return .success(.integer(0))
            default: return .failure(.init("'\(text)' is not a boolean (true, false, t, f, 1 or 0)"))
            }
        case .timestamp:
            guard let utc = TimeText.utc(text) else {
                if TimeText.isTimestamp(text) {
                    return .failure(.init("'\(text)' falls outside the years 0001 to 9999 once moved to UTC"))
                }
                let digits = text.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 } ? text.utf8.count : 0
                let hint = switch digits {
                case 8: "; write a day as YYYY-MM-DD"
                case 9...13: "; a number of seconds (or milliseconds) since 1970 must be written as such a time"
                default: ""
                }
                return .failure(.init("'\(text)' is not a timestamp (YYYY-MM-DD[THH:MM[:SS[.fff]]][Z|±HH:MM], T or a space, "
                                      + "offsets up to ±14:00)" + hint))
            }
            return .success(.text(utc))
        case .date:
            guard TimeText.isDate(text) else { return .failure(.init("'\(text)' is not a date (YYYY-MM-DD)")) }
            return .success(.text(String(text)))
        case .json:
            if let problem = JSONScanner.problem(in: String(text)) {
                return .failure(.init("malformed JSON: \(problem)"))
            }
            return .success(.text(String(text)))
        }
    }

    /// A value of a JSON Lines member: JSON's own types must match the column's; times are JSON strings.
    static func value(json: JSONScanner.Value, type: ColumnType) -> Result<SQLiteValue, CellProblem> {
        if json.kind == .null { return .success(.null) }
        switch (type, json.kind) {
        case (.json, _):
            return .success(.text(String(json.text)))
        case (.text, .string(let text)):
            return textValue(text)
        case (.integer, .number), (.float, .number):
            return value(text: json.text, type: type)
        case (.boolean, .boolean(let flag)):
            return .success(.integer(flag ? 1 : 0))
        case (.timestamp, .string(let text)), (.date, .string(let text)):
            return value(text: Substring(text), type: type)
        case (.text, _):
            // Not read as its written text: JSON tools rewrite numbers (a version 1.10 becomes 1.1), so only a
            // string is sure to hold what was logged.
            return .failure(.init("\(json.text) is a JSON \(json.kind.name), not text: write it as a JSON string "
                                  + "(\"\(json.text)\")"))
        default:
            return .failure(.init("\(json.text) is not \(type == .integer ? "an" : "a") \(type.rawValue)"
                                  + (type == .timestamp || type == .date ? " (times are JSON strings)" : "")))
        }
    }

    /// Text as SQLite keeps it, unless it holds a NUL: SQLite's GLOB, LIKE and length() stop at one, so
    /// "Sea\0rch" would not match the glob `*rch` and length() would count 3.
    private static func textValue(_ text: String) -> Result<SQLiteValue, CellProblem> {
        guard !holdsNUL(text) else {
            return .failure(.init("the text holds a NUL character (U+0000), which SQLite's text functions stop at"))
        }
        return .success(.text(text))
    }

    /// Whether a NUL is among the text's bytes, found by memchr (a per-byte Sequence.contains was 1.5% of a run).
    private static func holdsNUL(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes in bytes.count > 0 && memchr(bytes.baseAddress!, 0, bytes.count) != nil }
    }

    /// Why a number's text is refused, when it is a near miss: spaces around it, a NULL spelled out, or a number
    /// that does not fit (a float's range first: 400 nines is too large for a float, not for 64 bits).
    private static func why(_ text: Substring, float: Bool) -> String {
        if text.first == " " || text.last == " " || text.first == "\t" || text.last == "\t" {
            return " (spaces around a number are not allowed)"
        }
        if ["null", "nil", "none", "na", "n/a"].contains(text.lowercased()) {
            return " (leave the field empty for NULL)"
        }
        if float {
            return Double(text).map({ !$0.isFinite }) == true && text.utf8.allSatisfy(isFloatByte)
                ? " (it is too large for a float)" : ""
        }
        let digits = text.first == "-" || text.first == "+" ? text.dropFirst() : text
        if !digits.isEmpty, digits.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
            return " (it does not fit in 64 bits)"
        }
        return ""
    }

    /// A column's declared default, for rows that do not give the column.
    static func value(default declared: ExampleValue, type: ColumnType) -> SQLiteValue {
        switch declared {
        case .null: return .null
        case .bool(let flag): return type == .json ? .text(flag ? "true" : "false") : .integer(flag ? 1 : 0)
        case .integer(let number): return type == .json ? .text(String(number)) : .integer(Int64(number))
        case .float(let number): return type == .json ? .text(ExampleJSON.text(declared)) : .real(number)
        case .string(let text):
            if type == .json { return .text(ExampleJSON.text(declared)) }
            // A default time is kept as loaded times are, UTC written one way, or text order would not be time order.
            if type == .timestamp { return .text(TimeText.utc(Substring(text)) ?? text) }
            return .text(text)
        case .list, .object: return .text(ExampleJSON.text(declared))
        }
    }

    /// Digits, sign, point and exponent: Double alone would also read "nan", "inf" and hexadecimal.
    private static func isFloatByte(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || byte == 0x2E || byte == 0x2B || byte == 0x2D || byte == 0x65 || byte == 0x45
    }
}

/// Why one value cannot be loaded.
struct CellProblem: Error, Equatable {
    var reason: String

    init(_ reason: String) { self.reason = reason }
}
