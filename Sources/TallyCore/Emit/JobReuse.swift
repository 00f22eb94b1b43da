/// What one group job made, as the output cache keeps it: its key, the files it wrote (each with its size and
/// hash), and where its pieces lie in the assembled files (views.sql).
struct JobRecord: Equatable, Sendable {
    var key: String
    var files: [OutputRecord]
    var pieces: [PieceRecord]
}

/// Where one view's piece lies in an assembled file as last written, and its hash.
struct PieceRecord: Equatable, Sendable {
    var path: String
    var viewID: String
    var offset: Int
    var length: Int
    var hash: ContentHash
}

/// One render's link to the last: the previous build's jobs, to take from generated/ where a job's key is the same
/// and its files there are still what the cache recorded, and the ledger of this render's jobs, for the next.
///
/// A job is taken only when every file it wrote is on disk with the recorded size and hash; its pieces are taken
/// from views.sql only where they still hash as recorded (PieceAssembly), else rendered. So a hand-edited, deleted
/// or replaced file costs some rendering, never a wrong output.
final class JobReuse: Sendable {
    let keys: JobKeys
    /// generated/, as the writer and drift check see it.
    let root: String
    /// The last build's jobs by key, with their files proven ahead where that was done; each is taken out when its
    /// job asks, so that they are not held to the end.
    let previous: JobProofs
    /// This render's jobs (JobReuseBlocks makes the next ledger's block of them).
    let ledger = Locked(Ledger())

    struct Ledger {
        var jobs: [LedgerJob] = []
        /// The keys of the jobs taken with every file as the stored job recorded it (stamps included).
        var takenAsStored: Set<String> = []
        /// Where each piece was laid, by assembled file and position (30,000 at 10,000 definitions): indexed by
        /// position, not keyed by path and view id (which cost 2 MB more) nor keyed by position in a dictionary
        /// (whose 30,000 lookups were 3 ms at the build's end).
        var placements: [String: [LedgerJob.Placed?]] = [:]
        /// The assembled files found unchanged, for the next render's PieceAssembly.
        var assembled: [OutputRecord] = []
        var reused = 0
        /// Pieces of a taken job that were not found in the last version of their file and were rendered.
        var piecesRendered = 0
    }

    /// `previous`: the jobs of the last entry the cache holds for this project, whatever its inputs were.
    init(keys: JobKeys, root: String, previous: JobProofs) {
        self.keys = keys
        self.root = root
        self.previous = previous
    }

    /// The job's files as proven on disk and its pieces as recorded, when the job with this key last made them and
    /// its files are all still there unchanged; nil means render.
    func kept(_ key: String, of slice: ViewGroup) -> GroupFiles? {
        guard let (job, files) = previous.take(key), let files else { return nil }
        noteTaken(key, files: files, of: job)
        var kept = GroupFiles(files: files)
        kept.pieces.reserveCapacity(job.pieces.count)
        let views = slice.views
        // The pieces were recorded as the job made them, each emitter's in the slice's order: each is looked for
        // just after the one before it, and among all only when it is not there. A dictionary of the slice's views
        // by id, made for each of 400 jobs and asked for each of 30,000 pieces, cost 20 million instructions.
        var next = 0
        for piece in job.pieces {
            let at: Int
            if next < views.count, views[next].id == piece.viewID {
                at = next
            } else if let found = views.firstIndex(where: { $0.id == piece.viewID }) {
                at = found
            } else {
                return nil
            }
            next = at + 1 == views.count ? 0 : at + 1
            kept.pieces.append(FilePiece(path: piece.path, position: slice.positions[at], viewID: piece.viewID,
                                         content: .recorded(offset: piece.offset, length: piece.length, hash: piece.hash)))
        }
        return kept
    }

    /// The files of a job that makes whole files only (a docs page), as proven on disk, when the job with this key
    /// last made them and they are all still there unchanged; nil means render.
    func keptFiles(_ key: String) -> [GeneratedFile]? {
        guard let (job, files) = previous.take(key), job.pieces.isEmpty, let files else { return nil }
        noteTaken(key, files: files, of: job)
        return files
    }

    /// Ends the proofs made ahead of the render: called once it is over.
    func renderEnded() { previous.stop() }

