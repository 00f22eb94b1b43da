import Foundation
import Testing
@testable import TallyCore

/// `tally build` and `tally check` on real folders: atomic replacement, no-op builds, drift, determinism.
@Suite(.serialized) struct BuildTests {
    /// A project of `count` count definitions whose events name `event`, in a fresh temporary folder.
    static func project(count: Int = 3, event: String = "InsightAddition", order: [Int]? = nil) throws -> URL {
        var files = CorpusTests.base
        for index in order ?? Array(0..<count) {
            files["definitions/corpus/ping_\(index).yaml"] = Array("""
                kind: ping
                title: Ping \(index)
                type: frontend_event
                definition: Weekly \(event) events.
                rationale: To test builds.
                source: {table: event_logs}
                events: [\(event)]
                measure: {aggregate: count, grain: week, group_by: [name]}
                added: "3.25"

                """.utf8)
        }
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("tally-build-\(UUID().uuidString)")
        for path in files.keys.sorted(by: { order == nil ? $0 < $1 : $0 > $1 }) {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(files[path]!).write(to: url)
        }
        return root
    }

    static func tree(_ root: URL) -> [String: [UInt8]] { OutputWriter(target: root.appendingPathComponent("generated")).current() }

    static func setEvent(_ event: String, in root: URL, count: Int) throws {
        for index in 0..<count {
            let url = root.appendingPathComponent("definitions/corpus/ping_\(index).yaml")
            let text = try String(contentsOf: url, encoding: .utf8)
            try text.replacingOccurrences(of: #"events: \[\w+\]"#, with: "events: [\(event)]", options: .regularExpression)
                .write(to: url, atomically: false, encoding: .utf8)
        }
    }

    @Test func buildThenCheckIsCleanAndASecondBuildWritesNothing() throws {
        let root = try Self.project()
        defer { try? FileManager.default.removeItem(at: root) }
        let first = try CLITests.run(["build", "--project", root.path])
        #expect(first.status == 0)
        #expect(first.stderr.hasPrefix("tally build: wrote generated/"))
        let marker = root.appendingPathComponent("generated/sql/\(Dialect.allCases[1].rawValue)/views.sql")
        let before = try FileManager.default.attributesOfItem(atPath: marker.path)[.modificationDate] as? Date
        let second = try CLITests.run(["build", "--project", root.path])
        #expect(second.stderr.hasPrefix("tally build: generated/ is up to date"))
        let after = try FileManager.default.attributesOfItem(atPath: marker.path)[.modificationDate] as? Date
        #expect(before == after)
        #expect(try CLITests.run(["check", "--project", root.path]).status == 0)
    }

    @Test func checkReportsDriftMissingAndExtraFilesAndWritesNothing() throws {
        let root = try Self.project()
        defer { try? FileManager.default.removeItem(at: root) }
        _ = try CLITests.run(["build", "--project", root.path])
        let generated = root.appendingPathComponent("generated")
        try "edited by hand\n".write(to: generated.appendingPathComponent("sql/\(Dialect.allCases[1].rawValue)/corpus/ping_0.sql"), atomically: false, encoding: .utf8)
        try FileManager.default.removeItem(at: generated.appendingPathComponent("sql/\(Dialect.allCases[0].rawValue)/corpus/ping_1.sql"))
        try "stray\n".write(to: generated.appendingPathComponent("notes.txt"), atomically: false, encoding: .utf8)
        let snapshot = Self.tree(root)
        let brief = try CLITests.run(["check", "--project", root.path])
        #expect(brief.status == 1)
        #expect(brief.stderr.hasPrefix("generated/: error[G001]: generated/ is out of date with the definitions (1 file "
                                       + "differs, 1 file is missing, 1 file is left over); run `tally build` "
                                       + "(`tally check --verbose` shows each file's diff)\n"), "\(brief.stderr)")
        #expect(brief.stderr.contains("  = note: differs: generated/sql/\(Dialect.allCases[1].rawValue)/corpus/ping_0.sql\n"))
        #expect(brief.stderr.contains("  = note: missing: generated/sql/\(Dialect.allCases[0].rawValue)/corpus/ping_1.sql\n"))
        #expect(brief.stderr.contains("  = note: left over: generated/notes.txt\n"))
        #expect(!brief.stderr.contains("edited by hand"))
        let run = try CLITests.run(["check", "--verbose", "--project", root.path])
        #expect(run.status == 1)
        #expect(run.stderr.contains("generated/sql/\(Dialect.allCases[1].rawValue)/corpus/ping_0.sql:1:1: error[G001]"))
        #expect(run.stderr.contains("    -edited by hand\n"))
        #expect(run.stderr.contains("generated/sql/\(Dialect.allCases[0].rawValue)/corpus/ping_1.sql:1:1: error[G002]"))
        #expect(run.stderr.contains("generated/notes.txt:1:1: error[G003]"))
        #expect(Self.tree(root) == snapshot)
        // A definition changed without a build is drift too.
        try Self.setEvent("InsightEdit", in: root, count: 3)
        #expect(try CLITests.run(["check", "--project", root.path]).stderr.contains("error[G001]"))
    }

    @Test func buildRemovesStaleFilesAndTouchesNothingOutsideGenerated() throws {
        let root = try Self.project()
        defer { try? FileManager.default.removeItem(at: root) }
        _ = try CLITests.run(["build", "--project", root.path])
        try FileManager.default.removeItem(at: root.appendingPathComponent("definitions/corpus/ping_2.yaml"))
        try "keep me\n".write(to: root.appendingPathComponent("notes.md"), atomically: false, encoding: .utf8)
        let definitions = TestFiles.tree(at: root.appendingPathComponent("definitions"))
        #expect(try CLITests.run(["build", "--project", root.path]).status == 0)
        #expect(!Self.tree(root).keys.contains { $0.contains("ping_2") })
        #expect(try String(contentsOf: root.appendingPathComponent("notes.md"), encoding: .utf8) == "keep me\n")
        #expect(TestFiles.tree(at: root.appendingPathComponent("definitions")) == definitions)
        let siblings = try FileManager.default.contentsOfDirectory(atPath: root.path).sorted()
        #expect(siblings == ["definitions", "generated", "notes.md", "tally.yaml"])
    }

    /// A file of someone's where generated/ belongs is reported and kept: build writes nothing rather than delete it.
    /// A folder of generated/ replaced by a link to a copy elsewhere: the next build makes it a folder again, with
    /// files of its own, never hard links to the copy's files (which would tie generated/ to whatever edits them).
    @Test func aLinkedFolderIsReplacedNotLinkedInto() throws {
        let root = try Self.project()
        let outside = FileManager.default.temporaryDirectory.appendingPathComponent("tally-outside-\(UUID().uuidString)")
        defer {
            try? FileManager.default.removeItem(at: root)
            try? FileManager.default.removeItem(at: outside)
        }
        _ = try OutputCacheTests.build(root, cache: nil)
        let expected = Self.tree(root)
        let folder = root.appendingPathComponent("generated/sql/\(Dialect.allCases[0].rawValue)/corpus")
        try FileManager.default.copyItem(at: folder, to: outside)
        try FileManager.default.removeItem(at: folder)
        try FileManager.default.createSymbolicLink(at: folder, withDestinationURL: outside)
        let drift = try OutputCacheTests.check(root, cache: nil).diagnostics
        let link = "generated/sql/\(Dialect.allCases[0].rawValue)/corpus"
        let pinned = drift.first { $0.span.file == link }
        #expect(pinned?.code == .generatedExtra)
        #expect(pinned.map { ($0.span.start.line, $0.span.start.column) } ?? (0, 0) == (1, 1))
        #expect(pinned?.message == "\(link) is a symbolic link, where tally keeps files and folders of its own; "
                    + "`tally build` removes it", "\(drift.map(\.message))")
        try Self.setEvent("InsightEdit", in: root, count: 1)
        _ = try OutputCacheTests.build(root, cache: nil)
        try Self.setEvent("InsightAddition", in: root, count: 1)
        _ = try OutputCacheTests.build(root, cache: nil)
        #expect(Disk.kind(of: folder.path) == .directory, "still a link")
        #expect(Self.tree(root) == expected)
        for name in try FileManager.default.contentsOfDirectory(atPath: outside.path) {
            var status = stat()
            #expect(stat(outside.appendingPathComponent(name).path, &status) == 0 && status.st_nlink == 1,
                    "\(name) is linked into generated/")
        }
    }

    @Test func aFileNamedGeneratedIsNeverDeleted() throws {
        let root = try Self.project()
        defer { try? FileManager.default.removeItem(at: root) }
        let file = root.appendingPathComponent("generated")
        try "my notes\n".write(to: file, atomically: false, encoding: .utf8)
        let check = try CLITests.run(["check", "--project", root.path])
        #expect(check.status == 1)
        #expect(check.stderr.hasPrefix("generated:1:1: error[G002]: generated is a file, not the folder tally writes its "
                                       + "output to; move or rename it (tally build does not delete it), then run "
                                       + "`tally build`\n"), "\(check.stderr)")
        let build = try CLITests.run(["build", "--project", root.path])
        #expect(build.status == 1)
        #expect(build.stderr.contains("generated is a file, not the folder tally writes its output to; nothing was "
                                      + "written. Move or rename it (tally does not delete it)"), "\(build.stderr)")
        #expect(try String(contentsOf: file, encoding: .utf8) == "my notes\n")
    }

    /// An empty folder in generated/ (left by hand, or by a tool that deletes files but not folders) is drift like a
    /// stray file: check names it, and build removes it even when no file changed.
    @Test func emptyFoldersAreFoundAndRemoved() throws {
        let root = try Self.project()
        defer { try? FileManager.default.removeItem(at: root) }
        _ = try OutputCacheTests.build(root, cache: nil)
        let tree = Self.tree(root)
        let empty = root.appendingPathComponent("generated/docs/old group/nothing")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        let report = try OutputCacheTests.check(root, cache: nil)
        #expect(PinnedDiagnosticsTests.lines(report.diagnostics) == [
            "generated/docs/old group/nothing/: error[G003]: generated/docs/old group/nothing/ is an empty folder no "
                + "definition produces; `tally build` removes it",
        ])
        #expect(try OutputCacheTests.build(root, cache: nil) == .written(files: tree.count, changed: 0, removed: 1))
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("generated/docs/old group").path))
        #expect(Self.tree(root) == tree)
        #expect(try OutputCacheTests.check(root, cache: nil).diagnostics.isEmpty)
    }

    @Test func anErrorWritesNothing() throws {
        let root = try Self.project()
        defer { try? FileManager.default.removeItem(at: root) }
        _ = try CLITests.run(["build", "--project", root.path])
        let before = Self.tree(root)
        try "kind: ping\ntitel: x\n".write(to: root.appendingPathComponent("definitions/corpus/broken.yaml"),
                                           atomically: false, encoding: .utf8)
        try Self.setEvent("InsightEdit", in: root, count: 3)
        let run = try CLITests.run(["build", "--project", root.path])
        #expect(run.status == 1)
        #expect(run.stderr.contains("nothing written"))
        #expect(Self.tree(root) == before)
    }

    @Test func directoryListingOrderDoesNotChangeOneByte() throws {
        let forward = try Self.project(count: 12, order: Array(0..<12))
        let backward = try Self.project(count: 12, order: Array((0..<12).reversed()))
        defer {
            try? FileManager.default.removeItem(at: forward)
            try? FileManager.default.removeItem(at: backward)
        }
        _ = try CLITests.run(["build", "--project", forward.path])
        _ = try CLITests.run(["build", "--project", backward.path])
        #expect(!Self.tree(forward).isEmpty)
        #expect(Self.tree(forward) == Self.tree(backward))
    }

    @Test func aSwapCutShortIsCompletedOrUndoneByTheNextRun() throws {
        let root = try Self.project()
        defer { try? FileManager.default.removeItem(at: root) }
        let generated = root.appendingPathComponent("generated")
        let staging = root.appendingPathComponent(".generated.tally-new")
        let retired = root.appendingPathComponent(".generated.tally-old")
        let writer = OutputWriter(target: generated)
        let old = [GeneratedFile(path: "a.txt", contents: "old\n")]
        let new = [GeneratedFile(path: "a.txt", contents: "new\n")]
        // Killed while writing the new tree: it is dropped, the old one stays.
        _ = try writer.write(old)
        try FileManager.default.createDirectory(at: staging, withIntermediateDirectories: true)
        try writer.recover()
        #expect(Self.tree(root) == ["a.txt": Array("old\n".utf8)])
        #expect(!FileManager.default.fileExists(atPath: staging.path))
        // Killed between the two renames of the fallback swap: the complete new tree is moved in.
        try FileManager.default.moveItem(at: generated, to: retired)
        try FileManager.default.createDirectory(at: staging, withIntermediateDirectories: true)
        try "new\n".write(to: staging.appendingPathComponent("a.txt"), atomically: false, encoding: .utf8)
        try writer.recover()
        #expect(Self.tree(root) == ["a.txt": Array("new\n".utf8)])
        #expect(!FileManager.default.fileExists(atPath: retired.path))
        // Killed after the swap, before the old tree was deleted.
        try FileManager.default.createDirectory(at: retired, withIntermediateDirectories: true)
        try writer.recover()
        #expect(!FileManager.default.fileExists(atPath: retired.path))
        #expect(try writer.write(new) == .unchanged)
        #expect(try writer.write(old) == .written(changed: 1, removed: 0))
    }

    /// Kills `tally build` at random moments, spread over the whole of a build (read, render, write, swap) that
    /// replaces 150 definitions' output: generated/ is always either wholly the old tree or wholly the new one,
    /// and the next build finishes the job.
    @Test func killingABuildAtAnyMomentLeavesTheOldOrTheNewTree() throws {
        let count = 150
        let root = try Self.project(count: count)
        defer { try? FileManager.default.removeItem(at: root) }
        let said = try Self.killBuilds(of: root) { attempt in
            try Self.setEvent(attempt % 2 == 0 ? "InsightEdit" : "InsightAddition", in: root, count: count)
        }
        // So many files change that the new tree is built and swapped in.
        let changed = try #require(said.firstMatch(of: /(\d+) changed, 0 removed/)?.1).flatMap { Int($0) }
        #expect(changed.map { $0 > OutputWriter.defaultInPlaceLimit } == true, "\(said)")
    }

    /// An edit of three definitions out of 150 changes a few files (their views, docs and the dialects' views.sql),
    /// which are renamed into place one after another: a build killed among the renames leaves each file whole,
    /// either old or new, and the next build finishes the job.
    @Test func killingABuildOfAFewFilesLeavesEachFileWholeAndTheNextBuildFinishes() throws {
        let root = try Self.project(count: 150)
        defer { try? FileManager.default.removeItem(at: root) }
        let said = try Self.killBuilds(of: root, fileByFile: true) { attempt in
            try Self.setEvent(attempt % 2 == 0 ? "InsightEdit" : "InsightAddition", in: root, count: 3)
        }
        let changed = try #require(said.firstMatch(of: /(\d+) changed, 0 removed/)?.1).flatMap { Int($0) }
        #expect(changed.map { $0 > 1 && $0 <= OutputWriter.defaultInPlaceLimit } == true, "\(said)")
    }

    /// The same where one file changes (a rationale, shown only on its docs page), which is replaced by a rename
    /// instead of a new tree.
    @Test func killingASingleFileBuildLeavesTheOldOrTheNewTree() throws {
        let root = try Self.project(count: 150)
        defer { try? FileManager.default.removeItem(at: root) }
        let file = root.appendingPathComponent("definitions/corpus/ping_7.yaml")
        let text = try String(contentsOf: file, encoding: .utf8)
        let changed = try Self.killBuilds(of: root) { attempt in
            try (attempt % 2 == 0 ? text.replacingOccurrences(of: "To test builds.", with: "To test one file.") : text)
                .write(to: file, atomically: false, encoding: .utf8)
        }
        #expect(changed.contains("1 changed, 0 removed"), "\(changed)")
    }

    /// A build run to its end, what it said, and how long it took: the span the kill and signal tests aim into.
    static func timedBuild(of root: URL) throws -> (said: String, duration: Duration) {
        let started = ContinuousClock.now
        let said = try CLITests.run(["build", "--project", root.path]).stderr
        return (said, ContinuousClock.now - started)
    }

    static func microseconds(_ duration: Duration) -> UInt32 {
        UInt32(duration.components.seconds * 1_000_000 + duration.components.attoseconds / 1_000_000_000_000)
    }

    /// A build started and left running, for a test to kill or signal.
    static func startBuild(of root: URL) throws -> Process {
        let process = Process()
        process.executableURL = CLITests.executable
        process.arguments = ["build", "--project", root.path]
        process.environment = ["TALLY_CACHE_DIR": CLITests.cacheFolder.path]
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    /// Builds the project as it is (the first tree), applies `edit(0)` and builds again (the second tree), then
    /// twelve times applies `edit(n)` for n = 1...12 (odd n must give the first tree, even n the second), kills a
    /// build at a random moment within a build's duration, and requires generated/ to be one of the two trees (or,
    /// `fileByFile`, each file one of its two versions) and the next build to finish the job. Returns what the
    /// unkilled build of the second tree said.
    @discardableResult
    static func killBuilds(of root: URL, fileByFile: Bool = false, edit: (Int) throws -> Void) throws -> String {
        _ = try CLITests.run(["build", "--project", root.path])
        var trees = [Self.tree(root)]
        try edit(0)
        let (said, duration) = try Self.timedBuild(of: root)
        let microseconds = Self.microseconds(duration)
        trees.append(Self.tree(root))
        #expect(trees[0] != trees[1])
        var outcomes: [String] = []
        var generator = SystemRandomNumberGenerator()
        for attempt in 0..<12 {
            try edit(attempt + 1)
            let process = try Self.startBuild(of: root)
            usleep(UInt32.random(in: 0...max(1, microseconds), using: &generator))
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            let now = Self.tree(root)
            let wanted = trees[attempt % 2 == 0 ? 0 : 1]
            if fileByFile {
                #expect(Set(now.keys) == Set(trees[0].keys).union(trees[1].keys), "attempt \(attempt)")
                for (path, bytes) in now where bytes != trees[0][path] && bytes != trees[1][path] {
                    Issue.record("attempt \(attempt): \(path) is neither its old nor its new self")
                }
            } else {
                #expect(now == trees[0] || now == trees[1], "attempt \(attempt): generated/ is neither tree")
            }
            outcomes.append(now == wanted ? "new" : now == trees[attempt % 2 == 0 ? 1 : 0] ? "old" : "mixed")
            #expect(try CLITests.run(["build", "--project", root.path]).status == 0)
            #expect(Self.tree(root) == wanted)
        }
        print("kill test: a build takes \(duration); after each kill generated/ was \(outcomes)")
        return said
    }

    /// Ctrl-C (SIGINT) or SIGTERM at random moments of a build: a build stopped while writing removes its work
    /// folders and exits 128 + the signal with generated/ as it was; one signalled before it writes simply ends; one
    /// signalled after its swap has finished. Never is anything left beside generated/.
    @Test func aSignalledBuildLeavesNothingBehind() throws {
        let count = 150
        let root = try Self.project(count: count)
        defer { try? FileManager.default.removeItem(at: root) }
        _ = try CLITests.run(["build", "--project", root.path])
        var trees = [Self.tree(root)]
        try Self.setEvent("InsightEdit", in: root, count: count)
        let (_, duration) = try Self.timedBuild(of: root)
        let microseconds = Self.microseconds(duration)
        trees.append(Self.tree(root))
        var outcomes: [String] = []
        var generator = SystemRandomNumberGenerator()
        for attempt in 0..<16 {
            try Self.setEvent(attempt % 2 == 0 ? "InsightAddition" : "InsightEdit", in: root, count: count)
            let before = Self.tree(root)
            let process = try Self.startBuild(of: root)
            usleep(UInt32.random(in: 0...max(1, microseconds), using: &generator))
            let signal = attempt % 4 < 2 ? SIGINT : SIGTERM
            kill(process.processIdentifier, signal)
            process.waitUntilExit()
            let now = Self.tree(root)
            let siblings = try FileManager.default.contentsOfDirectory(atPath: root.path).sorted()
            #expect(siblings == ["definitions", "generated", "tally.yaml"], "attempt \(attempt): \(siblings)")
            switch (process.terminationReason, process.terminationStatus) {
            case (.exit, 128 + signal):
                #expect(now == before, "attempt \(attempt): stopped, yet generated/ changed")
                outcomes.append("stopped")
            case (.exit, 0):
                #expect(now == trees[attempt % 2], "attempt \(attempt)")
                outcomes.append("finished")
            case (.uncaughtSignal, signal):
                #expect(now == before, "attempt \(attempt): ended before writing, yet generated/ changed")
                outcomes.append("ended")
            default:
                Issue.record("attempt \(attempt): \(process.terminationReason) \(process.terminationStatus)")
            }
            #expect(try CLITests.run(["build", "--project", root.path]).status == 0)
            #expect(Self.tree(root) == trees[attempt % 2])
        }
        print("signal test: a build takes \(duration); outcomes \(outcomes)")
    }

    /// Two builds of one project at once: the second waits for the first (a lock on the project folder), so
    /// neither deletes the other's work and generated/ ends whole.
    @Test func concurrentBuildsTakeTurns() throws {
        let count = 60
        let root = try Self.project(count: count)
        defer { try? FileManager.default.removeItem(at: root) }
        _ = try CLITests.run(["build", "--project", root.path])
        for round in 0..<4 {
            try Self.setEvent(round % 2 == 0 ? "InsightEdit" : "InsightAddition", in: root, count: count)
            let processes = try (0..<2).map { _ in
                let process = Process()
                process.executableURL = CLITests.executable
                process.arguments = ["build", "--no-cache", "--project", root.path]
                process.standardError = FileHandle.nullDevice
                try process.run()
                return process
            }
            for process in processes {
                process.waitUntilExit()
                #expect(process.terminationStatus == 0, "round \(round)")
            }
            let check = try CLITests.run(["check", "--no-cache", "--project", root.path])
            #expect(check.status == 0, "round \(round): \(check.stderr.prefix(400))")
            let siblings = try FileManager.default.contentsOfDirectory(atPath: root.path).sorted()
            #expect(siblings == ["definitions", "generated", "tally.yaml"])
        }
    }
}
