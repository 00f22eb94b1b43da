import Testing
@testable import TallyCore

/// The short diffs of drift diagnostics (TallyCore.LineDiff: the tests have a LineDiff of their own) read as `diff -u` would show the same change.
@Suite struct LineDiffTests {
    static let old = (1...14).map { "line \($0)" }.joined(separator: "\n") + "\n"

    @Test func aLineAddedAtTheEndShowsNoLineThatIsNotThere() {
        let diff = TallyCore.LineDiff.unified(old: Self.old + "x\n", new: Self.old, label: "generated/a.md")
        #expect(diff.text == """
            --- generated/a.md (on disk)
            +++ generated/a.md (from the definitions)
            @@ -13,3 +13,2 @@
             line 13
             line 14
            -x
            """)
        #expect(diff.firstLine == 15)
    }

    @Test func aChangedLineInTheMiddle() {
        let new = Self.old.replacingOccurrences(of: "line 7\n", with: "line seven\n")
        let diff = TallyCore.LineDiff.unified(old: Self.old, new: new, label: "a")
        #expect(diff.text.hasSuffix("@@ -5,5 +5,5 @@\n line 5\n line 6\n-line 7\n+line seven\n line 8\n line 9"))
        #expect(diff.firstLine == 7)
    }

    @Test func onlyTheFinalLineBreakDiffers() {
        let diff = TallyCore.LineDiff.unified(old: "a\nb", new: "a\nb\n", label: "a")
        #expect(diff.text.hasSuffix("(the definitions' output ends with a line break, the file on disk does not)"))
    }

    /// Lines compared as bytes give the diff that comparing them as Strings gave (the implementation before, kept
    /// below as the reference), on random texts of few distinct lines, so that lines repeat and the common
    /// subsequence matters, with and without a final line break.
    @Test func byteLinesDiffAsStringLinesDid() {
        var generator = SeededGenerator(seed: 4)
        let vocabulary = ["a", "b", "c", "", "é", "line"]
        func text() -> String {
            let lines = (0..<Int.random(in: 0...9, using: &generator)).map { _ in vocabulary.randomElement(using: &generator)! }
            return lines.joined(separator: "\n") + (Bool.random(using: &generator) ? "\n" : "")
        }
        for _ in 0..<3000 {
            let old = text()
            let new = Bool.random(using: &generator) ? text() : old + "x\n"
            guard old != new else { continue }
            let bytes = TallyCore.LineDiff.unified(old: old, new: new, label: "f", maxLines: 6)
            let strings = StringLineDiff.unified(old: old, new: new, label: "f", maxLines: 6)
            #expect(bytes.text == strings.text && bytes.firstLine == strings.firstLine, "\(old.debugDescription) → \(new.debugDescription)")
        }
    }
}

/// LineDiff as it was, comparing lines as Strings: the reference the byte version is held to.
private enum StringLineDiff {
    static func unified(old: String, new: String, label: String, context: Int = 2,
                        maxLines: Int = 24) -> (text: String, firstLine: Int) {
        let a = splitLines(old)
        let b = splitLines(new)
        if a == b {
            let which = old.hasSuffix("\n") ? "the file on disk ends with a line break, the definitions' output does not"
                : "the definitions' output ends with a line break, the file on disk does not"
            return ("--- \(label) (on disk)\n+++ \(label) (from the definitions)\n(\(which))", max(1, a.count))
        }
        var prefix = 0
        while prefix < a.count, prefix < b.count, a[prefix] == b[prefix] { prefix += 1 }
        var suffix = 0
        while suffix < a.count - prefix, suffix < b.count - prefix,
              a[a.count - 1 - suffix] == b[b.count - 1 - suffix] { suffix += 1 }
        var body: [String] = []
        for line in a[max(0, prefix - context)..<prefix] { body.append(" " + line) }
        body += middle(Array(a[prefix..<(a.count - suffix)]), Array(b[prefix..<(b.count - suffix)]))
        for line in a[(a.count - suffix)..<min(a.count, a.count - suffix + context)] { body.append(" " + line) }
        let start = max(0, prefix - context)
        let oldCount = min(a.count, a.count - suffix + context) - start
        let newCount = min(b.count, b.count - suffix + context) - start
        var lines = ["--- \(label) (on disk)", "+++ \(label) (from the definitions)",
                     "@@ -\(start + 1),\(oldCount) +\(start + 1),\(newCount) @@"]
        if body.count > maxLines {
            lines += body.prefix(maxLines)
            lines.append("… \(body.count - maxLines) more lines")
        } else {
            lines += body
        }
        return (lines.joined(separator: "\n"), prefix + 1)
    }

    private static func splitLines(_ text: String) -> [String] {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.count > 1, lines.last == "" { lines.removeLast() }
        return lines
    }

    private static func middle(_ a: [String], _ b: [String]) -> [String] {
        var table = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in stride(from: a.count - 1, through: 0, by: -1) {
            for j in stride(from: b.count - 1, through: 0, by: -1) {
                table[i][j] = a[i] == b[j] ? table[i + 1][j + 1] + 1 : max(table[i + 1][j], table[i][j + 1])
            }
        }
        var output: [String] = []
        var i = 0
        var j = 0
        while i < a.count || j < b.count {
            if i < a.count, j < b.count, a[i] == b[j] {
                output.append(" " + a[i]); i += 1; j += 1
            } else if i < a.count, j == b.count || table[i + 1][j] >= table[i][j + 1] {
                output.append("-" + a[i]); i += 1
            } else {
                output.append("+" + b[j]); j += 1
            }
        }
        return output
    }
}
