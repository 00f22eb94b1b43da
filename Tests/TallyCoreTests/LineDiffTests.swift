import Foundation
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

    /// Lines compared as bytes, read a chunk at a time with only a window around the change split into lines,
    /// give the diff that comparing whole texts as String lines gave (the implementation before, kept below as the
    /// reference). Random texts of few distinct lines, so that lines repeat and the common subsequence matters,
    /// long enough that the window is often not the whole text; chunks of a few bytes, so that every boundary is
    /// crossed; the new text in random parts, as views.sql is.
    @Test func windowedByteDiffsEqualWholeStringDiffs() {
        var generator = SeededGenerator(seed: 4)
        let vocabulary = ["a", "b", "c", "", "é", "line"]
        func text() -> String {
            let lines = (0..<Int.random(in: 0...30, using: &generator)).map { _ in vocabulary.randomElement(using: &generator)! }
            return lines.joined(separator: "\n") + (Bool.random(using: &generator) ? "\n" : "")
        }
        func edited(_ text: String) -> String {
            var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            for _ in 0..<Int.random(in: 1...3, using: &generator) {
                let index = Int.random(in: 0...lines.count, using: &generator)
                switch Int.random(in: 0...2, using: &generator) {
                case 0: lines.insert(vocabulary.randomElement(using: &generator)!, at: index)
                case 1 where index < lines.count: lines.remove(at: index)
                default: if index < lines.count { lines[index] += "x" }
                }
            }
            return lines.joined(separator: "\n")
        }
        for round in 0..<4000 {
            let old = text()
            let new = round % 3 == 0 ? text() : edited(old)
            let newBytes = Array(new.utf8)
            var cuts = (0..<Int.random(in: 0...4, using: &generator)).map { _ in Int.random(in: 0...newBytes.count, using: &generator) }
            cuts = ([0] + cuts + [newBytes.count]).sorted()
            let parts = zip(cuts, cuts.dropFirst()).map { GeneratedFile.Part.bytes(newBytes[$0..<$1]) }
            let chunk = Int.random(in: 1...7, using: &generator)
            let bytes = TallyCore.LineDiff.compare(old: Array(old.utf8), new: PartBytes(parts), label: "f", maxLines: 6,
                                                   chunk: chunk)
            let expected: TallyCore.LineDiff.Comparison
            if old == new {
                expected = .same
            } else {
                let strings = StringLineDiff.unified(old: old, new: new, label: "f", maxLines: 6)
                expected = .differ(text: strings.text, firstLine: strings.firstLine)
            }
            #expect(bytes == expected, "\(old.debugDescription) → \(new.debugDescription), chunks of \(chunk)")
        }
    }

    /// Two changes far apart (a definition added without a build: a line near the top of views.sql and a view far
    /// below): the diff shows the first change as one hunk and says more follows, reading a few lines past it
    /// rather than everything between the two. Nearer than the window limit, both are shown as before.
    @Test func changesFarApartShowTheFirstOnly() {
        let old = (1...20_000).map { "line \($0)" }
        var new = old
        new.insert("inserted", at: 10)
        new[19_000] = "changed far below"
        let diff = TallyCore.LineDiff.compare(old: Array((old.joined(separator: "\n") + "\n").utf8),
                                              new: Array((new.joined(separator: "\n") + "\n").utf8), label: "v.sql",
                                              chunk: 1000, windowLimit: 4096)
        #expect(diff == .differ(text: """
            --- v.sql (on disk)
            +++ v.sql (from the definitions)
            @@ -9,4 +9,5 @@
             line 9
             line 10
            +inserted
             line 11
             line 12
            … and more changes further on (only the first is shown)
            """, firstLine: 11))
        // A first change longer than the cut (500 lines replaced): the diff says where it stops.
        var rewritten = old
        for line in 10..<510 { rewritten[line] = "rewritten \(line)" }
        rewritten[19_000] = "changed far below"
        let long = TallyCore.LineDiff.compare(old: Array((old.joined(separator: "\n") + "\n").utf8),
                                              new: Array((rewritten.joined(separator: "\n") + "\n").utf8),
                                              label: "v.sql", chunk: 1000, windowLimit: 4096)
        guard case .differ(let longText, 11) = long else { Issue.record("\(long)"); return }
        #expect(longText.hasSuffix("… the diff stops 200 lines after the first difference"))
        #expect(longText.contains("-line 11\n"))
        // Within the limit, the window holds both changes, as before.
        var close = old
        close.insert("inserted", at: 10)
        close[18] = "changed below"
        let near = TallyCore.LineDiff.compare(old: Array((old.joined(separator: "\n") + "\n").utf8),
                                              new: Array((close.joined(separator: "\n") + "\n").utf8), label: "v.sql",
                                              chunk: 1000)
        guard case .differ(let text, 11) = near else { Issue.record("\(near)"); return }
        #expect(text.contains("+inserted") && text.contains("+changed below") && !text.contains("further on"))
    }

    /// A file read a range at a time, and one that cannot be read.
    @Test func aFileOnDiskIsReadARangeAtATime() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("tally-linediff-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let old = (1...100).map { "line \($0)" }.joined(separator: "\n") + "\n"
        try old.write(toFile: path, atomically: false, encoding: .utf8)
        let new = Array(old.replacingOccurrences(of: "line 50\n", with: "line fifty\n").utf8)
        let file = FileBytes(path: path, count: old.utf8.count)
        let diff = TallyCore.LineDiff.compare(old: file, new: new, label: "a", chunk: 64)
        #expect(diff == .differ(text: TallyCore.LineDiff.unified(old: old, new: String(decoding: new, as: UTF8.self),
                                                                  label: "a").text, firstLine: 50))
        #expect(TallyCore.LineDiff.compare(old: file, new: Array(old.utf8), label: "a", chunk: 64) == .same)
        try FileManager.default.removeItem(atPath: path)
        #expect(TallyCore.LineDiff.compare(old: file, new: new, label: "a") == .unreadable)
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
