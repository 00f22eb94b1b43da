import Foundation
import Testing
@testable import TallyCore

/// The output cache may make check and build faster, never wrong: every way generated/ can differ from what the
/// cache recorded must still be found.
@Suite(.serialized) struct OutputCacheTests {
    /// XXH64's published values (checked against the xxhash package from PyPI).
    @Test func xxh64MatchesTheReference() {
        let inputs: [[UInt8]] = [[], Array("a".utf8), Array("abc".utf8), Array("tally".utf8),
                                 (0..<3).flatMap { _ in (0..<256).map { UInt8($0) } } + Array("xyz".utf8)]
        #expect(inputs.map { ContentHash($0).value } == [
            0xEF46_DB37_51D8_E999, 0xD24E_C4F1_A98C_6E5B, 0x44BC_2CF5_AD77_0999, 0xC044_2DC0_8979_B2E0,
            0xE921_A1B4_5BD7_79F8,
        ])
        #expect(inputs.map { ContentHash($0, seed: 7).value } == [
            0x95F0_626F_6F0A_4409, 0xDC63_49D4_89E0_F965, 0x9E75_5206_1566_76D7, 0xDF24_0723_C708_0FFE,
            0xB635_55D1_BF05_377F,
        ])
        #expect(ContentHash("tally") == ContentHash(Array("tally".utf8)))
    }

    /// A file handed over in parts (views.sql) hashes as its bytes laid end to end, wherever it is cut: across
    /// and inside the 32-byte stripes, with empty parts, below and above one stripe in all.
    @Test func hashingInPartsEqualsHashingWhole() {
        // Seeded, so that a failure repeats.
        var generator = SeededGenerator(seed: 18)
        for length in [0, 1, 31, 32, 33, 63, 64, 65, 100, 1000, 4099] {
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            for _ in 0..<20 {
                var cuts = (0..<Int.random(in: 0...6, using: &generator)).map { _ in Int.random(in: 0...length, using: &generator) }
                cuts = ([0] + cuts + [length]).sorted()
                var hasher = ContentHasher(seed: 7)
                for (start, end) in zip(cuts, cuts.dropFirst()) {
                    bytes[start..<end].withUnsafeBytes { hasher.update($0) }
                }
                #expect(hasher.finish() == ContentHash(bytes, seed: 7), "\(length) bytes cut at \(cuts)")
            }
        }
        let parts = GeneratedFile(path: "x", parts: ["-- head\n", "", "one view\n", "\nanother view\n"])
        #expect(parts.hash == ContentHash(parts.contents))
        #expect(parts.size == parts.contents.utf8.count)
        #expect(parts == GeneratedFile(path: "x", contents: parts.contents))
    }

    #if os(Linux)
    /// A write that fails part way (a full disk: /dev/full) is an error naming the file, in parts or whole.
    @Test func aFailedWriteInPartsIsReported() {
        let parts = (0..<3000).map { String(repeating: "x", count: $0 % 900) + "\n" }
        for file in [GeneratedFile(path: "views.sql", parts: parts), GeneratedFile(path: "one.sql", contents: "x\n")] {
            do {
                try file.write(to: "/dev/full")
                Issue.record("writing \(file.path) to /dev/full did not fail")
            } catch {
                #expect(error.code == ENOSPC, "\(error)")
                #expect(error.description.contains("/dev/full"), "\(error)")
            }
        }
    }
    #endif

    /// A file in parts is current only when every part matches, in order, and the file has no more bytes.
    @Test func aFileInPartsIsComparedPartByPart() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("tally-parts-\(UUID().uuidString).sql").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Disk.writeFile(to: path) { feed in
            for part in ["-- head\n", "", "one\n", "two\n"] { Array(part.utf8).withUnsafeBytes(feed) }
        }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "-- head\none\ntwo\n")
        func holds(_ parts: [String]) -> Bool {
            let file = GeneratedFile(path: "views.sql", parts: parts)
            return Disk.holds(size: file.size, at: path, parts: { file.forEachPart($0) })
        }
        #expect(holds(["-- head\n", "one\n", "two\n"]))
        #expect(holds(["-- head\none", "\ntwo\n"]))
        #expect(!holds(["-- head\n", "one\n", "tw0\n"]))
        #expect(!holds(["-- head\n", "one\n"]))
        #expect(!holds(["-- head\n", "one\n", "two\n", "three\n"]))

        // Many parts across the 1 MB chunks the file is written and read in, and one part larger than a chunk.
        var many = (0..<3000).map { "-- view \($0)\n" + String(repeating: "x", count: $0 % 900) + "\n" }
        many.insert(String(repeating: "y", count: 1_500_000) + "\n", at: 1500)
        let file = GeneratedFile(path: "views.sql", parts: many)
        try file.write(to: path)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == many.joined())
        #expect(holds(many))
        var changed = many
        changed[2999] = String(changed[2999].dropLast()) + "!"
        #expect(!holds(changed))
        // A byte changed at the first chunk's end and at the next chunk's start, the size the same.
        let whole = Array(many.joined().utf8)
        for offset in [(1 << 20) - 1, 1 << 20] {
            var bytes = whole
            bytes[offset] = bytes[offset] == UInt8(ascii: "z") ? UInt8(ascii: "w") : UInt8(ascii: "z")
            let text = String(decoding: bytes, as: UTF8.self)
            #expect(!holds([String(text.prefix(10)), String(text.dropFirst(10))]), "byte \(offset)")
        }
    }

    #if os(Linux)
    /// Without a build id nothing would be cached; the Linux toolchain links one into every binary.
    @Test func theGeneratorHasABuildID() throws {
        let id = try #require(GeneratorIdentity.buildID)
        #expect(id.count >= 8)
    }
    #endif

    static func temporaryCache() -> OutputCache {
        OutputCache(file: FileManager.default.temporaryDirectory
            .appendingPathComponent("tally-cache-test-\(UUID().uuidString)/entry.outputs").path)
    }

    /// Removes a temporary cache's folder, with both its files.
    static func remove(_ cache: OutputCache) {
        try? FileManager.default.removeItem(atPath: Disk.parent(of: cache.file))
    }

    @Test func anEntryReadsBackOnlyUnderItsKey() throws {
        let cache = Self.temporaryCache()
        defer { Self.remove(cache) }
        let records = [
            OutputRecord(path: "docs/a page.md", size: 12, hash: ContentHash(value: 0x0123_4567_89AB_CDEF)),
            OutputRecord(path: "sql/x.sql", size: 0, hash: ContentHash(value: 0)),
            // A stamp reads back whole: an inode past Int64, times in nanoseconds.
            OutputRecord(path: "sql/y.sql", size: 5, hash: ContentHash(value: 1),
                         stamp: FileStamp(inode: UInt64.max - 7, size: 5, modified: 1_700_000_000_123_456_789,
                                          changed: 1_700_000_000_987_654_321)),
        ]
        // Problems of any text, with notes with and without a place, and a detail of several lines.
        let span = SourceSpan(file: "definitions/g/ü \"x\".yaml", start: SourcePosition(line: 3, column: 7),
                              end: SourcePosition(line: 4, column: 1))
        let diagnostics = [
            Diagnostic(.rangeOpen, "line one\nline \"two\" \\ é", at: span,
                       notes: [Diagnostic.Note("here", at: .startOf("tally.yaml")), Diagnostic.Note("anywhere")],
                       detail: "- a\n+ b\n"),
            Diagnostic(.unknownKey, "", at: .startOf("x.yaml"), severity: .warning),
        ]
        let stored = CacheEntry(diagnostics: diagnostics, definitionCount: 7, records: records)
        cache.store(stored, for: "k1")
        let entry = try #require(cache.entry(for: "k1"))
        #expect(entry == stored)
        #expect(cache.entry(for: "k2") == nil)
        // Any change to an entry breaks its checksum, which makes it no entry.
        let text = try String(contentsOfFile: cache.file, encoding: .utf8)
        try text.replacingOccurrences(of: " 12 ", with: " 13 ").write(toFile: cache.file, atomically: false, encoding: .utf8)
        #expect(cache.entry(for: "k1") == nil)
        try Self.resealed(text).write(toFile: cache.file, atomically: false, encoding: .utf8)
        #expect(cache.entry(for: "k1") != nil, "resealing an unchanged entry keeps it")
        // Past the checksum (resealed), the parser still refuses what it cannot trust: a size too big for 64 bits is
        // a damaged entry, not a crash, and so is a path leading out of generated/.
        try Self.resealed(text.replacingOccurrences(of: " 12 ", with: " 99999999999999999999 "))
            .write(toFile: cache.file, atomically: false, encoding: .utf8)
        #expect(cache.entry(for: "k1") == nil)
        for path in ["../a page.md", "/docs/a page.md", "docs//a page.md", "docs/./a page.md"] {
            try Self.resealed(text.replacingOccurrences(of: "docs/a page.md", with: path))
                .write(toFile: cache.file, atomically: false, encoding: .utf8)
            #expect(cache.entry(for: "k1") == nil, "\(path)")
        }
        try text.write(toFile: cache.file, atomically: false, encoding: .utf8)
        #expect(cache.entry(for: "k1") != nil)
        // A damaged entry is no entry: the run renders.
        var bytes = try #require(FileManager.default.contents(atPath: cache.file))
        bytes.removeLast(5)
        try bytes.write(to: URL(fileURLWithPath: cache.file))
        #expect(cache.entry(for: "k1") == nil)
        try Data("tally output cache 3\nkey k1\nrecorded 5\nnot a record\n".utf8).write(to: URL(fileURLWithPath: cache.file))
        #expect(cache.entry(for: "k1") == nil)
        // A problem code this build does not know, or a length that runs past the end, is no entry either.
        let unknownCode = text.replacingOccurrences(of: "\"V008\"", with: "\"V999\"")
        #expect(unknownCode != text)
        try Self.resealed(unknownCode).write(toFile: cache.file, atomically: false, encoding: .utf8)
        #expect(cache.entry(for: "k1") == nil)
        try Self.resealed(text.replacingOccurrences(of: "\ndiagnostics ", with: "\ndiagnostics 9"))
            .write(toFile: cache.file, atomically: false, encoding: .utf8)
        #expect(cache.entry(for: "k1") == nil)
        // A place before a file's first column (which quoting the line could not show) is no entry either.
        let columnZero = text.replacingOccurrences(of: #""column":7"#, with: #""column":0"#)
        #expect(columnZero != text)
        try Self.resealed(columnZero).write(toFile: cache.file, atomically: false, encoding: .utf8)
        #expect(cache.entry(for: "k1") == nil)
    }

    /// An entry's text with its last line, the checksum, made anew for what comes before it.
    static func resealed(_ text: String) -> String {
        let body = Array(text.utf8.dropLast(21))
        return String(decoding: body, as: UTF8.self) + "end \(ContentHash(body).hex)\n"
    }

    /// Checks a project from disk through the same steps as `tally check`, with a cache in a temporary folder.
    static func check(_ root: URL, cache: OutputCache?) throws -> GeneratedOutput.CheckReport {
        let project = ProjectReader(root: root).read()
        let output = GeneratedOutput(root: root, cache: cache)
        let lookup = output.lookUp(project)
        if let replayed = lookup.replayed(project) {
            return GeneratedOutput.CheckReport(diagnostics: replayed.diagnostics.diagnostics, fromCache: true)
        }
        let result = Compiler.check(project)
        let catalog = try #require(result.checked)
        return output.check(catalog, checked: result, lookup: lookup)
    }

    static func build(_ root: URL, cache: OutputCache?) throws -> GeneratedOutput.BuildReport {
        let project = ProjectReader(root: root).read()
        let output = GeneratedOutput(root: root, cache: cache)
        let lock = try output.beginBuild()
        defer { withExtendedLifetime(lock) {} }
        let lookup = output.lookUp(project)
        if let files = lookup.provenFiles { return .unchanged(files: files, fromCache: true) }
        // As `tally build` checks: through the lookup, which takes unchanged definitions from the decoded store.
        let result = lookup.check(project)
        let catalog = try #require(result.checked)
        return try output.build(catalog, checked: result, lookup: lookup)
    }

    @Test func aProvenTreeIsAnsweredFromTheCacheAndEveryChangeIsStillFound() throws {
        let root = try BuildTests.project()
        let cache = Self.temporaryCache()
        defer {
            try? FileManager.default.removeItem(at: root)
            Self.remove(cache)
        }
        guard case .written(let files, _, _, _) = try Self.build(root, cache: cache) else {
            Issue.record("the first build wrote nothing")
            return
        }
        #expect(try Self.build(root, cache: cache) == .unchanged(files: files, fromCache: true))
        #expect(try Self.check(root, cache: cache).fromCache)
        #expect(try Self.check(root, cache: nil).fromCache == false)

        // A hand edit of the same size, with the modification time put back: only content is trusted, so its hash
        // finds it.
        let edited = root.appendingPathComponent("generated/sql/\(Dialect.allCases[0].rawValue)/corpus/ping_0.sql").path
        let before = try FileManager.default.attributesOfItem(atPath: edited)[.modificationDate] as! Date
        var text = try String(contentsOfFile: edited, encoding: .utf8)
        text = text.replacingOccurrences(of: "COUNT(*)", with: "COUNT(1)")
        try text.write(toFile: edited, atomically: false, encoding: .utf8)
        try FileManager.default.setAttributes([.modificationDate: before], ofItemAtPath: edited)
        var report = try Self.check(root, cache: cache)
        #expect(!report.fromCache)
        #expect(report.diagnostics.map(\.code) == [.generatedDrift])

        // The build puts it right, and the cache learns the new tree.
        #expect(try Self.build(root, cache: cache) == .written(files: files, changed: 1, removed: 0))
        #expect(try Self.check(root, cache: cache).fromCache)

        // An extra file, a missing one, a link in place of a file: each is found despite the entry.
        let extra = root.appendingPathComponent("generated/notes.txt")
        try "stray\n".write(to: extra, atomically: false, encoding: .utf8)
        report = try Self.check(root, cache: cache)
        #expect(report.diagnostics.map(\.code) == [.generatedExtra])
        try FileManager.default.removeItem(at: extra)
        let docs = root.appendingPathComponent("generated/docs/README.md")
        let saved = try Data(contentsOf: docs)
        try FileManager.default.removeItem(at: docs)
        #expect(try Self.check(root, cache: cache).diagnostics.map(\.code) == [.generatedMissing])
        let elsewhere = root.appendingPathComponent("README-copy.md")
        try saved.write(to: elsewhere)
        try FileManager.default.createSymbolicLink(at: docs, withDestinationURL: elsewhere)
        #expect(!(try Self.check(root, cache: cache).fromCache))
        try FileManager.default.removeItem(at: docs)
        try FileManager.default.removeItem(at: elsewhere)
        try saved.write(to: docs)

        // A changed definition changes the key: rendered, and drift reported.
        try BuildTests.setEvent("InsightEdit", in: root, count: 1)
        report = try Self.check(root, cache: cache)
        #expect(!report.fromCache)
        #expect(report.diagnostics.contains { $0.code == .generatedDrift })
    }

    /// A build that finds nothing to change keeps the old tree, so the cache must describe the old files.
    @Test func aNoOpBuildWithoutAnEntryRecordsTheTreeThatStays() throws {
        let root = try BuildTests.project()
        let cache = Self.temporaryCache()
        defer {
            try? FileManager.default.removeItem(at: root)
            Self.remove(cache)
        }
        _ = try Self.build(root, cache: nil)
        guard case .unchanged(let files, fromCache: false, _) = try Self.build(root, cache: cache) else {
            Issue.record("the second build changed something")
            return
        }
        let key = try #require(OutputCache.key(for: ProjectReader(root: root).read().files))
        let entry = try #require(cache.entry(for: key))
        #expect(entry.records.count == files)
        let generated = root.appendingPathComponent("generated").path
        for record in entry.records {
            let bytes = try #require(FileManager.default.contents(atPath: generated + "/" + record.path))
            #expect(record.hash == ContentHash([UInt8](bytes)) && record.size == bytes.count, "\(record.path)")
        }
        #expect(try Self.check(root, cache: cache).fromCache)
    }

    /// The cache lives outside the project, one file per project, where the environment says.
    @Test func theCacheFolderFollowsTheEnvironment() {
        let root = URL(fileURLWithPath: "/tmp/some-project")
        #expect(OutputCache.forProject(at: root, environment: ["TALLY_CACHE_DIR": "/x/cache"])?.file
                    .hasPrefix("/x/cache/") == true)
        #expect(OutputCache.forProject(at: root, environment: ["XDG_CACHE_HOME": "/x/xdg", "HOME": "/home/u"])?.file
                    .hasPrefix("/x/xdg/tally/") == true)
        #expect(OutputCache.forProject(at: root, environment: ["HOME": "/home/u"])?.file
                    .hasPrefix("/home/u/.cache/tally/") == true)
        #expect(OutputCache.forProject(at: root, environment: [:])?.file == nil)
    }

    /// A build with nothing to change writes nothing at all: no work folder appears beside generated/.
    @Test func aNoOpBuildWithoutTheCacheTouchesNothing() throws {
        let root = try BuildTests.project()
        defer { try? FileManager.default.removeItem(at: root) }
        _ = try Self.build(root, cache: nil)
        var before = stat()
        #expect(stat(root.path, &before) == 0)
        let tree = BuildTests.tree(root)
        #expect(try Self.build(root, cache: nil) == .unchanged(files: tree.count, fromCache: false))
        var after = stat()
        #expect(stat(root.path, &after) == 0)
        // Creating and deleting a work folder would have moved the project folder's modification time.
        #expect(FileStamp(before) == FileStamp(after))
        #expect(BuildTests.tree(root) == tree)
    }

    /// A stray file of tally's (one no definition makes any more) is removed from an otherwise current tree; a
    /// file whose name is not UTF-8 is kept and said, since tally never writes such a name (it cannot even be
    /// opened by the name the listing reads, whose bad bytes become a replacement character).
    @Test func aStrayFileOfTallysGoesAndANameThatIsNotUTF8Stays() throws {
        let root = try BuildTests.project()
        defer { try? FileManager.default.removeItem(at: root) }
        _ = try Self.build(root, cache: nil)
        let docs = root.path + "/generated/docs/"
        let mark = Array("<!-- Generated by tally from definitions/gone/group.yaml. -->\n".utf8)
        #expect(FileManager.default.createFile(atPath: docs + "stray.md", contents: Data(mark)))
        let raw = Array((docs + "bad").utf8CString.dropLast()) + [CChar(bitPattern: 0xFF), 0x2E, 0x6D, 0x64, 0]
        let descriptor = open(raw, O_CREAT | O_WRONLY, 0o644)
        #expect(descriptor >= 0)
        #expect(write(descriptor, mark, mark.count) == mark.count)
        close(descriptor)
        guard case .written(_, 0, 1, let warning?) = try Self.build(root, cache: nil) else {
            Issue.record("the stray file of tally's is removed, the other kept with a warning")
            return
        }
        #expect(warning.contains("is not tally's"), "\(warning)")
        #expect(!FileManager.default.fileExists(atPath: docs + "stray.md"))
        let kept = open(raw, O_RDONLY)
        #expect(kept >= 0, "the file whose name is not UTF-8 is still there")
        if kept >= 0 { close(kept) }
        let siblings = try FileManager.default.contentsOfDirectory(atPath: root.path).sorted()
        #expect(siblings == ["definitions", "generated", "tally.yaml"])
    }

    /// generated/'s listing comes out sorted as whole paths sort, though each folder is sorted on its own: a file
    /// named like a folder with a suffix ("a.txt", "a-b") before the folder's files ("a/b"), and an empty folder
    /// (listed by its bare name) where its name sorts.
    @Test func aListingIsSortedAsWholePaths() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("tally-listing-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let files = ["a.txt", "a/b", "a/c/d", "a-b", "a0", "b/a.sql", "b/a/x", "b/a-x", "e.txt", "f/g.txt", "Z", "ä/x"]
        for file in files {
            let url = root.appendingPathComponent(file)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(file.utf8).write(to: url)
        }
        // Without empty folders the walk alone gives that order, with no sort after it.
        #expect(try #require(Disk.walk(root.path)).map(\.path) == files.sorted())
        #expect(try #require(Disk.files(under: root.path)).map(\.path) == files.sorted())
        for folder in ["e", "f/g", "c"] {
            try FileManager.default.createDirectory(at: root.appendingPathComponent(folder), withIntermediateDirectories: true)
        }
        let listed = try #require(Disk.files(under: root.path))
        #expect(listed.map(\.path) == (files + ["e", "f/g", "c"]).sorted())
        #expect(listed.filter { $0.kind == .directory }.map(\.path) == ["c", "e", "f/g"])
    }

    /// The cache's files are put in place by Disk.replace. A file takes its old version's place whole: where the system exchanges the two, the new name is left naming
    /// the old version (for the caller to delete); where it cannot, or there is no old version, it is a rename. A
    /// folder where the file goes stays, with what it holds, as a rename would leave it.
    @Test func aReplacedFileIsNeverMissing() throws {
        let root = try OutputWriterFallbackTests.folder()
        defer { try? FileManager.default.removeItem(at: root) }
        let old = root.appendingPathComponent("entry"), new = root.appendingPathComponent("entry.tmp")
        try "old\n".write(to: old, atomically: false, encoding: .utf8)
        try "new\n".write(to: new, atomically: false, encoding: .utf8)
        let inode = try OutputWriterFallbackTests.inode(new)
        try Disk.replace(old.path, with: new.path)
        #expect(try String(contentsOf: old, encoding: .utf8) == "new\n")
        #expect(try OutputWriterFallbackTests.inode(old) == inode, "the new file itself, not a copy")
        // Exchanged, or renamed where the file system cannot exchange (NFS, older ZFS, some FUSE mounts).
        let left = try? String(contentsOf: new, encoding: .utf8)
        #expect(left == "old\n" || left == nil)

        let fresh = root.appendingPathComponent("fresh"), missing = root.appendingPathComponent("missing")
        try "fresh\n".write(to: fresh, atomically: false, encoding: .utf8)
        try Disk.replace(missing.path, with: fresh.path)
        #expect(try String(contentsOf: missing, encoding: .utf8) == "fresh\n")
        #expect(!FileManager.default.fileExists(atPath: fresh.path))

        let folder = root.appendingPathComponent("folder"), file = root.appendingPathComponent("file")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: false)
        try "kept\n".write(to: folder.appendingPathComponent("inside"), atomically: false, encoding: .utf8)
        try "file\n".write(to: file, atomically: false, encoding: .utf8)
        #expect(throws: DiskError.self) { try Disk.replace(folder.path, with: file.path) }
        #expect(try String(contentsOf: folder.appendingPathComponent("inside"), encoding: .utf8) == "kept\n")
        #expect(try String(contentsOf: file, encoding: .utf8) == "file\n")
    }

}
