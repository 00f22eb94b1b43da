import Testing
@testable import TallyCore

@Suite struct YAMLLoaderTests {
    private func load(_ text: String, loader: YAMLLoader = YAMLLoader()) -> (YAMLNode?, [Diagnostic]) {
        var diagnostics = DiagnosticCollector()
        let node = loader.load(SourceText(path: "f.yaml", bytes: Array(text.utf8)), into: &diagnostics)
        return (node, diagnostics.sorted())
    }

    @Test func keepsScalarTextAsWritten() throws {
        let (node, problems) = load("added: 3.30\nname: 'x'\n")
        #expect(problems.isEmpty)
        guard case .mapping(let entries) = try #require(node).content,
              case .scalar(let version) = entries[0].value.content else {
            Issue.record("expected a mapping of scalars")
            return
        }
        #expect(version.text == "3.30")
        #expect(version.style == .plain)
        #expect(entries[1].key.span.start == SourcePosition(line: 2, column: 1))
    }

    @Test func fiftyThousandDeepNestingIsALocatedErrorNotACrash() {
        let text = "a: " + String(repeating: "[", count: 50_000) + String(repeating: "]", count: 50_000)
        let (node, problems) = load(text)
        #expect(node == nil)
        #expect(problems.map(\.code) == [.nestingTooDeep])
        #expect(problems.first?.span.start == SourcePosition(line: 1, column: 67))  // the root mapping is level 1
    }

    @Test func oversizeInputIsRefusedBeforeParsing() {
        let text = String(repeating: "# padding\n", count: 200)
        let (node, problems) = load(text, loader: YAMLLoader(maxBytes: 1000))
        #expect(node == nil)
        #expect(problems.map(\.message) == ["file is 2000 bytes; definitions files may be at most 1000 bytes"])
    }

    @Test func crlfAndBOMKeepLineAndColumn() {
        let (_, problems) = load("\u{FEFF}a: 1\r\nb: 2\r\na: 3\r\n")
        #expect(problems.map(\.code) == [.duplicateKey])
        #expect(problems.first?.span.start == SourcePosition(line: 3, column: 1))
        #expect(problems.first?.notes.first?.span?.start == SourcePosition(line: 1, column: 1))
    }

    /// A repeated key's first place is found among its mapping's entries, where a refused key stands for no key:
    /// a plain merge key and a complex key's stand-in are never a first place, a quoted "<<" and an empty key are,
    /// before and after a long mapping's keys go into a dictionary (at 16 entries).
    @Test func repeatedKeysBesideRefusedKeys() {
        func duplicates(_ text: String) -> [String] {
            load(text).1.filter { $0.code == .duplicateKey }.map { problem in
                "\(problem.message) at \(problem.span.start.line), first at \(problem.notes.first?.span?.start.line ?? 0)"
            }
        }
        #expect(duplicates("<<: 1\n\"<<\": 2\n\"<<\": 3\n") == ["duplicate key '<<' at 3, first at 2"])
        #expect(duplicates("[a]: 1\n\"\": 2\n\"\": 3\n") == ["duplicate key '' at 3, first at 2"])
        let merges = String(repeating: "<<: 1\n", count: 20)
        #expect(duplicates(merges + "\"<<\": 2\n\"<<\": 3\n") == ["duplicate key '<<' at 22, first at 21"])
        let keys = (2...19).map { "k\($0): 1\n" }.joined()
        #expect(duplicates("k0: 1\nk1: 1\nk0: 2\n" + keys + "k1: 2\nk0: 3\n")
                    == ["duplicate key 'k0' (and 1 more times) at 3, first at 1", "duplicate key 'k1' at 22, first at 2"])
        let sixteen = (0...16).map { "k\($0): 1\n" }.joined()
        #expect(duplicates("[a]: 1\n" + sixteen + "\"\": 2\n\"\": 3\n") == ["duplicate key '' at 20, first at 19"])
    }

    /// A file of refused constructs reports the first 20 of each kind, then one line with how many more: reported
    /// each, a megabyte of merge keys, complex keys or anchors was 100,000 errors and a 14 MB report.
    @Test func refusalBombsEndInOneLineEach() {
        let bombs: [(head: String, line: (Int) -> String, code: DiagnosticCode, kind: String)] = [
            ("a: 1\n", { _ in "<<: 1\n" }, .mergeKeyRefused, "merge keys '<<' in this file from here on; write the keys"),
            ("a: 1\n", { _ in "[a]: 1\n" }, .complexKey, "keys that are not plain text in this file from here on; a"),
            ("a:\n", { _ in "  - &a x\n" }, .anchorRefused, "anchors in this file from here on; tally files do not"),
            ("a:\n", { "  - *a\($0)\n" }, .aliasRefused, "alias names in this file from here on; write the values"),
            ("a:\n", { _ in "  - !custom x\n" }, .tagRefused, "tags in this file from here on; only YAML's core tags"),
        ]
        for bomb in bombs {
            let text = bomb.head + (0..<5000).map(bomb.line).joined()
            let refused = load(text).1.filter { $0.code == bomb.code }
            #expect(refused.count == 21, "\(bomb.code)")
            #expect(refused.last?.message.hasPrefix("4980 more \(bomb.kind)") == true, "\(bomb.code)")
            #expect(refused.last?.span.start.line == 22, "\(bomb.code): at the 21st")
        }
        // An alias counts once per name: 5,000 uses of 15 names are 15 errors, nothing summed.
        let aliases = "a:\n" + (0..<5000).map { "  - *a\($0 % 15)\n" }.joined()
        #expect(load(aliases).1.filter { $0.code == .aliasRefused }.count == 15)
        // Under the limit, each is its own error and nothing sums them up.
        #expect(load("a: 1\n" + String(repeating: "<<: 1\n", count: 20)).1.map(\.code)
                    == Array(repeating: .mergeKeyRefused, count: 20))
    }

    @Test func byteOffsetsBecomeScalarColumns() {
        let text = SourceText(path: "f", bytes: Array("é: ü\nxy".utf8))
        #expect(text.position(ofByte: 3) == SourcePosition(line: 1, column: 3))  // after "é:"
        #expect(text.position(ofByte: 8) == SourcePosition(line: 2, column: 2))
        #expect(text.line(1) == "é: ü")
    }

    @Test func coreTagsAreAcceptedOthersRefused() {
        #expect(load("a: !!str 3.30\n").1.isEmpty)
        #expect(load("a: !custom x\n").1.map(\.code) == [.tagRefused])
    }

    @Test func everyHostileInputEndsInADiagnostic() {
        let hostile = ["[", "{a: 1", "a: b: c", "\"unterminated", "- a\nb: c", "? a\n? a\n", "*x", "&a a",
                       "a:\n  - b\n c", String(repeating: "a: [", count: 100), "\u{0}", "%YAML 9.9\n---\na: 1"]
        for text in hostile {
            let (node, problems) = load(text)
            #expect(node == nil || !problems.isEmpty || text.hasPrefix("?"), "no diagnostic for \(text.debugDescription)")
        }
    }
}

