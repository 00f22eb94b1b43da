/// Reads a metrics or pings page: `# Title`, introduction, `## Terminology` bullets, then the definitions in the
/// styles metric pages use: `###` sections in the layout of the Code Insights pings page (shared/seeds/003), with
/// `**Label:** value` paragraphs and `- Key: value` bullets; lists of plain or bold-named bullets, nested or not;
/// tables with a name column. Anything it does not understand becomes a warning, never silently dropped; a page
/// it cannot read at all is an error at a line.
///
/// The reading is in steps, a file each: the page's lines (PageLines), its sections (PageSections), then per
/// section the introduction (MarkdownParagraphs), the terminology (PageTerminology), a ping (PingSection, whose
/// bullets are read by PingFields and EventCodes) or a list of definitions (PageLists, from PageBullets and
/// PageTables).
public enum PageParser {
    /// Parses the bytes of a page; `path` names it in problems.
    public static func parse(_ bytes: [UInt8], path: String) throws(ImportFailure) -> ImportedPage {
        try parse(lines: lines(of: bytes, path: path), path: path)
    }

    static func parse(lines: [Line], path: String) throws(ImportFailure) -> ImportedPage {
        var warnings: [Diagnostic] = []
        func warn(_ message: String, _ line: Line) {
            warnings.append(Diagnostic(.pageTextNotImported, message,
                                       at: .line(line.number, of: path, column: line.indent + 1)))
        }
        let (title, sections) = try sections(of: lines, path: path, warn: warn)
        var introduction = ""
        var terminology: [ImportedTerm] = []
        var pings: [ImportedPing] = []
        for section in sections {
            switch section.kind {
            case .introduction:
                introduction = markdown(section.body)
            case .second(let name):
                if section.isTerminology {
                    terminology += terms(section.body, warn: warn)
                } else if listsDefinitions(section.body) {
                    pings += listedDefinitions(section.body, section: "## \(name)", warn: warn)
                } else if let first = section.body.first(where: { !$0.isBlank }) {
                    warn("text under '## \(name)' is not imported; only the introduction, '## Terminology', "
                             + "'###' ping sections, bullets and tables are", first)
                }
            case .ping(let name):
                if !section.boldHeaded && !describesOnePing(section.body) && listsDefinitions(section.body) {
                    pings += listedDefinitions(section.body, section: "### \(name)", warn: warn)
                } else {
                    var ping = ping(name, kind: section.definitionKind ?? kind(ofPageTitled: title.text),
                                    line: section.line, body: section.body, warn: warn)
                    ping.kind = section.definitionKind
                    pings.append(ping)
                }
            }
        }
        // A page with no sections at all, its bullets or table right under the title: those are its definitions,
        // and the text before them its introduction.
        if pings.isEmpty, let intro = sections.first(where: { if case .introduction = $0.kind { true } else { false } }),
           case let fenced = fenced(intro.body),
           let start = intro.body.indices.first(where: {
               !fenced[$0] && (bulletText(intro.body[$0]) != nil || table(at: $0, of: intro.body) != nil)
           }) {
            pings = listedDefinitions(Array(intro.body[start...]), section: "# \(title.text)", warn: warn)
            if !pings.isEmpty { introduction = markdown(Array(intro.body[..<start])) }
        }
        guard !pings.isEmpty else {
            // A table of metrics or pings put under the terminology is read as terms: the likeliest reason a page
            // with such a table gives nothing. A real glossary (Term | Meaning, or bullets) is no such table: its
            // name column is headed like a glossary's.
            let glossaryHeaders: Set<String> = ["term", "name", "title"]
            let terms = sections.first { section in
                guard section.isTerminology else { return false }
                return section.body.indices.contains { index in
                    table(at: index, of: section.body)?.table.header.contains { header in
                        columnRole(header) == .name && !glossaryHeaders.contains(InlineMarkdown.plain(header).lowercased())
                    } ?? false
                }
            }
            throw unreadable("nothing to import: tally import makes a definition of each '###' ping section, bullet "
                                 + "and table row under the '# \(title.text)' title, and the page has none"
                                 + (terms.map { "; the table under '## Terminology' (line \($0.line)) is read as terms: give the "
                                     + "definitions a '##' section of their own" } ?? ""),
                             path: path, line: title.line)
        }
        return ImportedPage(title: title.text, kind: kind(ofPageTitled: title.text), introduction: introduction,
                            terminology: terminology, pings: pings, warnings: warnings)
    }

    /// A page of metrics when its title says so (and does not say pings); a page of pings otherwise.
    static func kind(ofPageTitled title: String) -> DefinitionKind {
        let words = title.lowercased()
        return words.contains("metric") && !words.contains("ping") ? .metric : .ping
    }

    /// What stops the page from being read at all, at a line and column of it.
    static func unreadable(_ message: String, path: String, line: Int, column: Int = 1) -> ImportFailure {
        ImportFailure([Diagnostic(.pageNotImportable, message, at: .line(line, of: path, column: column))],
                      summary: "nothing was written")
    }
}
