/// Markdown prose taken from the page as the definition files keep it: a paragraph wrapped over several lines
/// becomes one line (YAML folds it again), while lists, quotes, tables and code keep their line breaks, since
/// joining those would change what they say.
extension PageParser {
    /// Lines that begin a block of their own in Markdown: joining them to the line before would change the text.
    static func startsBlock(_ line: Line) -> Bool {
        if line.indent >= 4 { return true }
        let text = line.trimmed
        if ["- ", "* ", "+ ", "> ", "|", "#", "```", "~~~"].contains(where: { text.hasPrefix($0) }) { return true }
        if text == "-" || text == "*" || text == ">" { return true }
        let digits = text.prefix { $0.isASCII && $0.isNumber }
        return !digits.isEmpty && (text.dropFirst(digits.count).hasPrefix(". ")
                                       || text.dropFirst(digits.count).hasPrefix(") "))
    }

    /// Markdown lines as one text: paragraphs separated by one empty line; a paragraph's lines joined by a space
    /// unless it holds a list, quote, table or code, whose lines are kept.
    static func markdown(_ lines: [Line]) -> String {
        var paragraphs: [[Line]] = [[]]
        for line in lines {
            if line.isBlank {
                if !paragraphs[paragraphs.count - 1].isEmpty { paragraphs.append([]) }
            } else {
                paragraphs[paragraphs.count - 1].append(line)
            }
        }
        return paragraphs.filter { !$0.isEmpty }.map { paragraph in
            if paragraph.contains(where: startsBlock) {
                let indent = paragraph.map(\.indent).min() ?? 0
                return paragraph.map { String($0.text.dropFirst(indent)) }.joined(separator: "\n")
            }
            return InlineMarkdown.collapse(paragraph.map(\.text).joined(separator: " "))
        }.joined(separator: "\n\n")
    }
}
