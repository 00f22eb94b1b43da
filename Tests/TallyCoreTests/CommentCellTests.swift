import Testing
@testable import TallyCore
import TallyRunner

/// Text in pull-request comments: shown as written, mentioning nobody.
@Suite struct CommentCellTests {
    @Test(arguments: [
        ("cc @alice", "cc @&#8203;alice"),
        ("@sourcegraph/code-insights owns it", "@&#8203;sourcegraph/code-insights owns it"),
        ("(@bob)", "(@&#8203;bob)"),
        ("@9lives", "@&#8203;9lives"),
        // An e-mail address is no mention, nor is an @ before a space or at the end.
        ("ops@example.com", "ops@example.com"),
        ("café@alice", "café@&#8203;alice"),
        ("me_@x", "me\\_@x"),
        ("a @ b @", "a @ b @"),
        ("first @a\nthen @b", "first @&#8203;a<br>then @&#8203;b"),
        ("`@x` *y*", "\\`@&#8203;x\\` \\*y\\*"),
        // Issue references and emoji shortcodes link and render nothing either.
        ("fixes #12", "fixes #&#8203;12"),
        ("see org/repo#7", "see org/repo#&#8203;7"),
        ("looks good :+1: and :tada:", "looks good :&#8203;+1: and :&#8203;tada:"),
        (":white_check_mark:", ":&#8203;white\\_check\\_mark:"),
        ("10:30 and a:b and # 1 and #x", "10:30 and a:b and # 1 and #x"),
    ])
    func mentionsAreBroken(_ value: String, _ cell: String) {
        #expect(CommentCell.text(value) == cell)
    }

    /// Values from data go through the same cell: a group named like a user notifies no one, and Markdown in a
    /// value stays text.
    @Test func valueDiffCellsMentionNobody() {
        let old = RunResult(id: "owners", title: "Owners by @team", columns: ["owner", "value"], types: [nil, nil],
                            rows: [["@alice", "1"], ["*bold* | pipe", "2"]])
        var new = old
        new.rows = [["@alice", "3"], ["*bold* | pipe", "2"]]
        let markdown = ValueDiffReport(base: "HEAD", diffs: [ValueDiff(old: old, new: new)], notes: []).markdown()
        #expect(markdown.contains("#### `owners`: Owners by @&#8203;team\n"), "\(markdown)")
        #expect(markdown.contains("| @&#8203;alice | 1 | 3 | +2 |"), "\(markdown)")
        #expect(!markdown.contains("bold"), "unchanged rows are not listed: \(markdown)")
        // A NULL group reads as NULL, as the value columns do; an empty one stays empty.
        let keyed = RunResult(id: "plans", title: "Plans", columns: ["plan", "value"], types: [nil, nil],
                              rows: [[nil, "1"], ["", "2"]])
        var moved = keyed
        moved.rows = [[nil, "3"], ["", "4"]]
        let table = ValueDiffReport(base: "HEAD", diffs: [ValueDiff(old: keyed, new: moved)], notes: []).markdown()
        #expect(table.contains("| NULL | 1 | 3 | +2 |") && table.contains("|  | 2 | 4 | +2 |"), "\(table)")
    }
}

/// Code spans in comments hold any text whole: a backtick inside cannot end them early.
@Suite struct CommentCodeTests {
    @Test(arguments: [
        ("origin/main", "`origin/main`"),
        ("rel`@octocat", "``rel`@octocat``"),
        ("a``b", "```a``b```"),
        ("`edge`", "`` `edge` ``"),
        ("two\nlines", "`two lines`"),
    ])
    func codeSpans(_ value: String, _ markdown: String) {
        #expect(CommentCell.code(value) == markdown)
    }
}
