/// `- `, `* ` and `+ ` bullets as a tree of two levels, which is all a pings page uses: `Key: value` bullets with
/// nested values, and terminology bullets with nested notes. Deeper bullets count as the second level.
extension PageParser {
    struct Bullet {
        var line: Line
        var text: String
        var children: [Bullet] = []
    }

    static func bulletText(_ line: Line) -> String? {
        let text = line.trimmed
        for marker in ["- ", "* ", "+ "] where text.hasPrefix(marker) {
            return InlineMarkdown.collapse(String(text.dropFirst(2)))
        }
        if text == "-" || text == "*" || text == "+" { return "" }
        return nil
    }

    /// Top-level bullets with their nested bullets; a line that is no bullet continues the item above it (URLs
    /// broken across lines too). Text outside any bullet is reported.
    static func bullets(_ body: [Line], warn: (String, Line) -> Void) -> [Bullet] {
        var items: [Bullet] = []
        var sawBlank = false
        var topIndent = 0
        for line in body {
            if line.isBlank {
                sawBlank = true
                continue
            }
            defer { sawBlank = false }
            if let text = bulletText(line) {
                if items.isEmpty || line.indent <= topIndent {
                    topIndent = line.indent
                    items.append(Bullet(line: line, text: text))
                } else {
                    items[items.count - 1].children.append(Bullet(line: line, text: text))
                }
                continue
            }
            guard !items.isEmpty, !sawBlank || line.indent > topIndent else {
                warn("text outside a bullet is not imported", line)
                continue
            }
            let last = items.count - 1
            if items[last].children.isEmpty {
                items[last].text = InlineMarkdown.collapse(items[last].text + " " + line.text)
            } else {
                let child = items[last].children.count - 1
                items[last].children[child].text = InlineMarkdown.collapse(
                    items[last].children[child].text + " " + line.text)
            }
        }
        return items
    }
}
