import Foundation
import Testing
@testable import TallyCore

/// The writer on a file system without hard links (FAT, exFAT, many FUSE and network mounts): unchanged files are
/// copied into the new tree instead of linked, and the build gives the same generated/. These writers build the whole
/// tree at any change (an in-place limit of 0); the few changes an edit makes are renamed into place (the tests
/// after `realLinksKeepTheFile`).
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
        let writer = OutputWriter(target: generated, inPlaceLimit: 0, linkFile: links.link)
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
        let sameWriter = OutputWriter(target: generated, inPlaceLimit: 0, linkFile: moreLinks.link)
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
        let writer = OutputWriter(target: generated, inPlaceLimit: 0, linkFile: links.link)
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
        let writer = OutputWriter(target: generated, inPlaceLimit: 0) { existing, newPath throws(DiskError) in
            try Disk.link(existing, as: newPath)
        }
        _ = try writer.write(Self.files(Self.first))
        let before = try Self.inode(generated.appendingPathComponent("deep/er/b.md"))
        var second = Self.first
        second["c.swift"] = "changed\n"
        second["a.sql"] = "changed too\n"
        #expect(try writer.write(Self.files(second)) == .written(changed: 2, removed: 0))
        #expect(try Self.inode(generated.appendingPathComponent("deep/er/b.md")) == before)
    }

    /// A few files changed, added or removed: each is renamed into place (or deleted) when rendering ends, so no
    /// tree is built and no other file or folder is touched. More than the limit, or anything but a plain file to
    /// remove, builds the new tree.
    @Test func fewChangesArePutInPlace() throws {
        let root = try Self.folder()
        defer { try? FileManager.default.removeItem(at: root) }
        let generated = root.appendingPathComponent("generated")
        _ = try OutputWriter(target: generated).write(Self.files(Self.first))
        let folder = try Self.folderInode(generated)
        let untouched = try Self.inode(generated.appendingPathComponent("a.sql"))
        var expected = Self.first

        let links = RefusingLinks(code: EPERM)
        let writer = OutputWriter(target: generated, inPlaceLimit: 2, linkFile: links.link)
        let inPlace: [(String, [String: String?], OutputWriter.Outcome)] = [
            ("one changed", ["deep/er/b.md": "edited\n"], .written(changed: 1, removed: 0)),
            ("changed and added", ["c.swift": "edited\n", "deep/new.md": "new\n"], .written(changed: 2, removed: 0)),
            ("changed and removed", ["c.swift": "again\n", "deep/new.md": nil], .written(changed: 1, removed: 1)),
            ("added in a folder that is there", ["deep/b.md": "b\n"], .written(changed: 1, removed: 0)),
            ("removed, leaving a folder empty", ["deep/er/b.md": nil], .written(changed: 0, removed: 1)),
        ]
        for (name, edits, outcome) in inPlace {
            for (path, text) in edits { expected[path] = text }
            #expect(try Self.recordsMatch(writer, expected) == outcome, "\(name)")
            #expect(writer.current() == expected.mapValues { Array($0.utf8) }, "\(name)")
            #expect(links.files.isEmpty, "\(name): no new tree")
            #expect(try Self.folderInode(generated) == folder, "\(name)")
            #expect(try Self.inode(generated.appendingPathComponent("a.sql")) == untouched, "\(name)")
            #expect(try FileManager.default.contentsOfDirectory(atPath: root.path) == ["generated"], "\(name)")
        }
        #expect(!FileManager.default.fileExists(atPath: generated.appendingPathComponent("deep/er").path))

        // Beyond the limit, in a folder that is not there, an empty folder to remove: each builds a new tree.
        let emptyFolder = generated.appendingPathComponent("stray/empty")
        let wholeTree: [(String, [String: String?], OutputWriter.Outcome, () throws -> Void)] = [
            ("three changed", ["a.sql": "1\n", "c.swift": "2\n", "deep/b.md": "3\n"], .written(changed: 3, removed: 0), {}),
            ("added in a new folder", ["new/folder/x.md": "x\n"], .written(changed: 1, removed: 0), {}),
            ("an empty folder", [:], .written(changed: 0, removed: 1), {
                try FileManager.default.createDirectory(at: emptyFolder, withIntermediateDirectories: true)
            }),
        ]
        for (name, edits, outcome, prepare) in wholeTree {
            try prepare()
            for (path, text) in edits { expected[path] = text }
            let before = try Self.folderInode(generated)
            #expect(try Self.recordsMatch(writer, expected) == outcome, "\(name)")
            #expect(writer.current() == expected.mapValues { Array($0.utf8) }, "\(name)")
            #expect(try Self.folderInode(generated) != before, "\(name): a new tree")
            #expect(try FileManager.default.contentsOfDirectory(atPath: root.path) == ["generated"], "\(name)")
        }

        // A changed file written aside, then a path rendered twice (a generator bug): nothing is written, nothing left.
        var twice = Self.files(expected)
        twice[0].contents = "changed again\n"
        twice.append(twice[1])
        #expect(throws: OutputWriter.DuplicatePathError.self) { try writer.write(twice) }
        #expect(writer.current() == expected.mapValues { Array($0.utf8) })
        #expect(try FileManager.default.contentsOfDirectory(atPath: root.path) == ["generated"])

        // generated/ as a link to a folder elsewhere: a change does not write through it; the link is replaced by a
        // real folder, as any change of many files always did.
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

        // A build killed after writing changed files aside, before renaming them: the next run drops them, and the
        // lone changed file earlier builds wrote aside.
        let aside = root.appendingPathComponent(".generated.tally-new/deep/half.md")
        try FileManager.default.createDirectory(at: aside.deletingLastPathComponent(), withIntermediateDirectories: true)
        try "half\n".write(to: aside, atomically: false, encoding: .utf8)
        try "half\n".write(to: root.appendingPathComponent(".generated.tally-file"), atomically: false, encoding: .utf8)
        try writer.recover()
        #expect(try FileManager.default.contentsOfDirectory(atPath: root.path) == ["generated"])
        #expect(writer.current() == expected.mapValues { Array($0.utf8) })
    }

    /// Writes `contents` and requires the records the writer returns (what the output cache will prove generated/
    /// by) to be those of the rendered files, whichever way they were written.
    static func recordsMatch(_ writer: OutputWriter, _ contents: [String: String]) throws -> OutputWriter.Outcome {
        let files = Self.files(contents)
        let result = try writer.write { consume in consume(files) }
        #expect(result.records.sorted { $0.path < $1.path } == files.map(\.record))
        return result.outcome
    }

    /// The limit crossed halfway through rendering, with equal files waiting and changed ones already aside: they
    /// all go into the whole tree, and the records say so.
    @Test func crossingTheLimitMovesWhatWaitsIntoTheTree() throws {
        let root = try Self.folder()
        defer { try? FileManager.default.removeItem(at: root) }
        let generated = root.appendingPathComponent("generated")
        var contents = Dictionary(uniqueKeysWithValues: (0..<20).map { ("f/\($0).txt", "\($0)\n") })
        _ = try OutputWriter(target: generated).write(Self.files(contents))
        let writer = OutputWriter(target: generated, inPlaceLimit: 3) { existing, newPath throws(DiskError) in
            try Disk.link(existing, as: newPath)
        }
        for index in [2, 7, 11, 15, 19] { contents["f/\(index).txt"] = "changed\n" }
        let before = try Self.folderInode(generated)
        #expect(try Self.recordsMatch(writer, contents) == .written(changed: 5, removed: 0))
        #expect(writer.current() == contents.mapValues { Array($0.utf8) })
        #expect(try Self.folderInode(generated) != before)
    }

    /// A rename that fails after some files are in place (a folder made read-only, say): the build fails saying
    /// generated/ is partly updated, every file is whole (old or new), and the next build finishes the job.
    @Test func aRenameFailingHalfwayIsReportedAndTheNextBuildFinishes() throws {
        let root = try Self.folder()
        defer { try? FileManager.default.removeItem(at: root) }
        let generated = root.appendingPathComponent("generated")
        let old = Dictionary(uniqueKeysWithValues: (0..<6).map { ("f/\($0).txt", "old \($0)\n") })
        _ = try OutputWriter(target: generated).write(Self.files(old))
        let renames = Locked(0)
        let failing = OutputWriter(target: generated, moveFile: { from, to throws(DiskError) in
            guard renames.withLock({ $0 += 1; return $0 }) <= 2 else {
                throw DiskError(operation: "rename", path: from, code: EACCES)
            }
            try Disk.move(from, to: to)
        }, linkFile: { existing, newPath throws(DiskError) in try Disk.link(existing, as: newPath) })
        var new = old
        for index in 0..<4 { new["f/\(index).txt"] = "new \(index)\n" }
        #expect(throws: OutputWriter.PartlyWrittenError.self) { try failing.write(Self.files(new)) }
        let now = failing.current()
        #expect(Set(now.keys) == Set(old.keys))
        for (path, bytes) in now { #expect(bytes == Array(old[path]!.utf8) || bytes == Array(new[path]!.utf8), "\(path)") }
        #expect(now.filter { $0.value == Array(new[$0.key]!.utf8) }.count == 2 + 2, "two renamed, two unchanged")
        #expect(try OutputWriter(target: generated).write(Self.files(new)) == .written(changed: 2, removed: 0))
        #expect(failing.current() == new.mapValues { Array($0.utf8) })
        #expect(try FileManager.default.contentsOfDirectory(atPath: root.path) == ["generated"])
    }

    /// Where the file system may ignore case, files that come or go build the whole tree; a changed file is still
    /// renamed into place. Which file systems ignore case is told by generated/'s name in the other case; a name
    /// without letters cannot tell, and is taken to ignore it (the safe answer), which is how this runs on Linux.
    @Test func whereCaseMayBeIgnoredFilesThatComeOrGoBuildTheTree() throws {
        let root = try Self.folder()
        defer { try? FileManager.default.removeItem(at: root) }
        let generated = root.appendingPathComponent("2024")
        let writer = OutputWriter(target: generated)
        _ = try writer.write(Self.files(Self.first))
        var contents = Self.first
        contents["c.swift"] = "changed\n"
        var before = try Self.folderInode(generated)
        #expect(try Self.recordsMatch(writer, contents) == .written(changed: 1, removed: 0))
        #expect(try Self.folderInode(generated) == before, "renamed into place")
        for (path, text) in [("deep/er/added.md", "added\n"), ("deep/er/added.md", nil)] as [(String, String?)] {
            contents[path] = text
            before = try Self.folderInode(generated)
            #expect(try Self.recordsMatch(writer, contents) == .written(changed: text == nil ? 0 : 1, removed: text == nil ? 1 : 0))
            #expect(try Self.folderInode(generated) != before, "\(path): a new tree")
            #expect(writer.current() == contents.mapValues { Array($0.utf8) })
        }
    }

    /// A file whose name changes only in case goes and comes back as one file on a file system that ignores case
    /// (macOS, Windows): renaming the new one in and deleting the old would delete both there, so it builds the tree.
    @Test func aNameChangedOnlyInCaseBuildsTheTree() throws {
        let root = try Self.folder()
        defer { try? FileManager.default.removeItem(at: root) }
        let generated = root.appendingPathComponent("generated")
        let writer = OutputWriter(target: generated)
        _ = try writer.write(Self.files(Self.first))
        let before = try Self.folderInode(generated)
        var renamed = Self.first
        renamed["deep/er/b.md"] = nil
        renamed["deep/er/B.md"] = "b\n"
        #expect(try writer.write(Self.files(renamed)) == .written(changed: 1, removed: 1))
        #expect(writer.current() == renamed.mapValues { Array($0.utf8) })
        #expect(try Self.folderInode(generated) != before, "a new tree")
    }
}
