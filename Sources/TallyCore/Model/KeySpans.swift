/// Where each key of one mapping is written. Kept for every definition and measure: a list searched in order (a
/// mapping has a few dozen keys at most), where a dictionary cost 10,000 definitions about 18 MB when each span
/// held its file's name (spans now number their file, SpanFiles).
public struct KeySpans: Sendable {
    private var keys: [(key: String, span: SourceSpan)] = []
    /// For a mapping taken from the decoded store: its spans as stored, read each time they are asked for. Only a
    /// report of a problem asks, and reading them for every definition was 72 million instructions of a one-edit
    /// build at 10,000 definitions.
    private var stored: StoredKeySpans?

    public init() {}

    /// The spans of the keys; a key written twice (an error of its own) is found at its first.
    init(_ spans: [(key: String, span: SourceSpan)]) {
        keys = spans
    }

    init(stored: StoredKeySpans) {
        self.stored = stored
    }

    public subscript(_ key: String) -> SourceSpan? { entries.first { $0.key == key }?.span }

    /// Every key and its span, in the order written: what the decoded store keeps.
    var entries: [(key: String, span: SourceSpan)] { stored?.read() ?? keys }
}
