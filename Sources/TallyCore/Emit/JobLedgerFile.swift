import Foundation

/// The group jobs file as a run read it: the last render's jobs, the assembled files it found unchanged, and what
/// appending to the file needs.
struct StoredLedger: Sendable {
    var jobs: [JobRecord] = []
    var assembled: [OutputRecord] = []
    /// nil where the next ledger must be written whole: no file, stamps of another boot, or a block that did not
    /// read (an append cut short, or a file some other run wrote meanwhile).
    var chain: LedgerChain? = nil
}

/// What a block appended to the group jobs file must continue: the file as it was read, its last checksum, and
/// how many of its bytes each job's lines take (what the file would no longer read once the job is replaced).
struct LedgerChain: Equatable, Sendable {
    var stamp: FileStamp
    var size: Int
    var blocks: Int
    var checksum: UInt64
    var bytesOf: [String: Int]
}

/// The group jobs file: written whole, as its format line, the boot line, every job, the assembled files' records
/// and the checksum of all before; then, run after run, appended to by blocks (LedgerBlock), each ending with a
/// checksum that continues the last one's, so a block is read only after the very lines it was appended to.
extension OutputCache {
    /// The group jobs of the last render that kept them; empty when there are none or they are unreadable.
    func storedJobs() -> [JobRecord] { storedLedger().jobs }

    /// The group jobs of the last render, and the records of the assembled files (views.sql) it found unchanged,
    /// stamped (PieceAssembly); both empty when there are none or the whole-written part is unreadable. A block
    /// that does not read ends the file there: what it would have changed is found again by the proofs.
    func storedLedger() -> StoredLedger {
        let (read, stamp) = Disk.readStampedFile(jobsFile, limit: 256 << 20, following: false)
        guard case .bytes(let bytes) = read, let stamp else { return StoredLedger() }
        return bytes.withUnsafeBufferPointer { Self.parseLedger($0, stamp: stamp) } ?? StoredLedger()
    }

    static func parseLedger(_ whole: UnsafeBufferPointer<UInt8>, stamp: FileStamp) -> StoredLedger? {
        let header = Array("\(jobsFormatLine)\n".utf8)
        guard whole.starts(with: header) else { return nil }
        var reader = LineReader(buffer: whole, index: header.count)
        guard let sameBoot = reader.bootLine(), reader.word("jobs"), let jobCount = reader.decimalLine() else {
            return nil
        }
        var paths = FewPathSlots<Void>()
        var jobs: [String: JobRecord] = [:]
        var bytesOf: [String: Int] = [:]
        for _ in 0..<min(jobCount, whole.count) {
            let start = reader.index
            guard let job = reader.job(keepingStamps: sameBoot, paths: &paths) else { return nil }
            jobs[job.key] = job
            bytesOf[job.key] = reader.index - start
        }
        guard var assembled = reader.assembled(keepingStamps: sameBoot),
              var checksum = reader.checksumLine(of: 0, seed: 0) else { return nil }
        var blocks = 0
        var complete = true
        while !reader.atEnd {
            let start = reader.index
            guard let (block, bytes) = reader.block(keepingStamps: sameBoot, paths: &paths),
                  let continued = reader.checksumLine(of: start, seed: checksum) else {
                complete = false
                break
            }
            // The jobs, and the bytes each takes in the file, as the block leaves them: `bytesOf` keeps the stored
            // jobs' keys, which the next block's gone ones are found among (JobReuse.ledgerBlock).
            block.apply(to: &jobs, bytesOf: &bytesOf, bytes: bytes)
            assembled = block.assembled
            checksum = continued
            blocks += 1
        }
        let chain = complete && sameBoot
            ? LedgerChain(stamp: stamp, size: whole.count, blocks: blocks, checksum: checksum, bytesOf: bytesOf) : nil
        return StoredLedger(jobs: jobs.values.sorted { $0.key < $1.key }, assembled: assembled, chain: chain)
    }

    /// Replaces the group jobs and the assembled files' records, atomically; best effort, as `store`.
    func storeJobs(_ jobs: [JobRecord], assembled: [OutputRecord] = []) {
        guard !jobs.contains(where: \.hasUnstorableName) else { return }
        writeChecked(jobsFile, formatLine: Self.jobsFormatLine) { text, feed in
            text.addBootLine()
            text.add("jobs \(jobs.count)\n")
            for job in jobs {
                text.add(job)
                text.handOver(to: feed)
            }
            text.addAssembled(assembled)
        }
    }

