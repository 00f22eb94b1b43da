/// Fenced code: text a page shows, never read as headings, definitions or fields. A fence opens with three or more
/// backticks or tildes (indented less than four spaces) and closes with a line of the same character, at least as
/// many, and nothing else; a page that ends inside a fence ends it.
extension PageParser {
    /// Whether each line is inside fenced code, its fences included.
    static func fenced(_ lines: [Line]) -> [Bool] {
        var open: (character: Character, count: Int)?
        return lines.map { line in
            guard line.indent < 4, let first = line.trimmed.first, first == "`" || first == "~" else {
                return open != nil
            }
            let count = line.trimmed.prefix { $0 == first }.count
            guard count >= 3 else { return open != nil }
            if let fence = open {
                let closes = first == fence.character && count >= fence.count
                    && line.trimmed.dropFirst(count).allSatisfy { $0 == " " }
                if closes { open = nil }
            } else {
                open = (first, count)
            }
            return true
        }
    }
}
