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
