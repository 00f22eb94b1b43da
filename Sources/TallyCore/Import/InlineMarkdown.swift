/// The inline pieces of a pings page that `tally import` reads: links, versions and broken ranges.
enum InlineMarkdown {
    struct Link: Equatable {
        /// The link text, trimmed.
        var text: String
        /// The destination with all white space removed: pages break long URLs across lines.
        var url: String
        /// Character offsets of `[` and one past `)`.
        var start: Int
        var end: Int
    }

    /// Every `[text](destination)` in order. Brackets and parentheses nest; a backslash escapes the next
    /// character; white space inside the destination (a URL broken across lines) is dropped.
    static func links(in text: String) -> [Link] {
        let characters = Array(text)
        var found: [Link] = []
        var index = 0
        while index < characters.count {
            if characters[index] == "\\" {
                index += 2
                continue
            }
            guard characters[index] == "[", let link = link(at: index, in: characters) else {
                index += 1
                continue
            }
            found.append(link)
            index = link.end
        }
        return found
    }

    /// The link starting at `[` at `start`, if one does.
    static func link(at start: Int, in characters: [Character]) -> Link? {
        guard start < characters.count, characters[start] == "[" else { return nil }
        var depth = 0
        var index = start
        var closeBracket: Int?
        while index < characters.count {
            let character = characters[index]
            if character == "\\" {
                index += 2
                continue
            }
            if character == "[" { depth += 1 }
            if character == "]" {
                depth -= 1
                if depth == 0 {
                    closeBracket = index
                    break
                }
            }
            index += 1
        }
        guard let closeBracket, closeBracket + 1 < characters.count, characters[closeBracket + 1] == "(" else {
            return nil
        }
        depth = 0
        index = closeBracket + 1
        var destination = ""
        while index < characters.count {
            let character = characters[index]
            if character == "(" {
                depth += 1
                if depth == 1 {
                    index += 1
                    continue
                }
            } else if character == ")" {
                depth -= 1
                if depth == 0 {
                    let text = String(characters[(start + 1)..<closeBracket])
                    return Link(text: collapse(text), url: destination, start: start, end: index + 1)
                }
            }
            if !character.isWhitespace { destination.append(character) }
            index += 1
        }
        return nil
    }

