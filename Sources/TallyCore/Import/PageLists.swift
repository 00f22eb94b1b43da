/// A section that lists definitions instead of describing one ping: bullets (plain, or a bold name and its text,
/// nested to any depth) and tables with a name column. Every bullet and every row is a definition, its name the
/// title and its text the definition; what the page does not say is left to the TODOs. Prose between them is
/// reported, not imported.
extension PageParser {
    /// Whether a section's body holds a bullet or a table, so it can list definitions.
    static func listsDefinitions(_ body: [Line]) -> Bool {
        let fenced = fenced(body)
        return body.indices.contains { !fenced[$0] && (bulletText(body[$0]) != nil || table(at: $0, of: body) != nil) }
    }

    /// Whether a `###` section describes one ping in the Code Insights layout: a `**Label:**` or a `- Key: value`
    /// bullet that tally import knows.
    static func describesOnePing(_ body: [Line]) -> Bool {
        body.contains { line in
            if let found = label(line), field(found.label) != nil { return true }
            guard let text = bulletText(line), let found = keyValue(text) else { return false }
            return PingKey(found.key) != nil
        }
    }

    /// The definitions a section lists, in page order; `section` names it in warnings ("## Definitions").
    static func listedDefinitions(_ lines: [Line], section: String, warn: (String, Line) -> Void) -> [ImportedPing] {
        let body = withoutFencedCode(lines, in: "'\(section)'", warn: warn)
        var definitions: [ImportedPing] = []
        var listLines: [Line] = []
        func readList() {
            let items = bulletTree(listLines, numberedItems: true, warn: { warn($0 + " in '\(section)'", $1) })
            definitions += bulletDefinitions(items, context: [], warn: warn)
            listLines = []
        }
        var index = 0
        while index < body.count {
            if let found = table(at: index, of: body) {
                readList()
                definitions += rowDefinitions(found.table, warn: warn)
                index = found.end
            } else {
                listLines.append(body[index])
                index += 1
            }
        }
        readList()
        return definitions
    }

    // MARK: Bullets

    /// A bullet's name in bold and its text: `**Name:** text`, `**Name**: text`, `**Name** - text`.
    static func boldName(_ text: String) -> (name: String, text: String)? {
        for marker in ["**", "__"] {
            guard let found = emphasizedName(text, marker: marker) else { continue }
            let name = InlineMarkdown.collapse(found.name)
            guard !name.isEmpty else { return nil }
            let rest = InlineMarkdown.collapse(String(found.rest)).drop { " -–—:".contains($0) }
            return (name, String(rest))
        }
        return nil
    }

    /// One definition per bullet. A plain bullet is its own name and text, and the bullets nested in it are
    /// definitions too, their text read after their parents' ("Campaign usage data: Total count of ..."). Plain
    /// bullets nested in a bold-named one are part of its text (its conditions, say); bold-named ones are
    /// definitions. A numbered item heads the bullets under it, but is not one.
    static func bulletDefinitions(_ items: [Bullet], context: [String],
                                  warn: (String, Line) -> Void) -> [ImportedPing] {
        var definitions: [ImportedPing] = []
        for item in items {
            if item.numbered {
                warn("a numbered item is not imported; only bullets and table rows are", item.line)
                definitions += bulletDefinitions(item.children, context: context + [item.text], warn: warn)
            } else if let named = boldName(item.text), isFieldLabel(named.name) {
                // `- **Definition:** ...` where no bold line or heading names whose it is: a field, not a
                // definition titled "Definition".
                warn("'\(named.name)' is a field of a definition, but nothing names the definition: put a '### Title' "
                         + "heading or a bold line such as '**Metric: Title**' above its bullets; not imported", item.line)
            } else if let named = boldName(item.text) {
                var definition = ImportedPing(title: title(named.name), line: item.line.number)
                let parts = item.children.filter { boldName($0.text) == nil }
                let text = ([named.text] + markdownList(parts, indent: 0)).filter { !$0.isEmpty }
                definition.definition = text.isEmpty ? nil : text.joined(separator: "\n")
                definitions.append(definition)
                let namedChildren = item.children.filter { boldName($0.text) != nil }
                definitions += bulletDefinitions(namedChildren, context: [], warn: warn)
            } else if !item.text.isEmpty {
                var definition = ImportedPing(title: title(item.text), line: item.line.number)
                let said = (context + [item.text]).map(withoutEndColon).joined(separator: ": ")
                definition.definition = ([said] + markdownList(item.children, indent: 0)).joined(separator: "\n")
                definitions.append(definition)
                definitions += bulletDefinitions(item.children, context: context + [item.text], warn: warn)
            } else {
                warn("an empty bullet is not imported", item.line)
            }
        }
        return definitions
    }

