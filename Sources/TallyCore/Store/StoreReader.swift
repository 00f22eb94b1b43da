/// The stored bytes did not read as what was written: damaged, or written by another layout. Reading stops and
/// the file is decoded from its YAML instead.
struct StoreDamage: Error {}

/// Reads what StoreWriter wrote, checking every length and choice against the bytes: a damaged store reads as
/// damage, never as a crash or a value read past its end.
struct StoreReader {
    private let buffer: UnsafeRawBufferPointer
    private(set) var index: Int
    /// The file every span is of; nil where no spans are read (the store's index).
    let file: SpanFiles.Number?
    /// How deep the nested values being read lie (formulas, filters, example values).
    private var depth = 0
    /// Deeper than any definition tally keeps (a formula of 500 terms); deeper means damage, and reading it
    /// would spend the stack.
    static let maxDepth = 512

    init(_ buffer: UnsafeRawBufferPointer, file: SpanFiles.Number?, from index: Int = 0) {
        self.buffer = buffer
        self.file = file
        self.index = index
    }

    var atEnd: Bool { index == buffer.count }

    /// Passes over `count` bytes, which must be there.
    mutating func skip(_ count: Int) throws {
        guard count <= buffer.count - index else { throw StoreDamage() }
        index += count
    }

    /// Eight bytes, little-endian.
    mutating func word() throws -> UInt64 {
        guard buffer.count - index >= 8 else { throw StoreDamage() }
        var bits: UInt64 = 0
        let eight = UnsafeRawBufferPointer(rebasing: buffer[index..<index + 8])
        withUnsafeMutableBytes(of: &bits) { $0.copyMemory(from: eight) }
        index += 8
        return UInt64(littleEndian: bits)
    }

    mutating func unsigned() throws -> UInt64 {
        // Most numbers (lines, columns, counts, lengths, cases) are under 128: one byte.
        if index < buffer.count, buffer[index] < 0x80 {
            index += 1
            return UInt64(buffer[index - 1])
        }
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while index < buffer.count, shift < 64 {
            let byte = buffer[index]
            index += 1
            value |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { return value }
            shift += 7
        }
        throw StoreDamage()
    }

    /// A count or length, which must fit in what is left (each element takes at least one byte).
    mutating func count() throws -> Int {
        let value = try unsigned()
        guard value <= UInt64(buffer.count - index) else { throw StoreDamage() }
        return Int(value)
    }

    mutating func int() throws -> Int {
        let value = try unsigned()
        return Int(Int64(bitPattern: (value >> 1) ^ (0 &- (value & 1))))
    }

    /// A number the decoder allows only in `range`: outside it, the model's arithmetic could overflow.
    mutating func int(in range: ClosedRange<Int>) throws -> Int {
        let value = try int()
        guard range.contains(value) else { throw StoreDamage() }
        return value
    }

    /// Reads one level deeper, within maxDepth.
    mutating func nested<Value>(_ read: (inout StoreReader) throws -> Value) throws -> Value {
        guard depth < Self.maxDepth else { throw StoreDamage() }
        depth += 1
        defer { depth -= 1 }
        return try read(&self)
    }

    mutating func bool() throws -> Bool {
        switch try unsigned() {
        case 0: false
        case 1: true
        default: throw StoreDamage()
        }
    }

    mutating func double() throws -> Double { Double(bitPattern: try word()) }

    mutating func string() throws -> String {
        let length = try count()
        let text = String(decoding: UnsafeRawBufferPointer(rebasing: buffer[index..<index + length]), as: UTF8.self)
        index += length
        return text
    }

    mutating func choice<Choice: CaseIterable>() throws -> Choice {
        let cases = Array(Choice.allCases)
        let place = try unsigned()
        guard place < UInt64(cases.count) else { throw StoreDamage() }
        return cases[Int(place)]
    }

    mutating func span() throws -> SourceSpan {
        guard let file else { throw StoreDamage() }
        let start = SourcePosition(line: try position(), column: try position())
        let end = SourcePosition(line: try position(), column: try position())
        return SourceSpan(file: file, start: start, end: end)
    }

    /// A line or column: 1 or more, as every span read from a file has.
    private mutating func position() throws -> Int {
        let value = try unsigned()
        guard value >= 1, value <= UInt64(Int32.max) else { throw StoreDamage() }
        return Int(value)
    }

    mutating func located<Value>(_ read: (inout StoreReader) throws -> Value) throws -> Located<Value> {
        let value = try read(&self)
        return Located(value, at: try span())
    }

    mutating func located() throws -> Located<String> { try located { try $0.string() } }

    mutating func optional<Value>(_ read: (inout StoreReader) throws -> Value) throws -> Value? {
        try bool() ? try read(&self) : nil
    }

    /// A block StoreWriter.block wrote, its bytes proven by their hash: damage anywhere in it is found now, not
    /// when it is read.
    mutating func block() throws -> UnsafeRawBufferPointer {
        let length = try count()
        let hash = try word()
        guard length <= buffer.count - index else { throw StoreDamage() }
        let bytes = UnsafeRawBufferPointer(rebasing: buffer[index..<index + length])
        guard ContentHash(bytes).value == hash else { throw StoreDamage() }
        index += length
        return bytes
    }

    mutating func list<Element>(_ read: (inout StoreReader) throws -> Element) throws -> [Element] {
        let count = try count()
        // Most of a definition's lists are empty: an empty array costs nothing, while asking room for none cost
        // 200 instructions each, 19 million of a one-edit build's decoding at 10,000 definitions.
        guard count > 0 else { return [] }
        var values: [Element] = []
        // Room for what a definition's lists hold, not for whatever a damaged count says.
        values.reserveCapacity(min(count, 64))
        for _ in 0..<count { values.append(try read(&self)) }
        return values
    }
}
