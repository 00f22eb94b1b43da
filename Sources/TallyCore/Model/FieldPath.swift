/// A column, or a field inside a JSON column: `argument.insightType`.
public struct FieldPath: Hashable, Sendable, CustomStringConvertible {
    public var column: String
    public var jsonPath: [String]

    /// A path as its parts, already cut: what the decoded store reads back.
    init(column: String, jsonPath: [String]) {
        self.column = column
        self.jsonPath = jsonPath
    }

    public init(_ text: String) {
        // Cut at its dot bytes when ASCII, where its Characters would cut it (each path, by Characters, cost
        // thousands of instructions); a dot followed by a combining mark is one Character, and not cut.
        let pieces = text.isAllASCII
            ? text.utf8.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false).map { String(Substring($0)) }
            : text.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        column = pieces[0]
        jsonPath = Array(pieces.dropFirst())
    }

    public var description: String { ([column] + jsonPath).joined(separator: ".") }

    /// The view column it becomes: the last segment in snake_case (insightType → insight_type).
    public var outputName: String { snakeCase(jsonPath.last ?? column) }
}

func snakeCase(_ name: String) -> String {
    name.isAllASCII ? asciiSnakeCase(name) : characterSnakeCase(name)
}

/// snakeCase by Characters and Unicode's case tables, for names that are not ASCII.
func characterSnakeCase(_ name: String) -> String {
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

/// snakeCase for ASCII names, the usual case, on bytes: the same rule without Unicode's case tables, written
/// into a String of its exact size (every view names its group columns this way, in every dialect).
func asciiSnakeCase(_ name: String) -> String {
    var copy = name
    return copy.withUTF8 { bytes in
        func isUpper(_ byte: UInt8) -> Bool { (0x41...0x5A).contains(byte) }
        /// Whether an underscore goes before the byte at `index`: an upper-case letter after a lower-case one or
        /// a digit.
        func breaksBefore(_ index: Int) -> Bool {
            guard index > 0, isUpper(bytes[index]) else { return false }
            let previous = bytes[index - 1]
            return (0x61...0x7A).contains(previous) || (0x30...0x39).contains(previous)
        }
        var count = bytes.count
        for index in bytes.indices where breaksBefore(index) { count += 1 }
        return String(unsafeUninitializedCapacity: count) { output in
            var written = 0
            for (index, byte) in bytes.enumerated() {
                if breaksBefore(index) {
                    output[written] = 0x5F
                    written += 1
                }
                output[written] = isUpper(byte) ? byte + 0x20 : byte == 0x2D || byte == 0x20 ? 0x5F : byte
                written += 1
            }
            return written
        }
    }
}
