import Foundation
import Testing
@testable import TallyCore

/// The writer on a file system without hard links (FAT, exFAT, many FUSE and network mounts): unchanged files are
/// copied into the new tree instead of linked, and the build gives the same generated/.
@Suite struct OutputWriterFallbackTests {
    /// Notes which files were to be linked and answers as a file system would that cannot link them.
    final class RefusingLinks: Sendable {
        let code: Int32
        private let attempts = Locked<Set<String>>([])

        init(code: Int32) {
            self.code = code
        }

        /// The files asked for, as paths in generated/.
        var files: Set<String> { attempts.withLock { $0 } }

        func link(_ existing: String, _ newPath: String) throws(DiskError) {
            let path = existing.components(separatedBy: "/generated/").last ?? existing
            attempts.withLock { _ = $0.insert(path) }
            throw DiskError(operation: "link", path: newPath, code: code)
        }
    }

    static func folder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tally-writer-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    static func files(_ contents: [String: String]) -> [GeneratedFile] {
        contents.keys.sorted().map { GeneratedFile(path: $0, contents: contents[$0]!) }
    }

    static func inode(_ url: URL) throws -> UInt64 {
        try #require(Disk.stamp(of: url.path)).inode
    }

    static let first = ["a.sql": "a\n", "deep/er/b.md": "b\n", "c.swift": "c\n"]

    @Test(arguments: [EPERM, EXDEV, ENOTSUP, EMLINK])
    func unchangedFilesAreCopiedWhereTheyCannotBeLinked(code: Int32) throws {
        let root = try Self.folder()
        defer { try? FileManager.default.removeItem(at: root) }
        let generated = root.appendingPathComponent("generated")
        let links = RefusingLinks(code: code)
        let writer = OutputWriter(target: generated, linkFile: links.link)
        #expect(try writer.write(Self.files(Self.first)) == .written(changed: 3, removed: 0))
        let before = try Self.inode(generated.appendingPathComponent("deep/er/b.md"))

        // One file changes: the two others go into the new tree, as copies.
        var second = Self.first
        second["c.swift"] = "changed\n"
        #expect(try writer.write(Self.files(second)) == .written(changed: 1, removed: 0))
        #expect(links.files == ["a.sql", "deep/er/b.md"])
        #expect(writer.current() == second.mapValues { Array($0.utf8) })
        #expect(try Self.inode(generated.appendingPathComponent("deep/er/b.md")) != before, "a copy, not the old file")

        // Only a file goes: the rest are copied into a tree without it.
        second["a.sql"] = nil
        let moreLinks = RefusingLinks(code: code)
        let sameWriter = OutputWriter(target: generated, linkFile: moreLinks.link)
        #expect(try sameWriter.write(Self.files(second)) == .written(changed: 0, removed: 1))
        #expect(moreLinks.files == ["c.swift", "deep/er/b.md"])
        #expect(sameWriter.current() == second.mapValues { Array($0.utf8) })
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: root.path)
        #expect(leftovers == ["generated"], "no work folder is left")
    }

    @Test func otherLinkFailuresStillFailTheBuildAndKeepTheOldTree() throws {
        let root = try Self.folder()
        defer { try? FileManager.default.removeItem(at: root) }
        let generated = root.appendingPathComponent("generated")
        let links = RefusingLinks(code: ENOSPC)
        let writer = OutputWriter(target: generated, linkFile: links.link)
        _ = try writer.write(Self.files(Self.first))
        var second = Self.first
        second["c.swift"] = "changed\n"
        #expect(throws: DiskError.self) { try writer.write(Self.files(second)) }
        #expect(writer.current() == Self.first.mapValues { Array($0.utf8) })
    }

    /// Where links work they are used: the unchanged file in the new tree is the old file under a new name.
    @Test func realLinksKeepTheFile() throws {
        let root = try Self.folder()
        defer { try? FileManager.default.removeItem(at: root) }
        let generated = root.appendingPathComponent("generated")
        let writer = OutputWriter(target: generated)
        _ = try writer.write(Self.files(Self.first))
        let before = try Self.inode(generated.appendingPathComponent("deep/er/b.md"))
        var second = Self.first
        second["c.swift"] = "changed\n"
        #expect(try writer.write(Self.files(second)) == .written(changed: 1, removed: 0))
        #expect(try Self.inode(generated.appendingPathComponent("deep/er/b.md")) == before)
    }
}
