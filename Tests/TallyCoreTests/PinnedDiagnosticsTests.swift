import Foundation
import Testing
@testable import TallyCore

/// The diagnostics the corpus cannot reach (diff, disk, key bombs), each pinned to its code, line:column and message.
@Suite struct PinnedDiagnosticsTests {
    static func lines(_ diagnostics: [Diagnostic]) -> [String] {
        // The first line the human report prints for each: place (a folder has no line and column), code, message.
        diagnostics.sorted().map { diagnostic in
            let report = DiagnosticRenderer(format: .human, sources: [:]).render([diagnostic])
            return String(report[..<report.firstIndex(of: "\n")!])
        }
    }

    static func catalog(_ extra: [String: String]) throws -> Catalog {
        var files = CorpusTests.base
        for (path, text) in extra { files[path] = Array(text.utf8) }
        let result = Compiler.check(ProjectFiles.fromMemory(files))
        #expect(!result.diagnostics.hasErrors, "\(lines(result.diagnostics.diagnostics))")
        return try #require(result.catalog)
    }

    static let hovers = """
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

    /// A misspelt replacement is matched against the other definitions: the definition itself is never suggested
    /// (it cannot replace itself).
    @Test func aReplacementIsNeverSuggestedToBeItself() throws {
        var files = CorpusTests.base
        files["definitions/corpus/hovers.yaml"] = Array((Self.hovers
            + "deprecated: {version: \"3.30\", reason: r, replaced_by: hoverz}\n").utf8)
        let result = Compiler.check(ProjectFiles.fromMemory(files))
        #expect(Self.lines(result.diagnostics.diagnostics).filter { $0.contains("hoverz") } == [
            "definitions/corpus/hovers.yaml:10:55: error[R004]: no definition 'hoverz' to replace this one",
        ])
    }

    /// A ratio in use that reads a deprecated definition is told to read its replacement while there is time (the
    /// input's view goes when it is deleted); a deprecated ratio reading it is going too, and is left alone.
    @Test func aRatioReadingADeprecatedInput() throws {
        var files = CorpusTests.base
        files["definitions/corpus/hovers.yaml"] = Array((Self.hovers
            + "deprecated: {version: \"3.30\", reason: r, replaced_by: base_count}\n").utf8)
        let ratio = "kind: metric\ntitle: Hover share\ndefinition: d.\nrationale: r.\n"
            + "measure: {aggregate: ratio, numerator: hovers, denominator: base_count}\n"
        files["definitions/corpus/hover_share.yaml"] = Array(ratio.utf8)
        let found = Self.lines(Compiler.check(ProjectFiles.fromMemory(files)).diagnostics.diagnostics)
        #expect(found.filter { $0.contains("R016") } == [
            "definitions/corpus/hover_share.yaml:5:40: warning[R016]: 'hover_share' reads 'hovers', deprecated since "
                + "3.30: read its replacement 'base_count' instead",
        ], "\(found)")
        files["definitions/corpus/hover_share.yaml"] = Array((ratio + "deprecated: {version: \"3.30\", reason: r}\n").utf8)
        let going = Self.lines(Compiler.check(ProjectFiles.fromMemory(files)).diagnostics.diagnostics)
        #expect(!going.contains { $0.contains("R016") }, "\(going)")
    }

    /// A replacement readers can follow: one itself deprecated is a warning naming its own replacement, and two
    /// definitions deprecated each in favour of the other are an error at each.
    @Test func aReplacementThatIsItselfDeprecated() throws {
        var files = CorpusTests.base
        func ping(_ id: String, replacedBy: String) -> [UInt8] {
            Array((Self.hovers.replacingOccurrences(of: "title: Hovers", with: "title: \(id)")
                .replacingOccurrences(of: "InsightHover", with: "Insight\(id)")
                + "deprecated: {version: \"3.30\", reason: r, replaced_by: \(replacedBy)}\n").utf8)
        }
        files["definitions/corpus/older.yaml"] = ping("older", replacedBy: "hovers")
        files["definitions/corpus/hovers.yaml"] = ping("hovers", replacedBy: "base_count")
        let chained = Self.lines(Compiler.check(ProjectFiles.fromMemory(files)).diagnostics.diagnostics)
        #expect(chained.filter { $0.contains("V010") || $0.contains("R005") } == [
            "definitions/corpus/older.yaml:10:55: warning[V010]: 'hovers' is itself deprecated since 3.30; name its "
                + "replacement 'base_count' instead",
        ], "\(chained)")
        files["definitions/corpus/hovers.yaml"] = ping("hovers", replacedBy: "older")
        let mutual = Self.lines(Compiler.check(ProjectFiles.fromMemory(files)).diagnostics.diagnostics)
        #expect(mutual.filter { $0.contains("V010") || $0.contains("R005") } == [
            "definitions/corpus/hovers.yaml:10:55: error[R005]: 'hovers' and 'older' are deprecated each in favour of the "
                + "other; name a definition in use, or drop 'replaced_by'",
            "definitions/corpus/older.yaml:10:55: error[R005]: 'older' and 'hovers' are deprecated each in favour of the "
                + "other; name a definition in use, or drop 'replaced_by'",
        ], "\(mutual)")
    }

    /// One id in two groups is one problem (a duplicate name), not also a duplicate title with itself.
    @Test func oneIDInTwoGroupsIsNotAlsoADuplicateTitle() throws {
        var files = CorpusTests.base
        files["definitions/corpus/hovers.yaml"] = Array(Self.hovers.utf8)
        files["definitions/other/group.yaml"] = Array("title: Other\nintroduction: i.\n".utf8)
        files["definitions/other/hovers.yaml"] = Array(Self.hovers.utf8)
        let result = Compiler.check(ProjectFiles.fromMemory(files))
        #expect(!Self.lines(result.diagnostics.diagnostics).contains { $0.contains("[D014]") },
                "\(Self.lines(result.diagnostics.diagnostics))")
        #expect(Self.lines(result.diagnostics.diagnostics).contains { $0.contains("hovers") && $0.contains("error[") })
    }

    /// After a rename (the old id kept, deprecated, under the same title), the warning is at the deprecated one,
    /// whose title it says to change, whichever sorts first.
    @Test func aDuplicateTitleIsSaidAtTheDeprecatedOne() throws {
        var files = CorpusTests.base
        files["definitions/corpus/a_hovers.yaml"] = Array((Self.hovers
            + "deprecated: {version: \"3.30\", reason: renamed, replaced_by: hovers}\n").utf8)
        files["definitions/corpus/hovers.yaml"] = Array(Self.hovers.utf8)
        let result = Compiler.check(ProjectFiles.fromMemory(files))
        #expect(Self.lines(result.diagnostics.diagnostics).filter { $0.contains("[D014]") } == [
            "definitions/corpus/a_hovers.yaml:2:8: warning[D014]: definitions 'a_hovers' and 'hovers' have the same title "
                + "'Hovers'; retitle the deprecated one (e.g. add \"(old)\") so readers can tell them apart",
        ])
    }

    @Test func renameWithoutDeprecation() throws {
        let base = try Self.catalog(["definitions/corpus/hovers.yaml": Self.hovers])
        let head = try Self.catalog(["definitions/corpus/insight_hovers.yaml": Self.hovers])
        #expect(Self.lines(DefinitionDiff.compare(base: base, head: head).diagnostics.diagnostics) == [
            "definitions/corpus/insight_hovers.yaml:1:1: error[C002]: definition 'hovers' was renamed to 'insight_hovers' "
                + "(same events and measure); its view disappears. Keep 'hovers' with 'deprecated: {version, reason, "
                + "replaced_by: insight_hovers}' and a title of its own (two definitions may not share one) until "
                + "dashboards have moved",
        ])
    }

    @Test func brokenRangeAnnotations() throws {
        let base = try Self.catalog(["definitions/corpus/hovers.yaml": Self.hovers + """
            broken:
              - {from: "3.26", through: "3.27", reason: a, fix: "#1"}
              - {from: "3.30", reason: b}

