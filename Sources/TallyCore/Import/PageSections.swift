/// A page cut at its headings: the `# Title` with the introduction under it, `##` sections (the terminology, lists
/// of definitions, or text that is not imported) and `###` sections (a ping each, or a list of definitions).
/// Headings inside fenced code are text.
extension PageParser {
    struct Section {
        enum Kind { case introduction, second(String), ping(String) }
        var kind: Kind
        var line: Int
        var body: [Line]
    }

    /// An ATX heading: its level and text (closing `#`s removed).
    static func heading(_ line: Line) -> (level: Int, text: String)? {
        guard line.indent < 4 else { return nil }
        let trimmed = line.trimmed
        let hashes = trimmed.prefix { $0 == "#" }.count
        guard (1...6).contains(hashes) else { return nil }
        let rest = trimmed.dropFirst(hashes)
        guard rest.isEmpty || rest.first == " " else { return nil }
        var title = InlineMarkdown.collapse(String(rest))
        // A closing sequence: " ##" at the end.
        if let last = title.split(separator: " ").last, last.allSatisfy({ $0 == "#" }) {
            title = InlineMarkdown.collapse(String(title.dropLast(last.count)))
        }
        return (hashes, title)
    }

    /// The title and the sections; a page without a title is refused where it shows.
    static func sections(of lines: [Line], path: String, warn: (String, Line) -> Void)
        throws(ImportFailure) -> (title: (text: String, line: Int), sections: [Section]) {
        var title: (text: String, line: Int)?
        var sections: [Section] = []
        var inFence = false
        for line in lines {
            if line.trimmed.hasPrefix("```") || line.trimmed.hasPrefix("~~~") { inFence.toggle() }
            if !inFence, let heading = heading(line) {
                if heading.level == 1 && title == nil && sections.isEmpty {
                    title = (heading.text, line.number)
                    sections.append(Section(kind: .introduction, line: line.number, body: []))
                    continue
                }
                switch heading.level {
                case 1, 2:
                    if heading.level == 1 { warn("a second '# ' title; read as a '## ' section", line) }
                    sections.append(Section(kind: .second(heading.text), line: line.number, body: []))
                    continue
                case 3:
                    guard !heading.text.isEmpty else {
                        throw unreadable("a '###' heading without a title; each ping needs one", path: path,
                                         line: line.number, column: line.indent + 1)
                    }
                    sections.append(Section(kind: .ping(heading.text), line: line.number, body: []))
                    continue
                default:
                    break
                }
            }
            if sections.isEmpty {
                if !line.isBlank {
                    throw unreadable("the page must start with its title, a '# Title' heading", path: path,
                                     line: line.number, column: line.indent + 1)
                }
                continue
            }
            sections[sections.count - 1].body.append(line)
        }
        guard let title else {
            throw unreadable("the page has no '# Title' heading", path: path, line: 1)
        }
        return (title, sections)
    }
}
