/// Collects the pieces group jobs hand in for files that span every group (views.sql), and puts the files
/// together when the last group is in. Pieces wait here, not the files they make, so a dialect's views.sql
/// exists once, at the end.
final class PieceAssembly: Sendable {
    private let emitters: [any Emitter]
    private let state: Locked<State>

    private struct State {
        var remainingGroups: Int
        var pieces: [String: [Int: String]] = [:]
    }

    init(emitters: [any Emitter], groups: Int) {
        self.emitters = emitters
        state = Locked(State(remainingGroups: groups))
    }

    /// Takes one group's pieces; for the last group, hands over every assembled file.
    func add(_ pieces: [FilePiece], emit: ([GeneratedFile]) -> Void) {
        let last = state.withLock { state -> Bool in
            for piece in pieces { state.pieces[piece.path, default: [:]][piece.position] = piece.text }
            state.remainingGroups -= 1
            return state.remainingGroups == 0
        }
        if last { assembleAll(emit: emit) }
    }

    /// Hands over every assembled file, each from its pieces in position order, one at a time: a file is
    /// written or compared before the next is made, and its pieces are dropped once it is, so no more than one
    /// path's text is ever held twice. Called once all groups are in.
    func assembleAll(emit: ([GeneratedFile]) -> Void) {
        for emitter in emitters {
            for path in emitter.assembledPaths() {
                let pieces = state.withLock { $0.pieces.removeValue(forKey: path) } ?? [:]
                emit([emitter.assemble(path, parts: pieces.keys.sorted().map { pieces[$0]! })])
            }
        }
    }
}
