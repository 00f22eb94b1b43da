import Foundation
import Testing
@testable import TallyCore

/// `tally fmt`: canonical key order and version quoting for definition files, by moving whole lines.
@Suite struct FmtTests {
    static let fixtures = TestFiles.folder.appendingPathComponent("Fixtures/fmt")
    static let cases = ["scrambled", "flow_measure", "canonical"]

    static func fixture(_ name: String) throws -> String {
        try String(contentsOf: fixtures.appendingPathComponent(name), encoding: .utf8)
    }

    static func format(_ text: String, path: String = "definitions/g/d.yaml") -> DefinitionFormatter.Outcome {
        DefinitionFormatter.format(SourceText(path: path, bytes: Array(text.utf8)))
    }

    /// What formatting gives: the new text, or the text itself when it was left unchanged.
    static func formatted(_ text: String) -> String? {
        switch format(text) {
        case .unchanged: text
        case .formatted(let output): output
        case .refused, .unsafe: nil
        }
    }

    @Test(arguments: cases)
    func wholeFilesFormatAsExpected(name: String) throws {
        let input = try Self.fixture("\(name).input.yaml")
        let expected = try Self.fixture("\(name).expected.yaml")
        #expect(Self.formatted(input) == expected)
        if input == expected, case .formatted = Self.format(input) {
            Issue.record("a canonical file must come back unchanged, not rewritten")
        }
    }

    @Test(arguments: cases)
    func formattingTwiceChangesNothingMore(name: String) throws {
        let once = try #require(Self.formatted(try Self.fixture("\(name).input.yaml")))
        guard case .unchanged = Self.format(once) else {
            Issue.record("\(name): the formatted file changed again")
            return
        }
    }

    /// Every comment line survives, each still directly above the key it was written over.
    @Test func commentsTravelWithTheirKeys() throws {
        let input = try Self.fixture("scrambled.input.yaml")
        let output = try #require(Self.formatted(input))
        let comments = { (text: String) in
            text.split(separator: "\n").filter { $0.trimmingCharacters(in: .whitespaces).hasPrefix("#") }.sorted()
        }
        #expect(comments(input) == comments(output))
        #expect(output.contains("# The event the web app logs.\nevents: [InsightHover]\n"))
        #expect(output.contains("\n\n# Weekly, as the pings page says.\nmeasure:\n"))
        #expect(output.contains("  # Counted per week starting Monday.\n  week_start: monday\n"))
        #expect(output.hasPrefix("# yaml-language-server: $schema=../../generated/schema/definition.schema.json\n"
                                    + "# The definition's own notes stay at the top.\nkind: ping\n"))
    }

    /// Only versions are requoted; an example's values keep their quoting, since it decides their type.
    @Test func onlyVersionsAreQuoted() throws {
        let text = """
            kind: ping
            title: T
            added: '3.25'
            broken: [{from: 3.31}]
            examples:
              - {name: e, given: {s: [{version: 3.30, n: '1'}]}, expect: []}

            """
        let output = try #require(Self.formatted(text))
        #expect(output == text.replacingOccurrences(of: "'3.25'", with: "\"3.25\"")
            .replacingOccurrences(of: "from: 3.31", with: "from: \"3.31\""))
    }

    @Test func aFileWithYAMLErrorsIsRefused() {
        guard case .refused(let diagnostics) = Self.format("kind: ping\ntitle: a\ntitle: b\n") else {
            Issue.record("a duplicate key must refuse the file")
            return
        }
        #expect(diagnostics.map(\.code) == [.duplicateKey])
    }

    /// A `|+` scalar keeps the blank lines after it; moving them with the next key would change its text.
    @Test func aMoveThatWouldChangeMeaningIsRefused() {
        guard case .unsafe = Self.format("kind: ping\ndefinition: |+\n  text\n\n\ntitle: T\n") else {
            Issue.record("reordering around a keep-chomped scalar must be refused")
            return
        }
    }

    /// A document end marker stays last, with what follows it: moved with the last key, it was refused as a move
    /// that would change what the file means.
    @Test func aDocumentEndMarkerStaysLast() throws {
        #expect(try #require(Self.formatted("title: E\nkind: ping\n...\n")) == "kind: ping\ntitle: E\n...\n")
        #expect(try #require(Self.formatted("title: E\nkind: ping\n... # end\n# after\n"))
                    == "kind: ping\ntitle: E\n... # end\n# after\n")
        #expect(DefinitionFormatter.isDocumentEnd("..."))
        #expect(DefinitionFormatter.isDocumentEnd("...  "))
        #expect(!DefinitionFormatter.isDocumentEnd("...x"))
        #expect(!DefinitionFormatter.isDocumentEnd("....#"))
    }

    /// A file that is one flow mapping, or no mapping, has no lines to move: it is left as written and said to be,
    /// so that `--check` does not pass it as formatted.
    @Test func aFileWithoutKeyLinesIsSaidToBeLeft() {
        for text in ["{title: F, kind: metric, definition: d}\n", "- a\n- b\n"] {
            guard case .unsafe(let reason) = Self.format(text) else {
                Issue.record("\(text): not refused")
                continue
            }
            #expect(reason.contains("write each top-level key on a line of its own"))
        }
    }

    /// Windows line ends and a byte-order mark are kept, whichever lines move; a lone carriage return (a line break to libyaml, not to
    /// a split at \n) leaves the file as written.
    @Test func lineEndsAndByteOrderMarkAreKept() throws {
        let text = "\u{FEFF}title: T\r\nkind: ping\r\nadded: 3.25\r\n"
        #expect(Self.formatted(text) == "\u{FEFF}kind: ping\r\ntitle: T\r\nadded: \"3.25\"\r\n")
        // The last line, without a line end, moved up: it takes \r\n, the new last line none, and a second run
        // changes nothing (it had left \n mid-file and a lone \r at the end, which it then refused).
        let unended = "kind: ping\r\nadded: 3.25\r\ntitle: T"
        let once = Self.formatted(unended)
        #expect(once == "kind: ping\r\ntitle: T\r\nadded: \"3.25\"")
        if let once { #expect(Self.formatted(once) == once) }
        guard case .unsafe = Self.format("title: T\rkind: ping\n") else {
            Issue.record("a lone carriage return must leave the file as written")
            return
        }
    }

    /// Every definition of the reference projects formats without loss, and the second run changes nothing.
    @Test func everyReferenceDefinitionFormatsIdempotently() throws {
        var count = 0
        for name in ReferenceProjectTests.names {
            let root = TestFiles.referenceProject(name).appendingPathComponent("definitions")
            for (path, bytes) in TestFiles.tree(at: root) where !path.hasPrefix("sources/") && !path.hasSuffix("group.yaml") {
                let text = String(decoding: bytes, as: UTF8.self)
                let once = try #require(Self.formatted(text), "\(name)/\(path)")
                guard case .unchanged = Self.format(once) else {
                    Issue.record("\(name)/\(path) changed again")
                    continue
                }
                count += 1
            }
        }
        #expect(count > 30)
    }
}
