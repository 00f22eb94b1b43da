import Foundation
import Testing
@testable import TallyCore

/// The tally executable grows its heap ahead and advises the kernel to back it with huge pages (HeapPages).
@Suite struct HeapPagesTests {
    #if os(Linux)
    /// `--timings` says the heap was advised; where the kernel gives huge pages at all (its setting is not
    /// "never"), a build of a few hundred definitions ends with some of its memory in them.
    @Test func aBuildRunsWithItsHeapInHugePages() throws {
        let root = try BuildTests.project(count: 300)
        defer { try? FileManager.default.removeItem(at: root) }
        let build = try CLITests.run(["build", "--timings", "--project", root.path])
        #expect(build.status == 0, "\(build.stderr)")
        let line = try #require(build.stderr.split(separator: "\n").first { $0.contains("heap:") })
        #expect(line.contains("heap: grown 96 MB ahead and advised for huge pages"), "\(line)")
        let setting = (try? String(contentsOfFile: "/sys/kernel/mm/transparent_hugepage/enabled", encoding: .utf8)) ?? ""
        if setting.contains("[always]") || setting.contains("[madvise]") {
            let megabytes = line.split(separator: ", ").last?.split(separator: " ").first.flatMap { Int($0) }
            #expect((megabytes ?? 0) > 0, "\(line)")
        }
    }
    #endif
}
