/// Swift source as it is written: UTF-8 bytes in one buffer that grows as needed. A fixtures file is made of tens
/// of thousands of short pieces (lines, literals, escaped SQL): appended here, each is copied once, where building
/// every line as a String and then joining them allocated for each and copied every byte three times.
struct SourceBuffer {
    private(set) var bytes: [UInt8] = []

    init(capacity: Int) {
        bytes.reserveCapacity(capacity)
    }

    mutating func append(_ text: String) {
        // Native strings are contiguous; any other is copied byte by byte.
        if text.utf8.withContiguousStorageIfAvailable({ bytes.append(contentsOf: $0) }) == nil {
            bytes.append(contentsOf: text.utf8)
        }
    }

    mutating func append(byte: UInt8) {
        bytes.append(byte)
    }

    /// Appends `count` bytes that `fill` writes, all of them, into the space made for them at the end.
    mutating func append(count: Int, _ fill: (UnsafeMutableBufferPointer<UInt8>) -> Void) {
        let start = bytes.count
        bytes.append(contentsOf: repeatElement(0, count: count))
        bytes.withUnsafeMutableBufferPointer { fill(UnsafeMutableBufferPointer(rebasing: $0[start..<start + count])) }
    }

    /// The text, then a line break.
    mutating func line(_ text: String) {
        append(text)
        bytes.append(0x0A)
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
}
