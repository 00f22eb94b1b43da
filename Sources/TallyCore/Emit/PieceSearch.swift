/// Finds the pieces of taken jobs in the last version of an assembled file (views.sql), in position order. Each is
/// looked for where it was laid, moved by how far the pieces before it were found from where they had been laid;
/// then where it was laid; then where it is laid now; then at the line starts near the first of these, nearest
/// first. When another build wrote the file since (a pull brought views it changed), every piece after a changed
/// one lies elsewhere: read at its recorded offset alone, each of them was rendered again (all of a views.sql's
/// after a pull), and a check after a pull and an edit at 10,000 definitions took 1.07-1.18 s and up to 150 MB
/// instead of 0.98-1.00 s and 144 MB. A piece is taken only where `length` bytes hash as recorded, so a place found
/// anywhere holds exactly its bytes.
struct PieceSearch {
    /// How far the last piece found lay from where it had been laid.
    private var shift = 0
    /// Searches that found nothing in this file, and bytes hashed by searches: past either limit, pieces are looked
    /// for only where expected, so that a file rewritten by hand or laid out in another order costs a bounded
    /// search, not one per piece.
    private var failedSearches = 0
    private var searchedBytes = 0

    /// How far from where a piece is expected it is looked for, either way.
    static let searchDistance = 1 << 16
    static let searchesLimit = 16
    /// Bytes hashed by searches, per file, as a multiple of its size.
    static let searchedBytesLimit = 4

    /// Where the piece's bytes lie in `last`, or nil. `laid`: where it is laid in the file being made.
    mutating func locate(offset: Int, length: Int, hash: ContentHash, laid: Int? = nil, in last: ArraySlice<UInt8>) -> Int? {
        // In an assembled file a piece is followed by the line break before the next one, or ends the file: a place
        // where it is not is no candidate, and costs no hash.
        func isCandidate(_ start: Int) -> Bool {
            // Offset and length come from the cache file: checked without adding them, which could overflow.
            guard start >= 0, PieceAssembly.fits(start, length, in: last) else { return false }
            return start + length == last.count || last[start + length] == 0x0A
        }
        func hashes(_ start: Int) -> Bool { last[start..<start + length].withUnsafeBytes { ContentHash($0) } == hash }
        func holds(_ start: Int) -> Bool { isCandidate(start) && hashes(start) }
        let moved = offset.addingReportingOverflow(shift)
        let expected = moved.overflow ? offset : moved.partialValue
        var found: Int?
        if holds(expected) {
            found = expected
        } else if expected != offset, holds(offset) {
            found = offset
        } else if let laid, laid != expected, laid != offset, holds(laid) {
            found = laid
        } else if failedSearches < Self.searchesLimit, searchedBytes / Self.searchedBytesLimit <= last.count,
                  expected >= 0, expected <= last.count {
            var hashed = 0
            found = Self.lineStart(near: expected, in: last) { start in
                guard isCandidate(start) else { return false }
                hashed += length
                return hashes(start)
            }
            searchedBytes += hashed
            if found == nil { failedSearches += 1 }
        }
        if let found {
            let moved = found.subtractingReportingOverflow(offset)
            shift = moved.overflow ? 0 : moved.partialValue
        }
        return found
    }

    /// The line start nearest `center` (within `searchDistance` either way; at equal distances the one after it)
    /// that `holds`.
    private static func lineStart(near center: Int, in last: ArraySlice<UInt8>, where holds: (Int) -> Bool) -> Int? {
        let lower = max(0, center - searchDistance)
        let upper = min(last.count, center + searchDistance)
        var after = center + 1
        var before = center
        while after < upper || before > lower {
            if after < upper {
                if last[after - 1] == 0x0A, holds(after) { return after }
                after += 1
            }
            if before > lower {
                before -= 1
                if before > 0, last[before - 1] == 0x0A, holds(before) { return before }
            }
        }
        return nil
    }
}