    /// Appends `block` to the group jobs file when that file is still the one `chain` was read from and what it
    /// would hold that is no longer read (jobs replaced or gone) is at most a `OutputCache.blockWasteShare`th of what
    /// is (`carried`: the bytes of the jobs the block carries over, then the block); true when appended. False
    /// leaves the ledger to be written whole, which drops what is not read.
    func appendJobs(_ block: LedgerBlock, carrying carried: Int, to chain: LedgerChain) -> Bool {
        guard !block.jobs.contains(where: \.hasUnstorableName) else { return false }
        var bytes: [UInt8] = []
        var text = EntryText()
        text.add(block)
        text.handOver(to: { bytes += $0 }, all: true)
        // The checksum line the block ends with: 21 bytes.
        guard (chain.size - carried) * OutputCache.blockWasteShare <= carried + bytes.count + 21 else { return false }
        return appendBlock(bytes, seed: chain.checksum, to: jobsFile, after: chain.stamp)
    }
}

extension FewPathSlots where Value == Void {
    /// `path` as first given: one String for every piece that names it, not one per piece.
    mutating func shared(_ path: String) -> String {
        let known = slot(path) {}
        return paths[known]
    }
}

extension JobRecord {
    /// Names with a line break would end their line early, and a view id with a space its field: such a job is
    /// never stored. Bytes, not Strings: Foundation's substring search over 60,000 names cost 3% of a one-edit build.
    var hasUnstorableName: Bool {
        let newline = UInt8(ascii: "\n")
        return files.contains { $0.path.contains(byte: newline) }
            || pieces.contains { $0.path.contains(byte: newline) || $0.viewID.contains(byte: newline)
                                     || $0.viewID.contains(byte: UInt8(ascii: " ")) }
    }
}

extension EntryText {
    /// A job's line (its files' count, its pieces' count, its key), then its files' records and its pieces' lines.
    mutating func add(_ job: JobRecord) {
        add("job \(job.files.count) \(job.pieces.count) \(job.key)\n")
        for record in job.files { add(record) }
        for piece in job.pieces { add(piece) }
    }

    /// The assembled files' records, by path, after their count.
    mutating func addAssembled(_ records: [OutputRecord]) {
        let storable = records.filter { !$0.path.contains(byte: UInt8(ascii: "\n")) }
        add("assembled \(storable.count)\n")
        for record in storable.sorted(by: { $0.path < $1.path }) { add(record) }
    }
}

extension LineReader {
    /// A job as `EntryText.add(_:)` lays it.
    mutating func job(keepingStamps: Bool, paths: inout FewPathSlots<Void>) -> JobRecord? {
        guard word("job"), let fileCount = decimal(), let pieceCount = decimal(), let key = rest() else { return nil }
        var job = JobRecord(key: key, files: [], pieces: [])
        // Room for exactly what the line says, within what the rest of the file can hold (a record or a piece takes
        // 20 bytes at least): grown by appending, the 400 jobs' lists took 5.4 MB at 10,000 definitions where
        // 3.3 MB holds them, through the render, at a build's peak of memory.
        let room = (buffer.count - index) / 20
        job.files.reserveCapacity(min(fileCount, room))
        job.pieces.reserveCapacity(min(pieceCount, room))
        for _ in 0..<fileCount {
            guard let record = record(keepingStamp: keepingStamps) else { return nil }
            job.files.append(record)
        }
        for _ in 0..<pieceCount {
            guard let hash = hex(), let offset = decimal(), let length = decimal(), let viewID = token(),
                  let path = rest() else { return nil }
            job.pieces.append(PieceRecord(path: paths.shared(path), viewID: viewID, offset: offset, length: length,
                                          hash: ContentHash(value: hash)))
        }
        return job
    }

    /// The assembled files' records, as `EntryText.addAssembled` lays them.
    mutating func assembled(keepingStamps: Bool) -> [OutputRecord]? {
        guard word("assembled"), let count = decimalLine() else { return nil }
        var records: [OutputRecord] = []
        for _ in 0..<min(count, buffer.count) {
            guard let record = record(keepingStamp: keepingStamps) else { return nil }
            records.append(record)
        }
        return records
    }
}
