/// Collects the pieces group jobs hand in for files that span every group (views.sql), and hands the files over
/// when the last job is in. The pieces wait here (every dialect's views.sql, about 12 MB each at 10,000
/// definitions) and become the files' parts: no file is ever joined into a second copy. A piece that a job took
/// from generated/ waits as where it lay in the file's last version; the file is read once when it is put
/// together, and its bytes become the parts.
final class PieceAssembly: Sendable {
    private let files: [AssembledFile]
    private let catalog: CheckedCatalog
    /// Where the last versions lie and who is told where each piece is laid (nil when nothing is cached).
    private let reuse: JobReuse?
    private let state: Locked<State>

    private struct State {
        var remainingJobs: Int
        /// Each assembled file's pieces by position: an array with a place for every view, since nearly every view
        /// has a piece (a dictionary of 10,000 pieces cost twice the memory).
        var pieces: [String: [FilePiece?]] = [:]
    }

    init(emitters: [any Emitter], catalog: CheckedCatalog, jobs: Int, reuse: JobReuse?) {
        files = emitters.flatMap { $0.assembledFiles() }
        self.catalog = catalog
        self.reuse = reuse
        state = Locked(State(remainingJobs: jobs))
        views = catalog.views.count
    }

    private let views: Int

    /// Takes one group job's pieces; for the last job, hands over every assembled file.
    func add(_ pieces: [FilePiece], emit: ([GeneratedFile]) -> Void) {
        let last = state.withLock { state -> Bool in
            for piece in pieces {
                state.pieces[piece.path, default: Array(repeating: nil, count: views)][piece.position] = piece
            }
            state.remainingJobs -= 1
            return state.remainingJobs == 0
        }
        if last { assembleAll(emit: emit) }
    }

    /// Hands over every assembled file, each its head and then its pieces in position order, a line break between
    /// each two, one file at a time, dropping each path's pieces once its file is written or compared. Called once
    /// all group jobs are in.
    func assembleAll(emit: ([GeneratedFile]) -> Void) {
        for file in files {
            let pieces = (state.withLock { $0.pieces.removeValue(forKey: file.path) } ?? []).compactMap { $0 }
            let last = lastVersion(of: file.path, for: pieces)
            let head = file.head()
            var parts: [GeneratedFile.Part] = [.text(head)]
            parts.reserveCapacity(pieces.count * 2 + 1)
            var offset = head.utf8.count
            for (index, piece) in pieces.enumerated() {
                if index > 0 {
                    parts.append(.text("\n"))
                    offset += 1
                }
                let part = self.part(piece, last: last, file: file)
                reuse?.place(piece, at: offset, part: part)
                parts.append(part)
                offset += part.count
            }
            emit([GeneratedFile(path: file.path, parts: parts)])
        }
    }

    /// The file as generated/ holds it, when pieces are to be taken from it.
    private func lastVersion(of path: String, for pieces: [FilePiece]) -> [UInt8]? {
        guard let reuse, pieces.contains(where: { if case .recorded = $0.content { true } else { false } }),
              case .bytes(let bytes) = Disk.readFile(reuse.root + "/" + path, following: false) else { return nil }
        return bytes
    }

    /// A piece's text: as rendered, or its bytes in the last version when they still hash as recorded (else, were
    /// the file edited since, rendered now).
    private func part(_ piece: FilePiece, last: [UInt8]?, file: AssembledFile) -> GeneratedFile.Part {
        switch piece.content {
        case .text(let text):
            return .text(text)
        case .recorded(let offset, let length, let hash):
            if let last, offset >= 0, length >= 0, offset + length <= last.count {
                let bytes = last[offset..<offset + length]
                if bytes.withUnsafeBytes({ ContentHash($0) }) == hash { return .bytes(bytes) }
            }
            return .text(file.piece(catalog.view(piece.viewID)!))
        }
    }
}
