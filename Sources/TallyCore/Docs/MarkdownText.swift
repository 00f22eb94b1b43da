/// How text from definitions goes into GitHub-flavoured Markdown. Nothing a definition says can open an HTML tag,
/// break a table row or turn into a link the author did not write as one:
///
/// - `literal`: titles, names, terms, versions. Shown exactly as written, on one line: Markdown punctuation is
///   backslash-escaped, `<`, `>` and `&` become entities, line breaks become spaces.
/// - `prose`: texts that are Markdown by contract (introduction, rationale, implementation...). Emphasis, code
///   spans and links are kept; `<`, `>` and `&` become entities everywhere, so no raw HTML gets through. A code span
///   holding `<`, `>` or `&` is written as `<code>` with entities (a code span would show the entities literally).
/// - `url`: a link destination, safe inside `(...)` and inside a table cell.
enum MarkdownText {
    /// Characters that mean something to Markdown inline parsing, escaped in literal text.
    private static let literalPunctuation = ASCIISet("\\`*_[]|~$")

    // The escapers read scalars, not Characters: a combining mark after `|` or `<` makes one Character of the two,
    // which a test of Characters passes over, while a Markdown renderer still reads the `|` or `<` on its own
    // (a table row split in two).
    static func entity(_ scalar: Unicode.Scalar) -> String? {
        switch scalar {
        case "<": "&lt;"
        case ">": "&gt;"
        case "&": "&amp;"
        default: nil
        }
    }

    /// Printable ASCII with single spaces inside and none at the ends, none of `special`: text that every escaper
    /// here returns unchanged.
    private static func isPlain(_ text: String, special: ASCIISet) -> Bool {
        var previousSpace = true
        var plain = true
        var copy = text
        copy.withUTF8 { bytes in
            for byte in bytes {
                if byte < 0x20 || byte >= 0x7F || special.contains(byte) || (byte == 0x20 && previousSpace) {
                    plain = false
                    return
                }
                previousSpace = byte == 0x20
            }
        }
        return plain && !previousSpace
    }

    /// What literal text escapes: entities and all of Markdown's punctuation.
    private static let literalSpecial = ASCIISet("<>&\\`*_[]|~$")
    /// What prose rewrites: entities, escapes, code spans and pipes (it keeps Markdown's own punctuation).
    private static let proseSpecial = ASCIISet("<>&\\`|")

    /// The text ended as a sentence: a full stop added unless it ends in one (., ! or ?); empty stays empty.
    static func ended(_ text: String) -> String {
        text.last.map { ".!?".contains($0) } ?? true ? text : text + "."
    }

    /// Texts one after another, each but the last ended as a sentence before the next starts.
    static func sentences(_ texts: [String]) -> String {
        texts.dropFirst().reduce(texts.first ?? "") { text, next in ended(text) + " " + next }
    }

