import Foundation
import Testing
@testable import TallyCore

/// Files proven and read by name in their open folder (OutputRecord.allHeld, FolderCursor): the same answers as by
/// whole paths, whatever order the paths come in.
@Suite struct OpenFolderTests {
    static func folder() throws -> String {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("tally-folders-\(UUID().uuidString)").path
        for (path, text) in [("top.md", "top\n"), ("sql/a/one.sql", "one\n"), ("sql/a/two.sql", "two\n"),
                             ("sql/b/three.sql", "three\n"), ("docs/four.md", "four\n")] {
            try FileManager.default.createDirectory(atPath: Disk.parent(of: root + "/" + path), withIntermediateDirectories: true)
            try text.write(toFile: root + "/" + path, atomically: false, encoding: .utf8)
        }
        return root
    }

    static func record(_ path: String, _ text: String) -> OutputRecord {
        OutputRecord(path: path, size: text.utf8.count, hash: ContentHash(Array(text.utf8)))
    }

    @Test func recordsAreHeldInAnyOrderOfFolders() throws {
        let root = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let records = [Self.record("sql/a/one.sql", "one\n"), Self.record("top.md", "top\n"),
                       Self.record("sql/a/two.sql", "two\n"), Self.record("sql/b/three.sql", "three\n"),
                       Self.record("sql/a/one.sql", "one\n"), Self.record("docs/four.md", "four\n")]
        #expect(OutputRecord.allHeld(records, under: root) != nil)
        #expect(OutputRecord.allHeld([], under: root) != nil)
        // Each kind of difference, wherever it stands in the run; "tw" is the file's first bytes, so only its
        // length tells it from the file (the read asks a byte more than recorded).
        for wrong in [Self.record("sql/a/two.sql", "tww\n"), Self.record("sql/a/two.sql", "two\n\n"),
                      Self.record("sql/a/two.sql", "tw"), Self.record("sql/a/two.sql", ""),
                      Self.record("sql/c/two.sql", "two\n"), Self.record("sql/a/five.sql", "five\n"),
                      Self.record("sql/a", "")] {
            for at in [0, 3, records.count] {
                var run = records
                run.insert(wrong, at: at)
                #expect(OutputRecord.allHeld(run, under: root) == nil, "\(wrong.path) at \(at)")
            }
        }
    }

    /// A link is never a proven file, though what it leads to holds the bytes.
    @Test func aLinkIsNotHeld() throws {
        let root = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.createSymbolicLink(atPath: root + "/sql/a/linked.sql", withDestinationPath: "one.sql")
        #expect(OutputRecord.allHeld([Self.record("sql/a/linked.sql", "one\n")], under: root) == nil)
        #expect(OutputRecord.allHeld([Self.record("sql/a/one.sql", "one\n")], under: root) != nil)
    }

    /// The cursor opens a folder once for its run of paths, and again when a path leaves it and comes back.
    @Test func theCursorFollowsThePaths() throws {
        let root = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        var cursor = FolderCursor(root: root)
        let first = cursor.locate("sql/a/one.sql")
        let second = cursor.locate("sql/a/two.sql")
        #expect(first.folder != nil && first.folder === second.folder)
        #expect((first.name, second.name) == ("one.sql", "two.sql"))
        let other = cursor.locate("sql/b/three.sql")
        #expect(other.folder !== first.folder)
        #expect(cursor.locate("top.md").name == "top.md")
        #expect(cursor.locate("missing/x.sql").folder == nil)
        guard case .bytes(let bytes) = try #require(cursor.locate("docs/four.md").folder).readStampedFile(named: "four.md").read else {
            Issue.record("docs/four.md not read")
            return
        }
        #expect(bytes == Array("four\n".utf8))
    }
}
