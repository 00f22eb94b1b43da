import Testing
@testable import TallyCore

/// The byte-level text helpers give exactly what the standard library's versions give.
@Suite struct FastTextTests {
    @Test func joiningInOneCopyEqualsJoined() {
        let lists: [[String]] = [
            [], [""], ["", ""], ["one"], ["a", "b", "c"],
            ["smol", String(repeating: "a long line of generated text ", count: 40), ""],
            ["Über", "naïve 🙂", "\r\n", "\u{2028}", "e\u{301}"],
            (0..<1000).map { "line \($0)" },
        ]
        for list in lists {
            for separator in ["", ", ", "\n", "🙂 ", String(repeating: "-", count: 100)] {
                let joined = list.joinedInOneCopy(separator: separator)
                #expect(joined == list.joined(separator: separator))
                #expect(Array(joined.utf8) == Array(list.joined(separator: separator).utf8))
            }
        }
    }

    /// SQL and Markdown are built by laying parts end to end in one copy: the same bytes as `+`.
    @Test func concatenatingEqualsAddingTheParts() {
        let parts = ["SELECT ", "", "\"value\"", " FROM (\n", String(repeating: "x", count: 3000), "naïve 🙂", "e\u{301}"]
        for count in 0...parts.count {
            let chosen = Array(parts.prefix(count))
            let added = chosen.reduce("", +)
            let laid: String = switch count {
            case 0: String(concatenating: "")
            case 1: String(concatenating: chosen[0])
            case 2: String(concatenating: chosen[0], chosen[1])
            case 3: String(concatenating: chosen[0], chosen[1], chosen[2])
            case 4: String(concatenating: chosen[0], chosen[1], chosen[2], chosen[3])
            default: String(concatenating: chosen[0], chosen[1], chosen[2], chosen[3], chosen[4...].joined())
            }
            #expect(Array(laid.utf8) == Array(added.utf8))
        }
    }