    /// Whitespace runs (line breaks included) become one space; the ends are trimmed.
    static func oneLine(_ text: String) -> String {
        if isOneLine(text) { return text }
        return text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    /// Printable ASCII with single inner spaces is already one line: the common case, answered from the bytes
    /// without Unicode's white-space tables.
    private static func isOneLine(_ text: String) -> Bool {
        var copy = text
        return copy.withUTF8 { bytes in
            var afterSpace = true
            for byte in bytes {
                if byte == 0x20 {
                    if afterSpace { return false }
                    afterSpace = true
                } else if byte < 0x20 || byte >= 0x7F {
                    return false
                } else {
                    afterSpace = false
                }
            }
            return bytes.isEmpty || !afterSpace
        }
    }

    /// Text shown exactly as written, on one line; safe in headings, link texts and table cells.
    static func literal(_ text: String) -> String {
        if isPlain(text, special: literalSpecial) { return text }
        // Printable ASCII on one line (ids with `_`, most titles): escaped byte by byte into a String of its size.
        // By scalars, the 43,000 literals of the docs index at 10,000 definitions cost 1,450 instructions each.
        if isOneLine(text) { return asciiLiteral(text) }
        return literalByScalars(text)
    }

    /// `literal` of printable ASCII text on one line.
    private static func asciiLiteral(_ text: String) -> String {
        var copy = text
        return copy.withUTF8 { bytes in
            func escaped(_ byte: UInt8) -> StaticString? {
                switch byte {
                case UInt8(ascii: "<"): "&lt;"
                case UInt8(ascii: ">"): "&gt;"
                case UInt8(ascii: "&"): "&amp;"
                default: nil
                }
            }
            var count = 0
            for byte in bytes {
                count += escaped(byte)?.utf8CodeUnitCount ?? (literalPunctuation.contains(byte) ? 2 : 1)
            }
            return String(unsafeUninitializedCapacity: count) { output in
                var written = 0
                for byte in bytes {
                    if let entity = escaped(byte) {
                        entity.withUTF8Buffer { for unit in $0 { output[written] = unit; written += 1 } }
                    } else {
                        if literalPunctuation.contains(byte) {
                            output[written] = UInt8(ascii: "\\")
                            written += 1
                        }
                        output[written] = byte
                        written += 1
                    }
                }
                return written
            }
        }
    }

    /// `literal` of any text, scalar by scalar.
    static func literalByScalars(_ text: String) -> String {
        var output = ""
        for scalar in oneLine(text).unicodeScalars {
            if let entity = entity(scalar) {
                output += entity
            } else if scalar.isASCII && literalPunctuation.contains(UInt8(scalar.value)) {
                output += "\\" + String(scalar)
            } else {
                output.unicodeScalars.append(scalar)
            }
        }
        return output
    }

    /// Literal text as a heading's content: a run of `#` at its end would read as a closing sequence.
    static func heading(_ text: String) -> String {
        let escaped = literal(text)
        let hashes = escaped.reversed().prefix { $0 == "#" }.count
        guard hashes > 0 else { return escaped }
        return escaped.dropLast(hashes) + String(repeating: "\\#", count: hashes)
    }

    /// Markdown written by a person, kept as Markdown but unable to carry HTML. In a table cell (`inTable`) line
    /// breaks become spaces and `|` is escaped, inside code spans too (GitHub reads `\|` there as a pipe). Outside
    /// one, a `>` that starts a line (after up to three spaces, or another `>`) stays a block quote: it opens no
    /// tag, and as `&gt;` a quoted note showed as a line starting with ">".
    static func prose(_ text: String, inTable: Bool = false) -> String {
        // Prose keeps Markdown's own punctuation, so only what prose rewrites sends it down the slow path.
        if isPlain(text, special: proseSpecial) { return text }
        let characters = Array(text.replacingAll("\r\n", with: "\n").replacingAll("\r", with: "\n").unicodeScalars)
        var output = ""
        var index = 0
        // Where a line's block quote markers may still come: its start, its first spaces, after a marker.
        var quoteMayStart = !inTable
        var leadingSpaces = 0
        while index < characters.count {
            let character = characters[index]
            if quoteMayStart {
                if character == ">" {
                    output += ">"
                    leadingSpaces = 0
                    index += 1
                    continue
                }
                if character == " " && leadingSpaces < 3 {
                    leadingSpaces += 1
                } else {
                    quoteMayStart = false
                }
            }
            switch character {
            case "\\":
                guard index + 1 < characters.count else {
                    output += "\\"
                    index += 1
                    continue
                }
                let next = characters[index + 1]
                if let entity = entity(next) {
                    output += entity // "\<" meant a literal "<": the entity shows it
                } else if isASCIIPunctuationOrSymbol(next) {
                    output += next == "|" && inTable ? "\\|" : "\\" + String(next)
                } else {
                    output += "\\"
                    index += 1
                    continue
                }
                index += 2
            case "`":
                var run = 0
                while index + run < characters.count && characters[index + run] == "`" { run += 1 }
                if let close = closingRun(of: run, in: characters, from: index + run) {
                    let content = String(String.UnicodeScalarView(characters[(index + run)..<close]))
                    output += codeSpan(content, fence: String(repeating: "`", count: run), inTable: inTable)
                    index = close + run
                } else {
                    output += String(repeating: "`", count: run) // no closing run: literal backticks
                    index += run
                }
            case "\n":
                output += inTable ? " " : "\n"
                index += 1
                quoteMayStart = !inTable
                leadingSpaces = 0
            case "|" where inTable:
                output += "\\|"
                index += 1
            default:
                if let entity = entity(character) { output += entity } else { output.unicodeScalars.append(character) }
                index += 1
            }
        }
        return inTable ? oneLine(output) : trimmed(output)
    }

    /// The position of the next run of exactly `length` backticks at or after `start`.
    private static func closingRun(of length: Int, in characters: [Unicode.Scalar], from start: Int) -> Int? {
        var index = start
        while index < characters.count {
            guard characters[index] == "`" else {
                index += 1
                continue
            }
            var run = 0
            while index + run < characters.count && characters[index + run] == "`" { run += 1 }
            if run == length { return index }
            index += run
        }
        return nil
    }

    private static func codeSpan(_ content: String, fence: String, inTable: Bool) -> String {
        let needsEntities = content.containsByte { $0 == 0x3C || $0 == 0x3E || $0 == 0x26 }
        guard needsEntities else {
            var kept = content
            if inTable {
                kept = kept.replacingAll("\n", with: " ").replacingAll("|", with: "\\|")
            }
            return fence + kept + fence
        }
        // As CommonMark reads a code span: line breaks are spaces, one space is stripped from each end when both
        // ends have one. The text inside <code> is still Markdown, so its punctuation is escaped.
        var text = content.unicodeScalars.map { $0 == "\n" ? " " : $0 }
        if text.count >= 2, text.first == " ", text.last == " ", text.contains(where: { $0 != " " }) {
            text = Array(text.dropFirst().dropLast())
        }
        var output = "<code>"
        for scalar in text {
            if let entity = entity(scalar) {
                output += entity
            } else if isASCIIPunctuationOrSymbol(scalar) {
                output += "\\" + String(scalar)
            } else {
                output.unicodeScalars.append(scalar)
            }
        }
        return output + "</code>"
    }

    /// The ASCII punctuation and symbols a backslash escapes in Markdown.
    private static func isASCIIPunctuationOrSymbol(_ scalar: Unicode.Scalar) -> Bool {
        scalar.isASCII && UInt8(scalar.value).isASCIIPunctuation
    }

    /// Trailing spaces and blank lines at both ends removed, every line's trailing whitespace too (it would be a
    /// hard line break).
    static func trimmed(_ text: String) -> String {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            var line = Substring(line)
            while let last = line.last, last == " " || last == "\t" { line = line.dropLast() }
            return String(line)
        }
        var start = 0
        var end = lines.count
        while start < end && lines[start].allSatisfy({ $0 == " " || $0 == "\t" }) { start += 1 }
        while end > start && lines[end - 1].isEmpty { end -= 1 }
        return lines[start..<end].joined(separator: "\n")
    }

