import Foundation
import Testing
@testable import TallyCore

/// Every input the fuzzer kept (Fuzz/corpus, grown by scripts/fuzz) runs through load, decode, validate and emit
/// again on each test run, so a crash it once found, or a path it reached, stays covered.
@Suite struct FuzzCorpusTests {
    @Test func everyCorpusInputRunsWithoutCrashing() throws {
        let folder = TestFiles.packageRoot.appendingPathComponent("Fuzz/corpus")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        #expect(names.count > 100)
        var diagnostics = 0
        for name in names {
            let data = try Data(contentsOf: folder.appendingPathComponent(name))
            diagnostics += FuzzEntry.run([UInt8](data))
        }
        #expect(diagnostics > 0)
    }
}
