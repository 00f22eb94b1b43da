import Foundation
import Testing
@testable import TallyCore

/// What dbt writes when run in generated/dbt/ (target/, logs/, dbt_packages/) is not tally's: a build keeps it,
/// whether it renames a few files into place or swaps in a whole new tree, and a check does not call it left over.
@Suite struct ToolArtifactsTests {
    static let files = ["dbt/dbt_project.yml": "name: x\n", "sql/a.sql": "a\n", "docs/b.md": "b\n"]
    static let artifacts = ["dbt/target/manifest.json": "{}\n", "dbt/logs/dbt.log": "log\n",
                            "dbt/dbt_packages/p/x.sql": "p\n"]

    static func put(_ artifacts: [String: String], under generated: URL) throws {
        for (path, text) in artifacts {
            let url = generated.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: false, encoding: .utf8)
        }
    }

    /// Those of the paths that are there, with their text.
    static func read(_ artifacts: [String: String], under generated: URL) -> [String: String] {
        Dictionary(uniqueKeysWithValues: artifacts.keys.compactMap { path in
            (try? String(contentsOf: generated.appendingPathComponent(path), encoding: .utf8)).map { (path, $0) }
        })
    }

    @Test(arguments: [0, OutputWriter.defaultInPlaceLimit])
    func aBuildKeepsThemAndDoesNotCountThem(inPlaceLimit: Int) throws {
        let root = try OutputWriterFallbackTests.folder()
        defer { try? FileManager.default.removeItem(at: root) }
        let generated = root.appendingPathComponent("generated")
        let writer = OutputWriterFallbackTests.writer(generated, inPlaceLimit: inPlaceLimit)
        _ = try writer.write(OutputWriterFallbackTests.files(Self.files))
        try Self.put(Self.artifacts, under: generated)
        #expect(writer.current() == OutputWriterFallbackTests.onDisk(Self.files), "not listed as tally's")
        // A file changes and one goes: renamed in place under the default limit, a whole new tree swapped in at 0.
        var next = Self.files
        next["sql/a.sql"] = "changed\n"
        next["docs/b.md"] = nil
        #expect(try writer.write(OutputWriterFallbackTests.files(next)) == .written(changed: 1, removed: 1))
        #expect(Self.read(Self.artifacts, under: generated) == Self.artifacts)
        #expect(writer.current() == OutputWriterFallbackTests.onDisk(next))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: root.path)
        #expect(leftovers == ["generated"], "no work folder is left")
    }

    @Test func aCheckDoesNotReportThem() throws {
        let project = try TestAndShowCommandTests.copy("features")
        defer { try? FileManager.default.removeItem(at: project) }
        try Self.put(Self.artifacts, under: project.appendingPathComponent("generated"))
        let check = try CLITests.run(["check", "--project", project.path],
                                     environment: ["TALLY_CACHE_DIR": project.appendingPathComponent(".cache").path])
        #expect(check.status == 0, "\(check.stderr)")
        #expect(!check.stderr.contains("left over"), "\(check.stderr)")
        let ignore = try String(contentsOf: project.appendingPathComponent("generated/dbt/.gitignore"), encoding: .utf8)
        #expect(ignore.hasSuffix("\n/dbt_packages/\n/logs/\n/target/\n"))
    }
}
