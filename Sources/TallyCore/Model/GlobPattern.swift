/// A case-sensitive glob, parsed once so that each dialect renders the same pieces its own way: literal text, `*`
/// for any run of characters (newlines included, the empty run too) and `?` for exactly one character.
public struct GlobPattern: Sendable, Equatable {
    public enum Piece: Sendable, Equatable {
        case text(String)
        case anyRun
        case anyOne
    }

    public var pieces: [Piece]

    /// A pattern already cut into pieces: what the decoded store reads back.
    init(pieces: [Piece]) {
        self.pieces = pieces
    }

    /// An `events` pattern: only `*` is a wildcard; a `?` stands for itself, as it always has there.
    public init(event pattern: String) {
        self.init(pattern, questionMarkIsWildcard: false)
    }

    /// A `matches` value of a where filter: `*` and `?` are both wildcards, and there is no escape.
    public init(filter pattern: String) {
        self.init(pattern, questionMarkIsWildcard: true)
    }

    private init(_ pattern: String, questionMarkIsWildcard: Bool) {
        func wildcard(_ character: Character) -> Piece? {
            if character == "*" { return .anyRun }
            return questionMarkIsWildcard && character == "?" ? .anyOne : nil
        }
        // Every glob of every view is parsed per dialect: an ASCII pattern, nearly all, is split on its bytes
        // (each its own character; a CR LF pair is one, but neither is a wildcard, so the text is the same).
        if let pieces = Self.asciiPieces(pattern, questionMarkIsWildcard: questionMarkIsWildcard) {
            self.pieces = pieces
            return
        }
        var pieces: [Piece] = []
        var text = ""
        for character in pattern {
            if let wildcard = wildcard(character) {
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

    /// The pieces of an ASCII pattern, read from its bytes; nil for any other pattern.
    private static func asciiPieces(_ pattern: String, questionMarkIsWildcard: Bool) -> [Piece]? {
        var copy = pattern
        return copy.withUTF8 { bytes -> [Piece]? in
            guard !bytes.contains(where: { $0 >= 0x80 }) else { return nil }
            var pieces: [Piece] = []
            var textStart = 0
            for (index, byte) in bytes.enumerated() {
                let wildcard: Piece? = byte == 0x2A ? .anyRun : questionMarkIsWildcard && byte == 0x3F ? .anyOne : nil
                guard let wildcard else { continue }
                if textStart < index {
                    pieces.append(.text(String(decoding: UnsafeBufferPointer(rebasing: bytes[textStart..<index]), as: UTF8.self)))
                }
                pieces.append(wildcard)
                textStart = index + 1
            }
            if textStart < bytes.count {
                pieces.append(.text(String(decoding: UnsafeBufferPointer(rebasing: bytes[textStart...]), as: UTF8.self)))
            }
            return pieces
        }
    }

    public var hasWildcard: Bool {
        pieces.contains { piece in
            if case .text = piece { return false }
            return true
        }
    }
}
