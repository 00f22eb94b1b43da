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

    enum Field { case type, definition, purpose, implementation, considerations }

    static func field(_ label: String) -> Field? {
        switch label.lowercased() {
        case "type", "ping type": .type
        case "definition": .definition
        case "intended purpose", "purpose", "rationale", "why this metric", "why this ping": .purpose
        case "functional implementation", "implementation": .implementation
        case "other considerations", "considerations": .considerations
        default: nil
        }
    }

    static func ping(_ title: String, line headingLine: Int, body: [Line],
                     warn: (String, Line) -> Void) -> ImportedPing {
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
                warn("text outside the '**Label:**' paragraphs and '- ' bullets of ping '\(title)' is not imported",
                     line)
            }
        }
        var seen: Set<String> = []
        for entry in labelled {
            guard let field = entry.field else {
                warn("'**\(entry.name):**' is not a field tally import knows (Type, Definition, Intended purpose, "
                         + "Functional implementation, Other considerations); not imported", entry.line)
                continue
            }
            let key = "\(field)"
            if seen.contains(key) {
                warn("a second '**\(entry.name):**' in ping '\(title)'; only the first is imported", entry.line)
                continue
            }
            seen.insert(key)
            let text = markdown(entry.lines)
            let value: String? = text.isEmpty ? nil : text
            switch field {
            case .type:
                ping.typeText = value
                ping.type = value.flatMap(pingType)
                if value != nil && ping.type == nil {
                    warn("type '\(value!)' is neither FE event nor BE capture", entry.line)
                }
            case .definition: ping.definition = value
            case .purpose: ping.purpose = value
            case .implementation: ping.implementation = value
            case .considerations: ping.considerations = value
            }
        }
        for item in bullets(bulletLines, warn: warn) { read(item, into: &ping, warn: warn) }
        return ping
    }

    static func pingType(_ text: String) -> PingType? {
        let words = text.lowercased().split(whereSeparator: { !$0.isLetter && $0 != "-" }).map(String.init)
        let frontend = words.first == "fe" || words.contains { ["frontend", "front-end", "client"].contains($0) }
        let backend = words.first == "be" || words.contains { ["backend", "back-end", "server"].contains($0) }
        if frontend == backend { return nil }
        return frontend ? .frontendEvent : .backendCapture
    }
}