    /// Event names, links and field paths are checked on their bytes when ASCII: the same answers as by Characters
    /// (and a link's scheme is found as Foundation's search finds it).
    @Test func asciiChecksAnswerAsCharactersDo() {
        var texts = ["https://github.com/org/repo/pull/12", "http://x", "https://", "https:///x", "https://a b",
                     "https://host:8080/p?q=1#f", "https://ho_st/", "ftp://x", "https://x\r\n", "https://x/\"y\"",
                     "https://x/<y>", "Event Name", "event.name", "a..b", ".a.", "", "\r\n", "a\u{0B}b", "a\u{1C}b"]
        // Seeded, so that a failure replays.
        var generator = SeededGenerator(seed: 18)
        let alphabet = Array("abzAZ09:/.?#-_@ \t\n\r\u{0B}\u{0C}\u{1C}\u{7F}\"<>hé\u{A0}\u{2028}\u{301}".unicodeScalars)
        for _ in 0..<3000 {
            let scheme = ["https://", "http://", "", "htt"].randomElement(using: &generator)!
            texts.append(scheme + generator.text(of: alphabet, lengths: 0...12))
        }
        for text in texts {
            #expect(text.containsWhitespace == text.contains { $0.isWhitespace || $0.isNewline }, "\(text.debugDescription)")
            #expect(text.contains(asciiText: "://") == text.contains("://"), "\(text.debugDescription)")
            if text.utf8.allSatisfy({ $0 < 0x80 }) {
                #expect(ValueChecks.isWellFormedASCIIURL(text) == ValueChecks.isWellFormedURLByCharacters(text),
                        "\(text.debugDescription)")
            }
            #expect(ValueChecks.isWellFormedURL(text) == ValueChecks.isWellFormedURLByCharacters(text))
            let path = FieldPath(text)
            let pieces = text.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
            #expect([path.column] + path.jsonPath == pieces, "\(text.debugDescription)")
        }
    }

    /// Literal Markdown is escaped on its bytes when the text is printable ASCII on one line: the same text as
    /// scalar by scalar, for texts of every character Markdown or HTML reads, spaces doubled and at the ends,
    /// line breaks and non-ASCII.
    @Test func literalMarkdownByBytesIsLiteralByScalars() {
        var generator = SeededGenerator(seed: 11)
        let alphabet = Array("ab_Z09 <>&\\`*_[]|~$#!()-.'\"\t\n\ré\u{301}".unicodeScalars)
        var texts = ["", " ", "a", "a_b", "a  b", " a", "a ", "<&>", "\\", "&amp;", "a\u{301}_"]
        for _ in 0..<3000 { texts.append(generator.text(of: alphabet, lengths: 0...14)) }
        for text in texts {
            #expect(MarkdownText.literal(text) == MarkdownText.literalByScalars(text), "\(text.debugDescription)")
        }
    }

    /// A Swift identifier is made on a name's bytes: the same identifier as scalar by scalar (the way it was made
    /// before, kept here as the reference), for names of letters of both cases, digits, separators and non-ASCII.
    @Test func swiftIdentifiersByBytesAreIdentifiersByScalars() {
        func byScalars(_ name: String) -> String {
            var output = ""
            var upperNext = false
            for scalar in name.unicodeScalars {
                guard ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar) else {
                    upperNext = !output.isEmpty
                    continue
                }
                let character = Character(scalar)
                output += output.isEmpty ? character.lowercased() : upperNext ? character.uppercased() : String(character)
                upperNext = false
            }
            if output.isEmpty || output.first!.isNumber { output = "_" + output }
            return "`" + output + "`"
        }
        var generator = SeededGenerator(seed: 13)
        let alphabet = Array("azAZmM09_ .-:/éÉ\u{301}ß😀".unicodeScalars)
        var names = ["", "_", "default", "3d view", "Search Results Viewed", "é", "ÉvénementCréé", "a.b-c", "9", "_9a"]
        for _ in 0..<3000 { names.append(generator.text(of: alphabet, lengths: 0...12)) }
        for name in names {
            #expect(SwiftLiteral.identifier(name) == byScalars(name), "\(name.debugDescription)")
        }
        #expect(SwiftLiteral.identifier("Search Results Viewed") == "`searchResultsViewed`")
        #expect(SwiftLiteral.identifier("3d view") == "`_3dView`")
    }

    /// The first byte that breaks UTF-8 is where Swift's own UTF-8 parser first fails, ASCII runs read a word at a
    /// time or not.
    /// A path's role is read on its bytes when ASCII: the same roles as its Characters give, for paths made of the
    /// layout's words, slashes (doubled, leading, trailing), CR LF and stray bytes.
    @Test func pathRolesByBytesAreRolesByCharacters() {
        var paths = ["tally.yaml", "definitions/sources/events.yaml", "definitions/app/group.yaml",
                     "definitions/app/daily.yaml", "definitions//app/x.yaml", "/definitions/app/x.yaml/",
                     "definitions/app/.yaml", "definitions/app/x.yml", "definitions/a/b/c.yaml", "definitions/x.yaml",
                     "definitions/app/x\r\n.yaml", "definitions/app/x.yaml\r\n", ""]
        var generator = SeededGenerator(seed: 7)
        let words = ["definitions", "sources", "group", "app", ".yaml", "x", "/", "/", "//", "\r", "\n", "\r\n", ".", "y"]
        for _ in 0..<3000 {
            let count = Int.random(in: 1...8, using: &generator)
            paths.append((0..<count).map { _ in words.randomElement(using: &generator)! }.joined())
        }
        for path in paths {
            #expect(ProjectFiles.roleByBytes(of: path) == ProjectFiles.roleByCharacters(of: path), "\(path.debugDescription)")
        }
        #expect(ProjectFiles.role(of: "definitions/app/daily.yaml") == .definition(id: "daily", group: "app"))
        #expect(ProjectFiles.role(of: "definitions/sources/events.yaml") == .source(name: "events"))
        #expect(ProjectFiles.role(of: "definitions/app/group.yaml") == .group(name: "app"))
        #expect(ProjectFiles.role(of: "definitions/app/é.yaml") == .definition(id: "é", group: "app"))
    }

    @Test func firstInvalidUTF8ByteIsWhereTheStandardParserFails() {
        func reference(_ bytes: [UInt8]) -> Int? {
            var parser = Unicode.UTF8.ForwardParser()
            var iterator = bytes.makeIterator()
            var offset = 0
            while true {
                switch parser.parseScalar(from: &iterator) {
                case .valid(let encoded): offset += encoded.count
                case .emptyInput: return nil
                case .error: return offset
                }
            }
        }
        let pieces: [[UInt8]] = [Array("plain ascii text".utf8), Array("é✓😀".utf8), [0x80], [0xC0, 0xAF], [0xE0, 0x80, 0x80],
                                 [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xE2, 0x82], [0xFF], [0x7F], [0x0A]]
        var generator = SeededGenerator(seed: 0x0808)
        for _ in 0..<3000 {
            var bytes: [UInt8] = []
            for _ in 0..<Int.random(in: 0...6, using: &generator) {
                bytes += pieces.randomElement(using: &generator)!.prefix(Int.random(in: 1...16, using: &generator))
            }
            #expect(UTF8Check.firstInvalidOffset(in: bytes) == reference(bytes), "\(bytes)")
        }
    }

    /// Group columns are named in snake_case from bytes for ASCII names: the same as by Characters.
    @Test func snakeCaseOfASCIINamesEqualsTheCharacterRule() {
        #expect(snakeCase("insightType") == "insight_type")
        #expect(snakeCase("version2Name") == "version2_name")
        #expect(snakeCase("HTTPServer") == "httpserver")
        #expect(snakeCase("a-b c") == "a_b_c")
        #expect(snakeCase("") == "")
        var random = SeededGenerator(seed: 0xCA5E)
        let pieces = ["a", "Z", "9", "-", " ", "_", "Ab", "aB", "0B", "ID", "x"]
        for _ in 0..<500 {
            let name = (0..<Int.random(in: 0...8, using: &random)).map { _ in pieces.randomElement(using: &random)! }.joined()
            #expect(asciiSnakeCase(name) == characterSnakeCase(name), "\(name)")
        }
    }
}
