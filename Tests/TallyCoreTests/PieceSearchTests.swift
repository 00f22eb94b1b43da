import Testing
@testable import TallyCore

/// Pieces of views.sql looked for in its last version: where they moved, never out of bounds, at a bounded cost.
@Suite struct PieceSearchTests {
    /// Pieces as an assembled file holds them: a line break between each two.
    static let last = Array((0..<400).map { "-- view \($0)\nSELECT \($0);\n" }.joined(separator: "\n").utf8)

    /// Where piece `n` (its two lines) lies in `last`, with its length and hash.
    static func piece(_ n: Int) -> (offset: Int, length: Int, hash: ContentHash) {
        let text = Array("-- view \(n)\nSELECT \(n);\n".utf8)
        let start = (0...last.count - text.count).first { Array(last[$0..<$0 + text.count]) == text }!
        return (start, text.count, ContentHash(text))
    }

    @Test func aMovedPieceIsFoundAndTheNextOneWhereItShouldBe() {
        var search = PieceSearch()
        let first = Self.piece(100)
        // Recorded 37 bytes before where it lies now: found, and the piece after it is then looked for moved too.
        #expect(search.locate(offset: first.offset - 37, length: first.length, hash: first.hash, in: Self.last[...])
                == first.offset)
        let second = Self.piece(101)
        #expect(search.locate(offset: second.offset - 37, length: second.length, hash: second.hash, in: Self.last[...])
                == second.offset)
        // Where it was laid, it is found too.
        #expect(search.locate(offset: second.offset, length: second.length, hash: second.hash, in: Self.last[...])
                == second.offset)
    }

    @Test func offsetsFromADamagedCacheFindNothingAndNeverTrap() {
        let piece = Self.piece(3)
        for offset in [Int.max, Int.max - 1, -1, Int.min] {
            var search = PieceSearch()
            #expect(search.locate(offset: offset, length: piece.length, hash: piece.hash, in: Self.last[...]) == nil)
        }
        var search = PieceSearch()
        #expect(search.locate(offset: 0, length: Int.max, hash: piece.hash, in: Self.last[...]) == nil)
        #expect(search.locate(offset: piece.offset, length: piece.length, hash: piece.hash, in: []) == nil)
        // A shift carried from a found piece never overflows into a trap either.
        #expect(search.locate(offset: piece.offset + 9, length: piece.length, hash: piece.hash, in: Self.last[...])
                == piece.offset)
        #expect(search.locate(offset: Int.min, length: piece.length, hash: piece.hash, in: Self.last[...]) == nil)
        // Offsets so far apart that the shift between them does not fit an Int.
        var apart = PieceSearch()
        #expect(apart.locate(offset: Int.min + 3, length: piece.length, hash: piece.hash, in: Self.last[...]) == nil)
        #expect(apart.locate(offset: Int.max - 3, length: piece.length, hash: piece.hash, in: Self.last[...]) == nil)
        #expect(apart.locate(offset: piece.offset, length: piece.length, hash: piece.hash, in: Self.last[...]) == piece.offset)
        #expect(apart.locate(offset: Int.min + 3, length: piece.length, hash: piece.hash, in: Self.last[...]) == nil)
    }

    /// A file rewritten by hand: after a few searches that find nothing, pieces are looked for only where expected.
    /// Bytes that hash as the piece but are not followed by the line break between pieces are not it.
    @Test func aPlaceNotFollowedByALineBreakIsNoCandidate() {
        let text = Array("-- view 1\nSELECT 1;\n".utf8)
        let glued = text + Array("-- view 2".utf8)
        var search = PieceSearch()
        #expect(search.locate(offset: 0, length: text.count, hash: ContentHash(text), in: glued[...]) == nil)
        #expect(search.locate(offset: 0, length: text.count, hash: ContentHash(text), in: text[...]) == 0)
        #expect(search.locate(offset: 0, length: text.count, hash: ContentHash(text), in: (text + [0x0A])[...]) == 0)
    }

    @Test func failedSearchesAreBounded() {
        var search = PieceSearch()
        for _ in 0..<PieceSearch.searchesLimit {
            #expect(search.locate(offset: 50, length: 20, hash: ContentHash(value: 1), in: Self.last[...]) == nil)
        }
        let moved = Self.piece(200)
        #expect(search.locate(offset: moved.offset - 5, length: moved.length, hash: moved.hash, in: Self.last[...]) == nil)
        var fresh = PieceSearch()
        #expect(fresh.locate(offset: moved.offset - 5, length: moved.length, hash: moved.hash, in: Self.last[...])
                == moved.offset)
    }
}
