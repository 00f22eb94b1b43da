import Foundation
import Testing
@testable import TallyCore

/// `tally init`: a new project that is green from the start, written whole or not at all.
@Suite struct InitCommandTests {
    static func temporaryFolder() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("tally-init-\(UUID().uuidString)")
    }

    @Test func theNewProjectBuildsChecksAndTestsClean() throws {
        let parent = Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: parent) }
        try FileManager.default.createDirectory(at: parent, withIntermediateDirectories: true)
        let made = try CLITests.run(["init", "shop"], in: parent)
        #expect(made.status == 0, "\(made.stderr)")
        #expect(made.stdout.isEmpty)
        #expect(made.stderr.contains("tally init: wrote a project of 5 files in "))
        #expect(made.stderr.contains("  cd shop\n"))
        // A folder the shell would split or expand is quoted, so the line can be pasted as it is.
        let spaced = try CLITests.run(["init", "my shop's metrics"], in: parent)
        #expect(spaced.stderr.contains(#"  cd 'my shop'\''s metrics'"# + "\n"), "\(spaced.stderr)")
        let root = parent.appendingPathComponent("shop")
        #expect(TestFiles.tree(at: root).keys.sorted() == [
            ".github/workflows/tally.yml", "definitions/product/group.yaml", "definitions/product/searches_count.yaml",
            "definitions/sources/events.yaml", "tally.yaml",
        ])
        let build = try CLITests.run(["build"], in: root)
        #expect(build.status == 0, "\(build.stderr)")
        let check = try CLITests.run(["check"], in: root)
        #expect(check.status == 0 && check.stderr == "tally check: no problems (4 files, 1 definition)\n", "\(check.stderr)")
        let test = try CLITests.run(["test"], in: root)
        #expect(test.status == 0, "\(test.stderr)")
        #expect(test.stderr.hasPrefix("tally test: 1 example of 1 definition passed on SQLite"))
        let fmt = try CLITests.run(["fmt", "--check"], in: root)
        #expect(fmt.status == 0 && fmt.stdout.isEmpty, "\(fmt.stdout)")
        let settings = try String(contentsOf: root.appendingPathComponent("tally.yaml"), encoding: .utf8)
        #expect(settings.hasPrefix("# yaml-language-server: $schema=generated/schema/tally.schema.json\n"))
        #expect(settings.contains("name: shop\n") && settings.contains("repository: \"https://github.com/example/shop\"\n"))
    }

    @Test func itShipsTheRepositorysOwnWorkflow() throws {
        let shipped = try String(contentsOf: WorkflowTests.workflow, encoding: .utf8)
        #expect(ShippedWorkflow.text == shipped)
        #expect(ProjectTemplate(name: "x", repository: "https://github.com/a/b").files
            .first { $0.path == ".github/workflows/tally.yml" }?.text == shipped)
    }

    /// In a folder of a git repository the workflow would never run where it is written: init says where it goes.
    @Test func aProjectInAFolderOfARepositoryIsToldWhereTheWorkflowGoes() throws {
        let repo = Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: repo) }
        try FileManager.default.createDirectory(at: repo.appendingPathComponent(".git"), withIntermediateDirectories: true)
        let made = try CLITests.run(["init", repo.appendingPathComponent("analytics").path])
        #expect(made.status == 0, "\(made.stderr)")
        #expect(made.stderr.contains("move .github/workflows/tally.yml to the repository's own .github/workflows/ "
                                     + "(GitHub runs no other), with analytics/ before its paths and --project analytics "
                                     + "on each tally command"), "\(made.stderr)")
        let alone = Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: alone) }
        #expect(!(try CLITests.run(["init", alone.path])).stderr.contains("move .github"))
    }

    @Test func theRepositoryOptionSetsTheLinks() throws {
        let root = Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let made = try CLITests.run(["init", root.path, "--repository", "https://github.com/acme/metrics"])
        #expect(made.status == 0, "\(made.stderr)")
        #expect(!made.stderr.contains("edit tally.yaml"))
        let settings = try String(contentsOf: root.appendingPathComponent("tally.yaml"), encoding: .utf8)
        #expect(settings.contains("repository: \"https://github.com/acme/metrics\"\n"))
        #expect(settings.contains("pull_request: \"https://github.com/acme/metrics/pull/{number}\"\n"))
        #expect(settings.contains("q=repo%3Aacme%2Fmetrics+%22{event}%22"))
        let wrong = try CLITests.run(["init", root.path, "--repository", "https://gitlab.com/acme/metrics"])
        #expect(wrong.status == 64)
        #expect(wrong.stderr.contains("give the GitHub repository as https://github.com/OWNER/NAME"))
    }

    /// In a clone, the links are made in the repository of git's origin, not a placeholder to fix by hand.
    @Test func theRepositoryIsTakenFromGitsOrigin() throws {
        let repo = Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: repo) }
        try FileManager.default.createDirectory(at: repo, withIntermediateDirectories: true)
        for arguments in [["init", "-q"], ["remote", "add", "origin", "git@github.com:acme/metrics.git"]] {
            #expect(try Subprocess.run("/usr/bin/env", ["git", "-C", repo.path] + arguments, input: "").status == 0)
        }
        let made = try CLITests.run(["init", repo.appendingPathComponent("analytics").path])
        #expect(made.status == 0, "\(made.stderr)")
        #expect(made.stderr.contains("check tally.yaml's repository, https://github.com/acme/metrics: taken from git's origin"),
                "\(made.stderr)")
        let settings = try String(contentsOf: repo.appendingPathComponent("analytics/tally.yaml"), encoding: .utf8)
        #expect(settings.contains("repository: \"https://github.com/acme/metrics\"\n"))
        // An origin it cannot read as a GitHub repository (an SSH alias) is named in the step that says to edit.
        #expect(try Subprocess.run("/usr/bin/env", ["git", "-C", repo.path, "remote", "set-url", "origin",
                                                    "github-work:acme/metrics"], input: "").status == 0)
        let aliased = try CLITests.run(["init", repo.appendingPathComponent("other").path])
        #expect(aliased.stderr.contains("it is https://github.com/example/other for now (git's origin, "
                                        + "github-work:acme/metrics, is no GitHub repository URL tally recognises)"),
                "\(aliased.stderr)")
    }

    @Test func gitRemotesOfGitHubAreItsRepositoryURL() {
        for remote in ["git@github.com:acme/metrics.git", "https://github.com/acme/metrics", "https://github.com/acme/metrics.git\n",
                       "https://x-access-token:abc@github.com/acme/metrics.git", "ssh://git@github.com/acme/metrics.git",
                       "git://github.com/acme/metrics/", "https://GitHub.com/acme/metrics", "git@GitHub.com:acme/metrics",
                       "ssh://git@github.com:22/acme/metrics.git", "git@github.com:/acme/metrics", "github.com:acme/metrics.GIT"] {
            #expect(GitOrigin.repository(fromRemote: remote) == "https://github.com/acme/metrics", "\(remote)")
        }
        for remote in ["https://gitlab.com/acme/metrics.git", "git@gitlab.com:acme/metrics.git", "/srv/git/metrics.git",
                       "https://github.com/acme", "https://github.com/acme/metrics/tree/main", "https://evil.com/github.com/a/b",
                       "https://github.com.evil.com/a/b", "github-work:acme/metrics", "git@evil.com:github.com:a/b"] {
            #expect(GitOrigin.repository(fromRemote: remote) == nil, "\(remote)")
        }
    }

    @Test func anExistingFileStopsEverything() throws {
        let root = Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        try FileManager.default.createDirectory(at: root.appendingPathComponent("definitions/product"), withIntermediateDirectories: true)
        try "mine\n".write(to: root.appendingPathComponent("definitions/product/group.yaml"), atomically: false, encoding: .utf8)
        let run = try CLITests.run(["init"], in: root)
        #expect(run.status == 1)
        #expect(run.stderr == """
            definitions/product/group.yaml: error: the file already exists; tally init never overwrites a file
            tally init: nothing was written (1 of the new project's 5 files exists)

            """)
        #expect(TestFiles.tree(at: root) == ["definitions/product/group.yaml": Array("mine\n".utf8)])
        // A file where the project's folder would be is said as such, not as a work file that could not be made.
        let file = root.appendingPathComponent("notes")
        try "mine\n".write(to: file, atomically: false, encoding: .utf8)
        let onFile = try CLITests.run(["init", "notes"], in: root)
        #expect(onFile.status == 1)
        #expect(onFile.stderr == "tally init: nothing was written: \(file.path) is a file, not a folder; name a folder (a new one is made)\n",
                "\(onFile.stderr)")
    }

    /// A project inside another's definitions/ is refused: that project would read its tally.yaml as a definition
    /// (found by a new-user trial: init wrote it, and the outer check then failed on every key). Beside the outer
    /// project, or in a folder of it that is not definitions/, is fine.
    @Test func aProjectInsideAnothersDefinitionsIsRefused() throws {
        let outer = try CLITests.project()
        defer { try? FileManager.default.removeItem(at: outer) }
        let inside = try CLITests.run(["init", "definitions/newproj"], in: outer)
        #expect(inside.status == 1)
        #expect(inside.stderr == "tally init: nothing was written: \(outer.standardizedFileURL.path)/definitions/newproj is "
                    + "inside the definitions/ of the project at \(outer.standardizedFileURL.path), which would read the new "
                    + "project's files as its own; make it outside that folder\n", "\(inside.stderr)")
        #expect(!FileManager.default.fileExists(atPath: outer.appendingPathComponent("definitions/newproj").path))
        let beside = try CLITests.run(["init", "tools/analytics"], in: outer)
        #expect(beside.status == 0, "\(beside.stderr)")
    }

    /// A failure halfway (here a file where a folder must go) takes back every file and folder already made.
    @Test func aFailureHalfwayLeavesNothingBehind() throws {
        let root = Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        try "not a folder\n".write(to: root.appendingPathComponent("definitions"), atomically: false, encoding: .utf8)
        let template = ProjectTemplate(name: "x", repository: "https://github.com/a/b")
        #expect(throws: ProjectTemplate.Failure.self) { try template.write(into: root.path) }
        #expect(TestFiles.tree(at: root) == ["definitions": Array("not a folder\n".utf8)])
        let nested = root.appendingPathComponent("new/deeper")
        try NewFiles.write([("a/one.txt", "1"), ("two.txt", "2")], into: nested.path)
        #expect(TestFiles.tree(at: root.appendingPathComponent("new")) == ["deeper/a/one.txt": [0x31], "deeper/two.txt": [0x32]])
        #expect(throws: NewFiles.Failure.exist(["two.txt"])) { try NewFiles.write([("b/three.txt", "3"), ("two.txt", "x")], into: nested.path) }
        #expect(!FileManager.default.fileExists(atPath: nested.appendingPathComponent("b").path))
    }

    @Test func repositoryURLsAreGitHubOwnerAndName() {
        #expect(ProjectTemplate.isRepositoryURL("https://github.com/acme/metrics"))
        #expect(!ProjectTemplate.isRepositoryURL("https://github.com/acme"))
        #expect(!ProjectTemplate.isRepositoryURL("https://github.com/acme/metrics/tree"))
        #expect(!ProjectTemplate.isRepositoryURL("https://github.com//metrics"))
        #expect(!ProjectTemplate.isRepositoryURL("http://github.com/acme/metrics"))
        #expect(!ProjectTemplate.isRepositoryURL("https://github.com/acme/metrics/"))
        // A clone URL: the pull request links built from it would not exist.
        #expect(!ProjectTemplate.isRepositoryURL("https://github.com/acme/metrics.git"))
        #expect(ProjectTemplate.isRepositoryURL("https://github.com/acme/metrics.gitlab"))
        // What GitHub allows in an owner and a name, no more: `tally init` took a space and a quote, and made a
        // project that failed its first check (the quote, a tally.yaml that was no YAML); a query or a fragment
        // made every fix link of the project "not in this project's repository".
        #expect(ProjectTemplate.isRepositoryURL("https://github.com/acme-co/metrics_v2.web"))
        #expect(ProjectTemplate.isRepositoryURL("https://github.com/octo_emu/metrics"), "a managed user's name")
        for bad in ["https://github.com/acme/te le", "https://github.com/acme/te\"le", "https://github.com/acme/m?x=1",
                    "https://github.com/acme/m#readme", "https://github.com/ac.me/metrics", "https://github.com/acme/..",
                    "https://github.com/acme/café"] {
            #expect(!ProjectTemplate.isRepositoryURL(bad), "\(bad)")
        }
        // The JSON Schema's pattern, which editors check, agrees on every one of them.
        let pattern = try! NSRegularExpression(pattern: ProjectTemplate.repositoryPattern)
        for url in ["https://github.com/acme/metrics", "https://github.com/acme/metrics.git", "https://github.com/acme/metrics.gitlab",
                    "https://github.com/acme-co/metrics_v2.web", "https://github.com/acme/te le", "https://github.com/acme/m?x=1",
                    "https://github.com/ac.me/metrics", "https://github.com/acme/.x", "https://github.com/octo_emu/metrics",
                    "https://github.com/acme/git", "https://github.com/acme/.git", "https://github.com/acme/agit",
                    "https://github.com/acme/metrics/"] {
            let matches = pattern.firstMatch(in: url, range: NSRange(url.startIndex..., in: url)) != nil
            #expect(matches == ProjectTemplate.isRepositoryURL(url), "\(url)")
        }
    }
}