@Suite struct VersionTests {
    @Test func seriesBoundsCoverPatchReleases() throws {
        let through = try #require(Version("3.26"))
        #expect(through.contains([3, 26, 7]))
        #expect(!through.contains([3, 27, 0]))
        #expect(try #require(Version("v5.2.1")).lowerBound == [5, 2, 1])
        #expect(try #require(Version("3.35.0")).upperBoundExclusive == [3, 35, 1])
    }

    @Test func comparesNumericallyNotAsText() throws {
        let nine = try #require(Version("3.9")).lowerBound
        let thirtyOne = try #require(Version("3.31")).lowerBound
        #expect(nine < thirtyOne)
    }

    @Test func refusesWhatIsNotARelease() {
        for text in ["", "3.", "3.x", "1.2.3.4", "dev", "0.0.0+dev", "v", "3..1", "-1", "3.25 ", ".3", "vv3", "V3",
                     "1000", "3.1000", "v\u{308}3", "3\u{308}.1", "\u{661}.2", "３.2", "3.2\u{0}", " 3.2"] {
            #expect(Version(text) == nil, "accepted \(text.debugDescription)")
        }
    }

    @Test func readsEachPartAsWritten() throws {
        for (text, parts) in [("3", [3]), ("v5.2.1", [5, 2, 1]), ("0.0.0", [0, 0, 0]), ("007.08", [7, 8]),
                              ("999.999.999", [999, 999, 999]), ("v0", [0])] {
            let version = try #require(Version(text), "refused \(text)")
            #expect(version.parts == parts)
            #expect(version.text == text)
        }
    }
}

@Suite struct DidYouMeanTests {
    @Test func suggestsCloseNamesOnly() {
        #expect(DidYouMean.suggestion(for: "titel", among: ["title", "type"]) == "title")
        #expect(DidYouMean.suggestion(for: "unique_user", among: ["unique_users", "count"]) == "unique_users")
        #expect(DidYouMean.suggestion(for: "fortnight", among: ["day", "week", "month"]) == nil)
    }

    /// Other tools' words for tally's keys, which no spelling distance finds, but only where the key is allowed.
    @Test func suggestsTallysWordForAnotherToolsWord() {
        #expect(DidYouMean.suggestion(for: "stages", among: ["name", "aggregate", "steps", "within"]) == "steps")
        #expect(DidYouMean.suggestion(for: "column", among: ["field", "equals", "in"]) == "field")
        #expect(DidYouMean.suggestion(for: "eq", among: ["field", "equals", "in"]) == "equals")
        #expect(DidYouMean.suggestion(for: "since", among: ["version", "reason", "replaced_by"]) == "version")
        #expect(DidYouMean.suggestion(for: "description", among: ["title", "definition", "rationale"]) == "definition")
        #expect(DidYouMean.suggestion(for: "stages", among: ["title", "definition"]) == nil)
    }
}

