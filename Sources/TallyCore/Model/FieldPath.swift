/// A column, or a field inside a JSON column: `argument.insightType`.
public struct FieldPath: Hashable, Sendable, CustomStringConvertible {
    public var column: String
    public var jsonPath: [String]

    public init(_ text: String) {
        let pieces = text.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        column = pieces[0]
        jsonPath = Array(pieces.dropFirst())
    }

    public var description: String { ([column] + jsonPath).joined(separator: ".") }

    /// The view column it becomes: the last segment in snake_case (insightType → insight_type).
    public var outputName: String { snakeCase(jsonPath.last ?? column) }
}

func snakeCase(_ name: String) -> String {
    if name.utf8.allSatisfy({ $0 < 0x80 }) { return asciiSnakeCase(name) }
    var output = ""
    var previous: Character?
    for character in name {
        if character.isUppercase {
            if let previous, previous.isLowercase || previous.isNumber { output += "_" }
            output += character.lowercased()
        } else if character == "-" || character == " " {
            output += "_"
        } else {
            output.append(character)
        }
        previous = character
    }
    return output
}

/// snakeCase for ASCII names, the usual case, on bytes: the same rule without Unicode's case tables.
private func asciiSnakeCase(_ name: String) -> String {
    var output: [UInt8] = []
    output.reserveCapacity(name.utf8.count + 4)
    var previous: UInt8?
    for byte in name.utf8 {
        if (0x41...0x5A).contains(byte) {
            if let previous, (0x61...0x7A).contains(previous) || (0x30...0x39).contains(previous) { output.append(0x5F) }
            output.append(byte + 0x20)
        } else if byte == 0x2D || byte == 0x20 {
            output.append(0x5F)
        } else {
            output.append(byte)
        }
        previous = byte
    }
    return String(decoding: output, as: UTF8.self)
}