    /// Notes what a job made (rendered or kept), to be remembered with its key.
    func record(_ key: String, files: [OutputRecord], pieces: [FilePiece], reused: Bool) {
        ledger.withLock { ledger in
            let asStored = reused && ledger.takenAsStored.contains(key)
            ledger.jobs.append(LedgerJob(key: key, files: files, pieces: pieces.map { piece in
                var was: LedgerJob.Placed? = nil
                if asStored, case .recorded(let offset, let length, let hash) = piece.content {
                    was = (offset, length, hash)
                }
                return LedgerJob.Piece(path: piece.path, position: piece.position, viewID: piece.viewID, was: was)
            }, asStored: asStored))
            if reused { ledger.reused += 1 }
        }
    }

    /// Notes a job taken whose files are all as the stored job recorded them: unless its pieces moved otherwise
    /// than the rest, the next ledger need not hold it again (LedgerBlock).
    private func noteTaken(_ key: String, files: [GeneratedFile], of job: JobRecord) {
        guard files.count == job.files.count, zip(files, job.files).allSatisfy({ $0.record == $1 }) else { return }
        ledger.withLock { _ = $0.takenAsStored.insert(key) }
    }

    /// Where a piece was laid in its assembled file, its bytes known to hash to `hash`.
    typealias Placement = (piece: FilePiece, offset: Int, length: Int, hash: ContentHash)

    /// A piece laid at `offset` as `part`, with its bytes' hash: the recorded one when its bytes are the ones recorded
    /// or waited with, else hashed.
    static func placement(_ piece: FilePiece, at offset: Int, part: GeneratedFile.Part) -> Placement {
        let hash: ContentHash
        if case .recorded(_, _, let recorded) = piece.content, case .bytes = part {
            hash = recorded
        } else if case .scratch(_, _, let waited) = piece.content, case .bytes = part {
            hash = waited
        } else {
            hash = part.withBytes { ContentHash($0) }
        }
        return (piece, offset, part.count, hash)
    }

    /// Notes where the pieces of the assembled file at `path` were laid, under one lock and one lookup of the path
    /// for the file (one for each of 30,000 pieces cost 15 million instructions at 10,000 definitions).
    func place(_ placed: [Placement], in path: String) {
        guard !placed.isEmpty else { return }
        ledger.withLock { ledger in
            var positions = ledger.placements.removeValue(forKey: path) ?? []
            let end = (placed.map(\.piece.position).max() ?? 0) + 1
            if positions.count < end { positions += repeatElement(nil, count: end - positions.count) }
            for laid in placed { positions[laid.piece.position] = (laid.offset, laid.length, laid.hash) }
            ledger.placements[path] = positions
        }
    }

    /// The assembled file at `path` as the last render found it unchanged (JobProofs.lastAssembled).
    func lastAssembled(_ path: String) -> OutputRecord? { previous.lastAssembled(path) }

    /// Notes an assembled file found unchanged, to be remembered with the jobs.
    func keptAssembled(_ record: OutputRecord) { ledger.withLock { $0.assembled.append(record) } }

    /// The assembled files found unchanged in this render.
    var assembledRecords: [OutputRecord] { ledger.withLock { $0.assembled } }

    /// How many jobs (group jobs and docs pages) were taken from generated/ instead of rendered.
    var reusedJobs: Int { ledger.withLock { $0.reused } }

    /// Notes that a taken job's piece was rendered: its bytes were not in the last version of its file.
    func pieceRendered() { ledger.withLock { $0.piecesRendered += 1 } }

    /// How many pieces of taken jobs were rendered (PieceAssembly).
    var piecesRendered: Int { ledger.withLock { $0.piecesRendered } }

    /// Every job of this render with where its pieces were laid; nil when a piece was never laid (a render that
    /// stopped before the assembled files were made), since such a ledger cannot be trusted.
    func jobRecords() -> [JobRecord]? {
        ledger.withLock { ledger -> [JobRecord]? in
            var jobs: [JobRecord] = []
            var placed = PlacedPieces(placements: ledger.placements)
            for job in ledger.jobs {
                guard let record = placed.record(of: job) else { return nil }
                jobs.append(record)
            }
            return jobs.sorted { $0.key < $1.key }
        }
    }
}
