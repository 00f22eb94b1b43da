import Foundation
import Testing
@testable import TallyCore

/// The cache files' lines as EntryText lays them and LineReader reads them back: every width of number, stamps at
/// their extremes, names that look like `.` or `..` but are not, and the order records are kept in.
@Suite struct CacheLineTests {
    @Test func everyWidthOfNumberAndEveryStampReadsBack() throws {
        let cache = OutputCacheTests.temporaryCache()
        defer { OutputCacheTests.remove(cache) }
        var powers: [UInt64] = [0, 1]
        var power: UInt64 = 1
        while power <= UInt64.max / 10 {
            power *= 10
            powers += [power - 1, power, power + 1]
        }
        powers.append(UInt64.max)
        var records: [OutputRecord] = []
        for (index, value) in powers.enumerated() {
            let size = Int(clamping: value)
            let times = [Int64(1), Int64(clamping: value) | 1, Int64.max]
            records.append(OutputRecord(path: "n/\(index).sql", size: size, hash: ContentHash(value: value),
                                        stamp: FileStamp(inode: value, size: size, modified: times[index % 3],
                                                         changed: times[(index + 1) % 3])))
        }
        // A stamp whose times are not after 1970 is not kept: the line says none, and none reads back.
        records.append(OutputRecord(path: "n/old.sql", size: 3, hash: ContentHash(value: 3),
                                    stamp: FileStamp(inode: 5, size: 3, modified: -1_000, changed: 7)))
        // Parts that start or end with a dot, or are two dots and more, are names like any other.
        for path in ["a/.x", "b./c.", "..a/b", "c/...", "d/.x./e"] {
            records.append(OutputRecord(path: path, size: 1, hash: ContentHash(value: 9)))
        }
        cache.store(CacheEntry(records: records), for: "k")
        let entry = try #require(cache.entry(for: "k"))
        var expected = records
        expected[powers.count].stamp = nil
        #expect(entry.records.sorted { $0.path < $1.path } == expected.sorted { $0.path < $1.path })

        // Past the checksum (resealed), a path with a `.`, `..` or empty part anywhere is no record, and so is an
        // inode one past 64 bits, where only the last digit's addition overflows.
        let text = try String(contentsOfFile: cache.file, encoding: .utf8)
        for path in ["n/0.sql/..", "n/.", "n/", "..", ".", "n/../0.sql", "/n/0.sql"] {
            try OutputCacheTests.resealed(text.replacingOccurrences(of: " n/0.sql\n", with: " \(path)\n"))
                .write(toFile: cache.file, atomically: false, encoding: .utf8)
            #expect(cache.entry(for: "k") == nil, "\(path)")
        }
        let maxInode = " \(UInt64.max) "
        #expect(text.contains(maxInode))
        try OutputCacheTests.resealed(text.replacingOccurrences(of: maxInode, with: " 18446744073709551616 "))
            .write(toFile: cache.file, atomically: false, encoding: .utf8)
        #expect(cache.entry(for: "k") == nil)
        try text.write(toFile: cache.file, atomically: false, encoding: .utf8)
        #expect(cache.entry(for: "k") != nil, "the entry as written reads back")
    }

    /// Hex is read eight digits at a time: every byte at every place of a hash is accepted exactly when it is a
    /// lowercase hex digit, and what is accepted reads as its value.
    @Test func hexReadsEveryDigitAndRefusesEveryOtherByte() {
        func read(_ bytes: [UInt8]) -> UInt64? {
            bytes.withUnsafeBufferPointer { buffer in
                var reader = LineReader(buffer: buffer, index: 0)
                return reader.hex()
            }
        }
        let digits = Array("0123456789abcdef".utf8)
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<200 {
            let value = UInt64.random(in: .min ... .max, using: &generator)
            let text = Array((String(repeating: "0", count: 16) + String(value, radix: 16)).utf8.suffix(16)) + [0x20]
            #expect(read(text) == value)
        }
        #expect(read(Array("ffffffffffffffff ".utf8)) == UInt64.max)
        #expect(read(Array("0000000000000000 ".utf8)) == 0)
        let base = Array("0123456789abcdef ".utf8)
        for place in 0..<16 {
            for byte in UInt8.min ... UInt8.max {
                var text = base
                text[place] = byte
                if let at = digits.firstIndex(of: byte) {
                    let shift = UInt64(60 - 4 * place)
                    let expected = 0x0123_4567_89AB_CDEF & ~(0xF << shift) | UInt64(at) << shift
                    #expect(read(text) == expected, "\(byte) at \(place)")
                } else {
                    #expect(read(text) == nil, "\(byte) at \(place)")
                }
            }
        }
        // Too short, or without the space after it, is no hash.
        #expect(read(Array("0123456789abcde".utf8)) == nil)
        #expect(read(Array("0123456789abcdef".utf8)) == nil)
    }

    @Test func recordsAreKeptInTheOrderTheirPathsSort() throws {
        let paths = ["sql/one/views.sql", "sql/one/group_0001/a.sql", "sql/one", "sql/one/", "sql/one0",
                     "docs/README.md", "docs/a b.md", "docs/a.md", "docs/a", "Docs/x", "z", "a",
                     "sql/one/group_0001/a.sql.bak", "sql/one/group_0001/a", "", "é/x", "e/x"]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<20 {
            let records = paths.shuffled(using: &generator).map { OutputRecord(path: $0, size: 0, hash: ContentHash(value: 0)) }
            #expect(OutputRecord.pathOrder(of: records).map { records[$0].path } == paths.sorted())
        }
        #expect(OutputRecord.pathOrder(of: []).isEmpty)
    }
}
