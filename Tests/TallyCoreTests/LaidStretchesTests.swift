import Foundation
import Testing
@testable import TallyCore

/// An assembled file made from stretches of its last version (LaidStretches): its recorded pieces proven where they
/// were laid in one read from front to back, runs of them joined into one stretch, the file's hash taken on the
/// way, and the writer checking what it copies against that hash.
@Suite struct LaidStretchesTests {
    static let head = "-- head\n"
    /// 600 pieces of about 2 KB: the last version is larger than one chunk (1 MB), so pieces and stretches cross
    /// chunks.
    static let texts = (0..<600).map { "-- view \($0)\n" + String(repeating: "SELECT \($0);\n", count: 180) }

    /// The last version as an assembled file lays it out, in a temporary folder, with where each piece lies.
    static func lastVersion(_ texts: [String] = texts) throws -> (path: String, pieces: [FilePiece]) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tally-laid-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent("views.sql").path
        try (head + texts.joined(separator: "\n")).write(toFile: path, atomically: false, encoding: .utf8)
        var offset = head.utf8.count
        let pieces = texts.enumerated().map { index, text in
            defer { offset += text.utf8.count + 1 }
            return FilePiece(path: "views.sql", position: index, viewID: "v\(index)",
                             content: .recorded(offset: offset, length: text.utf8.count, hash: ContentHash(text)))
        }
        return (path, pieces)
    }

    static func remove(_ path: String) { try? FileManager.default.removeItem(atPath: Disk.parent(of: path)) }

    /// Bytes a scratch piece waits with: `.scratch` pieces are made as these bytes at their offset.
    static let waited = Array("-- view 0, waited in the scratch file\nSELECT 'waited';\n".utf8)

    static func laid(_ path: String, _ pieces: [FilePiece], tail: String? = nil) throws -> LaidStretches? {
        let version = try #require(LastVersion(path))
        return LaidStretches(version, head: head, pieces: pieces, tail: tail) { piece, _ in
            switch piece.content {
            case .text(let text): return .text(text)
            case .scratch(let offset, let length, _): return .bytes(waited[offset..<offset + length])
            case .recorded: Issue.record("a recorded piece is never made"); return .text("")
            }
        }
    }

    static func contents(_ parts: [GeneratedFile.Part]) -> String {
        GeneratedFile(path: "views.sql", parts: parts).contents
    }

    @Test func piecesInPlaceAreTheLastVersion() throws {
        let (path, pieces) = try Self.lastVersion()
        defer { Self.remove(path) }
        let laid = try #require(try Self.laid(path, pieces))
        #expect(laid.sameAsLast)
        #expect(laid.stamp != nil)
        let bytes = try #require(FileManager.default.contents(atPath: path))
        #expect(laid.size == bytes.count)
        #expect(laid.hash == ContentHash(Array(bytes)))
        // Every piece one after another: the head and one stretch.
        #expect(laid.parts.count == 2)
        let recorded = pieces.map { if case .recorded(let at, _, _) = $0.content { at } else { -1 } }
        #expect(laid.placed.map(\.offset) == recorded)
    }

    /// An edited view between taken ones: the stretches before and after it, the new text between them, laid where
    /// the new file has it; the new file's hash is that of its bytes, and the writer writes exactly them.
    @Test func aViewEditedBetweenTakenOnes() throws {
        let (path, pieces) = try Self.lastVersion()
        defer { Self.remove(path) }
        var edited = pieces
        let newText = "-- view 300, edited\nSELECT 'edited';\n"
        edited[300].content = .text(newText)
        edited.removeSubrange(450..<452)
        let laid = try #require(try Self.laid(path, edited, tail: "-- tail\n"))
        #expect(!laid.sameAsLast)
        var texts = Self.texts
        texts[300] = newText
        texts.removeSubrange(450..<452)
        let expected = Self.head + texts.joined(separator: "\n") + "-- tail\n"
        #expect(Self.contents(laid.parts) == expected)
        #expect(laid.size == expected.utf8.count)
        #expect(laid.hash == ContentHash(expected))
        // Stretches: pieces 0–299, 301–449, 452–599; the rest is text (head, edited view, line breaks, tail).
        let stretches = laid.parts.filter { if case .laid = $0 { true } else { false } }
        #expect(stretches.count == 3)
        for (piece, offset, length, hash) in laid.placed {
            let bytes = Array(expected.utf8)[offset..<offset + length]
            #expect(ContentHash(Array(bytes)) == hash, "piece \(piece.position)")
        }

        let written = Disk.parent(of: path) + "/written.sql"
        try GeneratedFile(path: "views.sql", parts: laid.parts, provenHash: laid.hash).write(to: written)
        #expect(try String(contentsOfFile: written, encoding: .utf8) == expected)
        #expect(GeneratedFile(path: "views.sql", parts: laid.parts, provenHash: laid.hash).hash == laid.hash)
        // A range read across the stretches, as a drift diff reads one.
        let source = PartBytes(laid.parts)
        let window = 1_000_000..<1_000_300
        #expect(source.bytes(in: window) == Array(Array(expected.utf8)[window]))
    }

    /// A view edited to text of the same length: the new file is the last version's size, so that is hashed whole
    /// to tell them apart; they differ.
    @Test func aViewEditedToTheSameLength() throws {
        let (path, pieces) = try Self.lastVersion()
        defer { Self.remove(path) }
        var edited = pieces
        let text = Self.texts[7].replacingOccurrences(of: "SELECT 7;", with: "SELECT 8;")
        edited[7].content = .text(text)
        let laid = try #require(try Self.laid(path, edited))
        let bytes = try #require(FileManager.default.contents(atPath: path))
        #expect(laid.size == bytes.count)
        #expect(!laid.sameAsLast)
        #expect(laid.stamp == nil)
        var texts = Self.texts
        texts[7] = text
        #expect(Self.contents(laid.parts) == Self.head + texts.joined(separator: "\n"))
        // Found to differ from its last version, it is not that file, without a second look; nor is it by one.
        let file = GeneratedFile(path: "views.sql", parts: laid.parts, provenHash: laid.hash,
                                 differsFrom: laid.lastVersionPath)
        #expect(!file.matchesFile(at: path))
        #expect(!GeneratedFile(path: "views.sql", parts: laid.parts, provenHash: laid.hash).matchesFile(at: path))

        // The view made again as it was: every byte laid from memory is the last version's, so it is that file.
        edited[7].content = .text(Self.texts[7])
        let again = try #require(try Self.laid(path, edited))
        #expect(again.sameAsLast)
        #expect(again.hash == ContentHash(Array(bytes)))
    }

    /// The first view waiting in the scratch file and the last one rendered: no stretch before the first or after
    /// the last, and the waiting bytes placed with the hash they waited with.
    @Test func theFirstAndLastViewsMadeAgain() throws {
        let (path, pieces) = try Self.lastVersion()
        defer { Self.remove(path) }
        var edited = pieces
        edited[0].content = .scratch(offset: 0, length: Self.waited.count, hash: ContentHash(Self.waited))
        edited[599].content = .text("-- view 599, edited\n")
        let laid = try #require(try Self.laid(path, edited))
        var texts = Self.texts
        texts[0] = String(decoding: Self.waited, as: UTF8.self)
        texts[599] = "-- view 599, edited\n"
        let expected = Self.head + texts.joined(separator: "\n")
        #expect(Self.contents(laid.parts) == expected)
        #expect(laid.hash == ContentHash(expected))
        #expect(laid.parts.count { if case .laid = $0 { true } else { false } } == 1)
        #expect(laid.placed.first?.hash == ContentHash(Self.waited))
        #expect(laid.placed.last?.offset == expected.utf8.count - "-- view 599, edited\n".utf8.count)
    }

    /// Two pieces recorded one byte apart, with something else than a line break between them in the last version
    /// (a hand edit): two stretches, with the line break laid between them, not the byte that lay there.
    @Test func piecesJoinOnlyOverALineBreak() throws {
        let (path, pieces) = try Self.lastVersion(["-- a\n", "-- b\n", "-- c\n"])
        defer { Self.remove(path) }
        let text = try String(contentsOfFile: path, encoding: .utf8)
        try text.replacingOccurrences(of: "-- a\n\n-- b", with: "-- a\n -- b")
            .write(toFile: path, atomically: false, encoding: .utf8)
        let laid = try #require(try Self.laid(path, pieces))
        #expect(!laid.sameAsLast)
        #expect(Self.contents(laid.parts) == Self.head + "-- a\n\n-- b\n\n-- c\n")
        #expect(laid.parts.count { if case .laid = $0 { true } else { false } } == 2)
    }

    /// A piece not where it was laid (another build moved it, or a hand edit changed it), pieces out of the order
    /// they lie in, or offsets from a damaged cache: no stretches; the caller searches the file read whole.
    @Test func piecesNotWhereTheyWereLaidAreNoStretches() throws {
        let (path, pieces) = try Self.lastVersion()
        defer { Self.remove(path) }
        var moved = pieces
        if case .recorded(let at, let length, let hash) = moved[10].content {
            moved[10].content = .recorded(offset: at + 1, length: length, hash: hash)
        }
        #expect(try Self.laid(path, moved) == nil)
        var swapped = pieces
        swapped.swapAt(3, 4)
        #expect(try Self.laid(path, swapped) == nil)
        for (offset, length) in [(Int.max, 10), (-1, 10), (0, Int.max), (10, -1)] {
            var damaged = pieces
            damaged[0].content = .recorded(offset: offset, length: length, hash: ContentHash("x"))
            #expect(try Self.laid(path, damaged) == nil)
        }
        // Bytes added at the end: the pieces are where they were laid, but the file is another.
        let handle = try #require(FileHandle(forWritingAtPath: path))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("-- added by hand\n".utf8))
        try handle.close()
        let laid = try #require(try Self.laid(path, pieces))
        #expect(!laid.sameAsLast)
        #expect(Self.contents(laid.parts) == Self.head + Self.texts.joined(separator: "\n"))
    }

    /// A last version that another program changes in place after its stretches were proven: the writer finds
    /// what it copied does not hash as proven and fails, saying so, rather than write the other program's bytes as
    /// tally's.
    @Test func aLastVersionChangedAfterItsProofFailsTheWrite() throws {
        let (path, pieces) = try Self.lastVersion()
        defer { Self.remove(path) }
        var edited = pieces
        edited[5].content = .text("-- view 5, edited\n")
        let laid = try #require(try Self.laid(path, edited))
        let handle = try #require(FileHandle(forUpdatingAtPath: path))
        try handle.seek(toOffset: 500_000)
        try handle.write(contentsOf: Data("changed".utf8))
        try handle.close()
        let file = GeneratedFile(path: "views.sql", parts: laid.parts, provenHash: laid.hash)
        func writeFails() {
            #expect {
                try file.write(to: Disk.parent(of: path) + "/written.sql")
            } throws: { error in
                "\(error)".contains("changed while tally built from it")
            }
        }
        writeFails()
        // Shrunk below a stretch's end: its missing bytes are read as zeros, and the write fails the same way.
        #expect(truncate(path, 400_000) == 0)
        writeFails()
    }

    /// A file made of stretches compared with the last version it comes from, at its own path, after another
    /// program changed that in place: the stretches read what is there now, the same bytes as the file compared
    /// with, so only their hash tells the file is not what was proven.
    @Test func aLastVersionChangedAfterItsProofIsNotTheFile() throws {
        let (path, pieces) = try Self.lastVersion()
        defer { Self.remove(path) }
        let laid = try #require(try Self.laid(path, pieces))
        let file = GeneratedFile(path: "views.sql", parts: laid.parts, provenHash: laid.hash)
        #expect(file.matchesFile(at: path))
        let handle = try #require(FileHandle(forUpdatingAtPath: path))
        try handle.seek(toOffset: 500_000)
        try handle.write(contentsOf: Data("changed".utf8))
        try handle.close()
        #expect(!file.matchesFile(at: path))
    }

    /// The front-to-back read: ranges in order (what lies between passed over), compared or handed over, a look at
    /// the next byte; a range behind what was read, or past the end, refused.
    @Test func aReadFromFrontToBack() throws {
        let (path, _) = try Self.lastVersion()
        defer { Self.remove(path) }
        let bytes = Array(try #require(FileManager.default.contents(atPath: path)))
        var read = FrontToBackRead(try #require(LastVersion(path)))
        var got: [UInt8] = []
        #expect(read.read(10..<20) { got += $0 })
        #expect(got == Array(bytes[10..<20]))
        // Across the end of the first chunk (1 MB).
        got = []
        #expect(read.read(1_048_000..<1_049_000) { got += $0 })
        #expect(got == Array(bytes[1_048_000..<1_049_000]))
        #expect(read.peek(at: 1_049_500) == bytes[1_049_500])
        #expect(!read.read(1_049_400..<1_049_600) { _ in }, "behind what the look passed")
        got = []
        #expect(read.read(1_049_500..<1_049_600) { got += $0 })
        #expect(got == Array(bytes[1_049_500..<1_049_600]))
        var expected = Array(bytes[1_200_000..<1_200_100])
        #expect(expected.withUnsafeBytes { read.holds($0, at: 1_200_000) })
        expected[99] ^= 1
        #expect(!expected.withUnsafeBytes { read.holds($0, at: 1_300_000) })
        #expect(!read.read(0..<5) { _ in })
        #expect(!read.read(bytes.count - 1..<bytes.count + 1) { _ in })
        #expect(read.peek(at: bytes.count) == nil)
        #expect(!expected.withUnsafeBytes { read.holds($0, at: bytes.count - 10) }, "past the end")
    }
}
