/// One `###` ping section: `**Label:** value` paragraphs for the prose fields, then `- Key: value` bullets (read
/// by PingFields) for everything else.
extension PageParser {
    /// A `**Label:** value` line: the label (without colon) and the rest of the line.
    static func label(_ line: Line) -> (label: String, value: String)? {
        guard line.indent < 4 else { return nil }
        let text = line.trimmed
        guard text.hasPrefix("**") || text.hasPrefix("__") else { return nil }
        guard let found = emphasizedName(text, marker: String(text.prefix(2))), found.colon else { return nil }
        return (InlineMarkdown.collapse(found.name), InlineMarkdown.collapse(String(found.rest)))
    }

    /// Text that opens with a name in emphasis, `**Name:** rest` or `**Name**: rest` (`marker` is `**` or `__`):
    /// the name without its colon, the rest, and whether a colon ended the name; nil when the marker is not closed.
    static func emphasizedName(_ text: String, marker: String) -> (name: String, rest: Substring, colon: Bool)? {
        guard text.hasPrefix(marker), let close = text.dropFirst(marker.count).firstRange(of: marker) else { return nil }
        var name = String(text[text.index(text.startIndex, offsetBy: marker.count)..<close.lowerBound])
        var rest = text[close.upperBound...]
        if name.hasSuffix(":") {
            name.removeLast()
        } else if rest.hasPrefix(":") {
            rest = rest.dropFirst()
        } else {
            return (name, rest, false)
        }
        return (name, rest, true)
    }

    enum Field { case type, definition, purpose, implementation, considerations, source }

    static func field(_ label: String) -> Field? {
        switch label.lowercased() {
        case "type", "ping type": .type
        case "definition": .definition
        case "intended purpose", "purpose", "rationale", "why this metric", "why this ping": .purpose
        case "functional implementation", "implementation": .implementation
        case "other considerations", "considerations": .considerations
        case "source of truth", "source", "data source": .source
        default: nil
        }
    }

    /// A name that only ever labels a field of a definition (`Definition`, `Why this metric`), unlike `source` or
    /// `type` (spellings `field` reads too), which a list of data fields may well name.
    static func isFieldLabel(_ name: String) -> Bool {
        ["definition", "why this metric", "why this ping", "source of truth", "intended purpose",
         "functional implementation", "other considerations"].contains(InlineMarkdown.collapse(name).lowercased())
    }

    /// Whether the ping already has a value for the field.
    static func has(_ field: Field, _ ping: ImportedPing) -> Bool {
        switch field {
        case .type: ping.typeText != nil
        case .definition: ping.definition != nil
        case .purpose: ping.purpose != nil
        case .implementation: ping.implementation != nil
        case .considerations: ping.considerations != nil
        case .source: ping.sourceDescription != nil
        }
    }

    /// Gives the ping a field's value, from a `**Label:**` paragraph or a `- **Label:** value` bullet at `line`.
    static func assign(_ field: Field, _ value: String?, at line: Line, to ping: inout ImportedPing,
                       warn: (String, Line) -> Void) {
        switch field {
        case .type:
            ping.typeText = value
            ping.type = value.flatMap(pingType)
            if let value, ping.type == nil {
                warn(namedTypes(value).frontend ? "type '\(value)' names both FE event and BE capture; a ping has one type"
                         : "type '\(value)' is neither FE event nor BE capture", line)
            }
        case .definition: ping.definition = value
        case .purpose: ping.purpose = value
        case .implementation: ping.implementation = value
        case .considerations: ping.considerations = value
        case .source:
            ping.sourceDescription = value
            let (linked, others) = value.map(dashboards) ?? ([], [])
            ping.dashboards = linked
            for other in others {
                warn("the link '\(other)' of the source of truth is no http(s) URL: kept in its description, not made "
                         + "a dashboard", line)
            }
        }
    }

