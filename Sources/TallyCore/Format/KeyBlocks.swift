/// The lines of a block mapping cut into one block per key, so that keys can be put in order by moving whole
/// lines, comments included: libyaml drops comments, so `tally fmt` never re-renders a file, it moves its text.
///
/// A key's block is its line, every line after it up to the next key's block, and above it the comment lines
/// written directly over it at its own indentation, with any blank lines above those. Blank lines ending the
/// region stay where they are, and so do the lines of the region before the first key's block: at the top of a
/// file, everything above the first key (its modeline and opening comments); in a nested mapping, what is not a
/// comment directly over the first key.
struct KeyBlocks {
    struct Block {
        var key: String
        /// 0-based line numbers, into the lines the blocks were cut from.
        var lines: Range<Int>
    }

    var head: Range<Int>
    var blocks: [Block]
    var tail: Range<Int>

    /// `keys`: each key's name and 0-based line, in file order, all at `indent` (a count of spaces) and all
    /// within `region`. `firstTakesComments`: whether the comments over the first key are its own (in a nested
    /// mapping) or the region's head (at the top of a file).
    init(lines: [String], region: Range<Int>, keys: [(name: String, line: Int)], indent: Int, firstTakesComments: Bool) {
        var starts: [Int] = []
        for (index, key) in keys.enumerated() {
            var start = key.line
            if index == 0 {
                while firstTakesComments, start > region.lowerBound, KeyBlocks.isComment(lines[start - 1], indent: indent) {
                    start -= 1
                }
                starts.append(start)
                continue
            }
            let floor = keys[index - 1].line + 1
            while start > floor, KeyBlocks.isComment(lines[start - 1], indent: indent) { start -= 1 }
            while start > floor, KeyBlocks.isBlank(lines[start - 1]) { start -= 1 }
            starts.append(start)
        }
        var end = region.upperBound
        while end > (keys.last?.line ?? region.lowerBound) + 1, KeyBlocks.isBlank(lines[end - 1]) { end -= 1 }
        head = region.lowerBound..<(starts.first ?? region.lowerBound)
        blocks = keys.enumerated().map { index, key in
            Block(key: key.name, lines: starts[index]..<(index + 1 < starts.count ? starts[index + 1] : end))
        }
        tail = end..<region.upperBound
    }

    /// The region's lines with the blocks in `order` (keys it does not name last, as they were), or nil when
    /// they are in that order already.
    func reordered(_ lines: [String], order: [String]) -> [String]? {
        let rank = { (key: String) in order.firstIndex(of: key) ?? order.count }
        let sorted = blocks.enumerated().sorted { (rank($0.element.key), $0.offset) < (rank($1.element.key), $1.offset) }
        guard sorted.map(\.offset) != Array(blocks.indices) else { return nil }
        return Array(lines[head]) + sorted.flatMap { lines[$0.element.lines] } + Array(lines[tail])
    }

    static func isBlank(_ line: String) -> Bool { line.allSatisfy { $0 == " " || $0 == "\r" || $0 == "\t" } }

    static func isComment(_ line: String, indent: Int) -> Bool {
        indentation(line) == indent && line.dropFirst(indent).first == "#"
    }

    static func indentation(_ line: String) -> Int { line.prefix { $0 == " " }.count }
}
