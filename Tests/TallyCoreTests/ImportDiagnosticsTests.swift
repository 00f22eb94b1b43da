import Foundation
import Testing
@testable import TallyCore

/// `tally import` reports as `tally check` does: the same diagnostics, codes and --format, so an editor or a
/// workflow that reads one reads the other. Runs on the corpus base project, not on definitions/.
@Suite struct ImportDiagnosticsTests {
    /// One ping named like the base project's base_count (so its id is taken), with a label tally import does not
    /// know (line 9) and no purpose, definition, source, events or aggregate: those are left as TODOs.
    static let page = """
        # Demo pings

        Pings of the demo.

        ### Base count

        **Type:** FE event

        **Owner:** the demo team

        - Aggregation: By week
        - Event Code: [Hover](https://sourcegraph.com/search?q=%27Hover%27&patternType=literal)
        - Version Added: 3.25

        """

    static func projectWithPage(_ text: String = page) throws -> (root: URL, page: URL) {
        let root = try CLITests.project()
        let page = root.appendingPathComponent("demo.md")
        try Data(text.utf8).write(to: page)
        return (root, page)
    }

    static func run(_ page: URL, _ root: URL, _ extra: [String] = []) throws -> CLITests.Run {
        try CLITests.run(["import", page.path, "--group", "demo", "--project", root.path] + extra)
    }

