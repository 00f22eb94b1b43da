import Foundation
import Testing
import TallyCore

/// The tally executable as users and CI run it: exit codes, streams, formats.
@Suite struct CLITests {
    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static var executable: URL {
        let testBinary = URL(fileURLWithPath: CommandLine.arguments[0])
        var folder = testBinary.deletingLastPathComponent()
        // The test binary lives in .../debug/tallyPackageTests.xctest on Linux, inside a bundle on macOS.
        while !FileManager.default.fileExists(atPath: folder.appendingPathComponent("tally").path),
              folder.path != "/" {
            folder = folder.deletingLastPathComponent()
        }
        return folder.appendingPathComponent("tally")
    }

    /// Where the tally processes of the tests keep their output cache: not ~/.cache, and not a new folder of the
    /// system's temporary one per run (never removed, they added up there): one folder beside the tally binary,
    /// emptied when a run first asks for it.
    static let cacheFolder: URL = {
        let folder = executable.deletingLastPathComponent().appendingPathComponent("tally-test-cache")
        try? FileManager.default.removeItem(at: folder)
        return folder
    }()

    static func run(_ arguments: [String], in directory: URL? = nil, environment: [String: String] = [:]) throws -> Run {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment
            .merging(["TALLY_CACHE_DIR": cacheFolder.path].merging(environment) { _, new in new }) { _, new in new }
        if let directory { process.currentDirectoryURL = directory }
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // stderr is read on its own thread: a command that fills one pipe while the test waits on the other would
        // wait forever (an import of 76 definitions writes more warnings than a pipe holds).
        let errorReader = ErrorReader(err.fileHandleForReading)
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = errorReader.wait()
        process.waitUntilExit()
        return Run(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                   stderr: String(decoding: stderr, as: UTF8.self))
    }

    /// Reads a pipe to its end on a thread of its own.
    final class ErrorReader: @unchecked Sendable {
        private var data = Data()
        private let done = DispatchSemaphore(value: 0)

        init(_ handle: FileHandle) {
            Thread.detachNewThread { [self] in
                data = handle.readDataToEndOfFile()
                done.signal()
            }
        }

        func wait() -> Data {
            done.wait()
            return data
        }
    }

