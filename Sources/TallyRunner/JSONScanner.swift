/// A strict JSON reader over UTF-8 bytes (RFC 8259), for what tally run loads: checking the text of a json column,
/// and splitting a JSON Lines line into its members with each value's kind and exact text (so a json column keeps
/// its members in the order written, which a Foundation dictionary would lose).
struct JSONScanner {
    enum Kind: Equatable {
        case null, boolean(Bool), number, string(String), object, array

        /// "number", "object": as a message names it.
        var name: String {
            switch self {
            case .null: "null"
            case .boolean: "boolean"
            case .number: "number"
            case .string: "string"
            case .object: "object"
            case .array: "array"
            }
        }
    }

    /// A member's value: its kind (strings decoded) and its text as written.
    struct Value {
        var kind: Kind
        var text: Substring
    }

    struct Malformed: Error {
        var reason: String
    }

    private let bytes: [UInt8]
    private let source: String
    private var position = 0
    private var depth = 0
    private static let maximumDepth = 512
    /// Whether strings are decoded; checking a json column's text needs only their validity.
    private let decoding: Bool

    private init(_ text: String, decoding: Bool) {
        source = text
        bytes = Array(text.utf8)
        self.decoding = decoding
    }

    /// nil when `text` is one JSON value (white space around it allowed); else why not.
    static func problem(in text: String) -> String? {
        var scanner = JSONScanner(text, decoding: false)
        do {
            scanner.skipSpace()
            _ = try scanner.value()
            scanner.skipSpace()
            guard scanner.position == scanner.bytes.count else { throw scanner.malformed("text after the value") }
            return nil
        } catch let malformed as Malformed {
            return malformed.reason
        } catch {
            return "\(error)"
        }
    }

    /// The members of a line holding one JSON object, in order.
    static func members(of line: String) throws(Malformed) -> [(key: String, value: Value)] {
        var scanner = JSONScanner(line, decoding: true)
        scanner.skipSpace()
        guard scanner.peek == UInt8(ascii: "{") else { throw scanner.malformed("a line must be one JSON object") }
        let members = try scanner.elements(closing: UInt8(ascii: "}"), named: true, collecting: true)
        scanner.skipSpace()
        guard scanner.position == scanner.bytes.count else { throw scanner.malformed("text after the object") }
        return members.map { ($0.name ?? "", $0.value) }
    }

    private var peek: UInt8? { position < bytes.count ? bytes[position] : nil }

    private func malformed(_ reason: String) -> Malformed {
        Malformed(reason: position < bytes.count ? "\(reason) at byte \(position + 1)" : "\(reason) at the end")
    }

    private func text(from start: Int) -> Substring {
        let utf8 = source.utf8
        let lower = utf8.index(utf8.startIndex, offsetBy: start)
        let upper = utf8.index(utf8.startIndex, offsetBy: position)
        return source[lower..<upper]
    }

    private mutating func skipSpace() {
        while let byte = peek, byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D { position += 1 }
    }

    private mutating func expect(_ byte: UInt8) throws(Malformed) {
        guard peek == byte else { throw malformed("expected '\(Character(Unicode.Scalar(byte)))'") }
        position += 1
    }

    private mutating func literal(_ word: String) throws(Malformed) {
        for byte in word.utf8 {
            guard peek == byte else { throw malformed("expected \(word)") }
            position += 1
        }
    }

    private mutating func value() throws(Malformed) -> Kind {
        guard let byte = peek else { throw malformed("expected a value") }
        switch byte {
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            depth += 1
            defer { depth -= 1 }
            guard depth <= Self.maximumDepth else { throw malformed("nested deeper than \(Self.maximumDepth)") }
            return byte == UInt8(ascii: "{") ? try object() : try array()
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): try literal("true"); return .boolean(true)
        case UInt8(ascii: "f"): try literal("false"); return .boolean(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        default: try number(); return .number
        }
    }

    private mutating func object() throws(Malformed) -> Kind {
        _ = try elements(closing: UInt8(ascii: "}"), named: true, collecting: false)
        return .object
    }

    private mutating func array() throws(Malformed) -> Kind {
        _ = try elements(closing: UInt8(ascii: "]"), named: false, collecting: false)
        return .array
    }

