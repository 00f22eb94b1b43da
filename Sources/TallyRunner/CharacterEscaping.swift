extension String {
    /// The text with each character that has an entry in `replacements` written as that entry: the escaping of
    /// SVG text and of Markdown table cells.
    func escaping(_ replacements: [Character: String]) -> String {
        var escaped = ""
        for character in self {
            if let replacement = replacements[character] { escaped += replacement } else { escaped.append(character) }
        }
        return escaped
    }
}
