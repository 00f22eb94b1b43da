import Foundation
import Testing
@testable import TallyCore

/// The group jobs file appended to by blocks (LedgerBlock): each read after the very lines it continues, a job
/// replaced or gone by key, the rest's pieces moved where the render laid them; written whole when a block would
/// leave too much unread, when the file has many blocks, or when it changed since it was read.
@Suite struct LedgerBlockTests {
    static let views = "sql/x/views.sql"
    static let catalog = "swift/Catalog.swift"

    static func job(_ key: String, file: String, pieces: [(path: String, id: String, offset: Int)]) -> JobRecord {
        JobRecord(key: key, files: [OutputRecord(path: file, size: 10, hash: ContentHash(value: UInt64(file.count)))],
                  pieces: pieces.map { PieceRecord(path: $0.path, viewID: $0.id, offset: $0.offset, length: 40,
                                                   hash: ContentHash(value: UInt64($0.offset))) })
    }

    static let stored = [
        job("a", file: "sql/x/a/one.sql", pieces: [(views, "one", 100), (catalog, "one", 50)]),
        job("b", file: "sql/x/b/two.sql", pieces: [(views, "two", 141), (catalog, "two", 91)]),
        job("c", file: "sql/x/c/three.sql", pieces: [(views, "three", 182), (catalog, "three", 132)]),
        job("d", file: "docs/d.md", pieces: []),
    ] + (0..<60).map { job("page\($0)", file: "docs/page\($0).md", pieces: []) }

    /// The stored jobs as a ledger reads them back: by key.
    static let byKey = stored.sorted { $0.key < $1.key }

    /// The bytes of the stored jobs a block carries over: all but `replaced`.
    static func carried(_ chain: LedgerChain, replacing replaced: Set<String>) -> Int {
        chain.bytesOf.filter { !replaced.contains($0.key) }.values.reduce(0, +)
    }

    static func withStoredJobs(_ body: (OutputCache) throws -> Void) rethrows {
        let cache = OutputCacheTests.temporaryCache()
        defer { OutputCacheTests.remove(cache) }
        cache.storeJobs(stored, assembled: [OutputRecord(path: catalog, size: 900, hash: ContentHash(value: 3))])
        try body(cache)
    }

