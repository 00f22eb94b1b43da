/// `- `, `* ` and `+ ` bullets as a tree: a bullet indented more than the one above it is nested in it, to any
/// depth. A ping section reads two levels (`Key: value` bullets with nested values, terminology bullets with nested
/// notes); a list of definitions reads them all.
extension PageParser {
    struct Bullet {
        var line: Line
        var text: String
        /// A numbered item (`1. `), which a list of definitions reads as the heading of the bullets under it.
        var numbered = false
        var children: [Bullet] = []

        /// Every bullet under this one, depth first, each without its own children.
        var descendants: [Bullet] {
            children.flatMap { child in
                [Bullet(line: child.line, text: child.text, numbered: child.numbered)] + child.descendants
            }
        }
    }

    static func bulletText(_ line: Line) -> String? {
        let text = line.trimmed
        for marker in ["- ", "* ", "+ "] where text.hasPrefix(marker) {
            return InlineMarkdown.collapse(String(text.dropFirst(2)))
        }
        if text == "-" || text == "*" || text == "+" { return "" }
        return nil
    }

    /// The text of a numbered item, `1. text` or `1) text`.
    static func numberedText(_ line: Line) -> String? {
        let text = line.trimmed
        let digits = text.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty, digits.count <= 9 else { return nil }
        let rest = text.dropFirst(digits.count)
        guard rest.hasPrefix(". ") || rest.hasPrefix(") ") else { return nil }
        return InlineMarkdown.collapse(String(rest.dropFirst(2)))
    }

    /// Top-level bullets with their nested bullets flattened into one level below, as a ping section reads them.
    static func bullets(_ body: [Line], warn: (String, Line) -> Void) -> [Bullet] {
        bulletTree(body, warn: warn).map { item in
            Bullet(line: item.line, text: item.text, numbered: item.numbered, children: item.descendants)
        }
    }

    /// The bullets of the lines as a tree; with `numberedItems`, numbered items are items too. A line that is no
    /// item continues the item above it (URLs broken across lines too); a paragraph outside any item is reported
    /// once, at its first line.
    static func bulletTree(_ body: [Line], numberedItems: Bool = false, warn: (String, Line) -> Void) -> [Bullet] {
        var items: [Bullet] = []
        // The items a deeper line can still belong to, outermost first: each one's indent and its index path.
        var open: [(indent: Int, path: [Int])] = []
        var sawBlank = false
        var inReportedParagraph = false
        for line in body {
            if line.isBlank {
                sawBlank = true
                inReportedParagraph = false
                continue
            }
            defer { sawBlank = false }
            let numbered = numberedItems ? numberedText(line) : nil
            if let text = bulletText(line) ?? numbered {
                inReportedParagraph = false
                while let last = open.last, last.indent >= line.indent { open.removeLast() }
                let item = Bullet(line: line, text: text, numbered: numbered != nil && bulletText(line) == nil)
                if let parent = open.last {
                    var index = 0
                    items.modify(at: parent.path[...]) { parentItem in
                        index = parentItem.children.count
                        parentItem.children.append(item)
                    }
                    open.append((line.indent, parent.path + [index]))
                } else {
                    items.append(item)
                    open = [(line.indent, [items.count - 1])]
                }
                continue
            }
            if inReportedParagraph { continue }
            guard let deepest = open.last, !sawBlank || line.indent > open[0].indent else {
                warn("text outside a bullet is not imported", line)
                open = []
                inReportedParagraph = true
                continue
            }
            items.modify(at: deepest.path[...]) { $0.text = InlineMarkdown.collapse($0.text + " " + line.text) }
        }
        return items
    }
}

extension Array where Element == PageParser.Bullet {
    /// Changes the bullet at an index path (an index per level, outermost first).
    fileprivate mutating func modify(at path: ArraySlice<Int>, _ change: (inout PageParser.Bullet) -> Void) {
        guard let first = path.first else { return }
        if path.count == 1 {
            change(&self[first])
        } else {
            self[first].children.modify(at: path.dropFirst(), change)
        }
    }
}