            """])
        let head = try Self.catalog(["definitions/corpus/hovers.yaml": Self.hovers + """
            broken:
              - {from: "3.26", through: "3.28", reason: a, fix: "#3"}
              - {from: "3.30", through: "3.31", reason: b}
              - {from: "4.0", through: "4.1", reason: c, fix: "#2"}

            """])
        #expect(Self.lines(DefinitionDiff.compare(base: base, head: head).diagnostics.diagnostics) == [
            "definitions/corpus/hovers.yaml:11:29: warning[C005]: broken range of 'hovers' widened from 3.26-3.27 to 3.26-3.28",
            "definitions/corpus/hovers.yaml:12:29: error[C006]: broken range 3.30-3.31 of 'hovers' is closed in this "
                + "change without a 'fix' link; link the pull request that fixed it",
            "definitions/corpus/hovers.yaml:13:12: warning[C004]: new broken range 4.0-4.1 for 'hovers': c",
        ])
    }

    @Test func filesOnDisk() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("tally-pinned-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        for (path, bytes) in CorpusTests.base {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(bytes).write(to: url)
        }
        try Data().write(to: root.appendingPathComponent("definitions/stray.yaml"))
        try FileManager.default.createDirectory(at: root.appendingPathComponent("definitions/corpus/old"),
                                                withIntermediateDirectories: true)
        try Data().write(to: root.appendingPathComponent("definitions/corpus/old/deep.yaml"))
        try Data().write(to: root.appendingPathComponent("definitions/corpus/typo.yml"))
        #expect(mkfifo(root.appendingPathComponent("definitions/corpus/pipe.yaml").path, 0o644) == 0)
        try FileManager.default.createSymbolicLink(at: root.appendingPathComponent("definitions/corpus/out.yaml"),
                                                   withDestinationURL: URL(fileURLWithPath: "/etc/hostname"))
        #expect(Self.lines(ProjectReader(root: root).read().diagnostics.diagnostics) == [
            "definitions/corpus/old/deep.yaml:1:1: error[F004]: tally reads definitions/sources/<name>.yaml and "
                + "definitions/<group>/<id>.yaml only; this file is not read: group folders hold no folders; move it "
                + "to definitions/corpus/deep.yaml",
            "definitions/corpus/out.yaml:1:1: error[F003]: definitions/corpus/out.yaml is a symbolic link to a place "
                + "outside the project; tally reads only files inside it",
            "definitions/corpus/pipe.yaml:1:1: error[F001]: definitions/corpus/pipe.yaml is not a regular file; tally "
                + "reads only plain files",
            "definitions/corpus/typo.yml:1:1: error[F004]: typo.yml ends in .yml; tally reads .yaml files (rename it)",
            "definitions/stray.yaml:1:1: error[F004]: tally reads definitions/sources/<name>.yaml and "
                + "definitions/<group>/<id>.yaml only; this file is not read: move it into a group folder "
                + "(definitions/<group>/stray.yaml), or into definitions/sources/ if it declares a table",
        ])
        try FileManager.default.removeItem(at: root.appendingPathComponent("definitions"))
        #expect(Self.lines(ProjectReader(root: root).read().diagnostics.diagnostics) == [
            "definitions/: error[F002]: no definitions/ folder; create definitions/sources/ and a group folder",
        ])
    }

    @Test func unknownKeysBeyondTwentyAreSummarized() {
        var files = CorpusTests.base
        files["definitions/corpus/bomb.yaml"] = Array((0..<25).map { "k\($0): v" }.joined(separator: "\n").utf8)
        let result = Compiler.check(ProjectFiles.fromMemory(files))
        let unknown = Self.lines(result.diagnostics.diagnostics.filter { $0.code == .unknownKey })
        #expect(unknown.count == 21)
        #expect(unknown.last == "definitions/corpus/bomb.yaml:21:1: error[D001]: 5 more unknown keys in a definition, "
                    + "from 'k20' on; its keys are " + DefinitionDecoder.keys.joined(separator: ", "))
    }

    /// Beyond 20 refusals of one kind in a file, one line says how many more, at the first not reported.
    @Test func refusalsBeyondTwentyAreSummarized() {
        let bombs: [(body: String, code: DiagnosticCode, line: String)] = [
            ("a: 1\n" + String(repeating: "<<: 1\n", count: 25), .mergeKeyRefused,
             "definitions/corpus/bomb.yaml:22:1: error[Y007]: 5 more merge keys '<<' in this file from here on; "
                + "write the keys out in full"),
            ("a: 1\n" + String(repeating: "[a]: 1\n", count: 25), .complexKey,
             "definitions/corpus/bomb.yaml:22:1: error[Y008]: 5 more keys that are not plain text in this file from "
                + "here on; a mapping key must be plain text"),
            ("a:\n" + String(repeating: "  - &a x\n", count: 25), .anchorRefused,
             "definitions/corpus/bomb.yaml:22:5: error[Y005]: 5 more anchors in this file from here on; tally files "
                + "do not share values by reference"),
            ("a:\n" + (0..<25).map { "  - *a\($0)\n" }.joined(), .aliasRefused,
             "definitions/corpus/bomb.yaml:22:5: error[Y006]: 5 more alias names in this file from here on; write "
                + "the values out in full"),
            ("a:\n" + String(repeating: "  - !custom x\n", count: 25), .tagRefused,
             "definitions/corpus/bomb.yaml:22:5: error[Y009]: 5 more tags in this file from here on; only YAML's "
                + "core tags (!!str, !!int, ...) are allowed"),
        ]
        for bomb in bombs {
            var files = CorpusTests.base
            files["definitions/corpus/bomb.yaml"] = Array(bomb.body.utf8)
            let result = Compiler.check(ProjectFiles.fromMemory(files))
            let refused = Self.lines(result.diagnostics.diagnostics.filter { $0.code == bomb.code })
            #expect(refused.count == 21, "\(bomb.code)")
            #expect(refused.last == bomb.line)
        }
    }

    /// A group called versions would write docs/versions.md over the version matrix.
    @Test func groupNamesTallyUsesItselfAreRefused() {
        var files = CorpusTests.base
        files["definitions/versions/group.yaml"] = Array("title: Versions\nintroduction: A clash.\n".utf8)
        files["definitions/versions/hovers.yaml"] = Array(Self.hovers.utf8)
        let result = Compiler.check(ProjectFiles.fromMemory(files))
        #expect(Self.lines(result.diagnostics.diagnostics) == [
            "definitions/versions/group.yaml:1:1: error[D006]: group name 'versions' is taken: tally generates "
                + "generated/docs/versions.md itself; rename the folder",
        ])
    }

    /// The links the reader refuses, each pinned.
    @Test func linksOutOfTheProjectAndBrokenLinks() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("tally-pinned-\(UUID().uuidString)")
        let outside = FileManager.default.temporaryDirectory.appendingPathComponent("tally-outside-\(UUID().uuidString)")
        defer {
            try? FileManager.default.removeItem(at: root)
            try? FileManager.default.removeItem(at: outside)
        }
        for (path, bytes) in CorpusTests.base {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(bytes).write(to: url)
        }
        try FileManager.default.createDirectory(at: outside, withIntermediateDirectories: true)
        try FileManager.default.moveItem(at: root.appendingPathComponent("tally.yaml"),
                                         to: outside.appendingPathComponent("tally.yaml"))
        try FileManager.default.createSymbolicLink(at: root.appendingPathComponent("tally.yaml"),
                                                   withDestinationURL: outside.appendingPathComponent("tally.yaml"))
        try FileManager.default.createSymbolicLink(at: root.appendingPathComponent("definitions/corpus/gone.yaml"),
                                                   withDestinationURL: outside.appendingPathComponent("gone.yaml"))
        try FileManager.default.createSymbolicLink(at: root.appendingPathComponent("definitions/elsewhere"),
                                                   withDestinationURL: outside)
        #expect(Self.lines(ProjectReader(root: root).read().diagnostics.diagnostics) == [
            "definitions/corpus/gone.yaml:1:1: error[F001]: definitions/corpus/gone.yaml is a symbolic link to nothing "
                + "(broken link)",
            "definitions/elsewhere:1:1: error[F003]: definitions/elsewhere is a symbolic link to a place outside the "
                + "project; tally reads only files inside it",
            "tally.yaml:1:1: error[F003]: tally.yaml is a symbolic link to a place outside the project (or to nothing); "
                + "tally reads only files inside it",
        ])
        try FileManager.default.removeItem(at: root.appendingPathComponent("definitions"))
        try FileManager.default.createSymbolicLink(at: root.appendingPathComponent("definitions"), withDestinationURL: outside)
        #expect(Self.lines(ProjectReader(root: root).read().diagnostics.diagnostics).contains(
            "definitions/: error[F003]: definitions/ leads to a place outside the project (a symbolic link?); tally "
                + "reads only files inside it"))
    }

    /// A generated file replaced by a link, and one grown far past what the definitions produce.
    @Test func generatedLinksAndOversizeFiles() throws {
        let root = try BuildTests.project()
        defer { try? FileManager.default.removeItem(at: root) }
        _ = try OutputCacheTests.build(root, cache: nil)
        let generated = root.appendingPathComponent("generated")
        let linked = generated.appendingPathComponent("docs/README.md")
        let copy = root.appendingPathComponent("README-copy.md")
        try FileManager.default.moveItem(at: linked, to: copy)
        try FileManager.default.createSymbolicLink(at: linked, withDestinationURL: copy)
        let dialect = Dialect.allCases[1].rawValue
        let grown = generated.appendingPathComponent("sql/\(dialect)/corpus/ping_0.sql")
        let size = try #require(FileManager.default.attributesOfItem(atPath: grown.path)[.size] as? Int)
        try Data(repeating: 0x41, count: 10_000).write(to: grown)
        // A named pipe where a file belongs is said as such, and never waited on.
        let piped = generated.appendingPathComponent("docs/versions.md")
        try FileManager.default.removeItem(at: piped)
        #expect(mkfifo(piped.path, 0o644) == 0)
        let report = try OutputCacheTests.check(root, cache: nil)
        #expect(Self.lines(report.diagnostics) == [
            "generated/docs/README.md:1:1: error[G001]: generated/docs/README.md is a symbolic link, not a plain file; "
                + "run `tally build` to replace it",
            "generated/docs/versions.md:1:1: error[G001]: generated/docs/versions.md is not a plain file (a named pipe, "
                + "socket or device); run `tally build` to replace it",
            "generated/sql/\(dialect)/corpus/ping_0.sql:1:1: error[G001]: generated/sql/\(dialect)/corpus/ping_0.sql is 10000 "
                + "bytes where the definitions produce \(size); run `tally build` to replace it",
        ])
    }

    /// generated/ itself a link to a current tree elsewhere: check says so (the cache cannot prove it either), and
    /// build replaces the link with a folder of the project's own, leaving the other folder as it was.
    @Test func generatedAsALink() throws {
        let root = try BuildTests.project()
        let cache = OutputCacheTests.temporaryCache()
        defer {
            try? FileManager.default.removeItem(at: root)
            OutputCacheTests.remove(cache)
        }
        _ = try OutputCacheTests.build(root, cache: cache)
        let tree = BuildTests.tree(root)
        let generated = root.appendingPathComponent("generated")
        let elsewhere = root.appendingPathComponent("elsewhere")
        try FileManager.default.moveItem(at: generated, to: elsewhere)
        try FileManager.default.createSymbolicLink(at: generated, withDestinationURL: elsewhere)
        for cached in [cache, nil] {
            let report = try OutputCacheTests.check(root, cache: cached)
            #expect(!report.fromCache)
            #expect(Self.lines(report.diagnostics) == [
                "generated/: error[G001]: generated/ is a symbolic link; tally keeps generated/ as a folder of the "
                    + "project's own: `tally build` replaces the link with one",
            ])
            // A folder has no lines: its annotation names the path alone.
            #expect(DiagnosticRenderer(format: .github, sources: [:]).render(report.diagnostics).hasPrefix(
                "::error file=generated/,title=tally G001::generated/ is a symbolic link;"))
        }
        #expect(try OutputCacheTests.build(root, cache: cache) == .written(files: tree.count, changed: 0, removed: 0))
        #expect(Disk.kind(of: generated.path) == .directory)
        #expect(BuildTests.tree(root) == tree)
        #expect(OutputWriter(target: elsewhere).current() == tree)
        #expect(try OutputCacheTests.check(root, cache: cache).fromCache)
    }
}
