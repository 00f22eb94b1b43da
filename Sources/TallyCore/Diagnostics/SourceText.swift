/// The bytes of one file with its line starts, so that a byte offset (from libyaml's reader or our own UTF-8
/// check) becomes a line:column, and a diagnostic can print the line it points at.
///
/// A project file whose stamp shows it as the last run read it is not read at all (InputStamps): its text is
/// `unread`, its size and hash known, and its bytes read the first time they are asked for (to decode it again,
/// or to show a line of it). A one-edit build asks for none of them.
public struct SourceText: Sendable {
    public let path: String
    private let content: Content
    /// How many bytes the text has, known without reading an unread one: as its stamp vouched, which the bytes
    /// read later match unless the file changed meanwhile (then nothing of the run is cached: DeferredRead).
    public let count: Int
    /// Where each line starts, found the first time they are asked for: only a file with a problem to show needs
    /// them, and finding them in every file as it was read was a hundredth of a check.
    private let lineIndex = Locked<[Int]?>(nil)
    /// The path as spans name it, numbered when the text is made: loading a file makes thousands of spans of it.
    let spanFile: SpanFiles.Number

    private enum Content: Sendable {
        /// Bytes read, with their hash where the reader made it already.
        case read([UInt8], hash: ContentHash?)
        case unread(DeferredRead)
    }

    public init(path: String, bytes: [UInt8]) {
        self.init(path: path, bytes: bytes, spanFile: SpanFiles.number(of: path))
    }

    /// A text whose path the caller numbered, with others at once (`SpanFiles.numbers`); `hash`: the bytes' hash,
    /// where the caller made it.
    init(path: String, bytes: [UInt8], spanFile: SpanFiles.Number, hash: ContentHash? = nil) {
        self.path = path
        content = .read(bytes, hash: hash)
        count = bytes.count
        self.spanFile = spanFile
    }

    /// A file not read yet, as its stamp vouches for it.
    init(path: String, unread file: DeferredRead, spanFile: SpanFiles.Number) {
        self.path = path
        content = .unread(file)
        count = file.record.size
        self.spanFile = spanFile
    }

    public var bytes: [UInt8] {
        switch content {
        case .read(let bytes, _): bytes
        case .unread(let file): file.bytes
        }
    }

    /// The bytes' content hash: an unread file's as recorded when it was last read.
    var contentHash: ContentHash {
        switch content {
        case .read(let bytes, let hash): hash ?? ContentHash(bytes)
        case .unread(let file): file.record.hash
        }
    }

    /// Whether the bytes were taken on the stamp's word and are not read yet.
    var isUnread: Bool {
        if case .unread(let file) = content { !file.isRead } else { false }
    }

    private var lineStarts: [Int] {
        lineIndex.withLock { index in
            if let known = index { return known }
            let starts = Self.lineStarts(of: bytes)
            index = starts
            return starts
        }
    }

    private static func lineStarts(of bytes: [UInt8]) -> [Int] {
        var starts = [0]
        var index = 0
        while index < bytes.count {
            // \r\n and a lone \r end a line too, as libyaml counts them.
            if bytes[index] == 0x0A {
                starts.append(index + 1)
            } else if bytes[index] == 0x0D {
                if index + 1 < bytes.count, bytes[index + 1] == 0x0A { index += 1 }
                starts.append(index + 1)
            }
            index += 1
        }
        return starts
    }

    public var lineCount: Int { lineStarts.count }

    private var hasByteOrderMark: Bool { bytes.starts(with: [0xEF, 0xBB, 0xBF]) }

    /// The position of a byte offset; the column counts the scalars before it on its line.
    public func position(ofByte offset: Int) -> SourcePosition {
        let lineStarts = lineStarts
        let bytes = bytes
        let clamped = min(max(offset, 0), bytes.count)
        var low = 0
        var high = lineStarts.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if lineStarts[middle] <= clamped { low = middle } else { high = middle - 1 }
        }
        var column = 1
        var index = lineStarts[low]
        // libyaml consumes a byte-order mark before it counts columns; so do we.
        if low == 0, hasByteOrderMark, clamped >= 3 { index = 3 }
        while index < clamped {
            // Continuation bytes (10xxxxxx) do not start a scalar.
            if bytes[index] & 0xC0 != 0x80 { column += 1 }
            index += 1
        }
        return SourcePosition(line: low + 1, column: column)
    }

    /// The text of a 1-based line without its line break; invalid UTF-8 shows as U+FFFD.
    public func line(_ number: Int) -> String? {
        let lineStarts = lineStarts
        let bytes = bytes
        guard number >= 1, number <= lineStarts.count else { return nil }
        let start = number == 1 && hasByteOrderMark ? 3 : lineStarts[number - 1]
        var end = number < lineStarts.count ? lineStarts[number] : bytes.count
        while end > start, bytes[end - 1] == 0x0A || bytes[end - 1] == 0x0D { end -= 1 }
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }
}
