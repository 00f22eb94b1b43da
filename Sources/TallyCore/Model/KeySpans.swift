/// Where each key of one mapping is written. Kept for every definition and measure, so it is packed: one span
/// naming the file and a list, searched in order (a mapping has a few dozen keys at most), where a dictionary of spans held
/// each key's file name again and cost 10,000 definitions about 18 MB.
public struct KeySpans: Sendable {
    /// The first key's span, for the file they share.
    private var first: SourceSpan?
    private var keys: [(key: String, start: SourcePosition, end: SourcePosition)] = []

    public init() {}

    /// The spans of the keys, all in one file; a key written twice (an error of its own) is found at its first.
    init(_ spans: [(key: String, span: SourceSpan)]) {
        first = spans.first?.span
        keys = spans.map { ($0.key, $0.span.start, $0.span.end) }
    }

    public subscript(_ key: String) -> SourceSpan? {
        guard let first, let found = keys.first(where: { $0.key == key }) else { return nil }
        return first.inSameFile(start: found.start, end: found.end)
    }
}
