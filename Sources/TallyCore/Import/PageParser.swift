/// Reads a pings page in the style of the Code Insights pings page (shared/seeds/003): `# Title`,
/// introduction, `## Terminology` bullets, then per ping a `###` section with
/// `**Label:** value` paragraphs and `- Key: value` bullets. Anything it does not understand becomes a warning,
/// never silently dropped; a page it cannot read at all is an error at a line.
public enum PageParser {
    /// A line of the page with HTML comments blanked out, trailing white space removed and tabs expanded.
    struct Line {
        var number: Int
        var text: String
        var indent: Int { text.prefix { $0 == " " }.count }
        var trimmed: String { String(text.drop { $0 == " " }) }
        var isBlank: Bool { text.allSatisfy { $0 == " " } }
    }

    struct Section {
        enum Kind { case introduction, second(String), ping(String) }
        var kind: Kind
        var line: Int
        var body: [Line]
    }

    /// Parses the bytes of a page; `path` names it in problems.
    public static func parse(_ bytes: [UInt8], path: String) throws(ImportProblem) -> ImportedPage {
        if let offset = UTF8Check.firstInvalidOffset(in: bytes) {
            let position = SourceText(path: path, bytes: bytes).position(ofByte: offset)
            throw ImportProblem(.error, "the page is not valid UTF-8 (byte 0x\(hex(bytes[offset])) at offset "
                                    + "\(offset)); save it as UTF-8",
                                file: path, line: position.line, column: position.column)
        }
        var text = String(decoding: bytes, as: UTF8.self)
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        text = text.replacing("\r\n", with: "\n").replacing("\r", with: "\n")
        let lines = try withoutComments(text, path: path)
            .split(separator: "\n", omittingEmptySubsequences: false)
            .enumerated()
            .map { Line(number: $0.offset + 1, text: expandTabs(String($0.element)).trimmingTrailingSpaces()) }
        return try parse(lines: lines, path: path)
    }

