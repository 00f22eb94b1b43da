/// An assembled file put together from its last version without holding that in memory. Each piece a taken job
/// recorded is proven where it was laid, by its hash, in one read of the last version from front to back
/// (FrontToBackRead), which compares the rest of a file of the same size too; it then goes into the new file as a
/// stretch of the last version (LastVersion), and pieces that lay one after another there, a line break between
/// each two, as one stretch. The writer reads the stretches again a chunk at a time as it writes, and checks what
/// it wrote against the hash taken here.
///
/// Read whole into memory instead (as PieceAssembly still does when a piece is not where it was laid), the three
/// views.sql of a view edit's build at 10,000 definitions were 41 MB of new pages, which the kernel clears before
/// it copies into them: 10–17 ms for each 16 MB, against 6 ms to read them through one chunk.
struct LaidStretches {
    var parts: [GeneratedFile.Part]
    /// Where each piece went in the new file.
    var placed: [JobReuse.Placement]
    /// The new file's size and hash.
    var size: Int
    var hash: ContentHash
    /// Whether the last version holds exactly the new file; then its stamp after it was read.
    var sameAsLast: Bool
    var stamp: FileStamp?
    /// Where the last version lies.
    var lastVersionPath: String

    /// The file laid out as `head`, then `pieces` with a line break between each two, then `tail` (AssembledFile's
    /// layout), its recorded pieces proven in `version` and its others made by `part` (given where the piece goes).
    /// nil when a recorded piece is not where it was laid, or the recorded pieces do not lie in the order they go in
    /// (moved by another build, or the file edited by hand): then the last version is searched for them.
    init?(_ version: LastVersion, head: String, pieces: [FilePiece], tail: String?,
          part: (_ piece: FilePiece, _ laid: Int) -> GeneratedFile.Part) {
        guard let (made, laidSize) = Self.made(pieces, after: head, in: version, part: part) else { return nil }
        lastVersionPath = version.path
        size = laidSize + (tail?.utf8.count ?? 0)
        var reader = FrontToBackRead(version)
        var hasher = ContentHasher()
        parts = [.text(head)]
        parts.reserveCapacity(pieces.count + 2)
        placed = []
        placed.reserveCapacity(pieces.count)
        // Whether the new file is still the last version byte for byte, as far as it is laid: only one of its size
        // can be; then each recorded piece must lie where it lay, and each byte laid from memory (the head, line
        // breaks, made pieces, the tail) is compared with the last version's there, read on the way. Hashed whole
        // to find this, the last version was 41 MB more of hashing in a view edit's build that kept sizes, and the
        // writer then read and compared it all again.
        var same = size == version.size
        /// Lays bytes from memory at `offset` into the hash, and compares them while the file may be the same.
        func lay(_ bytes: UnsafeRawBufferPointer, at offset: Int, reader: inout FrontToBackRead) {
            hasher.update(bytes)
            if same { same = reader.holds(bytes, at: offset) }
        }
        head.withUTF8Bytes { lay($0, at: 0, reader: &reader) }
        var offset = head.utf8.count
        // Where the stretch laid last ends in the last version, when a line break follows it there: a recorded
        // piece just after that line break joins the stretch.
        var joinable: Int?
        for (index, piece) in pieces.enumerated() {
            if index > 0 {
                Self.lineBreak.withUTF8Bytes { lay($0, at: offset, reader: &reader) }
                offset += 1
            }
            if let part = made[index] {
                if index > 0 { parts.append(.text("\n")) }
                part.withBytes { lay($0, at: offset, reader: &reader) }
                placed.append(JobReuse.placement(piece, at: offset, part: part))
                parts.append(part)
                offset += part.count
                joinable = nil
            } else if case .recorded(let at, let length, let recorded) = piece.content {
                guard at >= 0, at <= version.size - length else { return nil }
                var pieceHasher = ContentHasher()
                let found = reader.read(at..<at + length) { bytes in
                    pieceHasher.update(bytes)
                    hasher.update(bytes)
                }
                guard found, pieceHasher.finish() == recorded else { return nil }
                same = same && at == offset
                if index > 0, let end = joinable, end + 1 == at, case .laid(_, let stretch)? = parts.last {
                    parts[parts.count - 1] = .laid(version, stretch.lowerBound..<at + length)
                } else {
                    if index > 0 { parts.append(.text("\n")) }
                    parts.append(.laid(version, at..<at + length))
                }
                joinable = reader.peek(at: at + length) == 0x0A ? at + length : nil
                placed.append((piece, offset, length, recorded))
                offset += length
            }
        }
        if let tail {
            tail.withUTF8Bytes { lay($0, at: offset, reader: &reader) }
            parts.append(.text(tail))
        }
        hash = hasher.finish()
        sameAsLast = same
        stamp = sameAsLast ? version.stamp() : nil
    }

    /// The pieces made here (rendered, or waiting in the scratch file), each at its place (nil for a recorded one),
    /// and the size of the head and pieces laid out: made first, so that the new file's size is known before the
    /// last version is read, which only a file of its size can be the same as. nil when a recorded length cannot
    /// be (from a damaged cache file).
    private static func made(_ pieces: [FilePiece], after head: String, in version: LastVersion,
                             part: (_ piece: FilePiece, _ laid: Int) -> GeneratedFile.Part)
        -> (parts: [GeneratedFile.Part?], size: Int)? {
        var made: [GeneratedFile.Part?] = []
        made.reserveCapacity(pieces.count)
        var offset = head.utf8.count
        for (index, piece) in pieces.enumerated() {
            offset += index > 0 ? 1 : 0
            if case .recorded(_, let length, _) = piece.content {
                // One longer than the last version can lie nowhere in it.
                guard length >= 0, length <= version.size else { return nil }
                made.append(nil)
                offset += length
            } else {
                let part = part(piece, offset)
                made.append(part)
                offset += part.count
            }
        }
        return (made, offset)
    }
}

private extension LaidStretches {
    static let lineBreak = "\n"
}

private extension String {
    /// Runs `body` on the text's UTF-8 bytes.
    func withUTF8Bytes<Result>(_ body: (UnsafeRawBufferPointer) -> Result) -> Result {
        var text = self
        return text.withUTF8 { body(UnsafeRawBufferPointer($0)) }
    }
}
