import Foundation

/// A short unified diff between two texts, for drift diagnostics: enough to see what changed, not a patch tool.
///
/// The texts are read a chunk at a time (a file on disk, a generated file's parts): the bytes both start with and
/// end with are skipped by comparing chunks, and only a window around the change, with its context lines, is split
/// into lines. A check after one edit at 10,000 definitions diffs three views.sql of 15 MB each, Catalog.swift and
/// two 1 MB docs; holding them whole, with a String per line, took it past 190 MB.
enum LineDiff {
    /// The diff's first hunks, at most `maxLines` lines, and the 1-based line of the first difference in `old`.
    static func unified(old: String, new: String, label: String, context: Int = 2,
                        maxLines: Int = 24) -> (text: String, firstLine: Int) {
        switch compare(old: Array(old.utf8), new: Array(new.utf8), label: label, context: context, maxLines: maxLines) {
        case .differ(let text, let firstLine): (text, firstLine)
        case .same, .unreadable: ("", 1)
        }
    }

    enum Comparison: Equatable {
        case same
        case differ(text: String, firstLine: Int)
        /// A part of one text could not be read.
        case unreadable
    }

    /// The most bytes a window between the first and the last difference is read into memory with; a wider one
    /// (two changes far apart: a definition added without a build changes views.sql's first lines and a view far
    /// below) is cut to the first change. Read whole, such a window made a check's memory grow with the distance
    /// between the changes (177 MB at 10,000 definitions), only to show its first lines as removed: beyond about
    /// 500 lines a side the changes are not aligned anyway.
    static let windowLimit = 1 << 15

    /// As above, for texts read a chunk at a time. `chunk`: how much is read at a time (small in tests, so that
    /// every path is taken).
    static func compare(old: some ByteSource, new: some ByteSource, label: String, context: Int = 2,
                        maxLines: Int = 24, chunk: Int = 1 << 16, windowLimit: Int = windowLimit) -> Comparison {
        let reader = Reader(old: old, new: new, chunk: chunk)
        guard let prefix = reader.commonPrefix() else { return .unreadable }
        let shorter = min(old.count, new.count)
        if prefix == old.count, old.count == new.count { return .same }
        if prefix == shorter, abs(old.count - new.count) == 1, let oldHasIt = reader.onlyFinalBreakDiffers() {
            guard let lines = reader.lineCount(old) else { return .unreadable }
            let which = oldHasIt
                ? "the file on disk ends with a line break, the definitions' output does not"
                : "the definitions' output ends with a line break, the file on disk does not"
            return .differ(text: "--- \(label) (on disk)\n+++ \(label) (from the definitions)\n(\(which))",
                           firstLine: max(1, lines))
        }
        guard let suffix = reader.commonSuffix(after: prefix),
              let start = reader.lineStart(before: prefix, lines: context + 1),
              var oldEnd = reader.lineEnd(in: old, after: old.count - suffix, lines: context + 1),
              let linesBefore = reader.lineBreaks(in: old, 0..<start)
        else { return .unreadable }
        var newEnd = oldEnd - old.count + new.count
        // Too wide: only the first change is shown, from a few lines after it on each side.
        var firstChangeOnly = false
        if oldEnd - start > windowLimit || newEnd - start > windowLimit {
            guard let oldCut = reader.lineEnd(in: old, after: prefix, lines: Self.linesAfterFirstChange),
                  let newCut = reader.lineEnd(in: new, after: prefix, lines: Self.linesAfterFirstChange)
            else { return .unreadable }
            // Each side is cut on its own: a change may be large on one side only (a block added, a file cut short).
            if oldCut < oldEnd || newCut < newEnd {
                (oldEnd, newEnd) = (min(oldCut, oldEnd), min(newCut, newEnd))
                firstChangeOnly = true
            }
        }
        guard let oldWindow = old.bytes(in: start..<oldEnd), let newWindow = new.bytes(in: start..<newEnd) else {
            return .unreadable
        }
        let (text, firstLine) = oldWindow.withUnsafeBufferPointer { a in
            newWindow.withUnsafeBufferPointer { b in
                window(Lines(a), Lines(b), firstLineNumber: linesBefore + 1, label: label, context: context,
                       maxLines: maxLines, firstChangeOnly: firstChangeOnly)
            }
        }
        return .differ(text: text, firstLine: firstLine)
    }

