/// A mapping's key spans as the decoded store holds them: the block's bytes, proven by its hash when the definition
/// was read, and read into spans only when a report asks where a key is written.
struct StoredKeySpans: Sendable {
    let bytes: [UInt8]
    let file: SpanFiles.Number?

    /// The spans; none when the block does not read (only a store made by hand could hold such a block, since its
    /// hash was proven), so a damaged store costs a report its location, never a crash.
    func read() -> [(key: String, span: SourceSpan)] {
        bytes.withUnsafeBytes { buffer in
            var reader = StoreReader(buffer, file: file)
            guard let spans = try? reader.list({ reader in (key: try reader.string(), span: try reader.span()) }),
                  reader.atEnd else { return [] }
            return spans
        }
    }
}
