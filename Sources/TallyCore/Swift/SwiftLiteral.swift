/// Swift source text for values from definitions: every string becomes a literal that compiles and equals the
/// input, whatever it holds (quotes, backslashes, `\(`, newlines, `"""`, control characters).
enum SwiftLiteral {
    static func string(_ text: String) -> String {
        if !text.containsByte(where: { !isPlain($0) }) { return "\"" + text + "\"" }
        // Escaping works on UTF-8 bytes: SQL embedded in fixtures is long and full of quotes, and appending
        // scalar by scalar to a String was the slowest part of rendering them. The escaped bytes are counted
        // first, so the literal is written straight into a String of exactly its size.
        var copy = text
        return copy.withUTF8 { bytes in
            let count = escapedCount(bytes) + 2
            return String(unsafeUninitializedCapacity: count) { output in
                let written = writeLiteral(bytes, into: output)
                precondition(written == count, "a literal's count and its bytes disagree")
                return written
            }
        }
    }

    /// The literal `string(text)` gives, written at the end of `buffer`, with no String of its own.
    static func write(_ text: String, into buffer: inout SourceBuffer) {
        var copy = text
        copy.withUTF8 { bytes in
            buffer.append(upTo: mostEscaped(bytes.count) + 2) { writeLiteral(bytes, into: $0) }
        }
    }

    /// What stands between the quotes of `string(text)`. Escaping goes byte by byte, so a literal of texts laid
    /// end to end is their escaped forms laid end to end between two quotes: a part repeated in many literals
    /// (the head of every insert into a table) is escaped once.
    static func writeEscaped(_ text: String, into buffer: inout SourceBuffer) {
        var copy = text
        copy.withUTF8 { bytes in
            buffer.append(upTo: mostEscaped(bytes.count)) { writeEscaped(bytes, into: $0) }
        }
    }

    /// The most bytes `count` bytes can become between a literal's quotes: no byte becomes more than six (\u{1F}),
    /// and a line separator's three become eight.
    private static func mostEscaped(_ count: Int) -> Int { count * 6 }

    /// A byte that stands for itself inside a literal: not a quote, a backslash, a control character, or the
    /// first byte of a possible line separator.
    @inline(__always)
    private static func isPlain(_ byte: UInt8) -> Bool { widths[Int(byte)] == 1 }

    /// How many bytes each byte becomes between a literal's quotes: itself, a backslash pair (\" \\ \n \r \t),
    /// `\u{X}` or `\u{XX}` for other control characters; 0 for E2, which depends on the bytes after it. One table
    /// gives both the count and the writing their widths, so that they cannot disagree; per byte, it replaced
    /// five comparisons and a call for each run of plain bytes, which had made escaping 3% of a large check.
    private static let widths: [UInt8] = (0...255).map { byte -> UInt8 in
        switch byte {
        case 0x22, 0x5C, 0x0A, 0x0D, 0x09: 2
        case 0..<0x10: 5
        case 0x10..<0x20, 0x7F: 6
        case 0xE2: 0
        default: 1
        }
    }

