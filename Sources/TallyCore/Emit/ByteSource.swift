/// Bytes read a range at a time: a file on disk, a generated file's parts, or bytes in memory. What LineDiff
/// reads, so that a drift diff of a 15 MB views.sql holds neither text whole.
protocol ByteSource {
    var count: Int { get }
    /// nil when they cannot be read.
    func bytes(in range: Range<Int>) -> [UInt8]?
}

extension Array: ByteSource where Element == UInt8 {
    func bytes(in range: Range<Int>) -> [UInt8]? { Array(self[range]) }
}

/// A file on disk, read a range at a time.
struct FileBytes: ByteSource {
    let path: String
    let count: Int

    func bytes(in range: Range<Int>) -> [UInt8]? { Disk.readRange(path, range) }
}

/// A generated file's text in its parts, as if laid end to end.
struct PartBytes: ByteSource {
    let parts: [GeneratedFile.Part]
    /// Where each part starts.
    private let starts: [Int]
    let count: Int

    init(_ parts: [GeneratedFile.Part]) {
        self.parts = parts
        var starts: [Int] = []
        var offset = 0
        for part in parts {
            starts.append(offset)
            offset += part.count
        }
        self.starts = starts
        count = offset
    }

    func bytes(in range: Range<Int>) -> [UInt8]? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(range.count)
        // The last part starting at or before the range's start.
        var low = 0
        var high = starts.count
        while high - low > 1 {
            let middle = (low + high) / 2
            if starts[middle] <= range.lowerBound { low = middle } else { high = middle }
        }
        var index = low
        while bytes.count < range.count, index < parts.count {
            let start = starts[index]
            let part = parts[index]
            let from = max(range.lowerBound, start) - start
            let to = min(range.upperBound, start + part.count) - start
            if from < to {
                // Of a stretch of the last version, only the range's bytes are read (the stretch may be megabytes).
                if case .laid(let version, let stretch) = part {
                    let first = stretch.lowerBound
                    guard let read = version.bytes(in: first + from..<first + to) else { return nil }
                    bytes += read
                } else {
                    part.withBytes { bytes += UnsafeRawBufferPointer(rebasing: $0[from..<to]) }
                }
            }
            index += 1
        }
        return bytes
    }
}