    /// Each stdout line of --format json, decoded.
    static func objects(_ stdout: String) throws -> [[String: Any]] {
        try stdout.split(separator: "\n").map { line in
            try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], "\(line)")
        }
    }

    @Test func jsonGivesEveryWarningWithItsPlace() throws {
        let (root, page) = try Self.projectWithPage()
        defer { try? FileManager.default.removeItem(at: root) }
        let run = try Self.run(page, root, ["--format", "json"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr == "tally import: wrote 2 files to definitions/demo/ (1 ping and group.yaml); 5 TODOs to "
                    + "fill in, then run `tally check`\n", "only the summary goes to stderr")
        // Another page's ping into the group it made: one file, said as one (it was "1 files").
        let other = root.appendingPathComponent("other.md")
        try Data(Self.page.replacingOccurrences(of: "### Base count", with: "### Other count").utf8).write(to: other)
        let again = try Self.run(other, root)
        #expect(again.stderr.contains("tally import: wrote 1 file to definitions/demo/ (1 ping; group.yaml kept)"),
                "\(again.stderr)")
        let objects = try Self.objects(run.stdout)
        #expect(objects.map { $0["code"] as? String ?? "" }.sorted() == ["I002", "I003", "I003", "I003", "I003", "I003", "I004"])
        #expect(objects.allSatisfy { $0["severity"] as? String == "warning" })

        let unknown = try #require(objects.first { $0["code"] as? String == "I002" })
        #expect(unknown["file"] as? String == page.path)
        #expect(unknown["line"] as? Int == 9 && unknown["column"] as? Int == 1)
        #expect((unknown["message"] as? String)?.contains("'**Owner:**' is not a field") == true)

        let taken = try #require(objects.first { $0["code"] as? String == "I004" })
        #expect(taken["file"] as? String == "definitions/demo/base_count.yaml")
        #expect((taken["message"] as? String)?.contains("definitions/corpus/base_count.yaml") == true)

        // Each TODO points at the key under its comment, from the key's first column to its end.
        let written = try String(contentsOf: root.appendingPathComponent("definitions/demo/base_count.yaml"),
                                 encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        var keys: [String] = []
        for todo in objects where todo["code"] as? String == "I003" {
            #expect(todo["file"] as? String == "definitions/demo/base_count.yaml")
            let line = try #require(todo["line"] as? Int)
            let column = try #require(todo["column"] as? Int)
            let end = try #require(todo["end_column"] as? Int)
            let message = try #require(todo["message"] as? String)
            #expect(written[line - 2].trimmingCharacters(in: .whitespaces) == "# TODO(tally import): " + message)
            let text = Array(written[line - 1])
            keys.append(String(text[(column - 1)..<(end - 1)]))
            #expect(text[end - 1] == ":", "the span ends at the key's colon")
        }
        #expect(keys == ["definition", "rationale", "table", "events", "measure"])
    }

    /// A second import finds the group: its group.yaml is kept, and the definition that exists is refused.
    @Test func githubAnnotatesEveryFileThatExists() throws {
        let (root, page) = try Self.projectWithPage()
        defer { try? FileManager.default.removeItem(at: root) }
        #expect(try Self.run(page, root).status == 0)
        let refused = try Self.run(page, root, ["--format", "github"])
        #expect(refused.status == 1)
        let exists = "the file already exists; tally import overwrites files only with --force"
        #expect(refused.stdout == """
            ::error file=definitions/demo/base_count.yaml,line=1,col=1,endLine=1,endColumn=1,title=tally I005::\(exists)

            """)
        #expect(refused.stderr == "tally import: nothing was written (1 of 1 files exist; pass --force to overwrite "
                    + "them)\n")
    }

    @Test func aFolderInTheTargetsPlaceIsI006AtThatPath() throws {
        let (root, page) = try Self.projectWithPage()
        defer { try? FileManager.default.removeItem(at: root) }
        try FileManager.default.createDirectory(at: root.appendingPathComponent("definitions/demo/base_count.yaml"),
                                                withIntermediateDirectories: true)
        let refused = try Self.run(page, root, ["--format", "github"])
        #expect(refused.status == 1)
        #expect(refused.stdout == "::error file=definitions/demo/base_count.yaml,line=1,col=1,endLine=1,endColumn=1,"
                    + "title=tally I006::a folder is in the place of this file\n")
    }

    @Test func humanQuotesTheKeyOfEachTODOAndTheLineOfThePage() throws {
        let (root, page) = try Self.projectWithPage()
        defer { try? FileManager.default.removeItem(at: root) }
        let run = try Self.run(page, root)
        #expect(run.status == 0)
        #expect(run.stdout.isEmpty)
        #expect(run.stderr.contains("""
            \(page.path):9:1: warning[I002]: '**Owner:**' is not a field tally import knows
            """))
        #expect(run.stderr.contains(" 9 | **Owner:** the demo team\n   | ^\n"))
        let todo = try #require(run.stderr.split(separator: "\n").firstIndex { $0.contains("warning[I003]: write the definition") })
        let lines = run.stderr.split(separator: "\n")
        #expect(lines[todo + 1].hasSuffix("| definition:"))
        #expect(lines[todo + 2].hasSuffix("| ^~~~~~~~~~"))
    }

    @Test func pageErrorsAndUnreadablePagesInJSON() throws {
        let (root, page) = try Self.projectWithPage("# Demo pings\n\nNo pings yet.\n")
        defer { try? FileManager.default.removeItem(at: root) }
        let empty = try Self.run(page, root, ["--format", "json"])
        #expect(empty.status == 1)
        let objects = try Self.objects(empty.stdout)
        #expect(objects.count == 1)
        #expect(objects.first?["code"] as? String == "I001")
        #expect(objects.first?["severity"] as? String == "error")
        #expect(objects.first?["file"] as? String == page.path)
        #expect(objects.first?["line"] as? Int == 1)
        #expect(empty.stderr == "tally import: nothing was written\n")

        let missing = try Self.run(root.appendingPathComponent("absent.md"), root, ["--format", "json"])
        #expect(missing.status == 1)
        #expect(try Self.objects(missing.stdout).map { $0["code"] as? String } == ["F001"])
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("definitions/demo").path))
    }

    @Test func rulesListTheImportCodes() throws {
        let rules = try CLITests.run(["rules"])
        #expect(rules.status == 0)
        for (code, severity) in [("I001", "error"), ("I002", "warning"), ("I003", "warning"), ("I004", "warning"),
                                 ("I005", "error"), ("I006", "error")] {
            #expect(rules.stdout.contains("\(code)  \(severity)"), "\(code)")
        }
    }
}
