/// Collects the pieces group jobs hand in for files that span every group (views.sql), and hands the files over
/// when the last job is in. The pieces wait here (every dialect's views.sql, about 12 MB each at 10,000
/// definitions) and become the files' parts: no file is ever joined into a second copy.
final class PieceAssembly: Sendable {
    private let emitters: [any Emitter]
    private let state: Locked<State>

    private struct State {
        var remainingJobs: Int
        var pieces: [String: [Int: String]] = [:]
    }

    init(emitters: [any Emitter], jobs: Int) {
        self.emitters = emitters
        state = Locked(State(remainingJobs: jobs))
    }

    /// Takes one group job's pieces; for the last job, hands over every assembled file.
    func add(_ pieces: [FilePiece], emit: ([GeneratedFile]) -> Void) {
        let last = state.withLock { state -> Bool in
            for piece in pieces { state.pieces[piece.path, default: [:]][piece.position] = piece.text }
            state.remainingJobs -= 1
            return state.remainingJobs == 0
        }
        if last { assembleAll(emit: emit) }
    }

    /// Hands over every assembled file, each from its pieces in position order, one at a time, dropping each
    /// path's pieces once its file is written or compared. Called once all group jobs are in.
    func assembleAll(emit: ([GeneratedFile]) -> Void) {
        for (path, assemble) in emitters.flatMap({ $0.assemblers() }) {
            let pieces = state.withLock { $0.pieces.removeValue(forKey: path) } ?? [:]
            emit([assemble(pieces.keys.sorted().map { pieces[$0]! })])
        }
    }
}
