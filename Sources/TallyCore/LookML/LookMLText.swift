/// LookML's lexical pieces, written so that any definition text stays one valid token.
enum LookMLText {
    /// A double-quoted string on one line: backslashes and quotes escaped, line breaks folded into spaces.
    static func string(_ text: String) -> String {
        let flat = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
            .joined(separator: " ")
        return "\"" + flat.replacingAll("\\", with: "\\\\").replacingAll("\"", with: "\\\"") + "\""
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
        let head = name.map { "\(kind): \($0) {" } ?? "\(kind): {"
        return ([head] + lines.map { $0.isEmpty ? "" : "  " + $0 } + ["}"]).joined(separator: "\n")
    }
}