    /// Bullets as Markdown list lines, nested ones indented under their parents.
    static func markdownList(_ items: [Bullet], indent: Int) -> [String] {
        items.flatMap { item in
            [String(repeating: " ", count: indent) + (item.numbered ? "1. " : "- ") + item.text]
                + markdownList(item.children, indent: indent + 2)
        }
    }

    /// A name as a heading shows it: plain text, its first letter capitalized, without the colon or full stop
    /// that ends it in a list ("Look for new product releases.", "by:").
    static func title(_ name: String) -> String {
        var text = InlineMarkdown.plain(withoutEndColon(name))
        if text.hasSuffix("."), !text.hasSuffix("..") { text.removeLast() }
        guard let first = text.first, first.isLowercase else { return text }
        return first.uppercased() + text.dropFirst()
    }

    /// The text without the colons that end it: "Aggregate counts of users, by:" introduces the bullets under it.
    static func withoutEndColon(_ text: String) -> String {
        var result = InlineMarkdown.collapse(text)
        while result.hasSuffix(":") { result = InlineMarkdown.collapse(String(result.dropLast())) }
        return result
    }

    // MARK: Tables

    /// What a column of a table of definitions holds, from its header.
    enum ColumnRole { case name, definition, rationale, events, added }

    static func columnRole(_ header: String) -> ColumnRole? {
        switch InlineMarkdown.plain(header).lowercased() {
        case "name", "metric", "metric name", "metrics", "ping", "ping name", "event", "event name", "title", "term",
             "kpi", "measure", "data point", "attribute", "telemetry":
            .name
        case "definition", "description", "meaning", "what it measures", "what it counts", "details", "calculation",
             "how it is calculated", "formula":
            .definition
        case "outcome", "purpose", "intended purpose", "why", "why this metric", "rationale", "question", "goal":
            .rationale
        case "events", "event code", "event codes", "event names", "logged events":
            .events
        case "added", "version added", "added in", "since", "first version":
            .added
        default:
            nil
        }
    }

    /// One definition per row: the name column is the title (and the definition, when the table has no
    /// definition column), an outcome or purpose column the rationale, an events column its event codes, an added
    /// column the version it was added in. Without headers tally import knows, the first column is the name and the
    /// second the definition; any other column is reported, not imported.
    static func rowDefinitions(_ table: Table, warn: (String, Line) -> Void) -> [ImportedPing] {
        var roles = table.header.map(columnRole)
        // An "Event" column beside another name column (Metric | Event | ...) holds each row's events.
        let eventHeaders: Set<String> = ["event", "event name"]
        if roles.filter({ $0 == .name }).count > 1 {
            for column in roles.indices where roles[column] == .name
            && eventHeaders.contains(InlineMarkdown.plain(table.header[column]).lowercased()) {
                roles[column] = .events
            }
        }
        for role in [ColumnRole.name, .definition] where !roles.contains(role) {
            if let free = roles.firstIndex(where: { $0 == nil }) { roles[free] = role }
        }
        // A second column of one role would be read by no one: it is reported like any other left out.
        for column in roles.indices where roles[column] != nil && roles[..<column].contains(roles[column]) {
            roles[column] = nil
        }
        for (column, role) in roles.enumerated() where role == nil {
            warn("column '\(table.header[column])' of the table is not imported; only its name, definition, "
                     + "outcome or purpose, events and added columns are (one of each)", table.headerLine)
        }
        func written(_ role: ColumnRole, of row: [String]) -> String? {
            guard let column = roles.firstIndex(of: role), column < row.count else { return nil }
            return row[column]
        }
        func cell(_ role: ColumnRole, of row: [String]) -> String? {
            written(role, of: row).flatMap { meansUnknown($0) ? nil : $0 }
        }
        var definitions: [ImportedPing] = []
        for row in table.rows {
            let rationale = cell(.rationale, of: row.cells)
            guard let name = cell(.name, of: row.cells) ?? rationale else {
                warn("a table row without a name is not imported", row.line)
                continue
            }
            var definition = ImportedPing(title: title(name), line: row.line.number)
            let definitionRole = roles.contains(.definition) ? ColumnRole.definition : .name
            definition.definition = cell(definitionRole, of: row.cells)
            if definition.definition == nil, let said = written(definitionRole, of: row.cells), !said.isEmpty {
                definition.definitionPlaceholder = said
            }
            definition.purpose = rationale
            if let events = cell(.events, of: row.cells) {
                readCodes(events, line: row.line, into: &definition, warn: warn)
            }
            if let added = cell(.added, of: row.cells) {
                definition.addedText = added
                definition.added = addedVersion(added, line: row.line, warn: warn)
            }
            definitions.append(definition)
        }
        return definitions
    }

    /// A cell that says nothing yet: empty, "TBD", "n/a", ...
    static func meansUnknown(_ text: String) -> Bool {
        let normalized = InlineMarkdown.collapse(text).lowercased()
        return InlineMarkdown.meansNothing(text) || ["tbd", "tba", "todo", "?", "unknown"].contains(normalized)
    }
}
