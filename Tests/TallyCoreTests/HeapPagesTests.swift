import Foundation
import Testing
@testable import TallyCore

/// The tally executable grows its heap ahead and advises the kernel to back it with huge pages (HeapPages).
@Suite struct HeapPagesTests {
    #if canImport(Glibc)
    /// `--timings` says the heap grew 96 MB ahead and how much of it carries the advice (the `hg` flag of its
    /// mappings in /proc/self/smaps): at least that much. Whether the kernel then finds free 2 MB pages depends on
    /// how fragmented its memory is, so the count of huge pages is shown, not asserted.
    @Test func aBuildRunsWithItsHeapAdvisedForHugePages() throws {
        let root = try BuildTests.project(count: 300)
        defer { try? FileManager.default.removeItem(at: root) }
        let build = try CLITests.run(["build", "--timings", "--project", root.path])
        #expect(build.status == 0, "\(build.stderr)")
        let line = try #require(build.stderr.split(separator: "\n").first { $0.contains("heap:") })
        guard FileManager.default.fileExists(atPath: "/sys/kernel/mm/transparent_hugepage/enabled") else {
            // A kernel built without transparent huge pages refuses the advice (EINVAL), and the line says so.
            #expect(line.contains("the kernel refused the advice"), "\(line)")
            return
        }
        #expect(line.contains("heap: grown 96 MB ahead and advised for huge pages"), "\(line)")
        let advised = line.components(separatedBy: ", ").first { $0.hasSuffix("MB of the heap so advised") }
        let megabytes = advised.flatMap { Int($0.split(separator: " ")[0]) }
        #expect((megabytes ?? 0) >= 96, "\(line)")
    }
    #endif
}
