/// LookML's lexical pieces, written so that any definition text stays one valid token.
enum LookMLText {
    /// A double-quoted string on one line: backslashes and quotes escaped, line breaks folded into spaces.
    static func string(_ text: String) -> String {
        // Most texts are printable ASCII with nothing to fold, trim or escape: quoted as they are (splitting and
        // trimming every title and description was 6% of a one-edit build with LookML exported, its model rendered
        // again on every build).
        isPlain(text) ? "\"" + text + "\"" : folded(text)
    }

    /// `string(text)` appended to `out`, without a String of its own when the text is plain.
    static func write(_ text: String, into out: inout SourceBuffer) {
        guard isPlain(text) else { return out.append(folded(text)) }
        out.append(byte: 0x22)
        out.append(text)
        out.append(byte: 0x22)
    }

    /// `string` for any text: lines folded into one, each trimmed, then backslashes and quotes escaped.
    static func folded(_ text: String) -> String {
        let flat = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
            .joined(separator: " ")
        return "\"" + flat.replacingAll("\\", with: "\\\\").replacingAll("\"", with: "\\\"") + "\""
    }

    /// Whether `string` gives the text back unchanged: printable ASCII, no quote or backslash, and no space at
    /// either end.
    static func isPlain(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            guard let first = bytes.first, let last = bytes.last else { return true }
            return first != 0x20 && last != 0x20 && bytes.allSatisfy { $0 >= 0x20 && $0 <= 0x7E && $0 != 0x22 && $0 != 0x5C }
        }
    }
}

/// A LookML block `kind: name { ... }` of parameters and nested blocks, indented two spaces per level.
struct LookMLBlock {
    var kind: String
    var name: String?
    var lines: [String] = []

    init(_ kind: String, _ name: String? = nil) {
        self.kind = kind
        self.name = name
    }

    mutating func parameter(_ key: String, _ value: String) { lines.append("\(key): \(value)") }
    mutating func string(_ key: String, _ text: String) { parameter(key, LookMLText.string(text)) }
    /// An SQL block ends at `;;`, which no identifier tally writes contains.
    mutating func sql(_ key: String, _ text: String) { lines.append("\(key): \(text) ;;") }

    mutating func block(_ child: LookMLBlock) {
        lines += child.rendered().split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }

    func rendered() -> String {
        var text = ""
        text.reserveCapacity(kind.utf8.count + (name?.utf8.count ?? 0) + 6 + lines.reduce(0) { $0 + $1.utf8.count + 3 })
        render(into: &text)
        return text
    }

    /// The block appended to `text`, in one String with `rendered()`: as arrays of lines joined and then appended,
    /// a block had cost 11,000 instructions. (The model's explores are written straight into a byte buffer,
    /// LookMLEmitter.model, in the same layout.)
    func render(into text: inout String) {
        text += kind
        text += ": "
        if let name {
            text += name
            text += " "
        }
        text += "{"
        for line in lines {
            text += line.isEmpty ? "\n" : "\n  "
            text += line
        }
        text += "\n}"
    }
}
