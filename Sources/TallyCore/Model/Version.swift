/// A release version such as 3.25, 3.35.0 or v5.2.1. A version with fewer parts names a whole series: "3.26"
/// is every 3.26.x, which is how people write broken ranges.
public struct Version: Hashable, Sendable, CustomStringConvertible {
    /// One to three numbers of at most three digits, as written (every Sourcegraph release fits).
    public let parts: [Int]
    /// The text as written, kept for docs ("v5.2.1" stays "v5.2.1").
    public let text: String

    /// Read from the bytes: split into Substrings and checked by Characters, a version took 8,000 instructions,
    /// 1.5% of a one-edit build. Bytes outside ASCII are never digits, a dot or "v", so they are refused as the
    /// Characters they belong to were.
    public init?(_ text: String) {
        var parts: [Int] = []
        parts.reserveCapacity(3)
        var number = 0
        var digits = 0
        var bytes = text.utf8[...]
        if bytes.first == UInt8(ascii: "v") { bytes = bytes.dropFirst() }
        for byte in bytes {
            if byte == UInt8(ascii: ".") {
                guard digits > 0, parts.count < 2 else { return nil }
                parts.append(number)
                number = 0
                digits = 0
            } else if byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9"), digits < 3 {
                number = number * 10 + Int(byte - UInt8(ascii: "0"))
                digits += 1
            } else {
                return nil
            }
        }
        guard digits > 0 else { return nil }
        parts.append(number)
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

    /// Whether this version comes after every release of `current`'s series: with current_version 3.40, 3.40.5
    /// is within it (3.40 is the whole 3.40.x series, as everywhere in the format), 3.41 is later.
    public func isLater(than current: Version) -> Bool {
        !lowerBound.lexicographicallyPrecedes(current.upperBoundExclusive)
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

    /// Whether some release is in both ranges.
    func overlaps(_ other: BrokenRange) -> Bool {
        (other.upperBoundExclusive.map { lowerBound < $0 } ?? true) && (upperBoundExclusive.map { other.lowerBound < $0 } ?? true)
    }

    /// "3.31-3.35.0", "3.30", "3.36 and later" as the docs write it.
    public var label: String {
        guard let through else { return "\(from.value.text) and later" }
        return through.value.text == from.value.text ? from.value.text : "\(from.value.text)-\(through.value.text)"
    }
}
