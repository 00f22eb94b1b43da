import Foundation
@testable import TallyCore

/// Files of the test tree, found next to this source file so tests run from any working directory.
enum TestFiles {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    static let corpus = folder.appendingPathComponent("Corpus")
    static let repositoryRoot = folder.deletingLastPathComponent().deletingLastPathComponent()
    /// Test projects, each with its committed generated/ (ReferenceProjectTests).
    static let referenceProjects = folder.appendingPathComponent("ReferenceProjects")
    static func referenceProject(_ name: String) -> URL { referenceProjects.appendingPathComponent(name) }
    /// The Code Insights pings page of the seeds (../shared/seeds/003_f2796fc261709139.txt), kept with the tests so
    /// that a clone alone runs them; ProjectDefinitionsTests checks the copy against the seeds when they are there.
    static let seedPingsPage = folder.appendingPathComponent("Fixtures/seeds/code_insights_pings.md")
    static let sharedSeedPingsPage = repositoryRoot.deletingLastPathComponent()
        .appendingPathComponent("shared/seeds/003_f2796fc261709139.txt")

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