    /// Whether the E2 at `index` starts U+2028 or U+2029 (E2 80 A8 or E2 80 A9), which end lines in a Swift
    /// string literal.
    @inline(__always)
    private static func isLineSeparator(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Bool {
        index + 2 < bytes.count && bytes[index + 1] == 0x80 && (bytes[index + 2] == 0xA8 || bytes[index + 2] == 0xA9)
    }

    /// The widths again for counting, without a branch per byte: E2 counts 1 and sets the high bit, which says
    /// that a line separator may change the count. Counting was half the cost of escaping.
    private static let countWidths: [UInt8] = widths.map { $0 == 0 ? 0x81 : $0 }

    /// The number of bytes between the quotes of the literal of `bytes`.
    private static func escapedCount(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        let (count, mayHoldSeparators) = countWidths.withUnsafeBufferPointer { widths in
            var count = 0
            var flags: UInt8 = 0
            for byte in bytes {
                let width = widths[Int(byte)]
                count &+= Int(width & 0x7F)
                flags |= width
            }
            return (count, flags & 0x80 != 0)
        }
        guard mayHoldSeparators else { return count }
        // Each line separator's three bytes were counted as three and become eight.
        var separators = 0
        var index = 0
        while index < bytes.count {
            if bytes[index] == 0xE2, isLineSeparator(bytes, at: index) {
                separators += 1
                index += 3
            } else {
                index += 1
            }
        }
        return count + separators * 5
    }

    /// Writes the literal of `bytes`, quotes included, at the start of `output`, which is at least
    /// `escapedCount + 2` long; returns how many bytes it wrote.
    private static func writeLiteral(_ bytes: UnsafeBufferPointer<UInt8>,
                                     into output: UnsafeMutableBufferPointer<UInt8>) -> Int {
        output[0] = 0x22
        let written = writeEscaped(bytes, into: UnsafeMutableBufferPointer(rebasing: output[1...]))
        output[written + 1] = 0x22
        return written + 2
    }

    /// Writes what stands between the quotes of the literal of `bytes` at the start of `output`, which is at least
    /// `escapedCount` long; returns how many bytes it wrote.
    private static func writeEscaped(_ bytes: UnsafeBufferPointer<UInt8>,
                                     into output: UnsafeMutableBufferPointer<UInt8>) -> Int {
        widths.withUnsafeBufferPointer { widths in
            var written = 0
            func put(_ byte: UInt8) {
                output[written] = byte
                written += 1
            }
            let source = UnsafeRawPointer(bytes.baseAddress)
            let target = UnsafeMutableRawPointer(output.baseAddress)
            var index = 0
            while index < bytes.count {
                // Eight bytes at a time, tested and copied as one word, up to the first that needs escaping: most
                // of a literal is plain. The whole word is stored, and only its plain bytes kept: every byte left
                // to escape becomes at least one, so the store stays inside the room.
                if let source, let target {
                    while index + 8 <= bytes.count {
                        let word = source.loadUnaligned(fromByteOffset: index, as: UInt64.self)
                        target.storeBytes(of: word, toByteOffset: written, as: UInt64.self)
                        let plain = plainBytes(atStartOf: UInt64(littleEndian: word))
                        index += plain
                        written += plain
                        guard plain == 8 else { break }
                    }
                    guard index < bytes.count else { break }
                }
                let byte = bytes[index]
                switch widths[Int(byte)] {
                case 1: put(byte)
                case 2:
                    put(0x5C)
                    put(byte == 0x0A ? 0x6E : byte == 0x0D ? 0x72 : byte == 0x09 ? 0x74 : byte)
                case 5, 6:
                    // \u{ and the byte in lowercase hex without leading zeros, as String(radix: 16) writes it.
                    for ascii in "\\u{".utf8 { put(ascii) }
                    if byte >= 0x10 { put(hexDigit(byte >> 4)) }
                    put(hexDigit(byte & 0x0F))
                    put(0x7D)
                default:
                    guard isLineSeparator(bytes, at: index) else {
                        put(byte)
                        break
                    }
                    for ascii in (bytes[index + 2] == 0xA8 ? "\\u{2028}" : "\\u{2029}").utf8 { put(ascii) }
                    index += 2
                }
                index += 1
            }
            // Checked after the fact: every byte becomes 1 to 6 (a line separator's three become 8), which the
            // room made (6 per byte, or the exact count) always holds, word stores included.
            precondition(written <= output.count, "a literal's bytes overran the room made for them")
            return written
        }
    }

    /// How many of a word's bytes, from its first in memory (its lowest, read little-endian), come before the first
    /// that `widths` does not give as 1: a control character (below 0x20), a quote, a backslash, DEL or E2. By the
    /// bit tricks of "Bit Twiddling Hacks" (haszero, hasless): a byte's flag may be set wrongly, but only above a
    /// byte rightly flagged in the same test, so the lowest flag of all is exact.
    @inline(__always)
    private static func plainBytes(atStartOf word: UInt64) -> Int {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        func zeroBytes(_ value: UInt64) -> UInt64 { (value &- ones) & ~value & highs }
        let flags = (word &- ones &* 0x20) & ~word & highs
            | zeroBytes(word ^ (ones &* 0x22)) | zeroBytes(word ^ (ones &* 0x5C))
            | zeroBytes(word ^ (ones &* 0x7F)) | zeroBytes(word ^ (ones &* 0xE2))
        return flags.trailingZeroBitCount / 8
    }

    private static func hexDigit(_ value: UInt8) -> UInt8 {
        value < 10 ? 0x30 + value : 0x61 + value - 10
    }

    /// A lowerCamelCase identifier for a name, in backticks so that no name can collide with a keyword.
    static func identifier(_ name: String) -> String {
        // Byte by byte: only ASCII letters and digits are kept, and every byte of any other scalar (one of several
        // bytes in UTF-8) is a separator as the scalar is. By Characters, lowercasing and uppercasing each letter
        // was 4,000 instructions a name, 35 million for EventName.swift at 10,000 definitions.
        var output: [UInt8] = [UInt8(ascii: "`")]
        var upperNext = false
        for byte in name.utf8 {
            let isLower = byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")
            let isUpper = byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z")
            let isDigit = byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
            guard isLower || isUpper || isDigit else {
                upperNext = output.count > 1
                continue
            }
            if output.count == 1 {
                if isDigit { output.append(UInt8(ascii: "_")) }
                output.append(isUpper ? byte + 32 : byte)
            } else {
                output.append(upperNext && isLower ? byte - 32 : byte)
            }
            upperNext = false
        }
        if output.count == 1 { output.append(UInt8(ascii: "_")) }
        output.append(UInt8(ascii: "`"))
        return String(decoding: output, as: UTF8.self)
    }
}