@Suite struct EventPatternTests {
    @Test func globsMatchRunsOfCharacters() {
        #expect(EventPattern.matches("Cody*", "CodyInstalled"))
        #expect(EventPattern.matches("*Click", "InsightsGetStartedTabClick"))
        #expect(EventPattern.matches("Insight*Page*", "InsightsGetStartedPageView"))
        #expect(!EventPattern.matches("Cody*", "codyInstalled"))
        #expect(!EventPattern.matches("a*b", "ab_c"))
        #expect(EventPattern.matches("a*b*b", "abb"))
    }
}

/// Hostile files at the size cap: each ends in located errors without a crash, and the work they cause is bounded
/// by counts, not timed (scripts/bench-hostile.py times them): the tree holds one node per key, and the report
/// stays a few lines however large the file.
@Suite struct HostileInputTests {
    private func check(_ text: String) -> (CheckResult, String) {
        var files = CorpusTests.base
        files["definitions/corpus/hostile.yaml"] = Array(text.utf8)
        return checkRendered(files)
    }

    /// The loaded tree's nodes, counted without recursion.
    private func nodeCount(_ text: String) -> Int? {
        var diagnostics = DiagnosticCollector()
        guard let root = YAMLLoader().load(SourceText(path: "f.yaml", bytes: Array(text.utf8)), into: &diagnostics)
        else { return nil }
        var count = 0
        var stack = [root]
        while let node = stack.popLast() {
            count += 1
            switch node.content {
            case .scalar: break
            case .mapping(let entries): stack += entries.map(\.value); count += entries.count  // a key is a node too
            case .sequence(let items): stack += items
            }
        }
        return count
    }

    @Test func keyBombOfDistinctKeys() {
        let text = (0..<60_000).map { "k\($0): v" }.joined(separator: "\n")
        #expect(nodeCount(text) == 1 + 2 * 60_000)
        let (result, rendered) = check(text)
        #expect(result.diagnostics.sorted().first?.message == "unknown key 'k0' in a definition")
        // 20 unknown keys one by one, then one line for the other 59,980; and the required keys that are missing.
        let unknown = result.diagnostics.diagnostics.filter { $0.code == .unknownKey }
        #expect(unknown.count == 21)
        #expect(unknown.last?.message.hasPrefix("59980 more unknown keys in a definition") == true)
        #expect(result.diagnostics.diagnostics.count < 40)
        #expect(rendered.utf8.count < 16_000, "the report grows with the file: \(rendered.utf8.count) bytes")
    }

    @Test func keyBombOfDuplicates() {
        let text = String(repeating: "title: x\n", count: 60_000)
        #expect(nodeCount(text) == nil, "a file with duplicate keys is not decoded")
        let (result, rendered) = check(text)
        let duplicates = result.diagnostics.diagnostics.filter { $0.code == .duplicateKey }
        #expect(duplicates.count == 1)
        #expect(duplicates.first?.message == "duplicate key 'title' (and 59998 more times)")
        #expect(result.diagnostics.diagnostics.count == 1)
        #expect(rendered.utf8.count < 1_000)
    }

    @Test func oneLineOfAMegabyte() {
        let text = "title: " + String(repeating: "x", count: 1_000_000)
        #expect(nodeCount(text) == 3)
        let (result, rendered) = check(text)
        #expect(result.diagnostics.hasErrors)
        #expect(result.diagnostics.diagnostics.count < 20)
        // Each quoted line is a window of 100 characters around its caret, not the megabyte.
        #expect(rendered.utf8.count < 8_000, "\(rendered.utf8.count) bytes")
    }
}

/// Where a `#` in a flow collection began a comment: outside quoted text only.
@Suite struct FlowCommentHintTests {
    @Test func aHashInsideQuotesIsNoComment() {
        func at(_ line: String) -> Int? {
            YAMLErrorHints.firstFlowValueComment(in: line).map { line.distance(from: line.startIndex, to: $0) }
        }
        #expect(at("prs: [#101]") == 5)
        #expect(at("  - {from: \"3.30\", reason: a, fix: #2}") == 33)
        #expect(at("  - {reason: \"see ratio: #1\", fix: #2}") == 33)
        #expect(at("  - {reason: 'it''s: #1', fix: #2}") == 29)
        #expect(at("  - {reason: \"a \\\" b: #1\", fix: #2}") == 30)
        #expect(at("  - {reason: didn't, fix: #2}") == 24)
        #expect(at("title: \"no comment: #1\"") == nil)
    }
}
