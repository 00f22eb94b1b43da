import Foundation
import Testing
@testable import TallyCore

/// Disk's whole-file reads, whose one reading of an open file serves both a read into a new array and a read into
/// memory kept from one file to the next (views.sql's last versions): what each gives for every kind of entry.
@Suite struct DiskReadTests {
    /// A folder holding a small and a large file, an empty one, a FIFO, a link to the small file and a folder.
    static func folder() throws -> String {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("tally-reads-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: root + "/folder", withIntermediateDirectories: true)
        try "small\n".write(toFile: root + "/small.txt", atomically: false, encoding: .utf8)
        try String(repeating: "large line\n", count: 10_000).write(toFile: root + "/large.txt", atomically: false, encoding: .utf8)
        try "".write(toFile: root + "/empty.txt", atomically: false, encoding: .utf8)
        #expect(mkfifo(root + "/pipe", 0o644) == 0)
        try FileManager.default.createSymbolicLink(atPath: root + "/link.txt", withDestinationPath: root + "/small.txt")
        return root
    }

    @Test func aReadIntoANewArrayHoldsTheFileOrSaysWhyNot() throws {
        let root = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        #expect(Disk.readFile(root + "/small.txt") == .bytes(Array("small\n".utf8)))
        #expect(Disk.readFile(root + "/empty.txt") == .bytes([]))
        #expect(Disk.readFile(root + "/link.txt") == .bytes(Array("small\n".utf8)))
        #expect(Disk.readFile(root + "/link.txt", following: false) == .notRegular)
        #expect(Disk.readFile(root + "/pipe") == .notRegular)
        #expect(Disk.readFile(root + "/folder") == .notRegular)
        #expect(Disk.readFile(root + "/missing.txt") == .missing)
        #expect(Disk.readFile(root + "/small.txt/below") == .missing)
        #expect(Disk.readFile(root + "/large.txt", limit: 100) == .tooLarge(110_000))
        let stamped = Disk.readStampedFile(root + "/small.txt")
        #expect(stamped.read == .bytes(Array("small\n".utf8)) && stamped.stamp == Disk.stamp(of: root + "/small.txt"))
    }

    /// Kept memory grows for a larger file only; a smaller file's bytes are its first ones, whatever lies after.
    @Test func aReadIntoKeptMemoryGivesTheFilesBytesAtItsStart() throws {
        let root = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        var room: [UInt8] = []
        let large = try #require(Disk.readStampedFile(root + "/large.txt", into: &room))
        #expect(large.count == 110_000 && room.count == 110_000)
        #expect(Array(room[..<large.count]) == Array(String(repeating: "large line\n", count: 10_000).utf8))
        #expect(large.stamp == Disk.stamp(of: root + "/large.txt"))
        let small = try #require(Disk.readStampedFile(root + "/small.txt", into: &room))
        #expect(small.count == 6 && room.count == 110_000)
        #expect(Array(room[..<small.count]) == Array("small\n".utf8))
        let empty = try #require(Disk.readStampedFile(root + "/empty.txt", into: &room))
        #expect(empty.count == 0)
        // Never through a link, and nil for what is not a plain file.
        for refused in ["link.txt", "pipe", "folder", "missing.txt"] {
            #expect(Disk.readStampedFile(root + "/" + refused, into: &room) == nil, "\(refused)")
        }
    }
}
