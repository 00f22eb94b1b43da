/// Where each key of one mapping is written. Kept for every definition and measure, so it is packed: one file
/// name and a list, searched in order (a mapping has a few dozen keys at most), where a dictionary of spans held
/// each key's file name again and cost 10,000 definitions about 18 MB.
public struct KeySpans: Sendable {
    private var file = ""
    private var keys: [(key: String, start: SourcePosition, end: SourcePosition)] = []

    public init() {}

    /// The spans of the keys, all in one file; a key written twice (an error of its own) is found at its first.
    init(_ spans: [(key: String, span: SourceSpan)]) {
        file = spans.first?.span.file ?? ""
        keys = spans.map { ($0.key, $0.span.start, $0.span.end) }
    }

    public subscript(_ key: String) -> SourceSpan? {
        keys.first { $0.key == key }.map { SourceSpan(file: file, start: $0.start, end: $0.end) }
    }
}