    /// One definition's section; `kind` (what it says it is, else the page's title) names it in warnings.
    static func ping(_ title: String, kind: DefinitionKind, line headingLine: Int, body lines: [Line],
                     warn: (String, Line) -> Void) -> ImportedPing {
        let named = "\(kind.rawValue) '\(title)'"
        let body = withoutFencedCode(lines, in: named, warn: warn)
        var ping = ImportedPing(title: title, line: headingLine)
        // Labels first: each takes the paragraphs after it up to the next label or bullet.
        var labelled: [(field: Field?, name: String, line: Line, lines: [Line])] = []
        var bulletLines: [Line] = []
        var inBullets = false
        var sawBlank = false
        for line in body {
            if line.isBlank {
                sawBlank = true
                if inBullets { bulletLines.append(line) } else if !labelled.isEmpty {
                    labelled[labelled.count - 1].lines.append(line)
                }
                continue
            }
            defer { sawBlank = false }
            // `**Aggregation:** by week`: a key the bullets hold, written as a label, is read as its bullet.
            if let found = label(line), field(found.label) == nil, PingKey(found.label.lowercased()) != nil {
                inBullets = true
                bulletLines.append(Line(number: line.number, text: "- \(found.label): \(found.value)"))
                continue
            }
            if let found = label(line) {
                let (name, value) = (found.label, found.value)
                inBullets = false
                let valueLine = Line(number: line.number, text: value)
                labelled.append((field(name), name, line, value.isEmpty ? [] : [valueLine]))
                continue
            }
            if bulletText(line) != nil {
                inBullets = true
                bulletLines.append(line)
                continue
            }
            if inBullets && (!sawBlank || line.indent > 0) {
                bulletLines.append(line)
            } else if !labelled.isEmpty && !inBullets {
                labelled[labelled.count - 1].lines.append(line)
            } else {
                inBullets = false
                warn("text outside the '**Label:**' paragraphs and '- ' bullets of \(named) is not imported",
                     line)
            }
        }
        var seen: Set<String> = []
        for entry in labelled {
            guard let field = entry.field else {
                warn("'**\(entry.name):**' is not a field tally import knows (\(knownFields)); not imported",
                     entry.line)
                continue
            }
            let key = "\(field)"
            if seen.contains(key) {
                warn("a second '**\(entry.name):**' in \(named); only the first is imported", entry.line)
                continue
            }
            seen.insert(key)
            let text = markdown(entry.lines)
            assign(field, text.isEmpty ? nil : text, at: entry.line, to: &ping, warn: warn)
        }
        for item in bullets(bulletLines, warn: warn) { read(item, into: &ping, named: named, warn: warn) }
        return ping
    }

    /// The labels of the prose fields, as a warning lists them.
    static let knownFields = "Type, Definition, Intended purpose, Functional implementation, Other considerations, "
        + "Source of truth"

    static func pingType(_ text: String) -> PingType? {
        let (frontend, backend) = namedTypes(text)
        if frontend == backend { return nil }
        return frontend ? .frontendEvent : .backendCapture
    }

    /// Whether a Type text names a frontend event and whether it names a backend capture: "FE event & BE capture"
    /// names both (and is no one type). "FE" and "BE" count first or before "event" and "capture", since "be" is a
    /// word of prose too.
    static func namedTypes(_ text: String) -> (frontend: Bool, backend: Bool) {
        let words = text.lowercased().split(whereSeparator: { !$0.isLetter && $0 != "-" }).map(String.init)
        func abbreviated(_ short: String, before nouns: [String]) -> Bool {
            words.first == short || words.indices.dropLast().contains { words[$0] == short && nouns.contains(words[$0 + 1]) }
        }
        let frontend = abbreviated("fe", before: ["event", "events"])
            || words.contains { ["frontend", "front-end", "client"].contains($0) }
        let backend = abbreviated("be", before: ["capture", "captures"])
            || words.contains { ["backend", "back-end", "server"].contains($0) }
        return (frontend, backend)
    }
}
