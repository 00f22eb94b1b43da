import Foundation
import Testing
import TallyRunner
@testable import TallyCore

/// Random strings built from the pieces that break generators, from a fixed seed so any failure reproduces.
enum HostileStrings {
    static let pieces = ["'", "\"", "\\", "\n", "\r\n", "\t", "|", "<script>alert(1)</script>", "\\(", "\"\"\"", "`",
                         "ü", "日本語", "🎉", "e\u{301}", "%", "_", "*", "[x](y)", "&amp;", "$1", "--", "/*", "a", "Z",
                         " ", "  ", "#", "\u{2028}", "\u{2029}", "…", "€", "’", "{event}", "?", "[", "]",
                         // A combining mark joins the quote before it into one Character, which a replacement of
                         // Characters passes over: quotes are escaped as bytes, as engines read them.
                         "\u{301}"]

    static func make(count: Int, seed: UInt64 = 0xA11CE) -> [String] {
        var state = seed
        func next(_ bound: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(bound))
        }
        return (0..<count).map { _ in (0..<(1 + next(8))).map { _ in pieces[next(pieces.count)] }.joined() }
    }
}

@Suite(.serialized) struct PropertyTests {
    /// The random strings, and each quote joined by a combining mark, which no seed is relied on to make.
    static let strings = HostileStrings.make(count: 300) + ["'\u{301}", "\"\u{301}", "`\u{301}", "\\\u{301}", "x'\u{301}'"]

