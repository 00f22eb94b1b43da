/// Swift source text for values from definitions: every string becomes a literal that compiles and equals the
/// input, whatever it holds (quotes, backslashes, `\(`, newlines, `"""`, control characters).
enum SwiftLiteral {
    static func string(_ text: String) -> String {
        if !text.containsByte(where: { !isPlain($0) }) { return "\"" + text + "\"" }
        // Escaping works on UTF-8 bytes: SQL embedded in fixtures is long and full of quotes, and appending
        // scalar by scalar to a String was the slowest part of rendering them. The escaped bytes are counted
        // first, so the literal is written straight into a String of exactly its size (no [UInt8] to copy from);
        // one function gives both passes their bytes, so the count cannot disagree with what is written. Runs of
        // bytes that need no escape are handed over whole, to be copied at once.
        var copy = text
        return copy.withUTF8 { bytes in
            var count = 0
            escape(bytes, plain: { count += $0.count }, { _ in count += 1 })
            return String(unsafeUninitializedCapacity: count + 2) { output in
                var written = 0
                output[written] = 0x22
                written += 1
                escape(bytes, plain: { run in
                    // Both buffers are bytes; `count` bounds what is written.
                    let source = UnsafeBufferPointer(rebasing: bytes[run])
                    _ = UnsafeMutableBufferPointer(rebasing: output[written..<written + run.count]).initialize(from: source)
                    written += run.count
                }, { byte in
                    output[written] = byte
                    written += 1
                })
                output[written] = 0x22
                return written + 1
            }
        }
    }

    /// The literal `string(text)` gives, written at the end of `buffer`: the runs of plain bytes copied whole,
    /// with no count of the escaped size first and no String of its own.
    static func write(_ text: String, into buffer: inout SourceBuffer) {
        buffer.append(byte: 0x22)
        var copy = text
        copy.withUTF8 { bytes in
            escape(bytes, plain: { run in buffer.append(UnsafeBufferPointer(rebasing: bytes[run])) },
                   { byte in buffer.append(byte: byte) })
        }
        buffer.append(byte: 0x22)
    }

    /// A byte that stands for itself inside a literal: not a quote, a backslash, a control character, or the
    /// first byte of a possible line separator.
    @inline(__always)
    private static func isPlain(_ byte: UInt8) -> Bool {
        byte >= 0x20 && byte != 0x22 && byte != 0x5C && byte != 0x7F && byte != 0xE2
    }

    /// Hands over the escaped text between a literal's quotes: runs of plain bytes as ranges of `bytes`, the rest
    /// a byte at a time.
    @inline(__always)
    private static func escape(_ bytes: UnsafeBufferPointer<UInt8>, plain: (Range<Int>) -> Void,
                               _ emit: (UInt8) -> Void) {
        func emitText(_ ascii: StaticString) {
            ascii.withUTF8Buffer { for byte in $0 { emit(byte) } }
        }
        var index = 0
        while index < bytes.count {
            var end = index
            while end < bytes.count, isPlain(bytes[end]) { end += 1 }
            if end > index {
                plain(index..<end)
                index = end
                continue
            }
            let byte = bytes[index]
            switch byte {
            case 0x5C, 0x22:
                emit(0x5C)
                emit(byte)
            case 0x0A: emitText("\\n")
            case 0x0D: emitText("\\r")
            case 0x09: emitText("\\t")
            case 0..<0x20, 0x7F:
                // \u{ and the byte in lowercase hex without leading zeros, as String(radix: 16) writes it.
                emitText("\\u{")
                if byte >= 0x10 { emit(hexDigit(byte >> 4)) }
                emit(hexDigit(byte & 0x0F))
                emit(0x7D)
            case 0xE2 where isLineSeparator(bytes, at: index):
                // U+2028 and U+2029 end lines in a Swift string literal.
                emitText(bytes[index + 2] == 0xA8 ? "\\u{2028}" : "\\u{2029}")
                index += 2
            default: emit(byte)
            }
            index += 1
        }
    }

    /// Whether the bytes at `index` are U+2028 or U+2029 (E2 80 A8 or E2 80 A9).
    private static func isLineSeparator(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Bool {
        index + 2 < bytes.count && bytes[index] == 0xE2 && bytes[index + 1] == 0x80
            && (bytes[index + 2] == 0xA8 || bytes[index + 2] == 0xA9)
    }

    private static func hexDigit(_ value: UInt8) -> UInt8 {
        value < 10 ? 0x30 + value : 0x61 + value - 10
    }

    static func optional(_ text: String?) -> String { text.map(string) ?? "nil" }

    static func strings(_ items: [String]) -> String { "[" + items.map(string).joinedInOneCopy(separator: ", ") + "]" }

    /// A lowerCamelCase identifier for a name, in backticks so that no name can collide with a keyword.
    static func identifier(_ name: String) -> String {
        var output = ""
        var upperNext = false
        for scalar in name.unicodeScalars {
            let isWordCharacter = ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar)
                || ("0"..."9").contains(scalar)
            if !isWordCharacter {
                upperNext = !output.isEmpty
                continue
            }
            let character = Character(scalar)
            if output.isEmpty {
                output += character.lowercased()
            } else {
                output += upperNext ? character.uppercased() : String(character)
            }
            upperNext = false
        }
        if output.isEmpty || output.first!.isNumber { output = "_" + output }
        return "`" + output + "`"
    }
}