    /// How many lines after the first difference each side's window holds when only the first change is shown:
    /// enough for the change and its realignment (a line or a view added, removed or replaced).
    static let linesAfterFirstChange = 200

    /// The diff of two windows that start at the same line, `firstLineNumber`, and end after the change's context.
    private static func window(_ a: Lines, _ b: Lines, firstLineNumber: Int, label: String, context: Int,
                               maxLines: Int, firstChangeOnly: Bool = false) -> (text: String, firstLine: Int) {
        var prefix = 0
        while prefix < a.count, prefix < b.count, a.same(prefix, as: b, prefix) { prefix += 1 }
        var suffix = 0
        while suffix < a.count - prefix, suffix < b.count - prefix,
              a.same(a.count - 1 - suffix, as: b, b.count - 1 - suffix) { suffix += 1 }
        let start = max(0, prefix - context)
        let after = min(a.count, a.count - suffix + context)
        // Cut windows end anywhere in the text: the hunk ends `context` unchanged lines after the first change.
        var body = Body(limit: maxLines, hunkEndsAfter: firstChangeOnly ? context : nil)
        for line in start..<prefix { body.add(" ", a, line) }
        middle(a, prefix..<(a.count - suffix), b, prefix..<(b.count - suffix), into: &body)
        for line in (a.count - suffix)..<after { body.add(" ", a, line) }
        let oldCount = firstChangeOnly ? body.oldLines : after - start
        let newCount = firstChangeOnly ? body.newLines : min(b.count, b.count - suffix + context) - start
        let first = firstLineNumber + start
        var lines = ["--- \(label) (on disk)", "+++ \(label) (from the definitions)",
                     "@@ -\(first),\(oldCount) +\(first),\(newCount) @@"]
        lines += body.shown
        if body.count > maxLines { lines.append("… \(body.count - maxLines) more lines") }
        if firstChangeOnly {
            // A first change longer than the cut windows has no end to show.
            lines.append(body.ended ? "… and more changes further on (only the first is shown)"
                                    : "… the diff stops \(linesAfterFirstChange) lines after the first difference")
        }
        return (lines.joined(separator: "\n"), firstLineNumber + prefix)
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
        /// With a number: the body ends that many unchanged lines after a change (one hunk).
        let hunkEndsAfter: Int?
        var shown: [String] = []
        var count = 0
        /// The lines of each text the body holds.
        var oldLines = 0
        var newLines = 0
        private var changed = false
        private var unchangedRun = 0
        /// Whether the hunk ended (`hunkEndsAfter` unchanged lines followed a change).
        private(set) var ended = false

        init(limit: Int, hunkEndsAfter: Int? = nil) {
            self.limit = limit
            self.hunkEndsAfter = hunkEndsAfter
        }

        mutating func add(_ mark: String, _ lines: Lines, _ line: Int) {
            if ended { return }
            if mark == " " {
                if changed, let end = hunkEndsAfter, unchangedRun == end {
                    ended = true
                    return
                }
                unchangedRun += 1
            } else {
                changed = true
                unchangedRun = 0
            }
            if mark != "+" { oldLines += 1 }
            if mark != "-" { newLines += 1 }
            count += 1
            if shown.count < limit { shown.append(mark + lines.text(line)) }
        }
    }

    /// A window's lines as ranges of its bytes: a final line break ends the last line, it does not start an empty
    /// one.
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

        func same(_ line: Int, as other: Lines, _ otherLine: Int) -> Bool {
            let mine = ranges[line]
            let theirs = other.ranges[otherLine]
            guard mine.count == theirs.count else { return false }
            return mine.isEmpty || memcmp(bytes.baseAddress! + mine.lowerBound,
                                          other.bytes.baseAddress! + theirs.lowerBound, mine.count) == 0
        }

