import Foundation
import Testing
@testable import TallyCore

/// Large files renamed over keep their old version under a second name in the work folder, which is deleted after
/// generated/ holds the new files (OutputWriter.putInPlace).
@Suite struct ReplacedVersionsTests {
    static func links(_ path: String) -> Int {
        var status = stat()
        return lstat(path, &status) == 0 ? Int(status.st_nlink) : 0
    }

    @Test func onlyLargePlainFilesAreKept() throws {
        let root = try OutputWriterFallbackTests.folder()
        defer { try? FileManager.default.removeItem(at: root) }
        let large = root.appendingPathComponent("views.sql").path
        let small = root.appendingPathComponent("a.sql").path
        let link = root.appendingPathComponent("link.sql").path
        try Data(count: ReplacedVersions.minimumSize).write(to: URL(fileURLWithPath: large))
        try Data(count: ReplacedVersions.minimumSize - 1).write(to: URL(fileURLWithPath: small))
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: large)
        var replaced = ReplacedVersions(folder: root.appendingPathComponent("work/.replaced").path)
        try FileManager.default.createDirectory(at: root.appendingPathComponent("work"), withIntermediateDirectories: true)
        for path in [large, small, link, root.appendingPathComponent("missing.sql").path] { replaced.keep(path) }
        #expect(replaced.count == 1)
        #expect(Self.links(large) == 2)
        #expect(Self.links(small) == 1)
        #expect(Self.links(root.appendingPathComponent("work/.replaced/0").path) == 2)
    }

    @Test func aFolderThatCannotBeMadeKeepsNothing() throws {
        let root = try OutputWriterFallbackTests.folder()
        defer { try? FileManager.default.removeItem(at: root) }
        let large = root.appendingPathComponent("views.sql").path
        try Data(count: ReplacedVersions.minimumSize).write(to: URL(fileURLWithPath: large))
        // Its parent is not there: the rename frees the file as before, and nothing fails.
        var replaced = ReplacedVersions(folder: root.appendingPathComponent("no/such/.replaced").path)
        replaced.keep(large)
        replaced.keep(large)
        #expect(replaced.count == 0)
        #expect(Self.links(large) == 1)
    }

    @Test func aLargeFileChangedInPlaceLeavesNoWorkFolder() throws {
        let root = try OutputWriterFallbackTests.folder()
        defer { try? FileManager.default.removeItem(at: root) }
        let generated = root.appendingPathComponent("generated")
        // Each file's names when it is renamed over: two for the large one, kept in the work folder.
        let namesWhenReplaced = Locked<[String: Int]>([:])
        let writer = OutputWriter(target: generated, moveFile: { from, to throws(DiskError) in
            namesWhenReplaced.withLock { $0[URL(fileURLWithPath: to).lastPathComponent] = Self.links(to) }
            try Disk.move(from, to: to)
        }, linkFile: { existing, newPath throws(DiskError) in try Disk.link(existing, as: newPath) })
        let body = String(repeating: "SELECT 1;\n", count: ReplacedVersions.minimumSize / 10 + 1)
        var contents = ["sql/views.sql": body, "sql/a.sql": "a\n"]
        _ = try writer.write(OutputWriterFallbackTests.files(contents))
        let before = try OutputWriterFallbackTests.inode(generated.appendingPathComponent("sql/views.sql"))
        contents["sql/views.sql"] = body + "SELECT 2;\n"
        var placedWhileRemoving: [OutputRecord] = []
        let result = try writer.write(whilePlaced: { placedWhileRemoving = $0 }) { consume in
            consume(OutputWriterFallbackTests.files(contents))
        }
        #expect(result.outcome == .written(changed: 1, removed: 0))
        #expect(namesWhenReplaced.withLock { $0 } == ["views.sql": 2])
        #expect(result.warning == nil)
        #expect(placedWhileRemoving == result.records)
        #expect(writer.current() == OutputWriterFallbackTests.onDisk(contents))
        #expect(try OutputWriterFallbackTests.inode(generated.appendingPathComponent("sql/views.sql")) != before)
        #expect(try FileManager.default.contentsOfDirectory(atPath: root.path) == ["generated"])
    }
}
