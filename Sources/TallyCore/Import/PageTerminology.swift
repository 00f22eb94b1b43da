/// The `## Terminology` section: the terms that group.yaml keeps for the group's docs page.
extension PageParser {
    /// `- **term** - definition` bullets (also `**term**: definition`, `**term:** definition`, `term - definition`).
    /// A term may also be a bold line over a `- **Definition:** ...` bullet, as a page that heads its metrics so
    /// writes its glossary.
    static func terms(_ lines: [Line], warn: (String, Line) -> Void) -> [ImportedTerm] {
        let body = withoutFencedCode(lines, in: "the terminology", warn: warn)
        var result: [(line: Int, term: ImportedTerm)] = []
        var bulletLines: [Line] = []
        var index = 0
        while index < body.count {
            if let heading = boldHeading(body[index]),
               let next = body[(index + 1)...].firstIndex(where: { !$0.isBlank }),
               let text = bulletText(body[next]), let pair = keyValue(text), field(pair.key) == .definition,
               !pair.value.isEmpty {
                result.append((body[index].number, ImportedTerm(term: heading.title, definition: pair.value)))
                index = next + 1
                continue
            }
            bulletLines.append(body[index])
            index += 1
        }
        for item in bullets(bulletLines, warn: { warn($0 + " in the terminology", $1) }) {
            let text = item.text
            var term: String?
            var definition = ""
            if text.hasPrefix("**"), let close = text.dropFirst(2).firstRange(of: "**") {
                term = String(text[text.index(text.startIndex, offsetBy: 2)..<close.lowerBound])
                definition = String(text[close.upperBound...])
            } else if let dash = text.firstRange(of: " - ") ?? text.firstRange(of: " – ") ?? text.firstRange(of: ": ") {
                term = String(text[..<dash.lowerBound])
                definition = String(text[dash.upperBound...])
            }
            var cleanTerm = InlineMarkdown.collapse(term ?? "")
            if cleanTerm.hasSuffix(":") { cleanTerm.removeLast() }
            definition = String(InlineMarkdown.collapse(definition).drop { " -–—:".contains($0) })
            for child in item.children { definition += (definition.isEmpty ? "" : "\n") + "- " + child.text }
            guard !cleanTerm.isEmpty, !definition.isEmpty else {
                warn("a terminology bullet that is not '- **term** - definition'; not imported", item.line)
                continue
            }
            result.append((item.line.number, ImportedTerm(term: cleanTerm, definition: definition)))
        }
        return result.sorted { $0.line < $1.line }.map(\.term)
    }
}
