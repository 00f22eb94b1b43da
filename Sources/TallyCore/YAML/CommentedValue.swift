/// `fix: #240`, `prs:` then `- #101`: a '#' after a space starts a YAML comment, so the value is empty and the
/// number is lost without a word (a closed range then "has no fix link", a list item "must be text, found
/// nothing"). Found on the line of an empty plain value: after a key's colon or a list's dash, the first thing is
/// a comment that starts with no space after its '#', as a pull request's number does.
enum CommentedValue {
    /// The comment's column and its text (`#240`), when the line reads as a value lost to a comment.
    static func comment(onLine line: String) -> (column: Int, text: String)? {
        let scalars = Array(line.unicodeScalars)
        guard let hash = scalars.indices.dropFirst().first(where: {
            scalars[$0] == "#" && (scalars[$0 - 1] == " " || scalars[$0 - 1] == "\t")
        }), hash + 1 < scalars.count, !" \t#".unicodeScalars.contains(scalars[hash + 1]) else { return nil }
        let before = String(String.UnicodeScalarView(scalars[..<hash])).trimmingWhitespace()
        guard before.hasSuffix(":") || before == "-" || before.hasSuffix(": -") else { return nil }
        let text = String(String.UnicodeScalarView(scalars[hash...].prefix { $0 != " " && $0 != "\t" }))
        return (hash + 1, text)
    }

    /// The warning's words for a comment that took a value's place.
    static func message(_ text: String) -> String {
        "'\(text)' is a YAML comment (a '#' after a space starts one), so this value is empty: quote it (\"\(text)\")"
    }
}
