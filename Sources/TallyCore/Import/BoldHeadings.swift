/// Definitions headed by a bold line instead of a `###` heading, as the Cody metrics page of the seeds
/// (shared/seeds/000) writes them:
///
///     **Metric: Cody DAUs**
///
///     - **Definition:** The number of active users of Cody each day.
///     - **Why this metric:** ...
///     - **Source of truth:** ... [Looker](https://...) (see: “Cody DAUs” chart)
///
/// The bold line may also be `**Cody DAUs**`, `**Cody DAUs:**` or `**Metric:** Cody DAUs`, and the fields
/// `**Label:**` paragraphs instead of bullets. A bold line is such a heading only when a definition's fields
/// follow it, before any other text: one that says `Metric:` or `Ping:` over any field tally import knows, any
/// other over a prose field only (Definition, Why this metric, Source of truth, ...), since `**Notes**` over
/// `- Version added: 3.31` in a ping's section, or a table's name over its `- **source**:` column, heads nothing.
/// A bold line over anything else is left as it was (reported, not imported).
extension PageParser {
    /// The title a bold heading line gives, and the kind its `Metric:` or `Ping:` says.
    struct BoldHeading {
        var title: String
        var kind: DefinitionKind?
    }

    /// The bold heading at each of these line indices (`fenced`: from `fenced(lines)`).
    static func boldHeadings(in lines: [Line], fenced: [Bool]) -> [Int: BoldHeading] {
        var found: [Int: BoldHeading] = [:]
        for (index, line) in lines.enumerated() where !fenced[index] {
            guard let heading = boldHeading(line),
                  headsFields(lines[(index + 1)...], fenced: fenced, anyField: heading.kind != nil) else { continue }
            found[index] = heading
        }
        return found
    }

    /// Whether the lines after a bold line hold a field of a definition before they hold anything else: a
    /// `**Label:**` paragraph or a `- Key: value` bullet, among the bullets right under it, of a prose field
    /// (`anyField`: of any field tally import knows).
    private static func headsFields(_ following: ArraySlice<Line>, fenced: [Bool], anyField: Bool) -> Bool {
        let known = anyField ? isField : isFieldLabel
        for index in following.indices {
            let line = following[index]
            if line.isBlank { continue }
            if fenced[index] || heading(line) != nil { return false }
            if let found = label(line) { return known(found.label) }
            if let text = bulletText(line) {
                if let pair = keyValue(text), known(pair.key) { return true }
                continue
            }
            // The continuation of a bullet above; any other text ends the search.
            if line.indent == 0 { return false }
        }
        return false
    }

    /// A prose field or a ping key tally import reads.
    static func isField(_ key: String) -> Bool {
        field(key) != nil || PingKey(key.lowercased()) != nil
    }

    /// `**Metric: Cody Installs**`, `**Cody Installs**`, `**Cody Installs:**` or `**Metric:** Cody Installs`,
    /// alone on its line and not indented as code; never a field's own label (`**Definition:**`).
    static func boldHeading(_ line: Line) -> BoldHeading? {
        guard line.indent < 4 else { return nil }
        let text = line.trimmed
        for marker in ["**", "__"] where text.hasPrefix(marker) {
            guard let found = emphasizedName(text, marker: marker) else { continue }
            let rest = InlineMarkdown.collapse(String(found.rest))
            var title = InlineMarkdown.plain(InlineMarkdown.collapse(found.name))
            var kind: DefinitionKind?
            if !rest.isEmpty {
                // `**Metric:** Cody Installs`: only the kind may be the label.
                guard found.colon, let said = kindWord(title) else { return nil }
                return BoldHeading(title: InlineMarkdown.plain(rest), kind: said)
            }
            for (prefix, said) in [("metric:", DefinitionKind.metric), ("ping:", .ping)]
            where title.lowercased().hasPrefix(prefix) {
                kind = said
                title = InlineMarkdown.collapse(String(title.dropFirst(prefix.count)))
            }
            guard !title.isEmpty, !isField(title), kindWord(title) == nil else { return nil }
            return BoldHeading(title: title, kind: kind)
        }
        return nil
    }

    private static func kindWord(_ word: String) -> DefinitionKind? {
        switch word.lowercased() {
        case "metric": .metric
        case "ping": .ping
        default: nil
        }
    }

    // MARK: Source of truth

    /// Each http(s) link of a source of truth, with the chart the parentheses right after it name:
    /// `[Looker](url) (see: “Cody DAUs” chart)`. A link to anything else (a relative page, a URL without its
    /// scheme) is no dashboard: it stays in the description, and is returned to be reported.
    static func dashboards(in text: String) -> (dashboards: [ImportedDashboard], others: [String]) {
        let characters = Array(text)
        var dashboards: [ImportedDashboard] = []
        var others: [String] = []
        for link in InlineMarkdown.links(in: text) {
            let url = link.url
            guard url.hasPrefix("https://") || url.hasPrefix("http://"),
                  let host = url.split(separator: "/", omittingEmptySubsequences: true).dropFirst().first else {
                others.append(url)
                continue
            }
            let title = InlineMarkdown.plain(link.text)
            dashboards.append(ImportedDashboard(title: title.isEmpty ? String(host) : title, url: url,
                                                chart: chart(after: characters[link.end...])))
        }
        return (dashboards, others)
    }

    /// The chart the parentheses that open right after a link name: a quoted name with the word "chart" after it
    /// (`see: “Cody DAUs” chart`, `the “DAUs” and “WAUs” charts`: the first) or `chart:` before it.
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
        let inside = Array(trimmed[(trimmed.startIndex + 1)..<close])
        let closing: [Character: Character] = ["“": "”", "\"": "\"", "‘": "’", "'": "'"]
        let saysChart = String(inside).lowercased().contains("chart")
        var names: [String] = []
        var index = 0
        while index < inside.count {
            // An apostrophe inside a word (Cody's) opens nothing.
            let opensWord = index + 1 < inside.count && inside[index + 1].isLetter
                && (index == 0 || !inside[index - 1].isLetter)
            guard let end = closing[inside[index]], inside[index] != "'" || opensWord,
                  let stop = inside[(index + 1)...].firstIndex(of: end) else {
                index += 1
                continue
            }
            let name = InlineMarkdown.collapse(String(inside[(index + 1)..<stop]))
            if !name.isEmpty { names.append(name) }
            index = stop + 1
        }
        return saysChart ? names.first : nil
    }
}
