import Foundation
import Testing
@testable import TallyCore

/// A generated file is taken as proven by its stamp only when a read found the recorded bytes while its times were
/// settled (FileStamp.settled), and any change to it after that is found by its bytes.
@Suite struct StampedProofTests {
    static let seconds: Int64 = 1_000_000_000

    static func folder(_ files: [String: String]) throws -> String {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("tally-stamps-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        for (name, text) in files { try text.write(toFile: root + "/" + name, atomically: false, encoding: .utf8) }
        return root
    }

    /// Long enough for any clock tick of the file system's times to pass.
    static func aTickLater() { usleep(50_000) }

    /// Rewrites a file in place (its inode kept, as some editors do) with other bytes, and puts its modification
    /// time back to the nanosecond: only its change time can tell.
    static func overwriteKeepingTimes(_ path: String, with text: String) throws {
        let stamp = try #require(Disk.stamp(of: path))
        aTickLater()
        let handle = try #require(FileHandle(forUpdatingAtPath: path))
        try handle.truncate(atOffset: 0)
        try handle.write(contentsOf: Data(text.utf8))
        try handle.close()
        let modified = timespec(tv_sec: Int(stamp.modified / seconds), tv_nsec: Int(stamp.modified % seconds))
        var times = [modified, modified]
        #expect(utimensat(AT_FDCWD, path, &times, 0) == 0)
        let after = try #require(Disk.stamp(of: path))
        #expect(after.inode == stamp.inode && after.modified == stamp.modified)
    }

    @Test func aSettledStampSparesTheReadAndAnyChangeEndsIt() throws {
        let root = try Self.folder(["a.sql": "one\n"])
        defer { try? FileManager.default.removeItem(atPath: root) }
        let record = OpenFolderTests.record("a.sql", "one\n")

        // A file changed moments ago is proven by its bytes and gets no stamp: a change within the same tick of
        // its clock would leave its times as they are.
        let young = try #require(OutputRecord.allHeld([record], under: root))
        #expect(young == [record] && young[0].stamp == nil)
        // Read as if the clock were 10 s on, its times are settled: the proof stamps it.
        let later = Disk.now() + 10 * Self.seconds
        let stamped = try #require(OutputRecord.allHeld([record], under: root, before: later)?.first)
        let stamp = try #require(stamped.stamp)
        #expect(stamp == Disk.stamp(of: root + "/a.sql"))

        // While the file keeps that stamp it is not read: a record of other bytes of the same size, with the
        // stamp, is taken as held. Without the stamp, the bytes tell.
        var otherBytes = OpenFolderTests.record("a.sql", "two\n")
        #expect(OutputRecord.allHeld([otherBytes], under: root, before: later) == nil)
        otherBytes.stamp = stamp
        #expect(OutputRecord.allHeld([otherBytes], under: root, before: later) == [otherBytes])

        // Rewritten in place with other bytes of the same size, its modification time put back: its change time
        // moved, so it is read, and the bytes differ.
        try Self.overwriteKeepingTimes(root + "/a.sql", with: "two\n")
        #expect(OutputRecord.allHeld([stamped], under: root, before: later) == nil)

        // The same bytes under another stamp (a file put back by a copy): read, held, and stamped anew.
        Self.aTickLater()
        try "one\n".write(toFile: root + "/b.sql", atomically: false, encoding: .utf8)
        try FileManager.default.removeItem(atPath: root + "/a.sql")
        try FileManager.default.moveItem(atPath: root + "/b.sql", toPath: root + "/a.sql")
        let restamped = try #require(OutputRecord.allHeld([stamped], under: root, before: Disk.now() + 10 * Self.seconds))
        #expect(restamped[0].stamp != nil && restamped[0].stamp != stamp)
        #expect(restamped[0].hash == record.hash)
    }

    /// A stamp of no time at all (a file system that keeps none) never stands for the bytes.
    @Test func timesOfZeroAreNeverSettled() {
        #expect(!FileStamp(inode: 9, size: 1, modified: 0, changed: 0).settled(before: Disk.now()))
        #expect(!FileStamp(inode: 9, size: 1, modified: 5 * Self.seconds, changed: 0).settled(before: Disk.now()))
        #expect(!FileStamp(inode: 9, size: 1, modified: -Self.seconds, changed: Self.seconds).settled(before: Disk.now()))
        let now = Disk.now()
        #expect(FileStamp(inode: 9, size: 1, modified: now - 4 * Self.seconds, changed: now - 4 * Self.seconds)
                    .settled(before: now))
        #expect(!FileStamp(inode: 9, size: 1, modified: now - 4 * Self.seconds, changed: now - 2 * Self.seconds)
                    .settled(before: now))
    }

    /// End to end, past the settling time: a no-op check stamps the entry, a build takes jobs by their stamps, and
    /// a hand edit of any generated file, its modification time put back, is still found and put right.
    @Test func stampedFilesAreTakenAndAHandEditIsStillFound() throws {
        let root = try BuildTests.project()
        // A definition in the second group, whose pieces of views.sql a render that edits the first group takes from
        // the last version.
        let second = root.appendingPathComponent("definitions/extra")
        try String(contentsOf: root.appendingPathComponent("definitions/corpus/ping_0.yaml"), encoding: .utf8)
            .replacingOccurrences(of: "Ping 0", with: "Solo").write(to: second.appendingPathComponent("solo.yaml"),
                                                                     atomically: false, encoding: .utf8)
        let cache = OutputCacheTests.temporaryCache()
        defer {
            try? FileManager.default.removeItem(at: root)
            OutputCacheTests.remove(cache)
        }
        guard case .written(let files, _, _, _) = try OutputCacheTests.build(root, cache: cache) else {
            Issue.record("the first build wrote nothing")
            return
        }
        func entry() throws -> CacheEntry {
            let key = try #require(OutputCache.key(for: ProjectReader(root: root).read().files))
            return try #require(cache.entry(for: key))
        }
        // Just written, nothing is settled yet.
        #expect(try entry().records.allSatisfy { $0.stamp == nil })
        usleep(UInt32(FileStamp.settling / 1000) + 100_000)
        // The cache answers, and stores the stamps its proof took.
        #expect(try OutputCacheTests.check(root, cache: cache).fromCache)
        #expect(try entry().records.allSatisfy { $0.stamp != nil })
        #expect(try OutputCacheTests.check(root, cache: cache).fromCache)
        // A build after a definition's prose changed proves the jobs it takes, and stores their stamps too.
        let definition = root.appendingPathComponent("definitions/corpus/ping_2.yaml")
        func edit(_ rationale: String) throws {
            let text = try String(contentsOf: definition, encoding: .utf8)
            try text.replacingOccurrences(of: #"rationale: .*"#, with: "rationale: \(rationale)", options: .regularExpression)
                .write(to: definition, atomically: false, encoding: .utf8)
        }
        try edit("First edit.")
        #expect(try OutputCacheTests.build(root, cache: cache) == .written(files: files, changed: 1, removed: 0))
        let stored = cache.storedLedger()
        let (jobs, assembled) = (stored.jobs, stored.assembled)
        #expect(!jobs.isEmpty && jobs.contains { $0.files.allSatisfy { $0.stamp != nil } })
        // Every views.sql was found unchanged, by reading it, and is stamped for the next render.
        let viewsFiles = Dialect.allCases.map { "sql/\($0.rawValue)/views.sql" }
        #expect(Set(assembled.map(\.path)).isSuperset(of: viewsFiles.filter {
            FileManager.default.fileExists(atPath: root.appendingPathComponent("generated/" + $0).path)
        }))
        #expect(!assembled.isEmpty && assembled.allSatisfy { $0.stamp != nil })

        // A hand edit of the same size, in place, with its modification time put back, of a job's file (an
        // assembled file's is below).
        // One a prose edit leaves to be taken (the group's views and docs page are made again: their jobs read
        // every byte of the definitions).
        let edited = root.appendingPathComponent("generated/docs/README.md").path
        let original = try String(contentsOfFile: edited, encoding: .utf8)
        #expect(original.contains("Ping 0"))
        let editedPath = String(edited.dropFirst(root.appendingPathComponent("generated").path.count + 1))
        #expect(try entry().records.first { $0.path == editedPath }?.stamp == Disk.stamp(of: edited))
        #expect(jobs.first { $0.files.contains { $0.path == editedPath } }?.files.allSatisfy { $0.stamp != nil } == true)
        try Self.overwriteKeepingTimes(edited, with: original.replacingOccurrences(of: "Ping 0", with: "Ping 9"))
        #expect(try OutputCacheTests.check(root, cache: cache).diagnostics.map(\.code) == [.generatedDrift])
        // The next build's proof of that file's job finds its stamp moved, reads it, finds it changed, and makes the
        // job again.
        try edit("Second edit.")
        #expect(try OutputCacheTests.build(root, cache: cache) == .written(files: files, changed: 2, removed: 0))
        #expect(try String(contentsOfFile: edited, encoding: .utf8) == original)
        #expect(try OutputCacheTests.check(root, cache: nil).diagnostics.isEmpty)
        #expect(try OutputCacheTests.check(root, cache: cache).fromCache)

        // A views.sql edited in place (the view of the group the edit leaves alone, same size, modification time put
        // back): the next render does not take it by its stamp, finds the view changed, and writes it again.
        let views = root.appendingPathComponent("generated/" + assembled[0].path).path
        let viewsText = try String(contentsOfFile: views, encoding: .utf8)
        let soloView = try #require(viewsText.range(of: "solo", options: .backwards))
        let count = try #require(viewsText.range(of: "COUNT(*)", range: soloView.upperBound..<viewsText.endIndex))
        try Self.overwriteKeepingTimes(views, with: viewsText.replacingCharacters(in: count, with: "COUNT(1)"))
        try edit("Third edit.")
        #expect(try OutputCacheTests.build(root, cache: cache) == .written(files: files, changed: 2, removed: 0))
        #expect(try String(contentsOfFile: views, encoding: .utf8) == viewsText)
        #expect(try OutputCacheTests.check(root, cache: nil).diagnostics.isEmpty)

        // Once views.sql is stamped again, a view added before others, and the last view removed: the pieces no
        // longer lie where they were laid, so the file is made anew.
        func settleAndStamp(_ rationale: String) throws {
            usleep(UInt32(FileStamp.settling / 1000) + 100_000)
            try edit(rationale)
            _ = try OutputCacheTests.build(root, cache: cache)
            #expect(cache.storedLedger().assembled.contains { $0.path == assembled[0].path && $0.stamp != nil })
        }
        try settleAndStamp("Fourth edit.")
        try String(contentsOf: definition, encoding: .utf8).replacingOccurrences(of: "Ping 2", with: "Ping 1b")
            .write(to: root.appendingPathComponent("definitions/corpus/ping_1b.yaml"), atomically: false, encoding: .utf8)
        _ = try OutputCacheTests.build(root, cache: cache)
        #expect(try String(contentsOfFile: views, encoding: .utf8).contains("ping_1b"))
        #expect(try OutputCacheTests.check(root, cache: nil).diagnostics.isEmpty)
        try settleAndStamp("Fifth edit.")
        try FileManager.default.removeItem(at: second.appendingPathComponent("solo.yaml"))
        _ = try OutputCacheTests.build(root, cache: cache)
        #expect(try !String(contentsOfFile: views, encoding: .utf8).contains("solo"))
        #expect(try OutputCacheTests.check(root, cache: nil).diagnostics.isEmpty)
    }

    /// Stamps taken in another boot are not taken: after a crash, a file's new bytes can be on disk under its old
    /// times.
    @Test func stampsOfAnotherBootAreDropped() throws {
        let cache = OutputCacheTests.temporaryCache()
        defer { OutputCacheTests.remove(cache) }
        let stamp = FileStamp(inode: 7, size: 3, modified: 1_700_000_000_000_000_000, changed: 1_700_000_000_000_000_001)
        let record = OutputRecord(path: "sql/a.sql", size: 3, hash: ContentHash(value: 5), stamp: stamp)
        cache.store(CacheEntry(records: [record]), for: "k")
        cache.storeJobs([JobRecord(key: "j", files: [record], pieces: [])], assembled: [record])
        #expect(cache.entry(for: "k")?.records == [record])
        #expect(cache.storedLedger().jobs.first?.files == [record] && cache.storedLedger().assembled == [record])
        let boot = try #require(BootSession.current)
        for file in [cache.file, cache.jobsFile] {
            let text = try String(contentsOfFile: file, encoding: .utf8)
            #expect(text.contains("\nboot \(boot)\n"))
            try OutputCacheTests.resealed(text.replacingOccurrences(of: "\nboot \(boot)\n", with: "\nboot 0-another-boot\n"))
                .write(toFile: file, atomically: false, encoding: .utf8)
        }
        var unstamped = record
        unstamped.stamp = nil
        #expect(cache.entry(for: "k")?.records == [unstamped])
        #expect(cache.storedLedger().jobs.first?.files == [unstamped] && cache.storedLedger().assembled == [unstamped])
        // This machine's disk keeps change times; a file system that does not (FAT, NFS) gets no stamps at all.
        #expect(StampTrust.allows(under: FileManager.default.temporaryDirectory.path))
    }

    /// A file dated past what nanoseconds since 1970 fit in 64 bits (`touch -d 2300-01-01`) is read, never a trap.
    @Test func aFileDatedPast2262IsReadNotATrap() throws {
        #expect(FileStamp.nanoseconds(10_468_000_000, 0) == 0)
        #expect(FileStamp.nanoseconds(-10_468_000_000, 0) == 0)
        #expect(FileStamp.nanoseconds(1_700_000_000, 5) == 1_700_000_000_000_000_005)
        let root = try BuildTests.project()
        defer { try? FileManager.default.removeItem(at: root) }
        #expect(try CLITests.run(["build", "--project", root.path]).status == 0)
        let future = timespec(tv_sec: 10_468_000_000, tv_nsec: 0)
        var times = [future, future]
        for path in ["definitions/corpus/ping_0.yaml", "generated/docs/README.md"] {
            #expect(utimensat(AT_FDCWD, root.appendingPathComponent(path).path, &times, 0) == 0)
        }
        let check = try CLITests.run(["check", "--project", root.path])
        #expect(check.status == 0, "\(check.stderr)")
        #expect(try CLITests.run(["build", "--project", root.path]).status == 0)
    }
}
