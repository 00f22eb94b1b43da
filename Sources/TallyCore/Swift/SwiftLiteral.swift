/// Swift source text for values from definitions: every string becomes a literal that compiles and equals the
/// input, whatever it holds (quotes, backslashes, `\(`, newlines, `"""`, control characters).
enum SwiftLiteral {
    static func string(_ text: String) -> String {
        // Quotes, backslashes, control characters and the line separators (which start with byte 0xE2).
        if !text.containsByte(where: { $0 == 0x22 || $0 == 0x5C || $0 < 0x20 || $0 == 0x7F || $0 == 0xE2 }) {
            return "\"" + text + "\""
        }
        // Escaping works on UTF-8 bytes: SQL embedded in fixtures is long and full of quotes, and appending
        // scalar by scalar to a String was the slowest part of rendering them. The escaped bytes are counted
        // first, so the literal is written straight into a String of exactly its size (no [UInt8] to copy from);
        // one function gives both passes their bytes, so the count cannot disagree with what is written.
        var copy = text
        return copy.withUTF8 { bytes in
            var count = 0
            escape(bytes) { _ in count += 1 }
            return String(unsafeUninitializedCapacity: count + 2) { output in
                var written = 0
                output[written] = 0x22
                written += 1
                escape(bytes) { byte in
                    output[written] = byte
                    written += 1
                }
                output[written] = 0x22
                return written + 1
            }
        }
    }

    /// Hands over, a byte at a time, the escaped text between a literal's quotes.
    @inline(__always)
    private static func escape(_ bytes: UnsafeBufferPointer<UInt8>, _ emit: (UInt8) -> Void) {
        func emitText(_ ascii: StaticString) {
            ascii.withUTF8Buffer { for byte in $0 { emit(byte) } }
        }
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case 0x5C, 0x22:
                emit(0x5C)
                emit(byte)
            case 0x0A: emitText("\\n")
            case 0x0D: emitText("\\r")
            case 0x09: emitText("\\t")
            case 0..<0x20, 0x7F:
                // \u{ and the byte in lowercase hex without leading zeros, as String(radix: 16) writes it.
                emitText("\\u{")
                if byte >= 0x10 { emit(hexDigit(byte >> 4)) }
                emit(hexDigit(byte & 0x0F))
                emit(0x7D)
            case 0xE2 where isLineSeparator(bytes, at: index):
                // U+2028 and U+2029 end lines in a Swift string literal.
                emitText(bytes[index + 2] == 0xA8 ? "\\u{2028}" : "\\u{2029}")
                index += 2
            default: emit(byte)
            }
            index += 1
        }
    }

    /// Whether the bytes at `index` are U+2028 or U+2029 (E2 80 A8 or E2 80 A9).
    private static func isLineSeparator(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Bool {
        index + 2 < bytes.count && bytes[index] == 0xE2 && bytes[index + 1] == 0x80
            && (bytes[index + 2] == 0xA8 || bytes[index + 2] == 0xA9)
    }

    private static func hexDigit(_ value: UInt8) -> UInt8 {
        value < 10 ? 0x30 + value : 0x61 + value - 10
    }

    static func optional(_ text: String?) -> String { text.map(string) ?? "nil" }

    static func strings(_ items: [String]) -> String { "[" + items.map(string).joined(separator: ", ") + "]" }

    /// A lowerCamelCase identifier for a name, in backticks so that no name can collide with a keyword.
    static func identifier(_ name: String) -> String {
        var output = ""
        var upperNext = false
        for scalar in name.unicodeScalars {
            let isWordCharacter = ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar)
                || ("0"..."9").contains(scalar)
            if !isWordCharacter {
                upperNext = !output.isEmpty
                continue
            }
            let character = Character(scalar)
            if output.isEmpty {
                output += character.lowercased()
            } else {
                output += upperNext ? character.uppercased() : String(character)
            }
            upperNext = false
        }
        if output.isEmpty || output.first!.isNumber { output = "_" + output }
        return "`" + output + "`"
    }
}
