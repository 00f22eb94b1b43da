/// Git's conflict markers (`<<<<<<< HEAD`, `=======`, `>>>>>>> branch`) left in a file by a merge: a definition
/// holding them is no YAML, and a generated file holding them differs from any build. Both are said as a merge to
/// finish, not as the syntax error or drift they also are.
enum MergeConflictMarkers {
    /// The 1-based number of the first line that opens or closes a conflict, or nil.
    static func firstLine(in bytes: some Collection<UInt8>) -> Int? {
        var line = 1
        var atLineStart = true
        var index = bytes.startIndex
        while index != bytes.endIndex {
            if atLineStart, isMarker(bytes[index...]) { return line }
            atLineStart = bytes[index] == 0x0A
            if atLineStart { line += 1 }
            index = bytes.index(after: index)
        }
        return nil
    }

    /// Seven '<' or '>' and then a space or the line's end: the lines git writes around each side.
    private static func isMarker(_ rest: some Collection<UInt8>) -> Bool {
        guard let first = rest.first, first == UInt8(ascii: "<") || first == UInt8(ascii: ">") else { return false }
        let run = rest.prefix(8)
        guard run.prefix(7).count == 7, run.prefix(7).allSatisfy({ $0 == first }) else { return false }
        guard run.count == 8 else { return true }
        let next = run[run.index(run.startIndex, offsetBy: 7)]
        return next == UInt8(ascii: " ") || next == 0x0A || next == 0x0D
    }
}
