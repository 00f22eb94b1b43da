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

    static func folderInode(_ url: URL) throws -> Int {
        try #require(FileManager.default.attributesOfItem(atPath: url.path)[.systemFileNumber] as? Int)
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

        // Two files change: the third goes into the new tree, as a copy.
        var second = Self.first
        second["c.swift"] = "changed\n"
        second["a.sql"] = "changed too\n"
        #expect(try writer.write(Self.files(second)) == .written(changed: 2, removed: 0))
        #expect(links.files == ["deep/er/b.md"])
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
        second["a.sql"] = "changed too\n"
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
        second["a.sql"] = "changed too\n"
        #expect(try writer.write(Self.files(second)) == .written(changed: 2, removed: 0))
        #expect(try Self.inode(generated.appendingPathComponent("deep/er/b.md")) == before)
    }

    /// One file that differs, and nothing added or removed: it replaces the old file with one rename (atomic by
    /// itself), so no tree is built and no other file or folder is touched. Anything more builds the new tree.
    @Test func aSingleChangeReplacesTheFileInPlace() throws {
        let root = try Self.folder()
        defer { try? FileManager.default.removeItem(at: root) }
        let generated = root.appendingPathComponent("generated")
        _ = try OutputWriter(target: generated).write(Self.files(Self.first))
        let folder = try Self.folderInode(generated)
        let untouched = try Self.inode(generated.appendingPathComponent("a.sql"))
        var expected = Self.first

        let links = RefusingLinks(code: EPERM)
        let writer = OutputWriter(target: generated, linkFile: links.link)
        expected["deep/er/b.md"] = "edited\n"
        #expect(try writer.write(Self.files(expected)) == .written(changed: 1, removed: 0))
        #expect(links.files.isEmpty, "no new tree")
        #expect(writer.current() == expected.mapValues { Array($0.utf8) })
        #expect(try Self.folderInode(generated) == folder)
        #expect(try Self.inode(generated.appendingPathComponent("a.sql")) == untouched)
        #expect(try FileManager.default.contentsOfDirectory(atPath: root.path) == ["generated"])

        // A change with an added file, a change with a removed one, an added file alone: each builds a new tree.
        let variants: [(String, [String: String?], OutputWriter.Outcome)] = [
            ("added", ["c.swift": "edited\n", "new.md": "new\n"], .written(changed: 2, removed: 0)),
            ("removed", ["c.swift": "again\n", "new.md": nil], .written(changed: 1, removed: 1)),
            ("only added", ["other.md": "other\n"], .written(changed: 1, removed: 0)),
        ]
        for (name, edits, outcome) in variants {
            for (path, text) in edits { expected[path] = text }
            let before = try Self.folderInode(generated)
            #expect(try writer.write(Self.files(expected)) == outcome, "\(name)")
            #expect(writer.current() == expected.mapValues { Array($0.utf8) }, "\(name)")
            #expect(try Self.folderInode(generated) != before, "\(name): a new tree")
            #expect(try FileManager.default.contentsOfDirectory(atPath: root.path) == ["generated"], "\(name)")
        }

        // A changed file set aside, then a path rendered twice (a generator bug): nothing is written, nothing left.
        var twice = Self.files(expected)
        twice[0].contents = "changed again\n"
        twice.append(twice[1])
        #expect(throws: OutputWriter.DuplicatePathError.self) { try writer.write(twice) }
        #expect(writer.current() == expected.mapValues { Array($0.utf8) })
        #expect(try FileManager.default.contentsOfDirectory(atPath: root.path) == ["generated"])

        // generated/ as a link to a folder elsewhere: a single change does not write through it; the link is
        // replaced by a real folder, as any change of several files always did.
        let elsewhere = root.appendingPathComponent("elsewhere")
        try FileManager.default.moveItem(at: generated, to: elsewhere)
        try FileManager.default.createSymbolicLink(at: generated, withDestinationURL: elsewhere)
        let linked = expected
        expected["a.sql"] = "through a link\n"
        #expect(try writer.write(Self.files(expected)) == .written(changed: 1, removed: 0))
        #expect(Disk.kind(of: generated.path) == .directory)
        #expect(writer.current() == expected.mapValues { Array($0.utf8) })
        #expect(OutputWriter(target: elsewhere).current() == linked.mapValues { Array($0.utf8) })
        try FileManager.default.removeItem(at: elsewhere)

        // A build killed after writing the changed file aside, before its rename: the next run drops it.
        let aside = root.appendingPathComponent(".generated.tally-file")
        try "half\n".write(to: aside, atomically: false, encoding: .utf8)
        try writer.recover()
        #expect(!FileManager.default.fileExists(atPath: aside.path))
        #expect(writer.current() == expected.mapValues { Array($0.utf8) })
    }
}
