/// A cache file's lines, made a chunk at a time, and the hash of what was handed over.
///
/// The bytes are laid straight into a buffer made once (grown only for a line longer than its room), each line's
/// room asked for once: appended to an array a field at a time (each append checking for room and uniqueness), the
/// 300,000 numbers and 250,000 names of a one-edit build's two cache files at 10,000 definitions cost about 150
/// million instructions, 6% of the build, at its end on both cores.
struct EntryText {
    /// `buffer[..<count]` is made and not yet handed over; the rest is room.
    private var buffer = [UInt8](repeating: 0, count: Self.chunk + 4096)
    private var count = 0
    private var hasher = ContentHasher()

    /// How much is handed over at a time.
    private static let chunk = 1 << 16

    var checksum: ContentHash { hasher.finish() }

    /// Lays at most `room` bytes at the end, with `lay`, which is given where to start and returns how many it laid.
    private mutating func lay(room: Int, _ lay: (UnsafeMutablePointer<UInt8>) -> Int) {
        if count + room > buffer.count { buffer += repeatElement(0, count: count + room - buffer.count) }
        let start = count
        count = start + buffer.withUnsafeMutableBufferPointer { lay($0.baseAddress! + start) }
    }

    mutating func add(_ text: String) {
        lay(room: text.utf8.count) { Self.lay(text, at: $0) }
    }

    mutating func add(_ bytes: [UInt8]) {
        guard !bytes.isEmpty else { return }
        lay(room: bytes.count) { at in
            bytes.withUnsafeBufferPointer { at.update(from: $0.baseAddress!, count: $0.count) }
            return bytes.count
        }
    }

    /// Sixteen lowercase hex digits and a space.
    mutating func add(hex value: UInt64) {
        lay(room: 17) { Self.lay(hex: value, at: $0) }
    }

    /// Sixteen lowercase hex digits that end a line.
    mutating func add(hexLine value: UInt64) {
        lay(room: 17) { at in
            let laid = Self.lay(hex: value, at: at)
            at[laid - 1] = 0x0A
            return laid
        }
    }

    /// A decimal number and a space.
    mutating func add(decimal value: Int) {
        guard value >= 0 else {
            add(String(value) + " ")
            return
        }
        add(unsigned: UInt64(value))
    }

    mutating func add(unsigned value: UInt64) {
        lay(room: 21) { Self.lay(unsigned: value, at: $0) }
    }

    /// The line naming the boot the stamps below were taken in (BootSession), `-` where it cannot be told.
    mutating func addBootLine() { add("boot \(BootSession.current ?? "-")\n") }

    /// An output record's line: hash, size, stamp (inode in decimal, then mtime and ctime as 16 hex digits each,
    /// two's complement; all three zero for none), path. The times are hex: nanoseconds since 1970 are 19 decimal
    /// digits, which cost three times as much to write and to read back.
    mutating func add(_ record: OutputRecord) {
        let stamp = record.stamp.flatMap { $0.modified > 0 && $0.changed > 0 ? $0 : nil }
        lay(room: 17 + 2 * 21 + 2 * 17 + record.path.utf8.count + 1) { start in
            var at = start
            at += Self.lay(hex: record.hash.value, at: at)
            at += Self.lay(signed: Int64(record.size), at: at)
            at += Self.lay(unsigned: stamp?.inode ?? 0, at: at)
            at += Self.lay(hex: UInt64(bitPattern: stamp?.modified ?? 0), at: at)
            at += Self.lay(hex: UInt64(bitPattern: stamp?.changed ?? 0), at: at)
            at += Self.lay(record.path, at: at)
            at.pointee = 0x0A
            return at + 1 - start
        }
    }

    /// A piece's line in the group jobs: hash, offset, length, view id, path.
    mutating func add(_ piece: PieceRecord) {
        lay(room: 17 + 2 * 21 + piece.viewID.utf8.count + 1 + piece.path.utf8.count + 1) { start in
            var at = start
            at += Self.lay(hex: piece.hash.value, at: at)
            at += Self.lay(signed: Int64(piece.offset), at: at)
            at += Self.lay(signed: Int64(piece.length), at: at)
            at += Self.lay(piece.viewID, at: at)
            at.pointee = 0x20
            at += 1
            at += Self.lay(piece.path, at: at)
            at.pointee = 0x0A
            return at + 1 - start
        }
    }

    /// Hands the text made so far to `feed` once it is a chunk's worth, or, with `all`, whatever there is.
    mutating func handOver(to feed: (UnsafeRawBufferPointer) -> Void, all: Bool = false) {
        guard count >= Self.chunk || (all && count > 0) else { return }
        let made = count
        buffer.withUnsafeBytes { whole in
            let bytes = UnsafeRawBufferPointer(rebasing: whole[..<made])
            hasher.update(bytes)
            feed(bytes)
        }
        count = 0
    }

    /// Hands over what is made, then `bytes` as they lie, not copied: a block of another file kept as it was.
    mutating func handOver(block bytes: UnsafeRawBufferPointer, to feed: (UnsafeRawBufferPointer) -> Void) {
        handOver(to: feed, all: true)
        guard !bytes.isEmpty else { return }
        hasher.update(bytes)
        feed(bytes)
    }

    private static func lay(_ text: String, at: UnsafeMutablePointer<UInt8>) -> Int {
        if let laid = text.utf8.withContiguousStorageIfAvailable({ bytes in
            if !bytes.isEmpty { at.update(from: bytes.baseAddress!, count: bytes.count) }
            return bytes.count
        }) {
            return laid
        }
        var laid = 0
        for byte in text.utf8 {
            at[laid] = byte
            laid += 1
        }
        return laid
    }

    private static func lay(hex value: UInt64, at: UnsafeMutablePointer<UInt8>) -> Int {
        for index in 0..<16 {
            let digit = UInt8(truncatingIfNeeded: value >> UInt64(60 - 4 * index)) & 0xF
            at[index] = digit < 10 ? 0x30 &+ digit : 0x57 &+ digit
        }
        at[16] = 0x20
        return 17
    }

    /// Digits and a space, at most 21 bytes: laid from the end of the room, two at a time, then moved to its start.
    private static func lay(unsigned value: UInt64, at: UnsafeMutablePointer<UInt8>) -> Int {
        var first = 20
        var rest = value
        while rest >= 100 {
            let pair = UInt8(truncatingIfNeeded: rest % 100)
            rest /= 100
            first -= 2
            at[first] = 0x30 &+ pair / 10
            at[first + 1] = 0x30 &+ pair % 10
        }
        if rest >= 10 {
            let pair = UInt8(truncatingIfNeeded: rest)
            first -= 2
            at[first] = 0x30 &+ pair / 10
            at[first + 1] = 0x30 &+ pair % 10
        } else {
            first -= 1
            at[first] = 0x30 &+ UInt8(truncatingIfNeeded: rest)
        }
        let digits = 20 - first
        at.update(from: at + first, count: digits)
        at[digits] = 0x20
        return digits + 1
    }

    /// A number as `add(decimal:)` writes it; a negative one (which no size, offset or length is) with its
    /// minus sign.
    private static func lay(signed value: Int64, at: UnsafeMutablePointer<UInt8>) -> Int {
        guard value < 0 else { return lay(unsigned: UInt64(value), at: at) }
        at.pointee = 0x2D
        return 1 + lay(unsigned: value.magnitude, at: at + 1)
    }
}
