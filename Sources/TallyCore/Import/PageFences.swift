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

    /// The lines with fenced code blanked, each block reported once at its opening fence (`place` says where:
    /// "'## Counts'", "the terminology"): kept as empty lines, the lines around them keep their numbers, and a
    /// paragraph or list ends where the code begins. What shows how something is written is never read.
    static func withoutFencedCode(_ lines: [Line], in place: String, warn: (String, Line) -> Void) -> [Line] {
        let fenced = fenced(lines)
        guard fenced.contains(true) else { return lines }
        return lines.indices.map { index in
            guard fenced[index] else { return lines[index] }
            if index == 0 || !fenced[index - 1] { warn("fenced code in \(place) is not imported", lines[index]) }
            return Line(number: lines[index].number, text: "")
        }
    }
}
