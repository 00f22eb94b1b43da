/// Swift source text for values from definitions: every string becomes a literal that compiles and equals the
/// input, whatever it holds (quotes, backslashes, `\(`, newlines, `"""`, control characters).
enum SwiftLiteral {
    static func string(_ text: String) -> String {
        // Quotes, backslashes, control characters and the line separators (which start with byte 0xE2).
        if !text.containsByte(where: { $0 == 0x22 || $0 == 0x5C || $0 < 0x20 || $0 == 0x7F || $0 == 0xE2 }) {
            return "\"" + text + "\""
        }
        // Escaping works on UTF-8 bytes: SQL embedded in fixtures is long and full of quotes, and appending
        // scalar by scalar to a String was the slowest part of rendering them. The escaped length is counted
        // first, so the literal is written straight into a String of exactly its size (no [UInt8] to copy from).
        var copy = text
        return copy.withUTF8 { bytes in
            String(unsafeUninitializedCapacity: escapedCount(bytes) + 2) { output in
                var written = 0
                func put(_ byte: UInt8) {
                    output[written] = byte
                    written += 1
                }
                func put(_ ascii: StaticString) {
                    ascii.withUTF8Buffer { for byte in $0 { put(byte) } }
                }
                put(0x22)
                var index = 0
                while index < bytes.count {
                    let byte = bytes[index]
                    switch byte {
                    case 0x5C, 0x22:
                        put(0x5C)
                        put(byte)
                    case 0x0A: put("\\n")
                    case 0x0D: put("\\r")
                    case 0x09: put("\\t")
                    case 0..<0x20, 0x7F:
                        // \u{ and the byte in lowercase hex without leading zeros, as String(radix: 16) writes it.
                        put("\\u{")
                        if byte >= 0x10 { put(hexDigit(byte >> 4)) }
                        put(hexDigit(byte & 0x0F))
                        put(0x7D)
                    case 0xE2 where isLineSeparator(bytes, at: index):
                        // U+2028 and U+2029 end lines in a Swift string literal.
                        put(bytes[index + 2] == 0xA8 ? "\\u{2028}" : "\\u{2029}")
                        index += 2
                    default: put(byte)
                    }
                    index += 1
                }
                put(0x22)
                return written
            }
        }
    }

    /// The length in bytes of the escaped text between the quotes, as `string` writes it.
    private static func escapedCount(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var count = 0
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case 0x5C, 0x22, 0x0A, 0x0D, 0x09: count += 2
            case 0..<0x10: count += 5  // \u{1}
            case 0x10..<0x20, 0x7F: count += 6  // \u{1f}
            case 0xE2 where isLineSeparator(bytes, at: index):
                count += 8  // \u{2028}
                index += 2
            default: count += 1
            }
            index += 1
        }
        return count
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
