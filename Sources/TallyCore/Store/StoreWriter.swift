/// Writes decoded values as the decoded store keeps them: unsigned numbers as LEB128, signed ones zigzagged first,
/// texts as their length and UTF-8 bytes, and spans without their file, which is the stored file's own. A value
/// holding a span of another file cannot be stored that way, so it marks the writing failed and the caller keeps
/// nothing (the file is decoded from its YAML next time).
struct StoreWriter {
    private(set) var bytes: [UInt8] = []
    /// The file every span must name; nil where no spans are written (the store's index).
    let file: SpanFiles.Number?
    private(set) var failed = false
    /// How deep the nested value being written lies; past StoreReader.maxDepth the writing fails, since the
    /// reader would refuse it (and the store would be written again on every run).
    private var depth = 0

    init(file: SpanFiles.Number?, capacity: Int = 2048) {
        self.file = file
        bytes.reserveCapacity(capacity)
    }

    mutating func unsigned(_ value: UInt64) {
        if value < 0x80 { return bytes.append(UInt8(value)) }
        var rest = value
        while rest >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: rest) | 0x80)
            rest >>= 7
        }
        bytes.append(UInt8(rest))
    }

    mutating func int(_ value: Int) {
        let wide = Int64(value)
        unsigned(UInt64(bitPattern: (wide << 1) ^ (wide >> 63)))
    }

    mutating func bool(_ value: Bool) { bytes.append(value ? 1 : 0) }

    /// Eight bytes, little-endian.
    mutating func word(_ value: UInt64) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    mutating func double(_ value: Double) { word(value.bitPattern) }

    /// Bytes written before, as they are.
    mutating func raw(_ written: UnsafeRawBufferPointer) { bytes.append(contentsOf: written) }

    mutating func string(_ value: String) {
        var value = value
        value.withUTF8 { utf8 in
            unsigned(UInt64(utf8.count))
            bytes.append(contentsOf: utf8)
        }
    }

    /// A case of an enum, by its place among all cases.
    mutating func choice<Choice: CaseIterable & Equatable>(_ value: Choice) {
        unsigned(UInt64(Array(Choice.allCases).firstIndex(of: value) ?? 0))
    }

    mutating func span(_ span: SourceSpan) {
        if span.fileNumber != file { failed = true }
        unsigned(UInt64(span.start.line))
        unsigned(UInt64(span.start.column))
        unsigned(UInt64(span.end.line))
        unsigned(UInt64(span.end.column))
    }

    /// Writes one level deeper: formulas, filters, example values.
    mutating func nested(_ write: (inout StoreWriter) -> Void) {
        guard depth < StoreReader.maxDepth else {
            failed = true
            return
        }
        depth += 1
        write(&self)
        depth -= 1
    }

    mutating func located<Value>(_ value: Located<Value>, _ write: (inout StoreWriter, Value) -> Void) {
        write(&self, value.value)
        span(value.span)
    }

    mutating func located(_ value: Located<String>) { located(value) { $0.string($1) } }

    mutating func optional<Value>(_ value: Value?, _ write: (inout StoreWriter, Value) -> Void) {
        bool(value != nil)
        if let value { write(&self, value) }
    }

    /// Another writer's bytes as a block: their length and hash, then the bytes (StoreReader.block); its failure is
    /// this writer's.
    mutating func block(_ other: StoreWriter) {
        if other.failed { failed = true }
        unsigned(UInt64(other.bytes.count))
        word(ContentHash(other.bytes).value)
        other.bytes.withUnsafeBytes { raw($0) }
    }

    mutating func list<Element>(_ values: [Element], _ write: (inout StoreWriter, Element) -> Void) {
        unsigned(UInt64(values.count))
        for value in values { write(&self, value) }
    }
}