    /// The corpus base project plus some files, in a temporary folder.
    static func project(adding files: [String: String] = [:]) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tally-cli-\(UUID().uuidString)")
        var all = CorpusTests.base
        for (path, text) in files { all[path] = Array(text.utf8) }
        for (path, bytes) in all {
            let url = folder.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(bytes).write(to: url)
        }
        return folder
    }

    static let broken = ["definitions/corpus/bad.yaml": "kind: ping\ntitel: x\n"]
    static let warned = ["definitions/corpus/warned.yaml": """
        kind: ping
        title: Hovers
        type: frontend_event
        definition: d.
        rationale: r.
        source: {table: event_logs}
        events: [InsightHover]
        measure: {aggregate: count, grain: week}
        added: "3.25"
        broken: [{from: "3.30", reason: still broken}]

        """]

    @Test func cleanProjectExitsZeroWithASummary() throws {
        let root = try Self.project()
        defer { try? FileManager.default.removeItem(at: root) }
        let unbuilt = try Self.run(["check", "--project", root.path])
        #expect(unbuilt.status == 1)
        #expect(unbuilt.stderr.hasPrefix("generated/: error[G002]: generated/ is missing or empty; run `tally build`"))
        #expect(try Self.run(["build", "--project", root.path]).status == 0)
        let run = try Self.run(["check", "--project", root.path])
        #expect(run.status == 0)
        // The corpus base project's files: tally.yaml, groups, sources and definitions.
        let files = CorpusTests.base.count
        #expect(run.stderr == "tally check: no problems (\(files) files, 2 definitions)\n")
        #expect(run.stdout == "")
    }

    @Test func errorsExitOneAndFindTheProjectFromASubfolder() throws {
        let root = try Self.project(adding: Self.broken)
        defer { try? FileManager.default.removeItem(at: root) }
        let run = try Self.run(["check"], in: root.appendingPathComponent("definitions/corpus"))
        #expect(run.status == 1)
        #expect(run.stderr.contains("definitions/corpus/bad.yaml:2:1: error[D001]: unknown key 'titel' in a definition; did you mean 'title'?\n"))
        // Every definition file counts, the one that did not decode too.
        #expect(run.stderr.hasSuffix("tally check: 6 errors, 0 warnings (\(CorpusTests.base.count + 1) files, 3 definitions)\n"))
    }

    /// --project naming a file (tally.yaml itself, most likely) says so and which folder to name; a missing one is
    /// no such folder.
    @Test func aProjectThatIsAFileIsSaidPlainly() throws {
        let root = try Self.project()
        defer { try? FileManager.default.removeItem(at: root) }
        let settings = root.appendingPathComponent("tally.yaml").path
        let file = try Self.run(["check", "--project", settings])
        #expect(file.status == 64)
        #expect(file.stderr.contains("--project \(settings) is a file, not a folder; pass the folder holding tally.yaml "
                                         + "(--project \(root.standardizedFileURL.path))"), "\(file.stderr)")
        let missing = try Self.run(["check", "--project", root.path + "/nowhere"])
        #expect(missing.stderr.contains("no such folder"), "\(missing.stderr)")
        // A folder without tally.yaml is one usage error, naming the project it is in if any (found by a new-user
        // trial: two F002 errors, exit 1, one telling to pass --project).
        let inside = root.appendingPathComponent("definitions").path
        let nested = try Self.run(["check", "--project", inside])
        #expect(nested.status == 64)
        #expect(nested.stderr.contains("--project \(inside): no tally.yaml there; it is inside the project at "
                                           + "\(root.standardizedFileURL.path) (--project \(root.standardizedFileURL.path))"),
                "\(nested.stderr)")
        let empty = FileManager.default.temporaryDirectory.appendingPathComponent("tally-empty-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: empty) }
        let none = try Self.run(["build", "--project", empty.path])
        #expect(none.status == 64)
        #expect(none.stderr.contains("no tally.yaml there; pass the folder holding tally.yaml, or make a project there "
                                         + "with `tally init`"), "\(none.stderr)")
    }

    @Test func warningsPassUnlessStrict() throws {
        let root = try Self.project(adding: Self.warned)
        defer { try? FileManager.default.removeItem(at: root) }
        #expect(try Self.run(["build", "--project", root.path]).status == 0)
        #expect(try Self.run(["check", "--project", root.path]).status == 0)
        let strict = try Self.run(["check", "--strict", "--project", root.path])
        #expect(strict.status == 1)
        #expect(strict.stderr.contains("error[V008]"))
        // A strict build refuses too, whether the cache proves generated/ current or not, and writes nothing, even
        // where the definitions changed what it would write.
        let built = BuildTests.tree(root)
        let warned = root.appendingPathComponent("definitions/corpus/warned.yaml")
        try String(contentsOf: warned, encoding: .utf8).replacingOccurrences(of: "title: Hovers", with: "title: Hover events")
            .write(to: warned, atomically: false, encoding: .utf8)
        for cache in [[], ["--no-cache"]] {
            let build = try Self.run(["build", "--strict", "--project", root.path] + cache)
            #expect(build.status == 1)
            #expect(build.stderr.hasSuffix("tally build: 1 error, 0 warnings (\(CorpusTests.base.count + 1) files, "
                                           + "3 definitions)\ntally build: nothing written; fix the errors above\n"))
            #expect(BuildTests.tree(root) == built)
        }
        #expect(try Self.run(["build", "--project", root.path]).status == 0)
        #expect(BuildTests.tree(root) != built)
    }

    /// A cache that cannot be written costs only speed, and --timings says why it was not kept.
    @Test func anUnwritableCacheIsReportedInTimings() throws {
        let root = try Self.project()
        defer { try? FileManager.default.removeItem(at: root) }
        let blocker = root.appendingPathComponent("not-a-folder")
        try "x".write(to: blocker, atomically: false, encoding: .utf8)
        let environment = ["TALLY_CACHE_DIR": blocker.path + "/cache"]
        let build = try Self.run(["build", "--timings", "--project", root.path], environment: environment)
        #expect(build.status == 0)
        #expect(build.stderr.contains("output cache: not stored ("), "\(build.stderr)")
    }

    /// A misplaced or unreadable file is outside the cache's key (only files read are in it), so a run that finds
    /// one is never answered from the cache, though the files read are the ones it proved: the error is reported.
    @Test func problemsOutsideTheReadFilesAreNeverCached() throws {
        let root = try Self.project(adding: Self.warned)
        defer { try? FileManager.default.removeItem(at: root) }
        #expect(try Self.run(["build", "--project", root.path]).status == 0)
        try "kind: ping\n".write(to: root.appendingPathComponent("definitions/corpus/stray.yml"), atomically: false,
                                  encoding: .utf8)
        for _ in 0..<2 {
            let run = try Self.run(["check", "--timings", "--project", root.path])
            #expect(run.status == 1)
            #expect(run.stderr.contains("stray.yml ends in .yml") && run.stderr.contains("load and decode"))
        }
    }

    /// A check the cache answers reports the problems an uncached one finds, word for word in every format, without
    /// decoding a file; an edit to a definition is checked afresh.
    @Test func aCachedCheckReportsTheSameProblems() throws {
        let root = try Self.project(adding: Self.warned)
        defer { try? FileManager.default.removeItem(at: root) }
        #expect(try Self.run(["build", "--project", root.path]).status == 0)
        for format in DiagnosticFormat.allCases.map(\.rawValue) {
            let arguments = ["check", "--format", format, "--project", root.path]
            let cached = try Self.run(arguments + ["--timings"])
            let rendered = try Self.run(arguments + ["--no-cache"])
            #expect(cached.stderr.contains("cache proof") && !cached.stderr.contains("load and decode"))
            #expect(cached.stderr.components(separatedBy: "timings:\n")[0] == rendered.stderr)
            #expect(cached.stdout == rendered.stdout && cached.status == 0)
            #expect(rendered.stderr.contains("1 warning") || rendered.stdout.contains("V008"))
        }
        let warned = root.appendingPathComponent("definitions/corpus/warned.yaml")
        let text = try String(contentsOf: warned, encoding: .utf8)
        try text.replacingOccurrences(of: "reason: still broken", with: "reason: still broken today")
            .write(to: warned, atomically: false, encoding: .utf8)
        let edited = try Self.run(["check", "--timings", "--project", root.path])
        #expect(edited.status == 1 && edited.stderr.contains("load and decode"))
        #expect(edited.stderr.contains("error[G001]"))
    }

    @Test func machineFormatsGoToStdout() throws {
        let root = try Self.project(adding: Self.broken)
        defer { try? FileManager.default.removeItem(at: root) }
        let github = try Self.run(["check", "--format", "github", "--project", root.path])
        #expect(github.status == 1)
        #expect(github.stdout.hasPrefix("::error file=definitions/corpus/bad.yaml,line=1,col=1,"))
        let json = try Self.run(["check", "--format", "json", "--project", root.path])
        #expect(json.stdout.split(separator: "\n").allSatisfy { $0.hasPrefix("{\"file\":") })
    }

    /// With --format github, a build's own warning (a file in generated/ that is not tally's) is annotated with the
    /// check's in one report: GitHub shows ten annotations of a kind per step, and the check's twelve warnings
    /// had taken all ten, leaving the build's eleventh to be dropped without a word.
    @Test func aBuildsWarningsShareGitHubsAnnotationLimit() throws {
        let warned = try #require(Self.warned.values.first)
        var files: [String: String] = [:]
        for index in 1...12 {
            files["definitions/corpus/warned_\(index).yaml"] = warned.replacingOccurrences(of: "title: Hovers",
                                                                                          with: "title: Hovers \(index)")
        }
        let root = try Self.project(adding: files)
        defer { try? FileManager.default.removeItem(at: root) }
        #expect(try Self.run(["build", "--project", root.path]).status == 0)
        try Data("my notes\n".utf8).write(to: root.appendingPathComponent("generated/NOTES.md"))
        let run = try Self.run(["build", "--format", "github", "--project", root.path])
        #expect(run.status == 0, "\(run.stderr)")
        let annotations = run.stdout.split(separator: "\n").filter { $0.hasPrefix("::warning") }
        #expect(annotations.count == 10, "\(run.stdout)")
        #expect(annotations.last?.contains("4 more warnings are not annotated") == true, "\(run.stdout)")
        #expect(run.stdout.contains("NOTES.md"))
        #expect(run.stderr.contains("tally build: warning: ") && run.stderr.contains("NOTES.md"))
        #expect(run.stderr.contains("tally build: 0 errors, 13 warnings"))
    }

    @Test func usageErrorsExitWithUsageStatus() throws {
        #expect(try Self.run(["check", "--format", "xml"]).status == 64)
        #expect(try Self.run(["check", "--project", "/nonexistent/folder"]).status == 64)
        let outside = try Self.run(["check"], in: URL(fileURLWithPath: "/"))
        #expect(outside.status == 64)
        #expect(outside.stderr.contains("no tally.yaml"))
    }

    @Test func rulesListsEveryCode() throws {
        let run = try Self.run(["rules"])
        #expect(run.status == 0)
        #expect(run.stdout.contains("Y005  error    YAML anchors are not allowed"))
        #expect(run.stdout.contains("V008  warning  a broken range that is still open (warning)"))
    }
}
