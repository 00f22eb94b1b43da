import Foundation

/// A short unified diff between two texts, for drift diagnostics: enough to see what changed, not a patch tool.
///
/// Lines are compared as byte ranges of the two texts and only the lines shown become Strings: a check after one
/// edit at 10,000 definitions diffs Catalog.swift (4 MB) and two 1 MB docs, and splitting them into 200,000 Strings
/// was a sixth of that check.
enum LineDiff {
    /// The diff's first hunks, at most `maxLines` lines, and the 1-based line of the first difference in `old`.
    static func unified(old: String, new: String, label: String, context: Int = 2,
                        maxLines: Int = 24) -> (text: String, firstLine: Int) {
        var old = old
        var new = new
        return old.withUTF8 { oldBytes in
            new.withUTF8 { newBytes in
                unified(Lines(oldBytes), Lines(newBytes), label: label, context: context, maxLines: maxLines)
            }
        }
    }

    static func unified(old: [UInt8], new: [UInt8], label: String, context: Int = 2,
                        maxLines: Int = 24) -> (text: String, firstLine: Int) {
        old.withUnsafeBufferPointer { oldBytes in
            new.withUnsafeBufferPointer { newBytes in
                unified(Lines(oldBytes), Lines(newBytes), label: label, context: context, maxLines: maxLines)
            }
        }
    }

    private static func unified(_ a: Lines, _ b: Lines, label: String, context: Int,
                                maxLines: Int) -> (text: String, firstLine: Int) {
        var prefix = 0
        while prefix < a.count, prefix < b.count, a.same(prefix, as: b, prefix) { prefix += 1 }
        if prefix == a.count, prefix == b.count {
            // Equal lines, different texts: only the line break at the end differs.
            let which = a.endsWithLineBreak
                ? "the file on disk ends with a line break, the definitions' output does not"
                : "the definitions' output ends with a line break, the file on disk does not"
            return ("--- \(label) (on disk)\n+++ \(label) (from the definitions)\n(\(which))", max(1, a.count))
        }
        var suffix = 0
        while suffix < a.count - prefix, suffix < b.count - prefix,
              a.same(a.count - 1 - suffix, as: b, b.count - 1 - suffix) { suffix += 1 }
        let start = max(0, prefix - context)
        let after = min(a.count, a.count - suffix + context)
        var body = Body(limit: maxLines)
        for line in start..<prefix { body.add(" ", a, line) }
        middle(a, prefix..<(a.count - suffix), b, prefix..<(b.count - suffix), into: &body)
        for line in (a.count - suffix)..<after { body.add(" ", a, line) }
        let oldCount = after - start
        let newCount = min(b.count, b.count - suffix + context) - start
        var lines = ["--- \(label) (on disk)", "+++ \(label) (from the definitions)",
                     "@@ -\(start + 1),\(oldCount) +\(start + 1),\(newCount) @@"]
        lines += body.shown
        if body.count > maxLines { lines.append("… \(body.count - maxLines) more lines") }
        return (lines.joined(separator: "\n"), prefix + 1)
    }

    /// The changed middle as removals and additions, aligned by a longest common subsequence when small enough.
    private static func middle(_ a: Lines, _ aRange: Range<Int>, _ b: Lines, _ bRange: Range<Int>,
                               into body: inout Body) {
        guard aRange.count * bRange.count <= 250_000 else {
            for line in aRange { body.add("-", a, line) }
            for line in bRange { body.add("+", b, line) }
            return
        }
        let rows = aRange.count
        let columns = bRange.count
        var table = [[Int]](repeating: [Int](repeating: 0, count: columns + 1), count: rows + 1)
        for i in stride(from: rows - 1, through: 0, by: -1) {
            for j in stride(from: columns - 1, through: 0, by: -1) {
                table[i][j] = a.same(aRange.lowerBound + i, as: b, bRange.lowerBound + j) ? table[i + 1][j + 1] + 1
                    : max(table[i + 1][j], table[i][j + 1])
            }
        }
        var i = 0
        var j = 0
        while i < rows || j < columns {
            if i < rows, j < columns, a.same(aRange.lowerBound + i, as: b, bRange.lowerBound + j) {
                body.add(" ", a, aRange.lowerBound + i); i += 1; j += 1
            } else if i < rows, j == columns || table[i + 1][j] >= table[i][j + 1] {
                body.add("-", a, aRange.lowerBound + i); i += 1
            } else {
                body.add("+", b, bRange.lowerBound + j); j += 1
            }
        }
    }

    /// The diff's lines after its header: counted all, made into text only up to the limit.
    private struct Body {
        let limit: Int
        var shown: [String] = []
        var count = 0

        mutating func add(_ mark: String, _ lines: Lines, _ line: Int) {
            count += 1
            if shown.count < limit { shown.append(mark + lines.text(line)) }
        }
    }

    /// A text's lines as ranges of its bytes: a final line break ends the last line, it does not start an empty one.
    private struct Lines {
        let bytes: UnsafeBufferPointer<UInt8>
        let ranges: [Range<Int>]

        init(_ bytes: UnsafeBufferPointer<UInt8>) {
            self.bytes = bytes
            var ranges: [Range<Int>] = []
            var start = 0
            for index in bytes.indices where bytes[index] == 0x0A {
                ranges.append(start..<index)
                start = index + 1
            }
            ranges.append(start..<bytes.count)
            if ranges.count > 1, ranges.last!.isEmpty { ranges.removeLast() }
            self.ranges = ranges
        }

        var count: Int { ranges.count }
        var endsWithLineBreak: Bool { bytes.last == 0x0A }

        func same(_ line: Int, as other: Lines, _ otherLine: Int) -> Bool {
            let mine = ranges[line]
            let theirs = other.ranges[otherLine]
            guard mine.count == theirs.count else { return false }
            return mine.isEmpty || memcmp(bytes.baseAddress! + mine.lowerBound,
                                          other.bytes.baseAddress! + theirs.lowerBound, mine.count) == 0
        }

        func text(_ line: Int) -> String { String(decoding: UnsafeBufferPointer(rebasing: bytes[ranges[line]]), as: UTF8.self) }
    }
}
