/// Lines of a file (LF or CRLF ends), one at a time with their numbers, for JSON Lines.
final class LineReader: StreamedFile {
    let stream: ByteStream
    private var number = 0
    private var bytes: [UInt8] = []

    init(path: String) throws(ByteStream.Failure) {
        stream = try ByteStream(path: path)
    }

    /// The next line and its number (from 1), without its line end; nil at the end.
    func next() throws(ByteStream.Failure) -> (text: String, number: Int)? {
        bytes.removeAll(keepingCapacity: true)
        var sawAnything = false
        while let byte = try stream.next() {
            sawAnything = true
            if byte == 0x0A { break }
            bytes.append(byte)
        }
        guard sawAnything else { return nil }
        number += 1
        if bytes.last == 0x0D { bytes.removeLast() }
        return (String(decoding: bytes, as: UTF8.self), number)
    }
}
