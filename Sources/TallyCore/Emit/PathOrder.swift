import Foundation

extension OutputRecord {
    /// The records' indices in the byte order of their paths: the order the entry keeps them in, which for the
    /// paths tally writes (ASCII) is the order `<` gives, so that a proof's sort of them (GeneratedTree.matches)
    /// finds them sorted (a path outside ASCII and not in NFC may sort otherwise: its proof then finds the records
    /// in another order and stores the entry again, which costs time, never a wrong answer). Sorting the records
    /// themselves moved 30,000 of them and compared them as Strings, 55 million instructions of a one-edit build's
    /// last 25 ms at 10,000 definitions.
    static func pathOrder(of records: [OutputRecord]) -> [Int] {
        ByteOrder.indices(count: records.count) { records[$0].path }
    }
}

/// Strings put in the order of their UTF-8 bytes: an order as fixed as `<`'s, for what only needs one (paths in a
/// record, a job's key), found with memcmp over one copy of every string's bytes instead of String comparison.
enum ByteOrder {
    /// The strings in byte order.
    static func sorted(_ strings: [String]) -> [String] {
        indices(count: strings.count) { strings[$0] }.map { strings[$0] }
    }

    /// The indices 0..<count in the byte order of `string(i)`, each asked for once.
    static func indices(count: Int, of string: (Int) -> String) -> [Int] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(count * 48)
        var spans: [(start: Int, count: Int)] = []
        spans.reserveCapacity(count)
        for index in 0..<count {
            var text = string(index)
            text.withUTF8 { utf8 in
                spans.append((bytes.count, utf8.count))
                bytes.append(contentsOf: utf8)
            }
        }
        var order = Array(0..<count)
        bytes.withUnsafeBufferPointer { bytes in
            spans.withUnsafeBufferPointer { spans in
                let base = bytes.baseAddress
                order.sort { left, right in
                    let (a, b) = (spans[left], spans[right])
                    let shared = min(a.count, b.count)
                    let compared = shared == 0 ? 0 : memcmp(base! + a.start, base! + b.start, shared)
                    return compared != 0 ? compared < 0 : a.count < b.count
                }
            }
        }
        return order
    }
}
