import Foundation

/// Reads the space-separated fields of a cache entry's lines.
struct LineReader {
    let buffer: UnsafeBufferPointer<UInt8>
    var index: Int

    var atEnd: Bool { index >= buffer.count }

    /// Sixteen lowercase hex digits and a space.
    mutating func hex() -> UInt64? {
        guard let value = sixteenHexDigits(), space() else { return nil }
        return value
    }

    /// Read eight at a time, as two words: a digit at a time, the 121,000 hashes and times of the jobs file a build
    /// reads cost 27 million instructions at 10,000 definitions.
    private mutating func sixteenHexDigits() -> UInt64? {
        guard buffer.count - index >= 16 else { return nil }
        let start = UnsafeRawPointer(buffer.baseAddress! + index)
        // Big-endian: the first digit in the word's top byte, whatever the machine's byte order.
        guard let high = Self.eightHexDigits(UInt64(bigEndian: start.loadUnaligned(as: UInt64.self))),
              let low = Self.eightHexDigits(UInt64(bigEndian: start.loadUnaligned(fromByteOffset: 8, as: UInt64.self)))
        else { return nil }
        index += 16
        return high << 32 | low
    }

    /// The value of eight lowercase hex digits, one per byte, the first in the top byte; nil when any byte is not
    /// one. Each byte's value is its low four bits, plus 9 for a letter (bit 0x40); the digits are valid exactly when
    /// every value is below 16 and writes back as the byte read. No byte carries into the next: every sum stays
    /// below 0x67.
    private static func eightHexDigits(_ digits: UInt64) -> UInt64? {
        let letters = (digits & 0x4040_4040_4040_4040) >> 6
        let values = (digits & 0x0F0F_0F0F_0F0F_0F0F) &+ letters &* 9
        guard values & 0xF0F0_F0F0_F0F0_F0F0 == 0 else { return nil }
        let aboveNine = ((values &+ 0x0606_0606_0606_0606) & 0x1010_1010_1010_1010) >> 4
        guard values &+ 0x3030_3030_3030_3030 &+ aboveNine &* 0x27 == digits else { return nil }
        // The eight values, four bits each, packed in order: pairs into bytes, bytes into halves, halves into one.
        var packed = (values | values >> 4) & 0x00FF_00FF_00FF_00FF
        packed = (packed | packed >> 8) & 0x0000_FFFF_0000_FFFF
        return (packed | packed >> 16) & 0x0000_0000_FFFF_FFFF
    }

    /// Decimal digits and a space; nil when they do not fit 64 bits (a damaged entry is no entry). Nineteen digits
    /// always fit; the digits from the twentieth on are checked for overflow.
    mutating func unsigned() -> UInt64? {
        let start = index
        var value: UInt64 = 0
        while index < buffer.count {
            let digit = buffer[index] &- 0x30
            guard digit < 10 else { break }
            if index - start < 19 {
                value = value &* 10 &+ UInt64(digit)
            } else {
                let (shifted, overflowed) = value.multipliedReportingOverflow(by: 10)
                let (sum, carried) = shifted.addingReportingOverflow(UInt64(digit))
                guard !overflowed, !carried else { return nil }
                value = sum
            }
            index += 1
        }
        return index > start && space() ? value : nil
    }

    mutating func decimal() -> Int? { unsigned().flatMap { Int(exactly: $0) } }

    /// A decimal number that ends its line.
    mutating func decimalLine() -> Int? {
        let start = index
        while index < buffer.count, (0x30...0x39).contains(buffer[index]) { index += 1 }
        guard index > start, index - start <= 18, index < buffer.count, buffer[index] == 0x0A else { return nil }
        defer { index += 1 }
        return Int(String(decoding: UnsafeBufferPointer(rebasing: buffer[start..<index]), as: UTF8.self))
    }

    /// An output record's line: hash, size, stamp, path. A path that could lead out of generated/ (absolute, or
    /// with an empty, `.` or `..` part) is no record: a build writes and links files by these paths. A stamp that
    /// is not settled (three zeros) is none.
    /// `keepingStamp`: false drops the stamp (one taken in another boot).
    mutating func record(keepingStamp: Bool = true) -> OutputRecord? {
        guard let hash = hex(), let size = decimal(), let inode = unsigned(), let modified = hex(),
              let changed = hex(), let path = insidePath() else { return nil }
        let stamp = FileStamp(inode: inode, size: size, modified: Int64(bitPattern: modified),
                              changed: Int64(bitPattern: changed))
        return OutputRecord(path: path, size: size, hash: ContentHash(value: hash),
                            stamp: keepingStamp && stamp.modified > 0 && stamp.changed > 0 ? stamp : nil)
    }

    /// The boot line (EntryText.addBootLine): whether its stamps were taken in this boot; nil when it is missing.
    mutating func bootLine() -> Bool? {
        guard word("boot"), let boot = rest() else { return nil }
        return BootSession.current.map { $0 == boot } ?? false
    }

    /// The rest of the line, as `rest()` reads it, when it is a relative path with no empty, `.` or `..` part;
    /// checked on the bytes (splitting 30,000 Strings made proving generated/ current 0.03 s slower).
    private mutating func insidePath() -> String? {
        guard let end = lineEnd() else { return nil }
        var partStart = index
        for position in index...end where position == end || buffer[position] == 0x2F {
            let length = position - partStart
            guard length > 2 || (length > 0 && buffer[partStart] != 0x2E)
                    || (length == 2 && buffer[partStart + 1] != 0x2E) else { return nil }
            partStart = position + 1
        }
        return rest()
    }

    /// Where the line break that ends the current line lies, found with memchr; nil when none follows.
    private func lineEnd() -> Int? {
        guard index < buffer.count,
              let found = memchr(buffer.baseAddress! + index, 0x0A, buffer.count - index) else { return nil }
        return index + (UnsafeRawPointer(found) - UnsafeRawPointer(buffer.baseAddress! + index))
    }

    /// The checksum line that ends what began at `start`, when it is the checksum of those bytes under `seed` (a
    /// cache file appended to by blocks: the decoded store, the group jobs).
    mutating func checksumLine(of start: Int, seed: UInt64) -> UInt64? {
        let end = index
        guard word("end"), let checksum = hexLine(),
              ContentHash(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: buffer[start..<end])), seed: seed).value
                == checksum
        else { return nil }
        return checksum
    }

    /// Sixteen lowercase hex digits that end the line.
    mutating func hexLine() -> UInt64? {
        guard let value = sixteenHexDigits(), index < buffer.count, buffer[index] == 0x0A else { return nil }
        index += 1
        return value
    }

    /// Bytes up to the next space, not empty, and the space.
    mutating func token() -> String? {
        let start = index
        while index < buffer.count, buffer[index] != 0x20, buffer[index] != 0x0A { index += 1 }
        guard index > start, space() else { return nil }
        return String(decoding: UnsafeBufferPointer(rebasing: buffer[start..<index - 1]), as: UTF8.self)
    }

    /// A literal word and the space after it.
    mutating func word(_ literal: String) -> Bool {
        for byte in literal.utf8 {
            guard index < buffer.count, buffer[index] == byte else { return false }
            index += 1
        }
        return space()
    }

    /// The rest of the line, not empty, and the line break after it.
    mutating func rest() -> String? {
        guard let end = lineEnd(), end > index else { return nil }
        defer { index = end + 1 }
        return String(decoding: UnsafeBufferPointer(rebasing: buffer[index..<end]), as: UTF8.self)
    }

    private mutating func space() -> Bool {
        guard index < buffer.count, buffer[index] == 0x20 else { return false }
        index += 1
        return true
    }
}
