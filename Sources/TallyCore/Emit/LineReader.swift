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

    private mutating func sixteenHexDigits() -> UInt64? {
        guard buffer.count - index >= 16 else { return nil }
        var value: UInt64 = 0
        for offset in 0..<16 {
            let byte = buffer[index &+ offset]
            let digit = byte &- 0x30
            let letter = byte &- 0x61
            guard digit < 10 || letter < 6 else { return nil }
            value = value << 4 | UInt64(digit < 10 ? digit : letter &+ 10)
        }
        index += 16
        return value
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
        let start = index
        guard start < buffer.count,
              let found = memchr(buffer.baseAddress! + start, 0x0A, buffer.count - start) else { return nil }
        let end = start + (UnsafeRawPointer(found) - UnsafeRawPointer(buffer.baseAddress! + start))
        var partStart = start
        for position in start...end where position == end || buffer[position] == 0x2F {
            let length = position - partStart
            guard length > 2 || (length > 0 && buffer[partStart] != 0x2E)
                    || (length == 2 && buffer[partStart + 1] != 0x2E) else { return nil }
            partStart = position + 1
        }
        index = end + 1
        return String(decoding: UnsafeBufferPointer(rebasing: buffer[start..<end]), as: UTF8.self)
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
        let start = index
        while index < buffer.count, buffer[index] != 0x0A { index += 1 }
        guard index > start, index < buffer.count else { return nil }
        defer { index += 1 }
        return String(decoding: UnsafeBufferPointer(rebasing: buffer[start..<index]), as: UTF8.self)
    }

    private mutating func space() -> Bool {
        guard index < buffer.count, buffer[index] == 0x20 else { return false }
        index += 1
        return true
    }
}
