/// Swift source text for values from definitions: every string becomes a literal that compiles and equals the
/// input, whatever it holds (quotes, backslashes, `\(`, newlines, `"""`, control characters).
enum SwiftLiteral {
    static func string(_ text: String) -> String {
        // Quotes, backslashes, control characters and the line separators (which start with byte 0xE2).
        if !text.containsByte(where: { $0 == 0x22 || $0 == 0x5C || $0 < 0x20 || $0 == 0x7F || $0 == 0xE2 }) {
            return "\"" + text + "\""
        }
        var output = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": output += "\\\\"
            case "\"": output += "\\\""
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F || (0x2028...0x2029).contains(scalar.value):
                output += "\\u{\(String(scalar.value, radix: 16))}"
            default: output.unicodeScalars.append(scalar)
            }
        }
        return output + "\""
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