    /// White space runs (line breaks too) become one space; the ends are trimmed.
    static func collapse(_ text: String) -> String {
        text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    /// Text as a title shows it: links replaced by their text, bold markers removed.
    static func plain(_ text: String) -> String {
        var characters = Array(text)
        for link in links(in: text).reversed() {
            characters.replaceSubrange(link.start..<link.end, with: Array(link.text))
        }
        return collapse(String(characters).replacing("**", with: "").replacing("__", with: ""))
    }

    /// Text without Markdown emphasis markers around it: "**Version Added:**" → "Version Added:".
    static func unbold(_ text: String) -> String {
        var result = collapse(text)
        for marker in ["**", "__"] where result.hasPrefix(marker) {
            result = String(result.dropFirst(marker.count))
            if let range = result.firstRange(of: marker) { result.removeSubrange(range) }
        }
        return collapse(result)
    }

    /// The length of a version (`3.25`, `3.35.0`, `v5.2.1`) starting at `start`, or nil.
    static func versionLength(at start: Int, in characters: [Character]) -> Int? {
        var index = start
        if index < characters.count, characters[index] == "v" { index += 1 }
        while true {
            let digitsStart = index
            while index < characters.count, characters[index].isASCII, characters[index].isNumber { index += 1 }
            guard index > digitsStart else { return nil }
            if index + 1 < characters.count, characters[index] == ".", characters[index + 1].isASCII,
               characters[index + 1].isNumber {
                index += 1
                continue
            }
            break
        }
        // Not part of a longer word ("3.25x") or number.
        if index < characters.count, characters[index].isLetter || characters[index].isNumber { return nil }
        if start > 0, characters[start - 1].isLetter || characters[start - 1].isNumber { return nil }
        // Nor a pre-release ("3.2.0-beta.1"), which tally's versions, releases only, cannot say: read as its
        // release, a range starting there would start a release late, and an added version name another.
        if isPreReleaseMark(at: index, in: characters) { return nil }
        return index - start
    }

    /// Whether a version's end at `index` is followed by a pre-release label: a hyphen, then a letter, unless what
    /// follows the hyphen is the other end of a range ("3.31-v3.35", "3.38-present").
    static func isPreReleaseMark(at index: Int, in characters: [Character]) -> Bool {
        guard index + 1 < characters.count, characters[index] == "-", characters[index + 1].isLetter else { return false }
        let after = Array(characters[(index + 1)...])
        if "vV".contains(after[0]), after.count > 1, after[1].isASCII, after[1].isNumber { return false }
        let word = String(after.prefix { $0.isLetter }).lowercased()
        return !openEnds.contains(word)
    }

    /// Words that end a range still open: "3.38 - present".
    static let openEnds = ["present", "now", "current", "latest", "today"]

    /// The version a text names as the one something was added in, and what of the text that leaves unread (nil
    /// when the text is only that version, give or take a closing period): "v5.2.1" → ("v5.2.1", nil); "3.25
    /// (beta in 3.24)" → ("3.25", "(beta in 3.24)"); "v3.0.0-rc.1", a pre-release → (nil, the whole text). Only a
    /// version standing as a word of its own counts, so a pre-release's "rc.1" is not taken for version 1.
    static func addedVersion(in text: String) -> (version: String?, unread: String?) {
        if meansNothing(text) { return (nil, nil) }
        let characters = Array(text)
        for index in characters.indices where index == 0 || !"-.".contains(characters[index - 1]) {
            guard let length = versionLength(at: index, in: characters) else { continue }
            let version = String(characters[index..<(index + length)])
            let rest = collapse(String(characters[..<index]) + " " + String(characters[(index + length)...]))
                .trimmingEnds(of: ".")
            return (version, rest.isEmpty ? nil : collapse(text))
        }
        return (nil, collapse(text))
    }

    /// Texts meaning "none" in a page field.
    static func meansNothing(_ text: String) -> Bool {
        let normalized = collapse(text).lowercased().trimmingEnds(of: ".")
        return ["", "n/a", "na", "none", "-", "no", "nothing", "not broken", "none known"].contains(normalized)
    }

    /// `3.31-3.35.0 (reason) ([fix PR](url)), 3.30 (reason)([fix PR](url))`: ranges, each a version or two
    /// joined by `-`, then optionally a parenthesized reason and a fix link (bare or parenthesized), separated
    /// by commas. Reasons may hold commas and parentheses. Returns the ranges and what could not be read.
    static func brokenRanges(_ text: String) -> (ranges: [ImportedRange], unread: String?) {
        // A sentence's closing period is no part of the last range: "3.31-3.35 (bad)."
        var body = Substring(text)
        while let last = body.last, last == "." || last.isWhitespace { body = body.dropLast() }
        let characters = Array(body)
        var index = 0
        var ranges: [ImportedRange] = []

        func skipSpaces() {
            while index < characters.count, characters[index].isWhitespace { index += 1 }
        }
        func startsWith(_ word: String) -> Bool {
            let word = Array(word)
            guard index + word.count <= characters.count else { return false }
            return zip(characters[index..<(index + word.count)], word).allSatisfy {
                $0.lowercased() == $1.lowercased()
            }
        }
        func rest() -> String? {
            let remainder = collapse(String(characters[min(index, characters.count)...]))
            return remainder.isEmpty ? nil : remainder
        }

        if meansNothing(text) { return ([], nil) }
        // A range whose text is not read to its end is left out whole, and the warning quotes it from its start:
        // "3.2.0-beta.1 - 3.2.0" read as far as it goes would be "3.2.0 and later", broken for ever.
        var rangeStart = 0
        func unreadRange() -> (ranges: [ImportedRange], unread: String?) {
            index = rangeStart
            return (ranges, rest())
        }
        while true {
            skipSpaces()
            while index < characters.count, characters[index] == "," || characters[index] == ";" {
                index += 1
                skipSpaces()
            }
            guard index < characters.count else { break }
            rangeStart = index
            guard let fromLength = versionLength(at: index, in: characters) else { return unreadRange() }
            let from = String(characters[index..<(index + fromLength)])
            index += fromLength
            var through: String? = from
            skipSpaces()
            if index < characters.count, "-–—".contains(characters[index]) || startsWith("to ")
                || startsWith("through ") {
                let afterDash = characters[index] == "t" || characters[index] == "T"
                    ? (startsWith("to ") ? 3 : 8) : 1
                index += afterDash
                skipSpaces()
                if let length = versionLength(at: index, in: characters) {
                    through = String(characters[index..<(index + length)])
                    index += length
                } else if let word = openEnds.first(where: { word in
                    startsWith(word) && (index + word.count == characters.count
                        || !(characters[index + word.count].isLetter || characters[index + word.count].isNumber))
                }) {
                    index += word.count
                    through = nil  // "3.38 - present": still broken
                } else if index == characters.count || ",;([".contains(characters[index]) {
                    through = nil  // "3.36-": still broken
                } else {
                    return unreadRange()
                }
            } else if index < characters.count, characters[index] == "+" {
                index += 1
                through = nil
            } else {
                for phrase in ["and later", "and up", "onwards", "onward", "and newer"] where startsWith(phrase) {
                    index += phrase.count
                    through = nil
                    break
                }
            }
            var range = ImportedRange(from: from, through: through, reason: nil, fix: nil)
            // Attachments: (reason), ([fix PR](url)), [fix PR](url), in any order.
            while true {
                skipSpaces()
                guard index < characters.count else { break }
                if characters[index] == "[", let link = link(at: index, in: characters) {
                    if range.fix == nil { range.fix = PageParser.withHTTPS(link.url) }
                    index = link.end
                    continue
                }
                guard characters[index] == "(", let close = matchingParenthesis(from: index, in: characters) else {
                    break
                }
                let inner = String(characters[(index + 1)..<close])
                let innerLinks = links(in: inner)
                let trimmed = collapse(inner)
                if let only = innerLinks.first, innerLinks.count == 1,
                   collapse(String(Array(inner)[..<only.start])).isEmpty,
                   collapse(String(Array(inner)[only.end...])).isEmpty {
                    if range.fix == nil { range.fix = PageParser.withHTTPS(only.url) }
                } else if !trimmed.isEmpty {
                    range.reason = range.reason.map { $0 + "; " + trimmed } ?? trimmed
                }
                index = close + 1
            }
            skipSpaces()
            guard index == characters.count || characters[index] == "," || characters[index] == ";"
                || startsWith("and ") else {
                return unreadRange()
            }
            ranges.append(range)
            guard index < characters.count else { break }
            if startsWith("and ") { index += 4 }
        }
        return (ranges, nil)
    }

    /// The index of the `)` closing the `(` at `open`, counting nesting.
    static func matchingParenthesis(from open: Int, in characters: [Character]) -> Int? {
        var depth = 0
        var index = open
        while index < characters.count {
            if characters[index] == "\\" {
                index += 2
                continue
            }
            if characters[index] == "(" { depth += 1 }
            if characters[index] == ")" {
                depth -= 1
                if depth == 0 { return index }
            }
            index += 1
        }
        return nil
    }
}

extension String {
    fileprivate func trimmingEnds(of set: String) -> String {
        var result = Substring(self)
        while let first = result.first, set.contains(first) { result = result.dropFirst() }
        while let last = result.last, set.contains(last) { result = result.dropLast() }
        return String(result)
    }
}
