import Foundation

/// A last version read once from its start towards its end through one chunk of memory: the ranges asked of it (in
/// order, none overlapping) are handed over, or compared, as they pass; only the chunks they are in are read. Not
/// copyable, since it owns the chunk.
struct FrontToBackRead: ~Copyable {
    let version: LastVersion
    private var buffer = ProofBuffer()
    /// The chunk's bytes, the first at `chunkStart` in the file; `position` is the next byte not yet handed over or
    /// passed.
    private var chunk = UnsafeRawBufferPointer(start: nil, count: 0)
    private var chunkStart = 0
    private var position = 0

    init(_ version: LastVersion) { self.version = version }

    /// Hands `range`'s bytes to `body` (in one or more calls); false when the range starts before what was already
    /// read, runs past the file, or cannot be read.
    mutating func read(_ range: Range<Int>, _ body: (UnsafeRawBufferPointer) -> Void) -> Bool {
        guard range.lowerBound >= position, range.upperBound <= version.size else { return false }
        position = range.lowerBound
        while position < range.upperBound {
            guard let available = fill() else { return false }
            let from = position - chunkStart
            let count = min(available, range.upperBound - position)
            body(UnsafeRawBufferPointer(rebasing: chunk[from..<from + count]))
            position += count
        }
        return true
    }

    /// Whether the file holds `expected` at `offset` (at or after what was read), those bytes then read.
    mutating func holds(_ expected: UnsafeRawBufferPointer, at offset: Int) -> Bool {
        var compared = 0
        var same = true
        let read = read(offset..<offset + expected.count) { bytes in
            if same { same = memcmp(bytes.baseAddress!, expected.baseAddress! + compared, bytes.count) == 0 }
            compared += bytes.count
        }
        return read && same
    }

    /// The byte at `offset` (at or after what was read), without passing it; nil past the file's end.
    mutating func peek(at offset: Int) -> UInt8? {
        guard offset >= position, offset < version.size, read(offset..<offset, { _ in }), fill() != nil else {
            return nil
        }
        return chunk[position - chunkStart]
    }

    /// How many bytes of the chunk lie at or after `position`, reading the chunk they are in when none do; nil when
    /// it could not be read.
    private mutating func fill() -> Int? {
        if position >= chunkStart, position < chunkStart + chunk.count { return chunkStart + chunk.count - position }
        guard position < version.size else { return nil }
        let room = buffer.room(min(LastVersion.chunkSize, version.size - position))
        guard version.read(into: room, at: position) == room.count else { return nil }
        chunk = UnsafeRawBufferPointer(room)
        chunkStart = position
        return chunk.count
    }
}
