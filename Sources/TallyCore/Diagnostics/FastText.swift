import Foundation

/// Byte scans for the escapers' fast paths: nearly every string in a definition has nothing to escape, and
/// answering that from its UTF-8 bytes is far cheaper than walking its characters.
extension String {
    /// Whether the text holds white space or a line break (Unicode's White_Space), from its bytes when it is ASCII:
    /// every event name and link is asked, and walking Characters cost thousands of instructions each.
    var containsWhitespace: Bool {
        if isAllASCII { return containsByte(where: \.isASCIIWhitespace) }
        return contains { $0.isWhitespace || $0.isNewline }
    }

    /// Whether every byte is ASCII: then bytes and Characters cut the text alike (save CR LF, one Character), and
    /// the fast paths read bytes.
    var isAllASCII: Bool { utf8.allSatisfy { $0 < 0x80 } }

    /// Whether the text holds `part` (ASCII), read from its bytes when the text is ASCII too: where Foundation is
    /// imported, `contains` with a String argument is its Unicode-aware search, 4,000 instructions for a link.
    func contains(asciiText part: StaticString) -> Bool {
        guard isAllASCII else { return contains(part.description) }
        var copy = self
        return copy.withUTF8 { bytes in part.withUTF8Buffer { bytes.firstIndex(ofBytes: $0) != nil } }
    }

    /// Whether any UTF-8 byte of the string satisfies the predicate.
    func containsByte(where predicate: (UInt8) -> Bool) -> Bool {
        var copy = self
        return copy.withUTF8 { bytes in bytes.contains(where: predicate) }
    }

    /// Whether the string holds the byte, read from its contiguous bytes (through its UTF-8 view, a byte at a time,
    /// asking each of 120,000 names cost 0.7% of a one-edit build).
    func contains(byte: UInt8) -> Bool { containsByte { $0 == byte } }
}

extension UnsafeBufferPointer<UInt8> {
    /// Whether the bytes start with `prefix`'s, compared with memcmp: for paths, which name files byte for byte
    /// (`hasPrefix` compares Characters, and `utf8.starts(with:)` walks the view a byte at a time).
    func starts(with prefix: StaticString) -> Bool {
        prefix.withUTF8Buffer { prefix in
            prefix.count <= count && (prefix.isEmpty || memcmp(baseAddress!, prefix.baseAddress!, prefix.count) == 0)
        }
    }

    /// Whether the bytes end with `suffix`'s, compared with memcmp.
    func ends(with suffix: StaticString) -> Bool {
        suffix.withUTF8Buffer { suffix in
            suffix.count <= count
                && (suffix.isEmpty || memcmp(baseAddress! + (count - suffix.count), suffix.baseAddress!, suffix.count) == 0)
        }
    }

    /// Where `needle` first occurs, byte for byte, at `start` or after; nil when it does not (or is empty).
    func firstIndex(ofBytes needle: UnsafeBufferPointer<UInt8>, from start: Int = 0) -> Int? {
        guard !needle.isEmpty, needle.count <= count, start <= count - needle.count else { return nil }
        next: for index in start...(count - needle.count) {
            for offset in needle.indices where self[index + offset] != needle[offset] { continue next }
            return index
        }
        return nil
    }
}

extension String {
    /// The parts laid end to end in one String of exactly their size. SQL built with `+` and interpolation grows
    /// its result part by part, an append call each and a new allocation for many: appends were a sixth of the
    /// instructions of a check. For the long texts built most often.
    init(concatenating parts: String...) {
        self = parts.joinedInOneCopy(separator: "")
    }
}

extension Array where Element == String {
    /// `joined(separator:)`, made by counting the result's bytes first and copying each part into it at once.
    /// Generated files are built from many lines and short lists joined this way, and the standard one, which
    /// grows its result as it goes and appends part by part, took 6% of a 10,000-definition check; this one is
    /// 3-4 times faster on both long and short lists.
    func joinedInOneCopy(separator: String) -> String {
        guard count > 1 else { return first ?? "" }
        var total = separator.utf8.count * (count - 1)
        for item in self { total += item.utf8.count }
        var separator = separator
        return separator.withUTF8 { separatorBytes in
            String(unsafeUninitializedCapacity: total) { output in
                var written = 0
                func copy(_ bytes: UnsafeBufferPointer<UInt8>) {
                    let place = UnsafeMutableBufferPointer(rebasing: output[written..<written + bytes.count])
                    _ = place.initialize(from: bytes)
                    written += bytes.count
                }
                for (index, item) in enumerated() {
                    if index > 0 { copy(separatorBytes) }
                    // Native strings are contiguous; any other is copied byte by byte.
                    if item.utf8.withContiguousStorageIfAvailable(copy) == nil {
                        for byte in item.utf8 {
                            output[written] = byte
                            written += 1
                        }
                    }
                }
                return written
            }
        }
    }
}

extension UInt8 {
    /// The ASCII bytes Unicode counts as white space: tab, line feed, vertical tab, form feed, carriage return, space.
    var isASCIIWhitespace: Bool { self == 0x20 || (0x09...0x0D).contains(self) }

    /// Printable ASCII that is neither a letter, a digit nor the space: punctuation and symbols (`!` to `/`, `:` to
    /// `@`, `[` to `` ` ``, `{` to `~`), the characters Markdown escapes and SQL members are quoted for.
    var isASCIIPunctuation: Bool {
        (0x21...0x2F).contains(self) || (0x3A...0x40).contains(self) || (0x5B...0x60).contains(self)
            || (0x7B...0x7E).contains(self)
    }
}
