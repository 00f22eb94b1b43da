/// Reads a pings page in the style of the Code Insights pings page (shared/seeds/003): `# Title`,
/// introduction, `## Terminology` bullets, then per ping a `###` section with
/// `**Label:** value` paragraphs and `- Key: value` bullets. Anything it does not understand becomes a warning,
/// never silently dropped; a page it cannot read at all is an error at a line.
///
/// The reading is in steps, a file each: the page's lines (PageLines), its sections (PageSections), then per
/// section the introduction (MarkdownParagraphs), the terminology (PageTerminology) or a ping (PingSection, whose
/// bullets are read by PingFields and EventCodes).
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
                let normalized = name.lowercased()
                if normalized == "terminology" || normalized == "glossary" || normalized == "definitions" {
                    terminology += terms(section.body, warn: warn)
                } else if let first = section.body.first(where: { !$0.isBlank }) {
                    warn("text under '## \(name)' is not imported; only the introduction, '## Terminology' and "
                             + "'###' ping sections are", first)
                }
            case .ping(let name):
                pings.append(ping(name, line: section.line, body: section.body, warn: warn))
            }
        }
        return ImportedPage(title: title.text, introduction: introduction, terminology: terminology, pings: pings,
                            warnings: warnings)
    }

    /// What stops the page from being read at all, at a line and column of it.
    static func unreadable(_ message: String, path: String, line: Int, column: Int = 1) -> ImportFailure {
        ImportFailure([Diagnostic(.pageNotImportable, message, at: .line(line, of: path, column: column))],
                      summary: "nothing was written")
    }
}