    static func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return String([digits[Int(byte >> 4)], digits[Int(byte & 0xF)]])
    }

    /// `<!-- ... -->` becomes spaces (line breaks kept), so lines and columns stay those of the page.
    static func withoutComments(_ text: String, path: String) throws(ImportProblem) -> String {
        guard text.contains("<!--") else { return text }
        var output = ""
        var rest = Substring(text)
        var line = 1
        var column = 1
        func advance(over piece: Substring) {
            for character in piece {
                if character == "\n" {
                    line += 1
                    column = 1
                } else {
                    column += 1
                }
            }
        }
        while let open = rest.firstRange(of: "<!--") {
            let before = rest[..<open.lowerBound]
            output += before
            advance(over: before)
            let afterOpen = rest[open.upperBound...]
            guard let close = afterOpen.firstRange(of: "-->") else {
                throw ImportProblem(.error, "an HTML comment '<!--' is never closed with '-->'", file: path,
                                    line: line, column: column)
            }
            let comment = rest[open.lowerBound..<close.upperBound]
            for character in comment { output.append(character == "\n" ? "\n" : " ") }
            advance(over: comment)
            rest = rest[close.upperBound...]
        }
        output += rest
        return output
    }

    static func expandTabs(_ text: String) -> String {
        guard text.contains("\t") else { return text }
        var output = ""
        var column = 0
        for character in text {
            if character == "\t" {
                let spaces = 4 - column % 4
                output += String(repeating: " ", count: spaces)
                column += spaces
            } else {
                output.append(character)
                column += 1
            }
        }
        return output
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

    static func parse(lines: [Line], path: String) throws(ImportProblem) -> ImportedPage {
        var warnings: [ImportProblem] = []
        func warn(_ message: String, _ line: Line) {
            warnings.append(ImportProblem(.warning, message, file: path, line: line.number, column: line.indent + 1))
        }
        // Split into sections by headings, outside fenced code.
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
                        throw ImportProblem(.error, "a '###' heading without a title; each ping needs one",
                                            file: path, line: line.number, column: line.indent + 1)
                    }
                    sections.append(Section(kind: .ping(heading.text), line: line.number, body: []))
                    continue
                default:
                    break
                }
            }
            if sections.isEmpty {
                if !line.isBlank {
                    throw ImportProblem(.error, "the page must start with its title, a '# Title' heading",
                                        file: path, line: line.number, column: line.indent + 1)
                }
                continue
            }
            sections[sections.count - 1].body.append(line)
        }
        guard let title else {
            throw ImportProblem(.error, "the page has no '# Title' heading", file: path, line: 1)
        }
        guard sections.contains(where: { if case .ping = $0.kind { true } else { false } }) else {
            throw ImportProblem(.error,
                                "no '### <ping title>' sections: tally import makes one definition of each '###' "
                                    + "section (under the '# \(title.text)' title)",
                                file: path, line: title.line)
        }
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

    // MARK: Markdown text

    /// Lines that begin a block of their own in Markdown: joining them to the line before would change the text.
    static func startsBlock(_ line: Line) -> Bool {
        if line.indent >= 4 { return true }
        let text = line.trimmed
        if ["- ", "* ", "+ ", "> ", "|", "#", "```", "~~~"].contains(where: { text.hasPrefix($0) }) { return true }
        if text == "-" || text == "*" || text == ">" { return true }
        let digits = text.prefix { $0.isASCII && $0.isNumber }
        return !digits.isEmpty && (text.dropFirst(digits.count).hasPrefix(". ")
                                       || text.dropFirst(digits.count).hasPrefix(") "))
    }

    /// Markdown lines as one text: paragraphs separated by one empty line; a paragraph's lines joined by a space
    /// unless it holds a list, quote, table or code, whose lines are kept.
    static func markdown(_ lines: [Line]) -> String {
        var paragraphs: [[Line]] = [[]]
        for line in lines {
            if line.isBlank {
                if !paragraphs[paragraphs.count - 1].isEmpty { paragraphs.append([]) }
            } else {
                paragraphs[paragraphs.count - 1].append(line)
            }
        }
        return paragraphs.filter { !$0.isEmpty }.map { paragraph in
            if paragraph.contains(where: startsBlock) {
                let indent = paragraph.map(\.indent).min() ?? 0
                return paragraph.map { String($0.text.dropFirst(indent)) }.joined(separator: "\n")
            }
            return InlineMarkdown.collapse(paragraph.map(\.text).joined(separator: " "))
        }.joined(separator: "\n\n")
    }

    // MARK: Terminology

    /// `- **term** - definition` bullets (also `**term**: definition`, `**term:** definition`, `term - definition`).
    static func terms(_ body: [Line], warn: (String, Line) -> Void) -> [ImportedTerm] {
        var result: [ImportedTerm] = []
        for item in bullets(body, warn: { warn($0 + " in the terminology", $1) }) {
            let text = item.text
            var term: String?
            var definition = ""
            if text.hasPrefix("**"), let close = text.dropFirst(2).firstRange(of: "**") {
                term = String(text[text.index(text.startIndex, offsetBy: 2)..<close.lowerBound])
                definition = String(text[close.upperBound...])
            } else if let dash = text.firstRange(of: " - ") ?? text.firstRange(of: " – ") ?? text.firstRange(of: ": ") {
                term = String(text[..<dash.lowerBound])
                definition = String(text[dash.upperBound...])
            }
            var cleanTerm = InlineMarkdown.collapse(term ?? "")
            if cleanTerm.hasSuffix(":") { cleanTerm.removeLast() }
            definition = String(InlineMarkdown.collapse(definition).drop { " -–—:".contains($0) })
            for child in item.children { definition += (definition.isEmpty ? "" : "\n") + "- " + child.text }
            guard !cleanTerm.isEmpty, !definition.isEmpty else {
                warn("a terminology bullet that is not '- **term** - definition'; not imported", item.line)
                continue
            }
            result.append(ImportedTerm(term: cleanTerm, definition: definition))
        }
        return result
    }

    // MARK: Bullets

    struct Bullet {
        var line: Line
        var text: String
        var children: [Bullet] = []
    }

    static func bulletText(_ line: Line) -> String? {
        let text = line.trimmed
        for marker in ["- ", "* ", "+ "] where text.hasPrefix(marker) {
            return InlineMarkdown.collapse(String(text.dropFirst(2)))
        }
        if text == "-" || text == "*" || text == "+" { return "" }
        return nil
    }

    /// Top-level bullets with their nested bullets; a line that is no bullet continues the item above it (URLs
    /// broken across lines too). Text outside any bullet is reported.
    static func bullets(_ body: [Line], warn: (String, Line) -> Void) -> [Bullet] {
        var items: [Bullet] = []
        var sawBlank = false
        var topIndent = 0
        for line in body {
            if line.isBlank {
                sawBlank = true
                continue
            }
            defer { sawBlank = false }
            if let text = bulletText(line) {
                if items.isEmpty || line.indent <= topIndent {
                    topIndent = line.indent
                    items.append(Bullet(line: line, text: text))
                } else {
                    items[items.count - 1].children.append(Bullet(line: line, text: text))
                }
                continue
            }
            guard !items.isEmpty, !sawBlank || line.indent > topIndent else {
                warn("text outside a bullet is not imported", line)
                continue
            }
            let last = items.count - 1
            if items[last].children.isEmpty {
                items[last].text = InlineMarkdown.collapse(items[last].text + " " + line.text)
            } else {
                let child = items[last].children.count - 1
                items[last].children[child].text = InlineMarkdown.collapse(
                    items[last].children[child].text + " " + line.text)
            }
        }
        return items
    }

    // MARK: Pings

    /// A `**Label:** value` line: the label (without colon) and the rest of the line.
    static func label(_ line: Line) -> (label: String, value: String)? {
        guard line.indent < 4 else { return nil }
        let text = line.trimmed
        guard text.hasPrefix("**") || text.hasPrefix("__") else { return nil }
        let marker = String(text.prefix(2))
        let inner = text.dropFirst(2)
        guard let close = inner.firstRange(of: marker) else { return nil }
        var name = String(inner[..<close.lowerBound])
        var rest = inner[close.upperBound...]
        if name.hasSuffix(":") {
            name.removeLast()
        } else if rest.hasPrefix(":") {
            rest = rest.dropFirst()
        } else {
            return nil
        }
        return (InlineMarkdown.collapse(name), InlineMarkdown.collapse(String(rest)))
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
        var ping = ImportedPing(title: title, line: headingLine, typeText: nil, type: nil, definition: nil,
                                purpose: nil, implementation: nil, considerations: nil, aggregationText: nil,
                                grain: nil, eventCodes: [], funnels: [], prs: [], addedText: nil, added: nil,
                                broken: [])
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

    /// `- Key: value` or `- **Key:** value`: the key, lowercased without its colon, and the value.
    static func keyValue(_ text: String) -> (key: String, value: String)? {
        var key: String
        var value: Substring
        if text.hasPrefix("**"), let close = text.dropFirst(2).firstRange(of: "**") {
            key = String(text[text.index(text.startIndex, offsetBy: 2)..<close.lowerBound])
            value = text[close.upperBound...]
            if key.hasSuffix(":") {
                key.removeLast()
            } else if value.hasPrefix(":") {
                value = value.dropFirst()
            } else {
                return nil
            }
        } else if let colon = text.firstIndex(of: ":"), !text[..<colon].contains("["),
                  text[..<colon].count <= 40 {
            key = String(text[..<colon])
            value = text[text.index(after: colon)...]
        } else {
            return nil
        }
        return (InlineMarkdown.collapse(key).lowercased(), InlineMarkdown.collapse(String(value)))
    }

    static func read(_ item: Bullet, into ping: inout ImportedPing, warn: (String, Line) -> Void) {
        guard let found = keyValue(item.text) else {
            warn("a bullet that is not '- Key: value' in ping '\(ping.title)'; not imported", item.line)
            return
        }
        let (key, value) = (found.key, found.value)
        func childrenJoined() -> String {
            ([value] + item.children.map(\.text)).filter { !$0.isEmpty }.joined(separator: ", ")
        }
        switch key {
        case "aggregation", "aggregate", "aggregation period", "grain":
            ping.aggregationText = value
            ping.grain = grain(value)
            if ping.grain == nil {
                warn("aggregation '\(value)' names no grain tally knows (by day, by week, by month, total)", item.line)
            }
            for child in item.children { warn("a nested bullet under Aggregation is not imported", child.line) }
        case "event code", "event codes", "event", "events", "event name", "event names":
            if !value.isEmpty { readCodes(value, line: item.line, into: &ping, warn: warn) }
            for child in item.children { readCodes(child.text, line: child.line, into: &ping, warn: warn) }
        case "prs", "pr", "pull requests", "pull request", "pr(s)":
            ping.prs += pullRequests(childrenJoined())
        case "version added", "added", "version(s) added", "added in", "first version":
            ping.addedText = childrenJoined()
            ping.added = InlineMarkdown.firstVersion(in: ping.addedText!)
            if ping.added == nil && !InlineMarkdown.meansNothing(ping.addedText!) {
                warn("'\(ping.addedText!)' holds no version (like 3.25)", item.line)
            }
        case "version(s) broken", "versions broken", "version broken", "known versions broken", "broken",
             "broken versions", "known broken versions", "broken in":
            let (ranges, unread) = InlineMarkdown.brokenRanges(childrenJoined())
            ping.broken += ranges
            if let unread {
                warn("could not read broken ranges from '\(unread)'; write them like 3.31-3.35.0 (reason) "
                         + "([fix PR](url))", item.line)
            }
        default:
            warn("'- \(key): ...' is not a field tally import knows (Aggregation, Event Code(s), PRs, Version "
                     + "Added, Version(s) broken); not imported", item.line)
        }
    }

    static func grain(_ text: String) -> Grain? {
        let first = text.split(separator: ",").first.map { InlineMarkdown.collapse(String($0)).lowercased() } ?? ""
        if first.hasPrefix("total") || first.hasPrefix("all time") || first.hasPrefix("overall")
            || first.hasPrefix("over all time") { return .total }
        let words = first.split(whereSeparator: { !$0.isLetter }).map(String.init)
        if words.contains(where: { ["week", "weekly", "weeks"].contains($0) }) { return .week }
        if words.contains(where: { ["day", "daily", "days"].contains($0) }) { return .day }
        if words.contains(where: { ["month", "monthly", "months"].contains($0) }) { return .month }
        return nil
    }

    /// PR links' destinations exactly as written; bare `#123` or URLs when there are no links.
    static func pullRequests(_ text: String) -> [String] {
        let characters = Array(text)
        var found: [String] = []
        func bare(_ piece: ArraySlice<Character>) {
            found += String(piece).split(whereSeparator: { $0 == "," || $0 == ";" || $0.isWhitespace })
                .map(String.init)
                .filter { ($0.hasPrefix("#") && $0.count > 1 && $0.dropFirst().allSatisfy(\.isNumber))
                    || $0.hasPrefix("https://") || $0.hasPrefix("http://") }
        }
        var position = 0
        for link in InlineMarkdown.links(in: text) {
            bare(characters[position..<link.start])
            found.append(link.url)
            position = link.end
        }
        bare(characters[position...])
        return found
    }

    /// A code list (`[A](url) description, [B](url)`, or bare names) or a funnel (`For the "X" funnel: (1) [A](url),
    /// (2) [B](url) ... (4.1) [C](url) OR (4.2) [D](url)`).
    static func readCodes(_ text: String, line: Line, into ping: inout ImportedPing, warn: (String, Line) -> Void) {
        let links = InlineMarkdown.links(in: text)
        let characters = Array(text)
        func add(_ code: ImportedEventCode) {
            if let index = ping.eventCodes.firstIndex(where: { $0.name == code.name }) {
                let first = ping.eventCodes[index]
                if first.url != code.url && code.url != nil {
                    if first.url == nil {
                        ping.eventCodes[index].url = code.url
                    } else {
                        warn("event code '\(code.name)' is linked differently than before; the first link is kept",
                             line)
                    }
                }
                if first.description == nil, let description = code.description {
                    ping.eventCodes[index].description = description
                }
                return
            }
            ping.eventCodes.append(code)
        }
        func name(_ link: InlineMarkdown.Link) -> String {
            InlineMarkdown.collapse(link.text.replacing("`", with: ""))
        }
        if let funnel = funnelName(text) {
            var steps: [[String]] = []
            var previousNumber: String?
            var previousEnd = 0
            for link in links {
                let before = InlineMarkdown.collapse(String(characters[previousEnd..<link.start]))
                let number = stepNumber(before)
                let alternative = number.map { $0 == previousNumber } ?? before.lowercased().hasSuffix("or")
                if alternative, !steps.isEmpty {
                    steps[steps.count - 1].append(name(link))
                } else {
                    steps.append([name(link)])
                }
                previousNumber = number ?? previousNumber
                previousEnd = link.end
                add(ImportedEventCode(name: name(link), url: link.url, description: nil))
            }
            if steps.isEmpty {
                warn("funnel '\(funnel)' has no linked steps like (1) [Event](url); not imported", line)
            } else {
                ping.funnels.append(ImportedFunnel(name: funnel, steps: steps))
            }
            return
        }
        if links.isEmpty {
            let names = text.split(separator: ",").map { InlineMarkdown.collapse(String($0).replacing("`", with: "")) }
            for item in names where !item.isEmpty {
                if item.contains(" ") {
                    warn("'\(item)' does not look like an event name; not imported", line)
                } else {
                    add(ImportedEventCode(name: item, url: nil, description: nil))
                }
            }
            return
        }
        let lead = InlineMarkdown.collapse(String(characters[..<links[0].start]))
        if !lead.isEmpty { warn("text before the first event code ('\(lead)') is not imported", line) }
        for (index, link) in links.enumerated() {
            let end = index + 1 < links.count ? links[index + 1].start : characters.count
            let between = InlineMarkdown.collapse(String(characters[link.end..<end]))
            let description = String(between.drop { ",;:-–— ".contains($0) }.reversed()
                .drop { ",; ".contains($0) }.reversed())
            add(ImportedEventCode(name: name(link), url: link.url, description: description.isEmpty ? nil : description))
        }
    }

    /// `For the "search insight" funnel:` → search insight.
    static func funnelName(_ text: String) -> String? {
        let characters = Array(text)
        let lowered = characters.map { $0.lowercased() }.joined()
        guard lowered.count == characters.count, lowered.hasPrefix("for the "),
              let funnelWord = lowered.firstRange(of: " funnel") else { return nil }
        let end = lowered.distance(from: lowered.startIndex, to: funnelWord.lowerBound)
        guard end >= 8 else { return nil }
        let name = String(characters[8..<end]).trimmingQuotes()
        return name.isEmpty ? nil : name
    }

    /// "(4.1)" at the end of the text before a funnel link → "4"; "1." → "1".
    static func stepNumber(_ before: String) -> String? {
        var text = Substring(before)
        while let last = text.last, last == " " || last == ":" { text = text.dropLast() }
        if text.hasSuffix(")") {
            guard let open = text.lastIndex(of: "(") else { return nil }
            let inner = text[text.index(after: open)..<text.index(before: text.endIndex)]
            let major = inner.prefix { $0.isASCII && $0.isNumber }
            guard !major.isEmpty, inner.dropFirst(major.count).allSatisfy({ $0 == "." || ($0.isASCII && $0.isNumber) })
            else { return nil }
            return String(major)
        }
        return nil
    }
}

extension String {
    fileprivate func trimmingTrailingSpaces() -> String {
        var result = Substring(self)
        while let last = result.last, last == " " { result = result.dropLast() }
        return String(result)
    }

    fileprivate func trimmingQuotes() -> String {
        var result = Substring(InlineMarkdown.collapse(self))
        let quotes: Set<Character> = ["\"", "“", "”", "'", "‘", "’"]
        while let first = result.first, quotes.contains(first) { result = result.dropFirst() }
        while let last = result.last, quotes.contains(last) { result = result.dropLast() }
        return InlineMarkdown.collapse(String(result))
    }
}
