import Testing
@testable import TallyCore

@Suite struct RendererTests {
    let diagnostic = Diagnostic(.duplicateKey, "duplicate key 'title', with: 50%",
                                at: SourceSpan(file: "definitions/a b/x.yaml", start: .init(line: 3, column: 1),
                                               end: .init(line: 3, column: 6)),
                                notes: [.init("first defined here",
                                              at: SourceSpan(file: "definitions/a b/x.yaml",
                                                             start: .init(line: 1, column: 1),
                                                             end: .init(line: 1, column: 6)))])

    @Test func githubAnnotationsEscapeDataAndProperties() {
        let text = DiagnosticRenderer(format: .github, sources: [:]).render([diagnostic])
        #expect(text == "::error file=definitions/a b/x.yaml,line=3,col=1,endLine=3,endColumn=6,title=tally Y010::"
                    + "duplicate key 'title', with: 50%25%0Adefinitions/a b/x.yaml:1:1: note: first defined here\n")
    }

    /// A CR LF pair in a message is escaped byte by byte, so the annotation stays on one line.
    @Test func githubAnnotationsEscapeACarriageReturnAndLineFeed() {
        let broken = Diagnostic(.duplicateKey, "one\r\ntwo\rthree", at: .startOf("x.yaml"))
        let text = DiagnosticRenderer(format: .github, sources: [:]).render([broken])
        #expect(text.hasSuffix("::one%0D%0Atwo%0Dthree\n"), "\(text.debugDescription)")
        #expect(!text.dropLast().contains { $0 == "\r" || $0 == "\n" || $0 == "\r\n" })
    }

    /// GitHub shows 10 annotations of a kind per step and drops the rest without a word: past nine, one
    /// annotation says how many more there are, and they follow in the log as `tally check` prints them. 492
    /// breaking changes had made 492 annotations, of which a pull request showed 10.
    @Test func githubAnnotationsPastWhatGitHubShowsAreCountedAndLogged() throws {
        func at(_ line: Int, _ severity: Severity) -> Diagnostic {
            Diagnostic(.duplicateKey, "problem \(line)", at: SourceSpan(file: "d.yaml", start: .init(line: line, column: 1),
                                                                         end: .init(line: line, column: 2)),
                       severity: severity)
        }
        let many = (1...12).map { at($0, .error) } + (20...22).map { at($0, .warning) }
        let text = DiagnosticRenderer(format: .github, sources: [:]).render(many)
        let lines = text.split(separator: "\n").map(String.init)
        let annotations = lines.filter { $0.hasPrefix("::error") || $0.hasPrefix("::warning") }
        #expect(annotations.filter { $0.hasPrefix("::error file=") }.count == 9)
        #expect(annotations.filter { $0.hasPrefix("::warning file=") }.count == 3)
        #expect(annotations.contains("::error title=tally%3A 3 more::3 more errors are not annotated, since GitHub shows "
                                         + "10 of a kind per step: each is in this step's log, below the annotations"))
        #expect(annotations.count == 13)
        // The rest as text the runner reads as text only: between stop-commands and its token.
        let stop = try #require(lines.firstIndex { $0.hasPrefix("::stop-commands::tally-") })
        let token = String(lines[stop].dropFirst("::stop-commands::".count))
        #expect(Array(lines[(stop + 1)...]) == ["d.yaml:10:1: error[Y010]: problem 10", "d.yaml:11:1: error[Y010]: problem 11",
                                                 "d.yaml:12:1: error[Y010]: problem 12", "::\(token)::"])
        // A message that writes a workflow command of its own stays text there.
        let forged = Diagnostic(.unknownKey, "unknown key 'bog\n::warning file=README.md::injected'", at: .startOf("d.yaml"))
        let logged = DiagnosticRenderer(format: .github, sources: [:]).render((1...10).map { at($0, .error) } + [forged])
        let forgedLine = try #require(logged.split(separator: "\n").firstIndex { $0.hasPrefix("::warning file=README.md") })
        let opened = try #require(logged.split(separator: "\n").firstIndex { $0.hasPrefix("::stop-commands::") })
        #expect(opened < forgedLine)
        // Exactly ten of a kind are all annotated.
        let ten = DiagnosticRenderer(format: .github, sources: [:]).render((1...10).map { at($0, .warning) })
        #expect(ten.split(separator: "\n").allSatisfy { $0.hasPrefix("::warning file=") })
        // An annotation carries 20 notes, and says how many more there are.
        let drift = Diagnostic(.generatedDrift, "generated/ differs", at: .startOf("generated"),
                               notes: (1...25).map { Diagnostic.Note("differs: f\($0)") })
        let one = DiagnosticRenderer(format: .github, sources: [:]).render([drift])
        #expect(one.contains("note: differs: f20%0A… and 5 more notes: run the command with --format human to see them all\n"))
        #expect(!one.contains("f21"))
    }

    /// Docs headers are HTML comments: no two hyphens side by side may reach them, however many there were.
    @Test func docsHeadersHoldNoDoubleHyphen() {
        for line in ["a--b", "a--->b", "----", "-\u{301}--", "a-b"] {
            let kept = MarkdownEmitter.withoutDoubleHyphens(line)
            let bytes = Array(kept.utf8)
            #expect(!zip(bytes, bytes.dropFirst()).contains { $0 == 0x2D && $1 == 0x2D }, "\(line.debugDescription)")
        }
        #expect(MarkdownEmitter.withoutDoubleHyphens("a-b") == "a-b")
    }

    /// A long report is handed over in pieces as it is made, each ending where a problem's text ends, and together
    /// they are each problem's text in turn: human and JSON alike.
    @Test func aLongReportIsHandedOverInWholeProblems() {
        let many = (0..<2_000).map { index in
            Diagnostic(.generatedDrift, "generated/docs/page_\(index).md differs from what the definitions produce",
                       at: .startOf("generated/docs/page_\(index).md"), detail: "- old line \(index)\n+ new line \(index)")
        }
        for format in [DiagnosticFormat.human, .json] {
            let renderer = DiagnosticRenderer(format: format, sources: [:])
            var pieces: [String] = []
            renderer.render(many) { pieces.append($0) }
            let each = many.map { renderer.render([$0]) }
            #expect(pieces.count > 2, "\(format)")
            #expect(pieces.allSatisfy { $0.utf8.count < (1 << 16) + 1_000 }, "\(format)")
            #expect(pieces.joined() == each.joined(), "\(format)")
            // Each piece ends where some problem's text ends.
            func runningTotals(_ texts: [String]) -> [Int] {
                var total = 0
                return texts.map { text in
                    total += text.utf8.count
                    return total
                }
            }
            let ends = Set(runningTotals(each))
            #expect(runningTotals(pieces).allSatisfy(ends.contains), "\(format)")
        }
    }

    @Test func jsonIsOneObjectPerLine() {
        let text = DiagnosticRenderer(format: .json, sources: [:]).render([diagnostic, diagnostic])
        let lines = text.split(separator: "\n")
        #expect(lines.count == 2)
        #expect(String(lines[0]) == #"{"file":"definitions/a b/x.yaml","line":3,"column":1,"end_line":3,"#
                    + #""end_column":6,"severity":"error","code":"Y010","message":"duplicate key 'title', with: 50%","#
                    + #""notes":[{"message":"first defined here","file":"definitions/a b/x.yaml","line":1,"column":1}]}"#)
    }

    @Test func humanQuotesTheLineWithACaretUnderTheSpan() {
        let source = SourceText(path: "definitions/a b/x.yaml", bytes: Array("title: A\nkind: ping\ntitle: B\n".utf8))
        let text = DiagnosticRenderer(format: .human, sources: [source.path: source]).render([diagnostic])
        #expect(text == """
            definitions/a b/x.yaml:3:1: error[Y010]: duplicate key 'title', with: 50%
             3 | title: B
               | ^~~~~
            definitions/a b/x.yaml:1:1: note: first defined here
             1 | title: A
               | ^~~~~

            """)
    }

    @Test func veryLongLinesShowAWindowAroundTheCaret() {
        let line = String(repeating: "x", count: 5000) + "BAD" + String(repeating: "y", count: 5000)
        let source = SourceText(path: "f", bytes: Array(line.utf8))
        let problem = Diagnostic(.yamlSyntax, "bad", at: SourceSpan(file: "f", start: .init(line: 1, column: 5001),
                                                                     end: .init(line: 1, column: 5004)))
        let text = DiagnosticRenderer(format: .human, sources: ["f": source]).render([problem])
        let lines = text.split(separator: "\n")
        #expect(lines[1].count < 120)
        let caretColumn = lines[2].firstIndex(of: "^").map { lines[2].distance(from: lines[2].startIndex, to: $0) }
        let badColumn = lines[1].firstRange(of: "BAD").map { lines[1].distance(from: lines[1].startIndex, to: $0.lowerBound) }
        #expect(caretColumn == badColumn)
    }
}
