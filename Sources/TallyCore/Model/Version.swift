/// A release version such as 3.25, 3.35.0 or v5.2.1. A version with fewer parts names a whole series: "3.26"
/// is every 3.26.x, which is how people write broken ranges.
public struct Version: Hashable, Sendable, CustomStringConvertible {
    /// One to three numbers of at most three digits, as written (every Sourcegraph release fits).
    public let parts: [Int]
    /// The text as written, kept for docs ("v5.2.1" stays "v5.2.1").
    public let text: String

    public init?(_ text: String) {
        var body = Substring(text)
        if body.first == "v" { body = body.dropFirst() }
        let pieces = body.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...3).contains(pieces.count) else { return nil }
        var parts: [Int] = []
        for piece in pieces {
            guard !piece.isEmpty, piece.count <= 3, piece.allSatisfy({ $0.isASCII && $0.isNumber }),
                  let number = Int(piece) else { return nil }
            parts.append(number)
        }
        self.parts = parts
        self.text = text
    }

    public var description: String { text }

    /// The first release of the series: 3.31 → 3.31.0.
    public var lowerBound: [Int] { parts + Array(repeating: 0, count: 3 - parts.count) }

    /// The first release after the series: 3.26 → 3.27.0, 3.35.0 → 3.35.1.
    public var upperBoundExclusive: [Int] {
        var bound = lowerBound
        bound[parts.count - 1] += 1
        for index in parts.count..<3 { bound[index] = 0 }
        return bound
    }

    /// Whether a concrete release (three numbers) is in this series.
    public func contains(_ release: [Int]) -> Bool {
        release.lexicographicallyPrecedes(upperBoundExclusive) && !release.lexicographicallyPrecedes(lowerBound)
    }
}

extension Array where Element == Int {
    static func < (lhs: [Int], rhs: [Int]) -> Bool { lhs.lexicographicallyPrecedes(rhs) }
    static func <= (lhs: [Int], rhs: [Int]) -> Bool { !rhs.lexicographicallyPrecedes(lhs) }
}

/// Versions from which a definition's data is known to be wrong.
public struct BrokenRange: Sendable {
    public var from: Located<Version>
    /// nil: still broken.
    public var through: Located<Version>?
    public var reason: Located<String>?
    public var fix: Located<String>?
    public var span: SourceSpan

    public var lowerBound: [Int] { from.value.lowerBound }
    /// nil when open.
    public var upperBoundExclusive: [Int]? { through?.value.upperBoundExclusive }

    /// Whether the release `point` (three numbers) is inside the range.
    func covers(_ point: [Int]) -> Bool {
        lowerBound <= point && (upperBoundExclusive.map { point < $0 } ?? true)
    }

    /// "3.31-3.35.0", "3.30", "3.36 and later" as the docs write it.
    public var label: String {
        guard let through else { return "\(from.value.text) and later" }
        return through.value.text == from.value.text ? from.value.text : "\(from.value.text)-\(through.value.text)"
    }
}