    /// Every string as a literal, and as a JSON key and value, read back through each dialect's own escaping, on
    /// each dialect's engine. One job for all of them; \r is left out where the engine's output cannot carry it.
    @Test(arguments: Dialect.allCases)
    func sqlReturnsEveryStringUnchanged(_ dialect: Dialect) throws {
        let sql = dialect.sql
        guard let (engine, cases, rows) = try Self.run(dialect, { index, text, engine in
            let member = engine.readsAnyJSONMemberName ? text : "member"
            let document = sql.typedLiteral(.object([(member, .string(text))]), type: .json)
            return "SELECT \(index) AS n, \(sql.literal(text)) AS literal, \(sql.jsonText(document, path: [member])) AS field"
        }) else { return }
        #expect(rows.count == cases.count)
        for (row, text) in zip(rows, cases) {
            #expect(row.count == 3 && row[1] == text && row[2] == text,
                    "\(engine.label): \(text.debugDescription) came back as \(row.dropFirst().map { $0?.debugDescription ?? "NULL" })")
        }
    }

    /// Every string as a column name, quoted by each dialect, on each dialect's engine: a quote left unescaped
    /// would end the name early and break the query.
    @Test(arguments: Dialect.allCases)
    func everyStringIsOneColumnName(_ dialect: Dialect) throws {
        let sql = dialect.sql
        guard let (engine, cases, rows) = try Self.run(dialect, { index, text, _ in
            "SELECT \(index) AS n FROM (SELECT \(index) AS \(sql.identifier(text))) AS \(sql.identifier("t" + text))"
        }) else { return }
        #expect(rows.count == cases.count, "\(engine.label)")
    }

    /// The strings the dialect's engine can carry (\r is left out where its output cannot), and the rows of one
    /// query: the SELECT made for each string, in order; nil when the engine is not here.
    private static func run(_ dialect: Dialect, _ select: (Int, String, any SQLEngine) -> String) throws
        -> (engine: any SQLEngine, cases: [String], rows: [[String?]])? {
        guard let engine = try EngineRegistry.available(dialect) else { return nil }
        let cases = strings.filter { !$0.contains("\r") || engine.carriesCarriageReturns }
        let union = cases.enumerated().map { select($0, $1, engine) }.joined(separator: "\nUNION ALL ") + "\nORDER BY 1"
        let rows = try #require(try engine.run([EngineJob(schemas: [], setup: [], query: union)]).first).get()
        return (engine, cases, rows)
    }

    @Test func markdownShowsEveryStringLiterallyAndKeepsTablesIntact() {
        for text in Self.strings {
            let cell = MarkdownText.prose(text, inTable: true)
            let literal = MarkdownText.literal(text)
            for rendered in [cell, literal] {
                #expect(!rendered.contains("\n"), "\(text.debugDescription) breaks a line")
                // tally's own <code> element (for code spans holding < > &) is the only tag allowed.
                let withoutOwnTags = rendered.replacingOccurrences(of: "<code>", with: "")
                    .replacingOccurrences(of: "</code>", with: "")
                #expect(!withoutOwnTags.utf8.contains(UInt8(ascii: "<")), "\(text.debugDescription) lets HTML through: \(rendered)")
                // Every | that reaches a table row is escaped, so the row keeps its columns. Bytes, as a Markdown
                // renderer reads them: a | joined by a combining mark into one Character still splits the row.
                let bytes = Array(rendered.utf8)
                let unescapedPipes = bytes.indices.filter { index in
                    bytes[index] == UInt8(ascii: "|") && (index == 0 || bytes[index - 1] != UInt8(ascii: "\\"))
                }
                #expect(unescapedPipes.isEmpty, "\(text.debugDescription) splits a table row: \(rendered)")
            }
        }
    }

    /// LookML strings quote plain texts as they are, and every other text as the folding and escaping does: the
    /// shortcut and the general path agree on the hostile strings and on texts just inside and outside the
    /// shortcut (spaces at the ends, a tab, DEL, a quote).
    @Test func lookMLStringsAreOneTokenWhicheverPathQuotesThem() {
        let edges = ["", " ", "plain title", " leading", "trailing ", "in  between", "tab\there", "del\u{7F}", "q\"uote",
                     "back\\slash", "~!@#$%^&*()_+{}|:<>?", "line\nbreak", "é"]
        for text in Self.strings + edges {
            #expect(LookMLText.string(text) == LookMLText.folded(text), "\(text.debugDescription)")
            // As the model writes it, into bytes.
            var out = SourceBuffer(capacity: 16)
            LookMLText.write(text, into: &out)
            #expect(out.finish() == Array(LookMLText.string(text).utf8), "\(text.debugDescription)")
        }
        #expect(LookMLText.folded(" a\n  b \"c\" \\ ") == "\"a b \\\"c\\\" \\\\\"")
        #expect(LookMLText.isPlain("plain title") && LookMLText.isPlain(""))
        #expect(!LookMLText.isPlain(" leading") && !LookMLText.isPlain("tab\there") && !LookMLText.isPlain("q\"uote"))
    }

    /// The generated Swift is compiled and run: each literal must equal its input byte for byte.
    @Test func swiftLiteralsCompileAndEqualTheirInput() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tally-literals-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        // Each ASCII character, and each kind of multi-byte scalar, inside words of plain text and across their
        // edges: plain text is copied eight bytes at a time.
        let asciiInLongText: [String] = (1..<128).map { code in
            "abcdefghij" + String(UnicodeScalar(UInt8(code))) + "klmnopqrstu"
        }
        let scalars: [String] = ["é", "\u{2028}", "\u{2029}", "\u{2027}", "✓", "😀"]
        let scalarsInLongText: [String] = scalars.flatMap { scalar in
            ["abcdefg" + scalar + "hijklmnop", "abcdefgh" + scalar]
        }
        // Each byte that needs escaping at each place of a word, and two in one word.
        let specials: [String] = ["\"", "\\", "\n", "\u{1}", "\u{7F}", "\u{2028}", "é"]
        let everywhere: [String] = specials.flatMap { special in
            (0...9).map { place in
                String("abcdefghijklmnopq".prefix(place)) + special + "rstuvw" + special + "xyz"
            }
        }
        let edges: [String] = ["", "\u{0}", "\u{7F}", "\u{1B}[31m", "a\u{2028}b\u{2029}\u{E2}"] + everywhere
        let strings: [String] = Self.strings + asciiInLongText + scalarsInLongText + edges
        // Fixtures write their literals straight into a buffer: byte for byte the literals compiled here.
        for (text, next) in zip(strings, strings.dropFirst() + strings.prefix(1)) {
            var buffer = SourceBuffer(capacity: 0)
            buffer.literal(text)
            let written = buffer.finish()
            #expect(written == Array(SwiftLiteral.string(text).utf8), "\(text.debugDescription)")
            // Parts escaped apart make the literal of their whole (the fixtures escape repeated parts once).
            var parts = SourceBuffer(capacity: 0)
            parts.append(byte: 0x22)
            SwiftLiteral.writeEscaped(text, into: &parts)
            SwiftLiteral.writeEscaped(next, into: &parts)
            parts.append(byte: 0x22)
            let joined = parts.finish()
            #expect(joined == Array(SwiftLiteral.string(text + next).utf8), "\((text + next).debugDescription)")
        }
        let source = "let values: [String] = [\n" + strings.map { "    " + SwiftLiteral.string($0) + ",\n" }.joined()
            + "]\nfor value in values { print(value.utf8.map { String($0) }.joined(separator: \" \")) }\n"
        try source.write(to: folder.appendingPathComponent("main.swift"), atomically: false, encoding: .utf8)
        let binary = folder.appendingPathComponent("literals").path
        let compile = try Subprocess.run("/usr/bin/env", ["swiftc", "-Onone", "-o", binary,
                                                                 folder.appendingPathComponent("main.swift").path], input: "")
        #expect(compile.status == 0, "swiftc: \(compile.stderr)")
        let run = try Subprocess.run(binary, [], input: "")
        let expected = strings.map { $0.utf8.map { String($0) }.joined(separator: " ") }
        #expect(run.stdout.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init) == expected)
        #expect(SwiftLiteral.identifier("default") == "`default`")
    }
}