    /// Continuation lines indented so that a multi-line text stays inside its list item.
    static func indented(_ text: String, by indent: String) -> String {
        // Most texts are one line: nothing to indent, and no split and join to pay for.
        if !text.containsByte(where: { $0 == 0x0A }) { return text }
        return text.split(separator: "\n", omittingEmptySubsequences: false).enumerated().map { position, line in
            position == 0 || line.isEmpty ? String(line) : indent + line
        }.joinedInOneCopy(separator: "\n")
    }

    /// A link destination safe inside `(...)`, a table cell and a Markdown file: spaces, parentheses, angle
    /// brackets, backslashes, pipes, backticks, control and non-ASCII characters are percent-encoded; an `&` that
    /// would read as an entity is written `&amp;`. Existing percent escapes are kept.
    static func url(_ text: String) -> String {
        // Asked of every byte of every link in the docs: a switch, not a set built per call (2% of a check).
        if !text.containsByte(where: { byte in
            switch byte {
            case 0...0x20, 0x7F...0xFF, UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "<"), UInt8(ascii: ">"),
                 UInt8(ascii: "\\"), UInt8(ascii: "|"), UInt8(ascii: "`"), UInt8(ascii: "\""), UInt8(ascii: "&"): true
            default: false
            }
        }) { return text }
        let characters = Array(text)
        var output = ""
        for (index, character) in characters.enumerated() {
            if character == "&" && looksLikeEntity(characters, after: index) {
                output += "&amp;"
                continue
            }
            let encode = !character.isASCII || character.unicodeScalars.contains { $0.value <= 0x20 || $0.value == 0x7F }
                || "()<>\\|`\"".contains(character)
            guard encode else {
                output.append(character)
                continue
            }
            for byte in String(character).utf8 { output += percentEncoded(byte) }
        }
        return output
    }

    private static func looksLikeEntity(_ characters: [Character], after index: Int) -> Bool {
        var position = index + 1
        var length = 0
        while position < characters.count, characters[position].isASCII,
              characters[position].isLetter || characters[position].isNumber || characters[position] == "#" {
            position += 1
            length += 1
        }
        return length > 0 && position < characters.count && characters[position] == ";"
    }

    static func percentEncoded(_ byte: UInt8) -> String {
        var output: [UInt8] = []
        appendPercentEncoded(byte, to: &output)
        return String(decoding: output, as: UTF8.self)
    }

    private static let hexDigits = Array("0123456789ABCDEF".utf8)

    /// `%` and the byte's two uppercase hex digits.
    private static func appendPercentEncoded(_ byte: UInt8, to output: inout [UInt8]) {
        output += [UInt8(ascii: "%"), hexDigits[Int(byte >> 4)], hexDigits[Int(byte & 0x0F)]]
    }

    /// A value put into a URL template (an event name into a code-search query): everything but unreserved
    /// characters percent-encoded.
    static func queryValue(_ text: String) -> String {
        // Byte by byte into bytes: every event of every docs page is put into a link (a Character and a String
        // per byte made it 3% of a check).
        var output: [UInt8] = []
        output.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                 UInt8(ascii: "~"):
                output.append(byte)
            default:
                appendPercentEncoded(byte, to: &output)
            }
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// A code span showing `text` on one line exactly, whatever it holds.
    static func code(_ text: String, inTable: Bool = false) -> String {
        // One line of ASCII without backticks, entities or (in a table) pipes, as nearly every column name and
        // path is: the span is the text between single backticks.
        if isOneLine(text), !text.containsByte(where: { $0 == 0x60 || $0 == 0x3C || $0 == 0x3E || $0 == 0x26
                                                         || (inTable && $0 == 0x7C) }) {
            return String(concatenating: "`", text, "`")
        }
        let content = oneLine(text)
        var longest = 0
        var run = 0
        for character in content {
            run = character == "`" ? run + 1 : 0
            longest = max(longest, run)
        }
        let fence = String(repeating: "`", count: longest + 1)
        let padded = content.first == "`" || content.last == "`" ? " \(content) " : content
        return codeSpan(padded, fence: fence, inTable: inTable)
    }

    /// `[text](destination)` with text already escaped.
    static func link(_ text: String, _ destination: String) -> String {
        String(concatenating: "[", text, "](", url(destination), ")")
    }

    /// A table row: cells already escaped for a table.
    static func row(_ cells: [String]) -> String {
        "| " + cells.map { $0.isEmpty ? " " : $0 }.joinedInOneCopy(separator: " | ") + " |"
    }
}

/// A set of ASCII bytes as two bit masks: the escapers' fast paths test every byte of every text against one.
struct ASCIISet: Sendable {
    private var low: UInt64 = 0
    private var high: UInt64 = 0

    init(_ members: String) {
        for byte in members.utf8 where byte < 0x80 {
            if byte < 64 { low |= 1 << UInt64(byte) } else { high |= 1 << UInt64(byte - 64) }
        }
    }

    func contains(_ byte: UInt8) -> Bool {
        byte < 64 ? low & (1 << UInt64(byte)) != 0 : byte < 128 && high & (1 << UInt64(byte - 64)) != 0
    }
}