    /// The elements of the object (`named`: each after its member name) or array at the position, through its
    /// closing bracket; returned only when `collecting` (a JSON Lines line's members), else just checked.
    private mutating func elements(closing: UInt8, named: Bool, collecting: Bool)
        throws(Malformed) -> [(name: String?, value: Value)] {
        var elements: [(name: String?, value: Value)] = []
        position += 1
        skipSpace()
        if peek == closing {
            position += 1
            return elements
        }
        while true {
            skipSpace()
            var name: String?
            if named {
                guard peek == UInt8(ascii: "\"") else { throw malformed("expected a member name") }
                name = try string()
                skipSpace()
                try expect(UInt8(ascii: ":"))
                skipSpace()
            }
            let start = position
            let kind = try value()
            if collecting { elements.append((name, Value(kind: kind, text: text(from: start)))) }
            skipSpace()
            if peek == UInt8(ascii: ",") {
                position += 1
                continue
            }
            try expect(closing)
            return elements
        }
    }

    private mutating func digits() -> Int {
        let start = position
        while let byte = peek, byte >= 0x30 && byte <= 0x39 { position += 1 }
        return position - start
    }

    private mutating func number() throws(Malformed) {
        let start = position
        if peek == UInt8(ascii: "-") { position += 1 }
        var whole = 1
        if peek == UInt8(ascii: "0") {
            position += 1
        } else {
            whole = digits()
            guard whole > 0 else { throw malformed("expected a value") }
        }
        if peek == UInt8(ascii: ".") {
            position += 1
            guard digits() > 0 else { throw malformed("expected digits after '.'") }
        }
        var exponent = 0
        if peek == UInt8(ascii: "e") || peek == UInt8(ascii: "E") {
            position += 1
            if peek == UInt8(ascii: "+") || peek == UInt8(ascii: "-") { position += 1 }
            exponent = digits()
            guard exponent > 0 else { throw malformed("expected digits in the exponent") }
        }
        // A number no engine's double holds (1e999) is refused here, at its line: loaded, it made a whole
        // definition's sums fail on SQLite, naming no row. Parsed only where it could be one: with an exponent,
        // or more than 300 digits before the point.
        if exponent > 0 || whole > 300, let value = Double(text(from: start)), !value.isFinite {
            throw malformed("a number beyond a float's range (about ±1.8e308)")
        }
    }

    /// A string at the position, decoded (empty when not decoding).
    private mutating func string() throws(Malformed) -> String {
        position += 1
        var decoded: [UInt8] = []
        while true {
            guard let byte = peek else { throw malformed("unterminated string") }
            position += 1
            switch byte {
            case UInt8(ascii: "\""):
                return String(decoding: decoded, as: UTF8.self)
            case UInt8(ascii: "\\"):
                guard let escaped = peek else { throw malformed("unterminated string") }
                position += 1
                switch escaped {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): if decoding { decoded.append(escaped) }
                case UInt8(ascii: "b"): if decoding { decoded.append(0x08) }
                case UInt8(ascii: "f"): if decoding { decoded.append(0x0C) }
                case UInt8(ascii: "n"): if decoding { decoded.append(0x0A) }
                case UInt8(ascii: "r"): if decoding { decoded.append(0x0D) }
                case UInt8(ascii: "t"): if decoding { decoded.append(0x09) }
                case UInt8(ascii: "u"):
                    var scalar = try hexQuad()
                    if (0xD800...0xDBFF).contains(scalar) {
                        guard peek == UInt8(ascii: "\\") else { throw malformed("a lone surrogate in \\u escapes") }
                        position += 1
                        guard peek == UInt8(ascii: "u") else { throw malformed("a lone surrogate in \\u escapes") }
                        position += 1
                        let low = try hexQuad()
                        guard (0xDC00...0xDFFF).contains(low) else { throw malformed("a lone surrogate in \\u escapes") }
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    } else if (0xDC00...0xDFFF).contains(scalar) {
                        throw malformed("a lone surrogate in \\u escapes")
                    }
                    guard let unicode = Unicode.Scalar(scalar) else { throw malformed("an invalid \\u escape") }
                    if decoding { decoded.append(contentsOf: Array(String(Character(unicode)).utf8)) }
                default:
                    throw malformed("an invalid escape '\\\(Character(Unicode.Scalar(escaped)))'")
                }
            case 0x00..<0x20:
                throw malformed("a control character in a string")
            default:
                if decoding { decoded.append(byte) }
            }
        }
    }

    private mutating func hexQuad() throws(Malformed) -> UInt32 {
        var scalar: UInt32 = 0
        for _ in 0..<4 {
            guard let byte = peek, let digit = Self.hexValue(byte) else { throw malformed("an invalid \\u escape") }
            scalar = scalar * 16 + digit
            position += 1
        }
        return scalar
    }

    private static func hexValue(_ byte: UInt8) -> UInt32? {
        switch byte {
        case 0x30...0x39: UInt32(byte - 0x30)
        case 0x41...0x46: UInt32(byte - 0x41 + 10)
        case 0x61...0x66: UInt32(byte - 0x61 + 10)
        default: nil
        }
    }
}
