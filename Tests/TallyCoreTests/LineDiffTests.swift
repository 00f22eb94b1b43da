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
}
