import Foundation
import Testing
@testable import TallyCore

/// A run that keeps an output cache records each project file's stamp, size and hash (InputStamps); the next run
/// takes a file whose stamp is unchanged as those bytes without reading it, and reads it only when its bytes are
/// asked for. Any change to the file shows in its stamp and has it read again; a change after the stamp was
/// checked shows when the bytes are read, and the run then keeps nothing in the cache.
@Suite struct InputStampsTests {
    static let seconds: Int64 = 1_000_000_000

    static let files = [
        "tally.yaml": "project: stamps\n",
        "definitions/sources/app.yaml": "table: app_events\n",
        "definitions/core/a.yaml": "kind: metric\ntitle: A\n",
        "definitions/core/b.yaml": "kind: metric\ntitle: B\n",
    ]

    /// A project folder with `files`, and an output cache of its own.
    static func project() throws -> (root: URL, cache: OutputCache) {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("tally-inputs-\(UUID().uuidString)")
        for (path, text) in files {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: false, encoding: .utf8)
        }
        return (root, OutputCache(file: root.path + "-cache/project.outputs"))
    }

    static func remove(_ root: URL) {
        try? FileManager.default.removeItem(at: root)
        try? FileManager.default.removeItem(atPath: root.path + "-cache")
    }

    /// A reader whose clock runs 10 s ahead: the files just written count as settled.
    static func reader(_ root: URL, _ cache: OutputCache?) -> ProjectReader {
        var reader = ProjectReader(root: root, stampsIn: cache)
        reader.clockAhead = 10 * seconds
        return reader
    }

    static func unread(_ project: ProjectFiles) -> [String] {
        project.files.filter(\.text.isUnread).map(\.path).sorted()
    }

    @Test func unchangedFilesAreTakenByTheirStampsAndAChangedOneIsRead() throws {
        let (root, cache) = try Self.project()
        defer { Self.remove(root) }
        try #require(StampTrust.allows(under: root.path))

        // The first read reads every file and keeps their stamps.
        let first = Self.reader(root, cache).read()
        #expect(Self.unread(first).isEmpty)
        let kept = InputStamps(in: cache).records
        #expect(kept.keys.sorted() == Self.files.keys.sorted())
        #expect(kept.values.allSatisfy { $0.stamp != nil })

        // The second reads none, yet knows each file's size and hash, and reads a file when its bytes are asked for;
        // the stamps, the same, are not written again.
        let table = try #require(Disk.stamp(of: cache.inputsFile))
        let second = Self.reader(root, cache).read()
        #expect(Disk.stamp(of: cache.inputsFile) == table)
        #expect(Self.unread(second) == Self.files.keys.sorted())
        #expect(second.contentHashes == first.contentHashes)
        #expect(second.files.map(\.text.count) == first.files.map(\.text.count))
        let a = try #require(second.files.first { $0.path == "definitions/core/a.yaml" })
        #expect(a.text.bytes == Array(Self.files[a.path]!.utf8))
        #expect(!a.text.isUnread)
        #expect(a.text.line(2) == "title: A")
        #expect(cache.changedInput == nil)

        // An edited file has another stamp, even at the same size: it is read, the others still are not, and its
        // new stamp is kept.
        let edited = "kind: metric\ntitle: C\n"
        #expect(edited.utf8.count == Self.files["definitions/core/b.yaml"]!.utf8.count)
        try edited.write(to: root.appendingPathComponent("definitions/core/b.yaml"), atomically: false, encoding: .utf8)
        let third = Self.reader(root, cache).read()
        #expect(Self.unread(third) == Self.files.keys.sorted().filter { $0 != "definitions/core/b.yaml" })
        let b = try #require(third.files.first { $0.path == "definitions/core/b.yaml" })
        #expect(b.text.bytes == Array(edited.utf8))
        #expect(InputStamps(in: cache).records["definitions/core/b.yaml"]?.hash == ContentHash(Array(edited.utf8)))
        #expect(Self.unread(Self.reader(root, cache).read()) == Self.files.keys.sorted())

        // A removed file is neither listed nor kept.
        try FileManager.default.removeItem(at: root.appendingPathComponent("definitions/core/a.yaml"))
        let fourth = Self.reader(root, cache).read()
        #expect(!fourth.files.contains { $0.path == "definitions/core/a.yaml" })
        #expect(InputStamps(in: cache).records["definitions/core/a.yaml"] == nil)
        #expect(InputStamps(in: cache).records.count == Self.files.count - 1)
    }

    @Test func filesChangedMomentsAgoAreReadEveryTime() throws {
        let (root, cache) = try Self.project()
        defer { Self.remove(root) }
        try #require(StampTrust.allows(under: root.path))
        // Stamps taken within the settling time of a change may not tell the next change: none is kept.
        let first = ProjectReader(root: root, stampsIn: cache).read()
        #expect(Self.unread(first).isEmpty)
        #expect(InputStamps(in: cache).records.isEmpty)
        #expect(Self.unread(ProjectReader(root: root, stampsIn: cache).read()).isEmpty)
        // Without a cache, none is kept either.
        let uncached = Self.reader(root, nil).read()
        #expect(Self.unread(uncached).isEmpty && uncached.contentHashes == first.contentHashes)
    }

    @Test func aFileChangedAfterItsStampWasCheckedStopsTheCache() throws {
        let (root, cache) = try Self.project()
        defer { Self.remove(root) }
        try #require(StampTrust.allows(under: root.path))
        _ = Self.reader(root, cache).read()
        let project = Self.reader(root, cache).read()
        let a = try #require(project.files.first { $0.path == "definitions/core/a.yaml" })
        #expect(a.text.isUnread)

        // Saved between the stamp's check and the read of its bytes, at the same size: the bytes read are the new
        // ones, and the cache, whose keys were made from the hash of the old, is written no more.
        try "kind: metric\ntitle: Z\n".write(to: root.appendingPathComponent(a.path), atomically: false, encoding: .utf8)
        #expect(a.text.bytes == Array("kind: metric\ntitle: Z\n".utf8))
        #expect(cache.changedInput == "definitions/core/a.yaml")
        #expect(OutputCache.anyChangedInput != nil)
        let stored = try #require(FileManager.default.contents(atPath: cache.inputsFile))
        cache.writeChecked(cache.inputsFile, formatLine: InputStamps.formatLine) { text, _ in text.add("anything\n") }
        #expect(FileManager.default.contents(atPath: cache.inputsFile) == stored)

        // Removed before its bytes were asked for: no bytes, and the same.
        let (goneRoot, goneCache) = try Self.project()
        defer { Self.remove(goneRoot) }
        _ = Self.reader(goneRoot, goneCache).read()
        let gone = try #require(Self.reader(goneRoot, goneCache).read().files.first { $0.path == "definitions/core/b.yaml" })
        try FileManager.default.removeItem(at: goneRoot.appendingPathComponent(gone.path))
        #expect(gone.text.bytes.isEmpty && goneCache.changedInput == gone.path)

        // Another project's cache is not stopped by it.
        let (otherRoot, other) = try Self.project()
        defer { Self.remove(otherRoot) }
        _ = Self.reader(otherRoot, other).read()
        #expect(other.changedInput == nil && !InputStamps(in: other).records.isEmpty)
    }

    @Test func damagedOrForeignStampsAreNotTaken() throws {
        let (root, cache) = try Self.project()
        defer { Self.remove(root) }
        try #require(StampTrust.allows(under: root.path))
        _ = Self.reader(root, cache).read()
        let good = try #require(FileManager.default.contents(atPath: cache.inputsFile))
        // A digit changed anywhere fails the checksum; a boot line of another boot has no stamp taken.
        var damaged = [UInt8](good)
        let at = try #require(damaged.lastIndex(of: UInt8(ascii: "a")))
        damaged[at] = UInt8(ascii: "b")
        try Data(damaged).write(to: URL(fileURLWithPath: cache.inputsFile))
        #expect(InputStamps(in: cache).records.isEmpty)
        #expect(Self.unread(Self.reader(root, cache).read()).isEmpty)

        // The same records under another boot's line, checksummed anew: inodes and times may mean other files.
        var lines = String(decoding: good, as: UTF8.self).split(separator: "\n").map(String.init)
        #expect(lines.first == InputStamps.formatLine && lines.last?.hasPrefix("end ") == true)
        lines = Array(lines.dropFirst().dropLast()).map { $0.hasPrefix("boot ") ? "boot another-boot" : $0 }
        #expect(lines.count == Self.files.count + 2)
        cache.writeChecked(cache.inputsFile, formatLine: InputStamps.formatLine) { text, _ in
            text.add(lines.joined(separator: "\n") + "\n")
        }
        #expect(FileManager.default.contents(atPath: cache.inputsFile) != good)
        #expect(InputStamps(in: cache).records.isEmpty)
    }

    /// `tally build` through its steps, reading the project by its stamps as the command does.
    static func build(_ root: URL, cache: OutputCache) throws -> (ProjectFiles, GeneratedOutput.BuildReport) {
        let project = reader(root, cache).read()
        let output = GeneratedOutput(root: root, cache: cache)
        let lock = try output.beginBuild()
        defer { withExtendedLifetime(lock) {} }
        let lookup = output.lookUp(project)
        if let files = lookup.provenFiles { return (project, .unchanged(files: files, fromCache: true)) }
        let result = lookup.check(project)
        let catalog = try #require(result.checked)
        return (project, try output.build(catalog, checked: result, lookup: lookup))
    }

    @Test func aBuildFromStampsWritesWhatABuildFromEveryByteWrites() throws {
        let edited = "definitions/growth/weekly_searches.yaml"
        let root = try TestAndShowCommandTests.copy("features")
        let cache = OutputCacheTests.temporaryCache()
        defer {
            try? FileManager.default.removeItem(at: root)
            OutputCacheTests.remove(cache)
        }
        try #require(StampTrust.allows(under: root.path))
        _ = try Self.build(root, cache: cache)
        let (unchanged, noOp) = try Self.build(root, cache: cache)
        guard case .unchanged(_, true, _) = noOp else {
            Issue.record("a build of unchanged files was not answered from the cache: \(noOp)")
            return
        }
        // Nothing was read: the cache's key came from the kept hashes.
        #expect(Self.unread(unchanged) == unchanged.files.map(\.path).sorted())

        let url = root.appendingPathComponent(edited)
        let text = try String(contentsOf: url, encoding: .utf8)
        try text.replacingOccurrences(of: "definition: ", with: "definition: Edited. ").write(
            to: url, atomically: false, encoding: .utf8)
        let (project, report) = try Self.build(root, cache: cache)
        guard case .written = report else {
            Issue.record("the edit wrote nothing: \(report)")
            return
        }
        // Of the definitions, only the edited one was read (tally.yaml, the sources and the groups are decoded
        // from YAML on each run, so read too).
        let definitionsRead = project.files.filter { file in
            guard case .definition = file.role else { return false }
            return !file.text.isUnread
        }
        #expect(definitionsRead.map(\.path) == [edited])

        // The same tree as a build that read every byte, without a cache.
        let fresh = try TestAndShowCommandTests.copy("features", editing: edited) {
            $0.replacingOccurrences(of: "definition: ", with: "definition: Edited. ")
        }
        defer { try? FileManager.default.removeItem(at: fresh) }
        _ = try OutputCacheTests.build(fresh, cache: nil)
        #expect(BuildTests.tree(root) == BuildTests.tree(fresh))
        #expect(cache.changedInput == nil)
    }
}
