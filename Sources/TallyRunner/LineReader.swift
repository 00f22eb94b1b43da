import TallyCore

/// Lines of a file (LF or CRLF ends; a UTF-8 byte order mark skipped), one at a time with their numbers, for JSON
/// Lines.
final class LineReader: StreamedFile {
    let stream: ByteStream
    private var number = 0

    init(path: String, chunk: Int = 1 << 20) throws(ByteStream.Failure) {
        stream = try ByteStream(path: path, chunk: chunk)
    }

    /// The next line and its number (from 1), without its line end (nil text: the line is not valid UTF-8); nil at
    /// the end.
    func next() throws(ByteStream.Failure) -> (text: String?, number: Int)? {
        var bytes: [UInt8] = []
        var sawAnything = false
        var ended = false
        while !ended {
            let more = try stream.scan { chunk in
                sawAnything = true
                guard let newline = chunk.firstIndex(of: 0x0A) else {
                    bytes.append(contentsOf: chunk)
                    return chunk.count
                }
                bytes.append(contentsOf: chunk[..<newline])
                ended = true
                return newline + 1
            }
            if !more { break }
        }
        guard sawAnything else { return nil }
        number += 1
        if bytes.last == 0x0D { bytes.removeLast() }
        // A UTF-8 byte order mark before the first line is not part of it.
        if number == 1 && bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        // Replaced by U+FFFD, two different bytes would read as one value: the line is refused instead.
        guard UTF8Check.firstInvalidOffset(in: bytes) == nil else { return (nil, number) }
        return (String(decoding: bytes, as: UTF8.self), number)
    }
}
