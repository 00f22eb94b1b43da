/// The page as lines whose columns are those a person sees in an editor: invalid UTF-8 is refused where it is,
/// a byte-order mark is dropped, \r\n and \r end lines as \n does, HTML comments are blanked (not removed, so
/// what follows them keeps its line and column), tabs are expanded to stops of four and trailing spaces removed.
extension PageParser {
    /// A line of the page with HTML comments blanked out, trailing white space removed and tabs expanded.
    struct Line {
        var number: Int
        var text: String
        var indent: Int { text.prefix { $0 == " " }.count }
        var trimmed: String { String(text.drop { $0 == " " }) }
        var isBlank: Bool { text.allSatisfy { $0 == " " } }
    }

    /// The lines of a page's bytes; `path` names the page in problems.
    static func lines(of bytes: [UInt8], path: String) throws(ImportFailure) -> [Line] {
        if let offset = UTF8Check.firstInvalidOffset(in: bytes) {
            let position = SourceText(path: path, bytes: bytes).position(ofByte: offset)
            throw unreadable("the page is not valid UTF-8 (byte 0x\(hex(bytes[offset])) at offset \(offset)); save "
                                 + "it as UTF-8", path: path, line: position.line, column: position.column)
        }
        var text = String(decoding: bytes, as: UTF8.self)
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        text = text.replacing("\r\n", with: "\n").replacing("\r", with: "\n")
        return try withoutComments(text, path: path)
            .split(separator: "\n", omittingEmptySubsequences: false)
            .enumerated()
            .map { Line(number: $0.offset + 1, text: expandTabs(String($0.element)).trimmingTrailingSpaces()) }
    }

    static func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return String([digits[Int(byte >> 4)], digits[Int(byte & 0xF)]])
    }

    /// `<!-- ... -->` becomes spaces (line breaks kept), so lines and columns stay those of the page.
    static func withoutComments(_ text: String, path: String) throws(ImportFailure) -> String {
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
                throw unreadable("an HTML comment '<!--' is never closed with '-->'", path: path, line: line,
                                 column: column)
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
}

extension String {
    fileprivate func trimmingTrailingSpaces() -> String {
        var result = Substring(self)
        while let last = result.last, last == " " { result = result.dropLast() }
        return String(result)
    }
}
