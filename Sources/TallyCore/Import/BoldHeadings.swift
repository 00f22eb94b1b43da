/// Definitions headed by a bold line instead of a `###` heading, as the Cody metrics page of the seeds
/// (shared/seeds/000) writes them:
///
///     **Metric: Cody DAUs**
///
///     - **Definition:** The number of active users of Cody each day.
///     - **Why this metric:** ...
///     - **Source of truth:** ... [Looker](https://...) (see: “Cody DAUs” chart)
///
/// A line that is bold as a whole is such a heading only when the bullets right under it are fields tally import
/// knows: a bold line over any other text is left as it was (reported, not imported).
extension PageParser {
    /// The title a bold heading line gives, and the kind its `Metric:` or `Ping:` prefix says.
    struct BoldHeading {
        var title: String
        var kind: DefinitionKind?
    }

    /// The bold heading at each of these line indices (fenced code is skipped).
    static func boldHeadings(in lines: [Line]) -> [Int: BoldHeading] {
        var found: [Int: BoldHeading] = [:]
        var inFence = false
        for (index, line) in lines.enumerated() {
            if line.trimmed.hasPrefix("```") || line.trimmed.hasPrefix("~~~") { inFence.toggle() }
            guard !inFence, let heading = boldHeading(line),
                  let next = lines[(index + 1)...].first(where: { !$0.isBlank }),
                  let bullet = bulletText(next), let pair = keyValue(bullet), field(pair.key) != nil
            else { continue }
            found[index] = heading
        }
        return found
    }

    /// `**Metric: Cody Installs**` or `**Cody Installs**`, alone on its line and not indented as code.
    static func boldHeading(_ line: Line) -> BoldHeading? {
        guard line.indent < 4 else { return nil }
        let text = line.trimmed
        for marker in ["**", "__"] where text.hasPrefix(marker) && text.hasSuffix(marker) {
            guard let found = emphasizedName(text, marker: marker), !found.colon,
                  found.rest.allSatisfy({ $0 == " " }) else { continue }
            var title = InlineMarkdown.collapse(found.name)
            var kind: DefinitionKind?
            for (prefix, said) in [("metric:", DefinitionKind.metric), ("ping:", .ping)]
            where title.lowercased().hasPrefix(prefix) {
                kind = said
                title = InlineMarkdown.collapse(String(title.dropFirst(prefix.count)))
            }
            return title.isEmpty ? nil : BoldHeading(title: title, kind: kind)
        }
        return nil
    }

    /// Each link of a source of truth, with the chart the parentheses right after it name: `[Looker](url)
    /// (see: “Cody DAUs” chart)`.
    static func dashboards(in text: String) -> [ImportedDashboard] {
        let characters = Array(text)
        return InlineMarkdown.links(in: text).map { link in
            ImportedDashboard(title: InlineMarkdown.plain(link.text), url: link.url,
                              chart: chart(after: characters[link.end...]))
        }
    }

    /// The quoted name in the parentheses that open right after a link, when a word "chart" follows it.
    private static func chart(after rest: ArraySlice<Character>) -> String? {
        let trimmed = rest.drop { $0 == " " }
        guard trimmed.first == "(" else { return nil }
        // The parenthesis that closes it: chart names have their own ("Cody Installs (all users)").
        var depth = 0
        var close: Int?
        for index in trimmed.indices {
            if trimmed[index] == "(" { depth += 1 }
            if trimmed[index] == ")" { depth -= 1 }
            if depth == 0 {
                close = index
                break
            }
        }
        guard let close else { return nil }
        let inside = trimmed[(trimmed.startIndex + 1)..<close]
        let quotes: [(open: Character, close: Character)] = [("“", "”"), ("\"", "\""), ("‘", "’"), ("'", "'")]
        for quote in quotes {
            guard let open = inside.firstIndex(of: quote.open),
                  let end = inside[(open + 1)...].firstIndex(of: quote.close) else { continue }
            let after = String(inside[(end + 1)...]).lowercased().drop { $0 == " " }
            guard after.hasPrefix("chart") else { continue }
            let name = InlineMarkdown.collapse(String(inside[(open + 1)..<end]))
            return name.isEmpty ? nil : name
        }
        return nil
    }
}
