#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A file read a megabyte at a time: what the CSV and JSON Lines readers stream through, so a file of any size
/// loads in bounded memory.
final class ByteStream {
    private let file: UnsafeMutablePointer<FILE>
    private var buffer: [UInt8]
    private var count = 0
    private var position = 0
    /// Bytes handed out so far, for progress.
    private(set) var consumed = 0
    let path: String
    /// The file's size in bytes, for progress (0 when unknown).
    let size: Int

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    init(path: String, chunk: Int = 1 << 20) throws(Failure) {
        guard let file = fopen(path, "rb") else {
            throw Failure(description: "\(path): cannot read: \(String(cString: strerror(errno)))")
        }
        self.file = file
        self.path = path
        buffer = [UInt8](repeating: 0, count: chunk)
        var status = stat()
        size = stat(path, &status) == 0 ? Int(status.st_size) : 0
    }

    deinit { fclose(file) }

    /// The next byte without consuming it, or nil at the end of the file.
    func peek() throws(Failure) -> UInt8? {
        if position == count {
            guard try refill() else { return nil }
        }
        return buffer[position]
    }

    /// Hands `body` the unread bytes of the buffer (reading more when none are left) and consumes as many as it
    /// returns; false at the end of the file. Readers scan a chunk in a local loop: a call and an access check per
    /// byte cost more than the parsing.
    func scan(_ body: (UnsafeBufferPointer<UInt8>) -> Int) throws(Failure) -> Bool {
        if position == count {
            guard try refill() else { return false }
        }
        let used = buffer.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[position..<count])) }
        position += used
        consumed += used
        return true
    }

    /// Consumes one byte.
    func skip() throws(Failure) {
        _ = try scan { _ in 1 }
    }

    private func refill() throws(Failure) -> Bool {
        count = buffer.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, file) }
        position = 0
        if count == 0 && ferror(file) != 0 {
            throw Failure(description: "\(path): read failed: \(String(cString: strerror(errno)))")
        }
        return count > 0
    }
}
