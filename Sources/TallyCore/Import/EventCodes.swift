/// The Event Code(s) bullet of a ping: linked or bare event names with their descriptions, or a funnel whose
/// numbered steps may offer alternatives ((4.1) ... OR (4.2) ...). A name given twice is kept once, with the
/// first link.
extension PageParser {
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
    fileprivate func trimmingQuotes() -> String {
        var result = Substring(InlineMarkdown.collapse(self))
        let quotes: Set<Character> = ["\"", "“", "”", "'", "‘", "’"]
        while let first = result.first, quotes.contains(first) { result = result.dropFirst() }
        while let last = result.last, quotes.contains(last) { result = result.dropLast() }
        return InlineMarkdown.collapse(String(result))
    }
}
