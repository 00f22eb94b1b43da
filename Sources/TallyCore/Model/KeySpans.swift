/// Where each key of one mapping is written. Kept for every definition and measure, so it is packed: one file
/// name and a list, searched in order (a mapping has a few dozen keys at most), where a dictionary of spans held
/// each key's file name again and cost 10,000 definitions about 18 MB.
public struct KeySpans: Sendable {
    private var file = ""
    private var keys: [(key: String, start: SourcePosition, end: SourcePosition)] = []

    public init() {}

    /// The spans of the keys, the first of a repeated key winning; every span is in one file.
    init(_ spans: [(key: String, span: SourceSpan)]) {
        file = spans.first?.span.file ?? ""
        for (key, span) in spans where !keys.contains(where: { $0.key == key }) {
            keys.append((key, span.start, span.end))
        }
    }

    public subscript(_ key: String) -> SourceSpan? {
        keys.first { $0.key == key }.map { SourceSpan(file: file, start: $0.start, end: $0.end) }
    }
}
