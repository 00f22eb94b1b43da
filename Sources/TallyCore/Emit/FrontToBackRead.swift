/// A last version read once from its start towards its end through one chunk of memory: the ranges asked of it (in
/// order, none overlapping) are handed over as they pass. Hashing the whole file, it reads every byte into one hash,
/// what lies between the ranges too; else it reads only the chunks the ranges are in. Not copyable, since it owns
/// the chunk.
struct FrontToBackRead: ~Copyable {
    let version: LastVersion
    /// The hash of every byte read so far, when the whole file is hashed.
    private var whole: ContentHasher?
    private var buffer = ProofBuffer()
    /// The chunk's bytes, the first at `chunkStart` in the file; `position` is the next byte not yet handed over or
    /// passed.
    private var chunk = UnsafeRawBufferPointer(start: nil, count: 0)
    private var chunkStart = 0
    private var position = 0
    /// False once a read failed or the file ended early.
    private(set) var complete = true

    init(_ version: LastVersion, hashingWhole: Bool = true) {
        self.version = version
        whole = hashingWhole ? ContentHasher() : nil
    }

    /// Hands `range`'s bytes to `body` (in one or more calls), after passing over those before it; false when the
    /// range starts before what was already read, or runs past the file.
    mutating func read(_ range: Range<Int>, _ body: (UnsafeRawBufferPointer) -> Void) -> Bool {
        guard range.lowerBound >= position, range.upperBound <= version.size else { return false }
        // Not hashing the whole file, what lies before the range is not read.
        if whole == nil { position = range.lowerBound }
        while position < range.upperBound {
            guard let available = fill() else { return false }
            let from = position - chunkStart
            if position < range.lowerBound {
                position += min(available, range.lowerBound - position)
            } else {
                let count = min(available, range.upperBound - position)
                body(UnsafeRawBufferPointer(rebasing: chunk[from..<from + count]))
                position += count
            }
        }
        return true
    }

    /// The byte at `offset` (at or after what was read), without passing it; nil past the file's end.
    mutating func peek(at offset: Int) -> UInt8? {
        guard offset >= position, offset < version.size, read(offset..<offset, { _ in }), fill() != nil else {
            return nil
        }
        return chunk[position - chunkStart]
    }

    /// The hash of the whole file, once the rest of it is read; nil when it is not hashed, could not all be read,
    /// or is no longer the size it was opened at.
    mutating func finish() -> ContentHash? {
        guard whole != nil, read(version.size..<version.size, { _ in }), complete else { return nil }
        return whole?.finish()
    }

    /// How many bytes of the chunk lie at or after `position`, reading the next chunk when none do; nil when it
    /// could not be read.
    private mutating func fill() -> Int? {
        if position < chunkStart + chunk.count { return chunkStart + chunk.count - position }
        guard complete, position < version.size else { return nil }
        let room = buffer.room(min(LastVersion.chunkSize, version.size - position))
        let filled = version.read(into: room, at: position)
        guard filled == room.count else {
            complete = false
            return nil
        }
        chunk = UnsafeRawBufferPointer(room)
        chunkStart = position
        whole?.update(chunk)
        return chunk.count
    }
}
