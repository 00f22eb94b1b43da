/// What a render changed in the group jobs file, appended to it rather than the file written whole: after a view
/// edit at 10,000 definitions the whole file was 5 MB, 16 ms of a core at the very end of the build, for the
/// records of one or two jobs. The block holds the jobs that are new or whose records changed, the keys of the
/// stored jobs no longer made, and how the pieces of the rest moved in their assembled files: an edited view
/// that grew by a few bytes moves every piece after it, in every dialect's views.sql.
struct LedgerBlock: Equatable, Sendable {
    /// Blocks one jobs file may hold: each is read and checked on its own, and its moves applied to every piece.
    static let blocksLimit = 16

    /// Jobs added, or replacing the stored ones with their keys.
    var jobs: [JobRecord] = []
    /// Stored jobs no longer made.
    var gone: [String] = []
    /// By assembled file, from which offset (of the last version) on its pieces moved by how much, in offset order;
    /// a piece before the first moved by nothing.
    var shifts: [String: [Shift]] = [:]
    /// The assembled files this render found unchanged, replacing the stored ones.
    var assembled: [OutputRecord] = []

    struct Shift: Equatable, Sendable {
        var from: Int
        var delta: Int
    }

    /// How far a piece recorded at `offset` in the assembled file at `path` moved.
    func delta(at offset: Int, in path: String) -> Int {
        shifts[path].map { delta(at: offset, in: $0) } ?? 0
    }

    /// How far a piece recorded at `offset` moved, by its file's runs.
    private func delta(at offset: Int, in runs: [Shift]) -> Int {
        var low = 0
        var high = runs.count
        // The first run starting after the offset.
        while low < high {
            let middle = (low + high) / 2
            if runs[middle].from <= offset { low = middle + 1 } else { high = middle }
        }
        return low == 0 ? 0 : runs[low - 1].delta
    }

    /// The runs of equal movement of pieces moved from `old` by `delta`; nil when two pieces recorded at one
    /// offset moved apart, which no run can say.
    static func shifts(of moves: [(old: Int, delta: Int)]) -> [Shift]? {
        var runs: [Shift] = []
        var last: (old: Int, delta: Int)? = nil
        for move in moves.sorted(by: { $0.old < $1.old }) {
            if let last, last.old == move.old, last.delta != move.delta { return nil }
            if move.delta != (runs.last?.delta ?? 0) { runs.append(Shift(from: move.old, delta: move.delta)) }
            last = move
        }
        return runs
    }

    /// The stored jobs as this block leaves them: the gone and replaced ones out, the pieces of the rest moved,
    /// this block's in; `bytesOf` (each job's bytes in the file) kept along, `bytes` giving this block's jobs'. A
    /// job a move would carry past the largest offset (a file damaged under its checksum) is dropped: it renders.
    func apply(to jobs: inout [String: JobRecord], bytesOf: inout [String: Int], bytes: [Int]) {
        for key in gone + self.jobs.map(\.key) {
            jobs.removeValue(forKey: key)
            bytesOf.removeValue(forKey: key)
        }
        if !shifts.isEmpty {
            // Each file's runs found once, not by a lookup of its path for each of 40,000 pieces.
            let runsByPath = shifts.map { (path: $0.key, runs: $0.value) }
            var dropped: [String] = []
            for index in jobs.values.indices {
                for piece in jobs.values[index].pieces.indices {
                    let old = jobs.values[index].pieces[piece]
                    guard let runs = runsByPath.first(where: { $0.path == old.path })?.runs,
                          let first = runs.first, old.offset >= first.from else { continue }
                    let (moved, overflowed) = old.offset.addingReportingOverflow(delta(at: old.offset, in: runs))
                    jobs.values[index].pieces[piece].offset = moved
                    if overflowed || moved < 0 { dropped.append(jobs.values[index].key) }
                }
            }
            for key in dropped {
                jobs.removeValue(forKey: key)
                bytesOf.removeValue(forKey: key)
            }
        }
        for (job, count) in zip(self.jobs, bytes) {
            jobs[job.key] = job
            bytesOf[job.key] = count
        }
    }
}

extension EntryText {
    /// A block's lines: its counts, its jobs, the gone keys, the shifts, the assembled files' records.
    mutating func add(_ block: LedgerBlock) {
        let shifts = block.shifts.sorted { $0.key < $1.key }
        add("block \(block.jobs.count) \(block.gone.count) \(shifts.reduce(0) { $0 + $1.value.count })\n")
        for job in block.jobs { add(job) }
        for key in block.gone { add("gone \(key)\n") }
        for (path, runs) in shifts {
            for run in runs {
                add("shift ")
                add(decimal: run.from)
                add(hex: UInt64(bitPattern: Int64(run.delta)))
                add(path + "\n")
            }
        }
        addAssembled(block.assembled)
    }
}

extension LineReader {
    /// A block as `EntryText.add(_: LedgerBlock)` lays it, with the bytes each of its jobs takes.
    mutating func block(keepingStamps: Bool, paths: inout FewPathSlots<Void>) -> (block: LedgerBlock, bytes: [Int])? {
        guard word("block"), let jobCount = decimal(), let goneCount = decimal(), let shiftCount = decimalLine() else {
            return nil
        }
        var block = LedgerBlock()
        var bytes: [Int] = []
        for _ in 0..<min(jobCount, buffer.count) {
            let start = index
            guard let job = job(keepingStamps: keepingStamps, paths: &paths) else { return nil }
            block.jobs.append(job)
            bytes.append(index - start)
        }
        for _ in 0..<min(goneCount, buffer.count) {
            guard word("gone"), let key = rest() else { return nil }
            block.gone.append(key)
        }
        for _ in 0..<min(shiftCount, buffer.count) {
            guard word("shift"), let from = decimal(), let delta = hex(), let path = rest() else { return nil }
            let run = LedgerBlock.Shift(from: from, delta: Int(Int64(bitPattern: delta)))
            block.shifts[paths.shared(path), default: []].append(run)
        }
        guard let assembled = assembled(keepingStamps: keepingStamps) else { return nil }
        block.assembled = assembled
        return (block, bytes)
    }
}
