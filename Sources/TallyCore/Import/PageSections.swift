/// A page cut at its headings: the `# Title` with the introduction under it, `##` sections (the terminology, lists
/// of definitions, or text that is not imported) and `###` sections (a ping each, or a list of definitions; a bold
/// heading line over field bullets is one too, BoldHeadings). Headings inside fenced code are text.
///
/// A page with no `# ` heading at all, which starts at a deeper one (`## Cody Data and Analytics`, as pages cut from
/// a larger document do), takes that first heading as its title: the later headings of its level are `##`
/// sections, and each deeper level moves up by as much.
extension PageParser {
    struct Section {
        enum Kind { case introduction, second(String), ping(String) }
        var kind: Kind
        var line: Int
        var body: [Line]
        /// For a bold heading line: the kind its `Metric:` or `Ping:` says.
        var definitionKind: DefinitionKind? = nil
        /// Headed by a bold line over fields: one definition, never a list.
        var boldHeaded = false

        /// A `###` section of one ping (not one a bold line heads).
        var isHeadedPing: Bool {
            guard case .ping = kind else { return false }
            return !boldHeaded
        }

        var isTerminology: Bool {
            guard case .second(let name) = kind else { return false }
            return ["terminology", "glossary"].contains(name.lowercased())
        }
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
        // A heading bold as a whole (`## **Looker**`) is bold only to look so: its title is the text.
        // Only `**`: `__init__` is a name.
        if title.count > 4 && title.hasPrefix("**") && title.hasSuffix("**") && !title.dropFirst(2).dropLast(2).contains("**") {
            title = InlineMarkdown.collapse(String(title.dropFirst(2).dropLast(2)))
        }
        return (hashes, title)
    }

    /// The title and the sections; a page without a title is refused where it shows.
    static func sections(of lines: [Line], path: String, warn: (String, Line) -> Void)
        throws(ImportFailure) -> (title: (text: String, line: Int), sections: [Section]) {
        var title: (text: String, line: Int)?
        var sections: [Section] = []
        let fenced = fenced(lines)
        let titleLevel = titleLevel(of: lines, fenced: fenced)
        let boldHeadings = boldHeadings(in: lines, fenced: fenced)
        for (index, line) in lines.enumerated() {
            // A glossary's bold terms are terms, whatever follows them; in a ping's `###` section, only a bold line
            // that says Metric: or Ping: starts another (`**Version history**` is part of the ping).
            if let bold = boldHeadings[index], let current = sections.last, !current.isTerminology,
               bold.kind != nil || !current.isHeadedPing {
                sections.append(Section(kind: .ping(bold.title), line: line.number, body: [], definitionKind: bold.kind,
                                        boldHeaded: true))
                continue
            }
            if !fenced[index], var heading = heading(line) {
                if titleLevel > 1 {
                    heading.level = heading.level == titleLevel && title == nil ? 1
                        : heading.level - titleLevel + 2
                }
                if heading.level == 1 && title == nil {
                    guard sections.isEmpty else {
                        throw unreadable("the page's title, '# \(heading.text)', must open the page; the page starts "
                                             + "at line \(sections[0].line) instead", path: path, line: line.number,
                                         column: line.indent + 1)
                    }
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

    /// The level of the page's title: 1, or that of the first heading when it opens the page and no heading of
    /// the page is at a level above it (`## Cody Data and Analytics` with no `# ` anywhere).
    static func titleLevel(of lines: [Line], fenced: [Bool]) -> Int {
        var levels: [Int] = []
        var opensThePage = false
        for (line, isFenced) in zip(lines, fenced) {
            if isFenced {
                if levels.isEmpty { return 1 }
                continue
            }
            if let heading = heading(line) {
                if levels.isEmpty { opensThePage = true }
                levels.append(heading.level)
            } else if levels.isEmpty && !line.isBlank {
                return 1
            }
        }
        guard opensThePage, let first = levels.first, levels.allSatisfy({ $0 >= first }) else { return 1 }
        return first
    }
}
