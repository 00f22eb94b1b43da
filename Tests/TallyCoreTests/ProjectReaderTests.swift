import Foundation
import Testing
@testable import TallyCore

/// The rules only a real file system can show: layout, symbolic links, sizes, permissions.
@Suite struct ProjectReaderTests {
    /// A copy of the corpus base project in a fresh temporary folder.
    private func makeProject() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tally-reader-\(UUID().uuidString)")
        for (path, bytes) in CorpusTests.base {
            let url = folder.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(bytes).write(to: url)
        }
        return folder
    }

    private func codes(_ root: URL) -> [String] {
        Compiler.check(ProjectReader(root: root).read()).diagnostics.sorted().map {
            "\($0.code.rawValue) \($0.span.file)"
        }
    }

    @Test func pathsTakeTheirRoleFromTheLayout() {
        #expect(ProjectFiles.role(of: "tally.yaml") == .settings)
        #expect(ProjectFiles.role(of: "definitions/sources/events.yaml") == .source(name: "events"))
        #expect(ProjectFiles.role(of: "definitions/product/group.yaml") == .group(name: "product"))
        #expect(ProjectFiles.role(of: "definitions/product/dau.yaml") == .definition(id: "dau", group: "product"))
        #expect(ProjectFiles.role(of: "definitions//product/dau.yaml") == .definition(id: "dau", group: "product"))
        #expect(ProjectFiles.role(of: "definitions/grüppe/zähler.yaml") == .definition(id: "zähler", group: "grüppe"))
        for ignored in ["definitions/product/dau.yml", "definitions/product/deeper/dau.yaml", "definitions/dau.yaml",
                        "docs/product/dau.yaml", "définitions/product/dau.yaml", "definitions/product/dau.yaml\u{301}"] {
            #expect(ProjectFiles.role(of: ignored) == nil, "\(ignored)")
        }
    }

    @Test func baseProjectReadsCleanFromDisk() throws {
        let root = try makeProject()
        defer { try? FileManager.default.removeItem(at: root) }
        #expect(codes(root) == [])
    }

    @Test func symlinkOutsideTheProjectIsRefused() throws {
        let root = try makeProject()
        defer { try? FileManager.default.removeItem(at: root) }
        let outside = FileManager.default.temporaryDirectory.appendingPathComponent("tally-outside-\(UUID().uuidString).yaml")
        try Data("kind: ping\n".utf8).write(to: outside)
        defer { try? FileManager.default.removeItem(at: outside) }
        try FileManager.default.createSymbolicLink(at: root.appendingPathComponent("definitions/corpus/leak.yaml"),
                                                   withDestinationURL: outside)
        #expect(codes(root) == ["F003 definitions/corpus/leak.yaml"])
    }

    @Test func misplacedAndMisnamedFilesAreReported() throws {
        let root = try makeProject()
        defer { try? FileManager.default.removeItem(at: root) }
        try Data("kind: ping\n".utf8).write(to: root.appendingPathComponent("definitions/stray.yaml"))
        try Data("kind: ping\n".utf8).write(to: root.appendingPathComponent("definitions/corpus/typo.yml"))
        #expect(codes(root) == ["F004 definitions/corpus/typo.yml", "F004 definitions/stray.yaml"])
    }

    @Test func missingFoldersAreReported() throws {
        let root = try makeProject()
        defer { try? FileManager.default.removeItem(at: root) }
        try FileManager.default.removeItem(at: root.appendingPathComponent("definitions"))
        #expect(codes(root) == ["F002 definitions/"])
    }

    @Test func hugeFileCostsAStatNotARead() throws {
        let root = try makeProject()
        defer { try? FileManager.default.removeItem(at: root) }
        let huge = root.appendingPathComponent("definitions/corpus/huge.yaml")
        #expect(FileManager.default.createFile(atPath: huge.path, contents: nil))
        let handle = try FileHandle(forWritingTo: huge)
        try handle.truncate(atOffset: 100 * 1024 * 1024)  // a sparse 100 MB file
        try handle.close()
        let files = ProjectReader(root: root).read()
        // Not read: no text of it, only the small files of the project.
        #expect(!files.files.contains { $0.path.hasSuffix("huge.yaml") })
        #expect(files.files.map(\.text.bytes.count).reduce(0, +) < 100_000)
        let result = Compiler.check(files)
        #expect(result.diagnostics.sorted().map(\.message)
                    == ["file is 104857600 bytes; definitions files may be at most 1048576 bytes"])
    }

    @Test func fifoIsReportedInsteadOfBlockingForever() throws {
        let root = try makeProject()
        defer { try? FileManager.default.removeItem(at: root) }
        #expect(mkfifo(root.appendingPathComponent("definitions/corpus/pipe.yaml").path, 0o644) == 0)
        #expect(codes(root) == ["F001 definitions/corpus/pipe.yaml"])
    }

    /// definitions/ itself a link out of the project: nothing behind it is read (or quoted in a message).
    @Test func definitionsLinkedOutOfTheProjectIsRefused() throws {
        let root = try makeProject()
        let outside = FileManager.default.temporaryDirectory.appendingPathComponent("tally-outside-\(UUID().uuidString)")
        defer {
            try? FileManager.default.removeItem(at: root)
            try? FileManager.default.removeItem(at: outside)
        }
        try FileManager.default.moveItem(at: root.appendingPathComponent("definitions"), to: outside)
        try Data("secret: hunter2\n".utf8).write(to: outside.appendingPathComponent("corpus/secret.yaml"))
        try FileManager.default.createSymbolicLink(at: root.appendingPathComponent("definitions"),
                                                   withDestinationURL: outside)
        let result = Compiler.check(ProjectReader(root: root).read())
        #expect(result.diagnostics.sorted().map { "\($0.code.rawValue) \($0.span.file)" } == ["F003 definitions/"])
        #expect(result.fileCount == 1)
    }

    /// A link to nothing where a definition was meant is said to be broken; elsewhere it is ignored.
    @Test func brokenLinksAreNamed() throws {
        let root = try makeProject()
        defer { try? FileManager.default.removeItem(at: root) }
        let missing = URL(fileURLWithPath: "/nonexistent-\(UUID().uuidString)")
        try FileManager.default.createSymbolicLink(at: root.appendingPathComponent("definitions/corpus/gone.yaml"),
                                                   withDestinationURL: missing)
        try FileManager.default.createSymbolicLink(at: root.appendingPathComponent("definitions/corpus/notes.txt"),
                                                   withDestinationURL: missing)
        #expect(codes(root) == ["F001 definitions/corpus/gone.yaml"])
    }

    @Test func settingsLinkedOutOfTheProjectIsRefused() throws {
        let root = try makeProject()
        let outside = FileManager.default.temporaryDirectory.appendingPathComponent("tally-outside-\(UUID().uuidString).yaml")
        defer {
            try? FileManager.default.removeItem(at: root)
            try? FileManager.default.removeItem(at: outside)
        }
        try FileManager.default.moveItem(at: root.appendingPathComponent("tally.yaml"), to: outside)
        try FileManager.default.createSymbolicLink(at: root.appendingPathComponent("tally.yaml"), withDestinationURL: outside)
        #expect(codes(root) == ["F003 tally.yaml"])
    }
}