        func text(_ line: Int) -> String { String(decoding: UnsafeBufferPointer(rebasing: bytes[ranges[line]]), as: UTF8.self) }
    }

    /// Reads the two texts a chunk at a time to find where they differ and the lines around it. Every answer is
    /// nil when a read fails.
    private struct Reader<Old: ByteSource, New: ByteSource> {
        let old: Old
        let new: New
        let chunk: Int

        /// How many bytes both start with.
        func commonPrefix() -> Int? {
            let shorter = min(old.count, new.count)
            var offset = 0
            while offset < shorter {
                let range = offset..<min(offset + chunk, shorter)
                guard let a = old.bytes(in: range), let b = new.bytes(in: range) else { return nil }
                if let index = a.indices.first(where: { a[$0] != b[$0] }) { return offset + index }
                offset = range.upperBound
            }
            return shorter
        }

        /// How many bytes both end with, not reaching back into the `prefix` both start with.
        func commonSuffix(after prefix: Int) -> Int? {
            let limit = min(old.count, new.count) - prefix
            var length = 0
            while length < limit {
                let size = min(chunk, limit - length)
                guard let a = old.bytes(in: (old.count - length - size)..<(old.count - length)),
                      let b = new.bytes(in: (new.count - length - size)..<(new.count - length)) else { return nil }
                if let index = (0..<size).reversed().first(where: { a[$0] != b[$0] }) {
                    return length + size - 1 - index
                }
                length += size
            }
            return limit
        }

        /// When one text is the other and one more byte: whether the old text has it, if that byte is a line break
        /// that only ends the last line (so both have the same lines); nil otherwise.
        func onlyFinalBreakDiffers() -> Bool? {
            let shorter = min(old.count, new.count)
            let oldHasIt = old.count > new.count
            let extra = oldHasIt ? old.bytes(in: shorter..<shorter + 1) : new.bytes(in: shorter..<shorter + 1)
            let before = shorter > 0 ? old.bytes(in: shorter - 1..<shorter) : []
            guard extra == [0x0A], let before, before != [0x0A] else { return nil }
            return oldHasIt
        }

        /// Where the line `lines - 1` lines before the one holding `offset` starts (0 when there are fewer): the
        /// bytes before `offset` are the same in both texts, so it is a line start in both.
        func lineStart(before offset: Int, lines: Int) -> Int? {
            var found = 0
            var end = offset
            while end > 0 {
                let range = max(0, end - chunk)..<end
                guard let bytes = old.bytes(in: range) else { return nil }
                for index in bytes.indices.reversed() where bytes[index] == 0x0A {
                    found += 1
                    if found == lines { return range.lowerBound + index + 1 }
                }
                end = range.lowerBound
            }
            return 0
        }

        /// Where `text` has seen `lines` line breaks from `offset` on, or its end.
        func lineEnd(in text: some ByteSource, after offset: Int, lines: Int) -> Int? {
            var found = 0
            var start = offset
            while start < text.count {
                let range = start..<min(start + chunk, text.count)
                guard let bytes = text.bytes(in: range) else { return nil }
                for index in bytes.indices where bytes[index] == 0x0A {
                    found += 1
                    if found == lines { return range.lowerBound + index + 1 }
                }
                start = range.upperBound
            }
            return text.count
        }

        /// How many line breaks `text` has in `range`.
        func lineBreaks(in text: Old, _ range: Range<Int>) -> Int? {
            var count = 0
            var start = range.lowerBound
            while start < range.upperBound {
                let part = start..<min(start + chunk, range.upperBound)
                guard let bytes = text.bytes(in: part) else { return nil }
                count += bytes.lazy.filter { $0 == 0x0A }.count
                start = part.upperBound
            }
            return count
        }

        /// Its lines, as LineDiff counts them: a final line break ends the last line.
        func lineCount(_ text: Old) -> Int? {
            guard let breaks = lineBreaks(in: text, 0..<text.count) else { return nil }
            let last = text.count > 0 ? text.bytes(in: text.count - 1..<text.count) : []
            guard let last else { return nil }
            return last == [0x0A] ? max(1, breaks) : breaks + 1
        }
    }
}
