/// A short unified diff between two texts, for drift diagnostics: enough to see what changed, not a patch tool.
enum LineDiff {
    /// The diff's first hunks, at most `maxLines` lines, and the 1-based line of the first difference in `old`.
    static func unified(old: String, new: String, label: String, context: Int = 2,
                        maxLines: Int = 24) -> (text: String, firstLine: Int) {
        let a = splitLines(old)
        let b = splitLines(new)
        if a == b {
            // Equal lines, different texts: only the line break at the end differs.
            let which = old.hasSuffix("\n") ? "the file on disk ends with a line break, the definitions' output does not"
                : "the definitions' output ends with a line break, the file on disk does not"
            return ("--- \(label) (on disk)\n+++ \(label) (from the definitions)\n(\(which))", max(1, a.count))
        }
        var prefix = 0
        while prefix < a.count, prefix < b.count, a[prefix] == b[prefix] { prefix += 1 }
        var suffix = 0
        while suffix < a.count - prefix, suffix < b.count - prefix,
              a[a.count - 1 - suffix] == b[b.count - 1 - suffix] { suffix += 1 }
        let oldMiddle = Array(a[prefix..<(a.count - suffix)])
        let newMiddle = Array(b[prefix..<(b.count - suffix)])
        var body: [String] = []
        for line in a[max(0, prefix - context)..<prefix] { body.append(" " + line) }
        body += middle(oldMiddle, newMiddle)
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

    /// A text's lines: a final line break ends the last line, it does not start an empty one.
    private static func splitLines(_ text: String) -> [String] {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.count > 1, lines.last == "" { lines.removeLast() }
        return lines
    }

    /// The changed middle as removals and additions, aligned by a longest common subsequence when small enough.
    private static func middle(_ a: [String], _ b: [String]) -> [String] {
        guard a.count * b.count <= 250_000 else { return a.map { "-" + $0 } + b.map { "+" + $0 } }
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
