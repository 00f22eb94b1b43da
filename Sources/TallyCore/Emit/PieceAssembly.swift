/// Collects the pieces group jobs hand in for files that span every group (views.sql), and hands the files over
/// when the last job is in, each made of its pieces as parts: no file is ever joined into a second copy. A rendered
/// piece waits in a scratch file of its assembled file, not in memory (every dialect's views.sql, 12 MB each at
/// 10,000 definitions, held through the whole render, were the peak of a build's memory); a piece that a job took
/// from generated/ waits as where it lay in the file's last version. Each file is put together from one read of
/// its scratch file and, if pieces are taken from it, of its last version.
final class PieceAssembly: Sendable {
    private let files: [AssembledFile]
    private let catalog: CheckedCatalog
    /// Where the last versions lie and who is told where each piece is laid (nil when nothing is cached).
    private let reuse: JobReuse?
    private let state: Locked<State>

    private struct State {
        var remainingJobs: Int
        /// Each assembled file's rendered pieces, waiting; a file whose scratch file cannot be made or written
        /// keeps them in memory.
        var scratch: [String: ScratchFile?] = [:]
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
            for var piece in pieces {
                if state.scratch[piece.path] == nil { state.scratch[piece.path] = .some(ScratchFile()) }
                if case .text(var text) = piece.content, case .some(.some(let file)) = state.scratch[piece.path] {
                    text.withUTF8 { bytes in
                        if let offset = file.append(UnsafeRawBufferPointer(bytes)) {
                            piece.content = .set(offset: offset, length: bytes.count,
                                                 hash: ContentHash(UnsafeRawBufferPointer(bytes)))
                        } else {
                            state.scratch[piece.path] = .some(nil)
                        }
                    }
                }
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
            let (waiting, scratch) = state.withLock {
                ($0.pieces.removeValue(forKey: file.path) ?? [], $0.scratch.removeValue(forKey: file.path) ?? nil)
            }
            let pieces = waiting.compactMap { $0 }
            let last = lastVersion(of: file.path, for: pieces)
            let set = pieces.contains { if case .set = $0.content { true } else { false } } ? scratch?.readAll() : nil
            let head = file.head()
            var parts: [GeneratedFile.Part] = [.text(head)]
            parts.reserveCapacity(pieces.count * 2 + 1)
            var offset = head.utf8.count
            for (index, piece) in pieces.enumerated() {
                if index > 0 {
                    parts.append(.text("\n"))
                    offset += 1
                }
                let part = self.part(piece, last: last, set: set, file: file)
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

    /// A piece's text: as rendered, its bytes in the scratch file, or its bytes in the last version when they still
    /// hash as recorded (else, were the file edited since, or the scratch file unreadable, rendered now).
    private func part(_ piece: FilePiece, last: [UInt8]?, set: [UInt8]?, file: AssembledFile) -> GeneratedFile.Part {
        switch piece.content {
        case .text(let text):
            return .text(text)
        case .set(let offset, let length, _):
            if let set, offset + length <= set.count { return .bytes(set[offset..<offset + length]) }
            return .text(file.piece(catalog.view(piece.viewID)!))
        case .recorded(let offset, let length, let hash):
            if let last, offset >= 0, length >= 0, offset + length <= last.count {
                let bytes = last[offset..<offset + length]
                if bytes.withUnsafeBytes({ ContentHash($0) }) == hash { return .bytes(bytes) }
            }
            return .text(file.piece(catalog.view(piece.viewID)!))
        }
    }
}
