/// The ids GitHub gives headings (github-slugger): the heading's text lowercased, everything but letters, marks,
/// numbers, connector punctuation (`_`), `-` and spaces dropped, each space a `-`; a repeated id gets `-1`, `-2`...
/// in page order.
struct GitHubAnchors {
    private var occurrences: [String: Int] = [:]

    static func base(_ text: String) -> String {
        asciiBase(text) ?? unicodeBase(text)
    }

    static func unicodeBase(_ text: String) -> String {
        var output = ""
        for character in text.lowercased() {
            if character == " " {
                output += "-"
            } else if character == "-" || character == "_" || keeps(character) {
                output.append(character)
            }
        }
        return output
    }

    /// `base` of a text of ASCII alone, byte by byte (nil for any other text): the only ASCII characters kept
    /// are letters (lowercased), digits, `_` and `-`, and a space becomes `-`. Titles are nearly always ASCII, and
    /// going by Character cost 13 ms of a 10,000-definition check before any job could start.
    static func asciiBase(_ text: String) -> String? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): bytes.append(byte + 32)
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "_"), UInt8(ascii: "-"):
                bytes.append(byte)
            case UInt8(ascii: " "): bytes.append(UInt8(ascii: "-"))
            case 0x80...: return nil
            default: continue
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func keeps(_ character: Character) -> Bool {
        guard let scalar = character.unicodeScalars.first else { return false }
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
             .nonspacingMark, .spacingMark, .enclosingMark,
             .decimalNumber, .letterNumber, .otherNumber,
             .connectorPunctuation:
            return true
        default:
            return false
        }
    }

    /// The id of the next heading with this (rendered) text.
    mutating func anchor(for text: String) -> String {
        let original = Self.base(text)
        var result = original
        while occurrences[result] != nil {
            occurrences[original, default: 0] += 1
            result = original + "-" + String(occurrences[original]!)
        }
        occurrences[result] = 0
        return result
    }

    /// The headings a Markdown text (a group's introduction) contributes to its page, as their text reads once
    /// rendered, approximately: ATX headings outside fenced code, with links reduced to their text and code and
    /// emphasis markers dropped.
    static func headings(inMarkdown text: String) -> [String] {
        var headings: [String] = []
        var fence: String?
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = rawLine.drop { $0 == " " }
            guard rawLine.count - line.count <= 3 else { continue }
            if let open = fence {
                if line.hasPrefix(open) { fence = nil }
                continue
            }
            if line.hasPrefix("```") || line.hasPrefix("~~~") {
                fence = String(line.prefix(3))
                continue
            }
            let hashes = line.prefix { $0 == "#" }
            guard (1...6).contains(hashes.count) else { continue }
            let rest = line.dropFirst(hashes.count)
            guard rest.isEmpty || rest.first == " " || rest.first == "\t" else { continue }
            var content = Substring(MarkdownText.oneLine(String(rest)))
            // A closing sequence of #s preceded by a space is not part of the text.
            let trailing = content.reversed().prefix { $0 == "#" }.count
            if trailing > 0 {
                let before = content.dropLast(trailing)
                if before.isEmpty || before.last == " " { content = before }
            }
            headings.append(renderedText(MarkdownText.oneLine(String(content))))
        }
        return headings
    }

    /// Inline Markdown reduced to the text it shows: `[text](url)` → text, code and emphasis markers dropped,
    /// backslash escapes resolved.
    static func renderedText(_ markdown: String) -> String {
        var output = ""
        var characters = Array(markdown)[...]
        while let character = characters.first {
            characters = characters.dropFirst()
            switch character {
            case "\\":
                if let next = characters.first {
                    output.append(next)
                    characters = characters.dropFirst()
                }
            case "`", "*":
                continue
            case "]":
                // Skip a link destination right after a link text.
                if characters.first == "(", let close = characters.firstIndex(of: ")") {
                    characters = characters[(close + 1)...]
                }
            case "[":
                continue
            default:
                output.append(character)
            }
        }
        return output
    }
}
