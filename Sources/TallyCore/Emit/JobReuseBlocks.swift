/// The group jobs file's next block (LedgerBlock), made from this render's ledger and the stored file's chain: the
/// jobs of the ledger that are not the stored ones moved, the stored keys no longer made, and how the carried
/// jobs' pieces moved.
extension JobReuse {
    /// The stored ledger's chain, for a block to continue (nil: the ledger is written whole).
    var storedChain: LedgerChain? { previous.chain }

    /// This render's jobs as a block to append to the stored ledger `chain` continues, with how many of the file's
    /// bytes stay read (the jobs carried from it); nil when a piece was never laid or the pieces moved in a way no
    /// block says.
    func ledgerBlock(after chain: LedgerChain) -> (block: LedgerBlock, carriedBytes: Int)? {
        guard chain.blocks < LedgerBlock.blocksLimit else { return nil }
        return ledger.withLock { ledger -> (LedgerBlock, Int)? in
            // Given up before anything is made when the jobs that may be carried leave too much of the file unread
            // (after a branch switch, none are): the block of every job would be made only to be found too large,
            // and the records made again for the whole write.
            let mayBeCarried = ledger.jobs.reduce(0) { $0 + ($1.asStored ? chain.bytesOf[$1.key] ?? 0 : 0) }
            guard (chain.size - mayBeCarried) * OutputCache.blockWasteShare <= chain.size else { return nil }
            var block = LedgerBlock(assembled: ledger.assembled)
            var placed = PlacedPieces(placements: ledger.placements)
            // By assembled file (a slot of `placed`), each carried piece's old offset and how far it moved.
            var moves: [[(old: Int, delta: Int)]] = []
            var carriedBytes = 0
            var made: Set<String> = []
            for job in ledger.jobs {
                made.insert(job.key)
                if job.asStored, let bytes = chain.bytesOf[job.key], placed.addMoves(of: job, to: &moves) {
                    carriedBytes += bytes
                } else {
                    guard let record = placed.record(of: job) else { return nil }
                    block.jobs.append(record)
                }
            }
            block.jobs.sort { $0.key < $1.key }
            // The stored jobs' keys are those `bytesOf` holds: the reader keeps it in step with the jobs.
            block.gone = chain.bytesOf.keys.filter { !made.contains($0) }.sorted()
            for (slot, list) in moves.enumerated() where list.contains(where: { $0.delta != 0 }) {
                guard let runs = LedgerBlock.shifts(of: list) else { return nil }
                block.shifts[placed.path(of: slot)] = runs
            }
            return (block, carriedBytes)
        }
    }
}

/// A job of this render as the ledger notes it, until its pieces are all laid.
struct LedgerJob {
    var key: String
    var files: [OutputRecord]
    var pieces: [Piece]
    /// Taken with every file as the stored job recorded it.
    var asStored: Bool

    /// Where a piece was laid, and its bytes' hash.
    typealias Placed = (offset: Int, length: Int, hash: ContentHash)

    struct Piece {
        var path: String
        var position: Int
        var viewID: String
        /// Where the stored job recorded it, for a job taken as stored.
        var was: Placed?
    }
}

/// Where this render laid each piece, looked up by assembled file once each.
struct PlacedPieces {
    let placements: [String: [LedgerJob.Placed?]]
    /// The few assembled files' placements, found by path once each.
    private var placementsOf = FewPathSlots<[LedgerJob.Placed?]>()

    init(placements: [String: [LedgerJob.Placed?]]) {
        self.placements = placements
    }

    /// The job's record with where its pieces were laid; nil when one was never laid.
    mutating func record(of job: LedgerJob) -> JobRecord? {
        var pieces: [PieceRecord] = []
        pieces.reserveCapacity(job.pieces.count)
        for piece in job.pieces {
            guard let placed = placement(of: piece).placed else { return nil }
            pieces.append(PieceRecord(path: piece.path, viewID: piece.viewID, offset: placed.offset,
                                      length: placed.length, hash: placed.hash))
        }
        return JobRecord(key: job.key, files: job.files, pieces: pieces)
    }

    /// Adds how each piece of a job taken as stored moved, from where that job recorded it to where this render laid
    /// it, to `moves` (by the slot of its assembled file); false, adding none, when a piece was not laid or is not the
    /// one recorded (its length or hash differ, or it was rendered): the job's record is then not the stored one
    /// moved.
    mutating func addMoves(of job: LedgerJob, to moves: inout [[(old: Int, delta: Int)]]) -> Bool {
        var found: [(slot: Int, move: (old: Int, delta: Int))] = []
        found.reserveCapacity(job.pieces.count)
        for piece in job.pieces {
            let (slot, now) = placement(of: piece)
            guard let was = piece.was, let now, was.length == now.length, was.hash == now.hash else { return false }
            found.append((slot, (was.offset, now.offset - was.offset)))
        }
        for (slot, move) in found {
            while moves.count <= slot { moves.append([]) }
            moves[slot].append(move)
        }
        return true
    }

    /// The slot of the piece's assembled file, and where the piece was laid (nil when it was not).
    private mutating func placement(of piece: LedgerJob.Piece) -> (slot: Int, placed: LedgerJob.Placed?) {
        let slot = placementsOf.slot(piece.path) { placements[piece.path] ?? [] }
        let placed = placementsOf.values[slot].indices.contains(piece.position)
            ? placementsOf.values[slot][piece.position] : nil
        return (slot, placed)
    }

    /// The assembled file of a slot `addMoves` filled.
    func path(of slot: Int) -> String { placementsOf.paths[slot] }
}
