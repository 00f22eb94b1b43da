import Foundation
@testable import TallyCore

/// Files of the test tree, found next to this source file so tests run from any working directory.
enum TestFiles {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    static let corpus = folder.appendingPathComponent("Corpus")
    /// The package's root, for its tools (scripts/, Fuzz/corpus) only. The tests never read the project's own
    /// tally.yaml, definitions/ or generated/: they use their own projects, so that adding a definition to the
    /// project cannot fail them (`tally check` and the generated fixtures cover the project's definitions).
    static let packageRoot = folder.deletingLastPathComponent().deletingLastPathComponent()
    /// Test projects, each with its committed generated/ (ReferenceProjectTests): code_insights (a frozen copy of
    /// the seeds' Code Insights pings as translated), sql_edge_cases and features.
    static let referenceProjects = folder.appendingPathComponent("ReferenceProjects")
    static func referenceProject(_ name: String) -> URL { referenceProjects.appendingPathComponent(name) }
    /// The Code Insights pings page of the seeds (../shared/seeds/003_f2796fc261709139.txt), kept with the tests so
    /// that a clone alone runs them; SeedsPageTests checks the copy against the seeds when they are there.
    static let seedPingsPage = folder.appendingPathComponent("Fixtures/seeds/code_insights_pings.md")
    static let sharedSeedPingsPage = packageRoot.deletingLastPathComponent()
        .appendingPathComponent("shared/seeds/003_f2796fc261709139.txt")
    /// The Cody metrics page of the seeds (../shared/seeds/000_4c8dc4645525c2ff.txt), kept the same way: it starts
    /// at a `##` heading and heads each metric by a bold line.
    static let seedCodyPage = folder.appendingPathComponent("Fixtures/seeds/cody_metrics.md")
    static let sharedSeedCodyPage = packageRoot.deletingLastPathComponent()
        .appendingPathComponent("shared/seeds/000_4c8dc4645525c2ff.txt")

    /// Every file below a folder, by path relative to it.
    static func tree(at root: URL) -> [String: [UInt8]] {
        var files: [String: [UInt8]] = [:]
        let enumerator = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey])
        let base = root.standardizedFileURL.path + "/"
        while let url = enumerator?.nextObject() as? URL {
            guard (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true,
                  let data = FileManager.default.contents(atPath: url.path) else { continue }
            files[String(url.standardizedFileURL.path.dropFirst(base.count))] = [UInt8](data)
        }
        return files
    }

    /// Set TALLY_UPDATE_EXPECTED=1 to rewrite the expected files (the corpus's .expected files and the reference
    /// projects' generated/) after a deliberate change; the run still fails so an update is never mistaken for a
    /// pass.
    static var updating: Bool { ProcessInfo.processInfo.environment["TALLY_UPDATE_EXPECTED"] == "1" }
}

/// Runs the pipeline on in-memory files and renders what a person would see.
func checkRendered(_ files: [String: [UInt8]], loader: YAMLLoader = YAMLLoader()) -> (CheckResult, String) {
    let result = Compiler.check(ProjectFiles.fromMemory(files), loader: loader)
    let text = DiagnosticRenderer(format: .human, sources: result.texts).render(result.diagnostics.sorted())
    return (result, text)
}

/// SplitMix64: random numbers that repeat from a seed, so that a randomized test's failure can be replayed.
struct SeededGenerator: RandomNumberGenerator {
    /// A text of `lengths` scalars, each drawn from `alphabet`.
    mutating func text(of alphabet: [Unicode.Scalar], lengths: ClosedRange<Int>) -> String {
        var text = ""
        for _ in 0..<Int.random(in: lengths, using: &self) {
            text.unicodeScalars.append(alphabet.randomElement(using: &self)!)
        }
        return text
    }

    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var value = state
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        return value ^ (value >> 31)
    }
}
