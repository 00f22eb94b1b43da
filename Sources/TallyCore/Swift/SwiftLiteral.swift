/// Swift source text for values from definitions: every string becomes a literal that compiles and equals the
/// input, whatever it holds (quotes, backslashes, `\(`, newlines, `"""`, control characters).
enum SwiftLiteral {
    static func string(_ text: String) -> String {
        // Quotes, backslashes, control characters and the line separators (which start with byte 0xE2).
        if !text.containsByte(where: { $0 == 0x22 || $0 == 0x5C || $0 < 0x20 || $0 == 0x7F || $0 == 0xE2 }) {
            return "\"" + text + "\""
        }
        // Escaping works on UTF-8 bytes: SQL embedded in fixtures is long and full of quotes, and appending
        // scalar by scalar to a String was the slowest part of rendering them.
        var output: [UInt8] = [0x22]
        var copy = text
        copy.withUTF8 { bytes in
            output.reserveCapacity(bytes.count + bytes.count / 8 + 2)
            var index = 0
            while index < bytes.count {
                let byte = bytes[index]
                switch byte {
                case 0x5C, 0x22:
                    output.append(0x5C)
                    output.append(byte)
                case 0x0A:
                    output.append(0x5C)
                    output.append(0x6E)  // n
                case 0x0D:
                    output.append(0x5C)
                    output.append(0x72)  // r
                case 0x09:
                    output.append(0x5C)
                    output.append(0x74)  // t
                case 0..<0x20, 0x7F: output += Array("\\u{\(String(byte, radix: 16))}".utf8)
                case 0xE2 where index + 2 < bytes.count && bytes[index + 1] == 0x80
                    && (bytes[index + 2] == 0xA8 || bytes[index + 2] == 0xA9):
                    // U+2028 and U+2029 end lines in a Swift string literal.
                    output += Array("\\u{\(bytes[index + 2] == 0xA8 ? "2028" : "2029")}".utf8)
                    index += 2
                default: output.append(byte)
                }
                index += 1
            }
        }
        output.append(0x22)
        return String(decoding: output, as: UTF8.self)
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
