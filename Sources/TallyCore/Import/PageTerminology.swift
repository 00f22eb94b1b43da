/// The `## Terminology` section: the terms that group.yaml keeps for the group's docs page.
extension PageParser {
    /// `- **term** - definition` bullets (also `**term**: definition`, `**term:** definition`, `term - definition`).
    static func terms(_ body: [Line], warn: (String, Line) -> Void) -> [ImportedTerm] {
        var result: [ImportedTerm] = []
        for item in bullets(body, warn: { warn($0 + " in the terminology", $1) }) {
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
            result.append(ImportedTerm(term: cleanTerm, definition: definition))
        }
        return result
    }
}
