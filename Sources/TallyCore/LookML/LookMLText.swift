/// LookML's lexical pieces, written so that any definition text stays one valid token.
enum LookMLText {
    /// A double-quoted string on one line: backslashes and quotes escaped, line breaks folded into spaces.
    static func string(_ text: String) -> String {
        let flat = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
            .joined(separator: " ")
        return "\"" + flat.replacingAll("\\", with: "\\\\").replacingAll("\"", with: "\\\"") + "\""
    }

    /// `# ` comment lines.
    static func comment(_ lines: [String]) -> String {
        lines.map { "# " + $0 }.joined(separator: "\n") + "\n"
    }

    /// A LookML name (snake_case) from free text: "Sourcegraph analytics" → sourcegraph_analytics.
    static func name(_ text: String) -> String {
        var name = ""
        for scalar in text.lowercased().unicodeScalars {
            if ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) {
                name.unicodeScalars.append(scalar)
            } else if !name.isEmpty, name.last != "_" {
                name.append("_")
            }
        }
        while name.hasSuffix("_") { name.removeLast() }
        return name.first.map { $0.isLetter } == true ? name : "tally" + (name.isEmpty ? "" : "_" + name)
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