    /// Pieces moved from their old offsets make runs of equal movement, each from the first piece that moved by
    /// its amount; a piece before every run did not move, and two pieces of one offset that moved apart make none.
    @Test func movesMakeRunsOfEqualShift() {
        let runs = LedgerBlock.shifts(of: [(300, 7), (100, 0), (200, 0), (400, 7), (500, -3), (600, 0)])
        #expect(runs == [.init(from: 300, delta: 7), .init(from: 500, delta: -3), .init(from: 600, delta: 0)])
        let block = LedgerBlock(shifts: [Self.views: runs ?? []])
        #expect([50, 100, 299, 300, 450, 500, 599, 600, 9_000].map { block.delta(at: $0, in: Self.views) }
                    == [0, 0, 0, 7, 7, -3, -3, 0, 0])
        #expect(block.delta(at: 450, in: Self.catalog) == 0, "a file with no runs")
        #expect(LedgerBlock.shifts(of: [(100, 0), (200, 0)]) == [])
        #expect(LedgerBlock.shifts(of: [(100, 2), (100, 3)]) == nil)
    }

    /// A move that would carry a piece past the largest offset (a file damaged under its checksum) drops the piece's
    /// job, which then renders, rather than trapping on every run until the cache is deleted.
    @Test func aMoveThatOverflowsDropsItsJob() {
        var jobs = Dictionary(uniqueKeysWithValues: Self.stored.map { ($0.key, $0) })
        var bytesOf = jobs.mapValues { _ in 10 }
        LedgerBlock(shifts: [Self.views: [.init(from: 150, delta: Int.max)]]).apply(to: &jobs, bytesOf: &bytesOf, bytes: [])
        #expect(jobs["c"] == nil && bytesOf["c"] == nil, "its piece at 182 would move past Int.max")
        #expect(jobs["a"] == Self.stored[0] && jobs["b"] == Self.stored[1], "pieces before 150 stay")
        #expect(jobs.count == Self.stored.count - 1)
    }

    /// A block replaces one job, adds one, drops one, moves the pieces of the rest, and replaces the assembled
    /// files' records; read back, the ledger is what a whole write of those jobs reads as, and a second block
    /// continues the first.
    @Test func blocksReadBackAsTheLedgerTheyMake() throws { try Self.withStoredJobs { cache in
        let stored = cache.storedLedger()
        #expect(stored.jobs == Self.byKey)
        let chain = try #require(stored.chain)
        #expect(chain.blocks == 0 && Set(chain.bytesOf.keys) == Set(Self.stored.map(\.key)))
        #expect(chain.size == Int(try #require(Disk.stamp(of: cache.jobsFile)).size))

        // Job b's view grew by 5 bytes: c's pieces after it moved, a's did not; b is made again under a new key,
        // d is gone, e is new.
        let grownB = Self.job("b2", file: "sql/x/b/two.sql",
                              pieces: [(Self.views, "two", 141), (Self.catalog, "two", 91)])
        let e = Self.job("e", file: "docs/e.md", pieces: [])
        let assembled = [OutputRecord(path: Self.views, size: 700, hash: ContentHash(value: 4))]
        let block = LedgerBlock(jobs: [grownB, e], gone: ["b", "d"],
                                shifts: [Self.views: [.init(from: 182, delta: 5)],
                                         Self.catalog: [.init(from: 132, delta: 5)]],
                                assembled: assembled)
        #expect(cache.appendJobs(block, carrying: Self.carried(chain, replacing: ["b", "d"]), to: chain))
        let first = cache.storedLedger()
        var movedC = Self.stored[2]
        movedC.pieces = movedC.pieces.map { var piece = $0; piece.offset += 5; return piece }
        let rest = Array(Self.stored[4...])
        #expect(first.jobs == ([Self.stored[0], grownB, movedC, e] + rest).sorted { $0.key < $1.key })
        #expect(first.assembled == assembled)
        let continued = try #require(first.chain)
        #expect(continued.blocks == 1 && continued.size > chain.size)

        // The second block: e made again, nothing moved.
        let e2 = Self.job("e2", file: "docs/e.md", pieces: [])
        #expect(cache.appendJobs(LedgerBlock(jobs: [e2], gone: ["e"]),
                                 carrying: Self.carried(continued, replacing: ["e"]), to: continued))
        let second = cache.storedLedger()
        #expect(second.jobs == ([Self.stored[0], grownB, movedC, e2] + rest).sorted { $0.key < $1.key })
        #expect(second.assembled == [])
        #expect(second.chain?.blocks == 2)

        // The same ledger written whole reads back alike, with no block.
        let whole = OutputCacheTests.temporaryCache()
        defer { OutputCacheTests.remove(whole) }
        whole.storeJobs(second.jobs)
        #expect(whole.storedLedger().jobs == second.jobs)
        #expect(whole.storedLedger().chain?.blocks == 0)
    } }

    /// A render's block: its jobs, and the stored keys no longer made; none when the file has the most blocks it
    /// may, or when the jobs that may be carried would leave more than a fifth of it unread (after a branch switch,
    /// none is carried), so that such a block is not made only to be dropped.
    @Test func aRenderMakesABlockOnlyWhereOneFits() throws {
        let keys = try #require(JobKeys(files: [], hashes: []))
        let reuse = JobReuse(keys: keys, root: "/nonexistent", previous: JobProofs(jobs: [], root: "/nonexistent"))
        let record = OutputRecord(path: "docs/e.md", size: 3, hash: ContentHash(value: 9))
        reuse.record("e", files: [record], pieces: [], reused: false)
        let stamp = FileStamp(inode: 1, size: 0, modified: 1, changed: 1)
        var chain = LedgerChain(stamp: stamp, size: 0, blocks: 0, checksum: 0, bytesOf: [:])
        let made = try #require(reuse.ledgerBlock(after: chain))
        #expect(made.block == LedgerBlock(jobs: [JobRecord(key: "e", files: [record], pieces: [])]))
        #expect(made.carriedBytes == 0)
        chain.blocks = LedgerBlock.blocksLimit
        #expect(reuse.ledgerBlock(after: chain) == nil)
        // A stored job of 900 bytes in a file of 1,000, no longer made.
        chain = LedgerChain(stamp: stamp, size: 1_000, blocks: 0, checksum: 0, bytesOf: ["d": 900])
        #expect(reuse.ledgerBlock(after: chain) == nil)
        // A stored job no longer made is gone (here in a file so small that nothing is left unread).
        chain = LedgerChain(stamp: stamp, size: 0, blocks: 0, checksum: 0, bytesOf: ["d": 0])
        #expect(reuse.ledgerBlock(after: chain)?.block.gone == ["d"])
    }

    /// A block damaged under its checksum (as a hand edit resealed, or a disk that flips bits and a checksum that
    /// happens to agree) reads as jobs or as no block, never a crash: counts past the file, offsets moved past the
    /// largest, digits where a word was.
    @Test func aBlockDamagedUnderItsChecksumNeverCrashes() throws { try Self.withStoredJobs { cache in
        let chain = try #require(cache.storedLedger().chain)
        let grownB = Self.job("b2", file: "sql/x/b/two.sql", pieces: [(Self.views, "two", 141)])
        let block = LedgerBlock(jobs: [grownB], gone: ["b"], shifts: [Self.views: [.init(from: 182, delta: 5)]])
        #expect(cache.appendJobs(block, carrying: Self.carried(chain, replacing: ["b"]), to: chain))
        let original = try #require(FileManager.default.contents(atPath: cache.jobsFile)).map { $0 }
        let checksumLine = 4 + 16 + 1
        let body = original[chain.size..<(original.count - checksumLine)]
        var generator = SeededGenerator(seed: 11)
        var read = 0
        for _ in 0..<200 {
            var damaged = Array(body)
            for _ in 0..<2 {
                damaged[Int.random(in: 0..<damaged.count, using: &generator)] = [0x30, 0x39, 0x20, 0x0A, 0x2D, 0x66]
                    .randomElement(using: &generator)!
            }
            let resealed = Array(original[..<chain.size]) + damaged
                + Array("end \(ContentHash(damaged, seed: chain.checksum).hex)\n".utf8)
            try Data(resealed).write(to: URL(fileURLWithPath: cache.jobsFile))
            let ledger = cache.storedLedger()
            #expect(ledger.jobs.count >= Self.stored.count - 2, "the whole-written part still reads")
            if ledger.chain?.blocks == 1 { read += 1 }
        }
        #expect(read > 0 && read < 200, "some damage still reads as a block, some does not")
    } }

    /// A block is appended only to the file it continues: not after the file changed since it was read, and not
    /// when what it would leave unread is too much. A block
    /// that does not read (cut short, or appended to a file rewritten meanwhile) ends the ledger before it, and
    /// the ledger read so has no chain, so the next is written whole.
    @Test func blocksAreAppendedOnlyWhereTheyContinue() throws { try Self.withStoredJobs { cache in
        let chain = try #require(cache.storedLedger().chain)
        let everyJob = Self.carried(chain, replacing: [])
        let e = Self.job("e", file: "docs/e.md", pieces: [])
        let half = Set(Self.stored.map(\.key).prefix(Self.stored.count / 2))
        #expect(!cache.appendJobs(LedgerBlock(jobs: [e], gone: half.sorted()),
                                  carrying: Self.carried(chain, replacing: half), to: chain), "half the file's jobs gone")
        #expect(cache.storedLedger().jobs == Self.byKey)

        // Written whole by another run since: the stamp differs.
        usleep(20_000)
        cache.storeJobs(Self.stored)
        #expect(!cache.appendJobs(LedgerBlock(jobs: [e]), carrying: everyJob, to: chain))
        #expect(cache.storedLedger().jobs == Self.byKey)

        // A block continuing another file than the one it is found after (as when a rewrite gets the inode and
        // times of the file read): its checksum does not continue this one's.
        var stranger = try #require(cache.storedLedger().chain)
        stranger.checksum ^= 1
        #expect(cache.appendJobs(LedgerBlock(jobs: [e]), carrying: everyJob, to: stranger))
        let afterStranger = cache.storedLedger()
        #expect(afterStranger.jobs == Self.byKey && afterStranger.chain == nil)

        // A block cut short.
        cache.storeJobs(Self.stored)
        let fresh = try #require(cache.storedLedger().chain)
        #expect(cache.appendJobs(LedgerBlock(jobs: [e]), carrying: everyJob, to: fresh))
        #expect(cache.storedLedger().jobs.contains(e))
        let bytes = try #require(FileManager.default.contents(atPath: cache.jobsFile))
        try bytes.dropLast(7).write(to: URL(fileURLWithPath: cache.jobsFile))
        let torn = cache.storedLedger()
        #expect(torn.jobs == Self.byKey && torn.chain == nil)

        // The whole-written part damaged: no ledger at all.
        try Data(bytes).write(to: URL(fileURLWithPath: cache.jobsFile))
        let text = try String(contentsOfFile: cache.jobsFile, encoding: .utf8)
        try text.replacingOccurrences(of: " 141 ", with: " 142 ").write(toFile: cache.jobsFile, atomically: false,
                                                                         encoding: .utf8)
        #expect(cache.storedLedger().jobs == [] && cache.storedLedger().chain == nil)
    } }
}
