/// Swift source as it is written: UTF-8 bytes in one buffer that grows as needed. A fixtures file is made of tens
/// of thousands of short pieces (lines, literals, escaped SQL): appended here, each is copied once, where building
/// every line as a String and then joining them allocated for each and copied every byte three times.
///
/// The buffer is memory of its own rather than an Array: a literal is escaped straight into the room after the
/// text, which an Array cannot offer without first counting what the literal becomes and zeroing that much (the
/// two cost as much as the escaping), and an Array's append copied a byte at a time where this copies with
/// memcpy (copyMemory: `update(from:count:)` goes element by element too). Not copyable, so that two values
/// never share the memory.
struct SourceBuffer: ~Copyable {
    private var base: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    /// How many bytes it holds.
    private(set) var count = 0

    init(capacity: Int) {
        self.capacity = max(capacity, 64)
        base = .allocate(capacity: self.capacity)
    }

    deinit { base.deallocate() }

    /// The text, taken out of the buffer, which is left empty.
    mutating func finish() -> [UInt8] {
        let count = count
        defer { self.count = 0 }
        return [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            if count > 0 { UnsafeMutableRawPointer(buffer.baseAddress!).copyMemory(from: base, byteCount: count) }
            initialized = count
        }
    }

    /// Lets `fill` write at most `limit` bytes at the end, and keeps the bytes it says it wrote.
    mutating func append(upTo limit: Int, _ fill: (UnsafeMutableBufferPointer<UInt8>) -> Int) {
        makeRoom(limit)
        let written = fill(UnsafeMutableBufferPointer(start: base + count, count: limit))
        precondition(written <= limit, "wrote past the room made for it")
        count += written
    }

    mutating func append(_ text: String) {
        // Native strings are contiguous; any other is copied byte by byte.
        if text.utf8.withContiguousStorageIfAvailable({ append(bytes: $0) }) == nil {
            for byte in text.utf8 { append(byte: byte) }
        }
    }

    mutating func append(byte: UInt8) {
        makeRoom(1)
        base[count] = byte
        count += 1
    }

    mutating func append(bytes more: [UInt8]) {
        more.withUnsafeBufferPointer { append(bytes: $0) }
    }

    mutating func append(bytes more: UnsafeBufferPointer<UInt8>) {
        guard let source = more.baseAddress else { return }
        makeRoom(more.count)
        UnsafeMutableRawPointer(base + count).copyMemory(from: source, byteCount: more.count)
        count += more.count
    }

    /// The text, then a line break.
    mutating func line(_ text: String) {
        append(text)
        append(byte: 0x0A)
    }

    /// A string literal equal to the text (SwiftLiteral.string).
    mutating func literal(_ text: String) {
        SwiftLiteral.write(text, into: &self)
    }

    /// An array literal of string literals.
    mutating func literals(_ items: [String]) {
        append("[")
        for (index, item) in items.enumerated() {
            if index > 0 { append(", ") }
            literal(item)
        }
        append("]")
    }

    /// Grows the memory, by doubling, until `more` bytes fit after the text.
    private mutating func makeRoom(_ more: Int) {
        guard count + more > capacity else { return }
        let grown = max(capacity * 2, count + more)
        let moved = UnsafeMutablePointer<UInt8>.allocate(capacity: grown)
        UnsafeMutableRawPointer(moved).copyMemory(from: base, byteCount: count)
        base.deallocate()
        base = moved
        capacity = grown
    }
}
