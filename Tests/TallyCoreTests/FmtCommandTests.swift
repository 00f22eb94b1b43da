import Foundation
import Testing

/// `tally fmt` as CI and people run it: --check, streams, exit status, files written whole or left alone.
@Suite struct FmtCommandTests {
    static let unformatted = """
        title: Hovers
        kind: ping
        type: frontend_event
        definition: d.
        rationale: r.
        source: {table: event_logs}
        events: [InsightHover]
        measure: {grain: week, aggregate: count}
        added: 3.25

        """
    static let formatted = """
        kind: ping
        title: Hovers
        type: frontend_event
        definition: d.
        rationale: r.
        source: {table: event_logs}
        events: [InsightHover]
        measure: {aggregate: count, grain: week}
        added: "3.25"

        """

    static func text(_ root: URL, _ path: String) throws -> String {
        try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)
    }

    @Test func checkNamesTheFilesThenFmtFixesThem() throws {
        let path = "definitions/corpus/hovers.yaml"
        let root = try CLITests.project(adding: [path: Self.unformatted])
        defer { try? FileManager.default.removeItem(at: root) }
        let check = try CLITests.run(["fmt", "--check", "--project", root.path])
        #expect(check.status == 1)
        #expect(check.stdout == "\(path)\n")
        #expect(check.stderr.hasPrefix("tally fmt: would reformat 1 of "))
        #expect(check.stderr.hasSuffix("; run `tally fmt`\n"))
        #expect(try Self.text(root, path) == Self.unformatted)

        let fmt = try CLITests.run(["fmt", "--project", root.path])
        #expect(fmt.status == 0, "\(fmt.stderr)")
        #expect(fmt.stdout == "\(path)\n")
        #expect(try Self.text(root, path) == Self.formatted)
        let again = try CLITests.run(["fmt", "--check", "--project", root.path])
        #expect(again.status == 0 && again.stdout.isEmpty, "\(again.stdout)")
        #expect(try CLITests.run(["build", "--project", root.path]).status == 0)
        #expect(try CLITests.run(["check", "--project", root.path]).status == 0)
    }

    @Test func aFileWithErrorsIsReportedAndLeftAsWritten() throws {
        let broken = "kind: ping\ntitle: a\n  title: b\n"
        let root = try CLITests.project(adding: ["definitions/corpus/broken.yaml": broken,
                                                 "definitions/corpus/hovers.yaml": Self.unformatted])
        defer { try? FileManager.default.removeItem(at: root) }
        let run = try CLITests.run(["fmt", "--project", root.path])
        #expect(run.status == 1)
        #expect(run.stdout == "definitions/corpus/hovers.yaml\n")
        #expect(run.stderr.contains("definitions/corpus/broken.yaml:3:"))
        #expect(run.stderr.contains("definitions/corpus/broken.yaml: left as written: fix its YAML first\n"))
        #expect(run.stderr.hasSuffix("; 1 left as written with errors\n"))
        #expect(try Self.text(root, "definitions/corpus/broken.yaml") == broken)
        #expect(try Self.text(root, "definitions/corpus/hovers.yaml") == Self.formatted)
    }

    @Test func namedFilesOnlyAndOnlyDefinitions() throws {
        let root = try CLITests.project(adding: ["definitions/corpus/hovers.yaml": Self.unformatted,
                                                 "definitions/corpus/other.yaml": Self.unformatted])
        defer { try? FileManager.default.removeItem(at: root) }
        let run = try CLITests.run(["fmt", "definitions/corpus/hovers.yaml"], in: root)
        #expect(run.status == 0 && run.stdout == "definitions/corpus/hovers.yaml\n", "\(run.stderr)")
        #expect(run.stderr == "tally fmt: reformatted 1 of 1 file\n")
        #expect(try Self.text(root, "definitions/corpus/other.yaml") == Self.unformatted)
        let source = try CLITests.run(["fmt", "definitions/sources/event_logs.yaml"], in: root)
        #expect(source.status == 64)
        #expect(source.stderr.contains("is not a definition file"))
        // Any other YAML, in the project or outside it, is left exactly as it is (a hook may pass every changed file).
        let deployment = "version: 1.10\nkind: Deployment\nname: web\n"
        try FileManager.default.createDirectory(at: root.appendingPathComponent("deploy"), withIntermediateDirectories: true)
        try deployment.write(to: root.appendingPathComponent("deploy/app.yaml"), atomically: false, encoding: .utf8)
        let settings = try Self.text(root, "tally.yaml")
        for other in ["deploy/app.yaml", "tally.yaml", root.appendingPathComponent("deploy/app.yaml").path] {
            let refused = try CLITests.run(["fmt", other], in: root)
            #expect(refused.status == 64, "\(other)")
            #expect(refused.stderr.hasPrefix("Error: \(other) is not a definition file of this project"), "\(refused.stderr)")
        }
        #expect(try Self.text(root, "deploy/app.yaml") == deployment)
        #expect(try Self.text(root, "tally.yaml") == settings)
        // A mistyped name is said to be no file; a file named twice counts once (found by a new-user trial).
        let missing = try CLITests.run(["fmt", "nosuch.yaml"], in: root)
        #expect(missing.status == 64)
        #expect(missing.stderr.hasPrefix("Error: nosuch.yaml: no such file;"), "\(missing.stderr)")
        let twice = try CLITests.run(["fmt", "--check", "definitions/corpus/other.yaml", "./definitions/corpus/other.yaml"],
                                     in: root)
        #expect(twice.status == 1 && twice.stdout == "definitions/corpus/other.yaml\n", "\(twice.stdout)")
        #expect(twice.stderr == "tally fmt: would reformat 1 of 1 file; run `tally fmt`\n", "\(twice.stderr)")
    }

    /// A symbolic link is not replaced by a plain file; a missing file is an error, not a crash.
    @Test func linksAndMissingFilesAreLeftAlone() throws {
        let root = try CLITests.project(adding: ["definitions/corpus/hovers.yaml": Self.unformatted])
        defer { try? FileManager.default.removeItem(at: root) }
        try FileManager.default.createSymbolicLink(atPath: root.appendingPathComponent("definitions/corpus/link.yaml").path,
                                                   withDestinationPath: "hovers.yaml")
        let run = try CLITests.run(["fmt", "definitions/corpus/link.yaml", "definitions/corpus/gone.yaml"], in: root)
        #expect(run.status == 1)
        #expect(run.stderr.contains("definitions/corpus/link.yaml: error: left as written: it is a symbolic link; name the file it points to\n"))
        #expect(run.stderr.contains("definitions/corpus/gone.yaml: error: left as written: no such file\n"))
        let link = try FileManager.default.destinationOfSymbolicLink(atPath: root.appendingPathComponent("definitions/corpus/link.yaml").path)
        #expect(link == "hovers.yaml")
        #expect(try Self.text(root, "definitions/corpus/hovers.yaml") == Self.unformatted)
    }

    /// The file keeps its permissions and is replaced, not rewritten in place: no staging file is left.
    @Test func theFileIsReplacedWithItsPermissions() throws {
        let path = "definitions/corpus/hovers.yaml"
        let root = try CLITests.project(adding: [path: Self.unformatted])
        defer { try? FileManager.default.removeItem(at: root) }
        let file = root.appendingPathComponent(path).path
        try FileManager.default.setAttributes([.posixPermissions: 0o640], ofItemAtPath: file)
        #expect(try CLITests.run(["fmt", "--project", root.path]).status == 0)
        let permissions = try FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as? Int
        #expect(permissions == 0o640)
        #expect(try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("definitions/corpus").path)
            .filter { $0.hasPrefix(".") }.isEmpty)
    }

    /// Formatting changes no view, doc or fixture: each reference project, formatted, still matches its committed
    /// generated/ byte for byte.
    @Test(arguments: ReferenceProjectTests.names)
    func formattedReferenceProjectsGenerateTheSameFiles(name: String) throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("tally-fmt-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        try FileManager.default.copyItem(at: TestFiles.referenceProject(name), to: root)
        let fmt = try CLITests.run(["fmt", "--project", root.path])
        #expect(fmt.status == 0, "\(fmt.stderr)")
        let check = try CLITests.run(["check", "--no-cache", "--project", root.path])
        #expect(check.status == 0, "\(check.stderr)")
        #expect(try CLITests.run(["fmt", "--check", "--project", root.path]).status == 0)
    }
}
