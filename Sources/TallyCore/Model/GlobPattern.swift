/// A case-sensitive glob, parsed once so that each dialect renders the same pieces its own way: literal text, `*`
/// for any run of characters (newlines included, the empty run too) and `?` for exactly one character.
public struct GlobPattern: Sendable, Equatable {
    public enum Piece: Sendable, Equatable {
        case text(String)
        case anyRun
        case anyOne
    }

    public var pieces: [Piece]

    /// An `events` pattern: only `*` is a wildcard; a `?` stands for itself, as it always has there.
    public init(event pattern: String) {
        self.init(pattern, wildcards: ["*": .anyRun])
    }

    /// A `matches` value of a where filter: `*` and `?` are both wildcards, and there is no escape.
    public init(filter pattern: String) {
        self.init(pattern, wildcards: ["*": .anyRun, "?": .anyOne])
    }

    private init(_ pattern: String, wildcards: [Character: Piece]) {
        var pieces: [Piece] = []
        var text = ""
        for character in pattern {
            if let wildcard = wildcards[character] {
                if !text.isEmpty { pieces.append(.text(text)) }
                text = ""
                pieces.append(wildcard)
            } else {
                text.append(character)
            }
        }
        if !text.isEmpty { pieces.append(.text(text)) }
        self.pieces = pieces
    }

    public var hasWildcard: Bool {
        pieces.contains { piece in
            if case .text = piece { return false }
            return true
        }
    }
}
