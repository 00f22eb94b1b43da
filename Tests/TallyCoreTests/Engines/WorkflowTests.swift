import Foundation
import Testing
import TallyCore

/// The GitHub workflow users copy: valid by GitHub's own schema (check-jsonschema's vendored copy), and running
/// what the README promises: annotations from check, test and diff reach the job's log.
@Suite struct WorkflowTests {
    static let workflow = TestFiles.packageRoot.appendingPathComponent(".github/workflows/tally.yml")

    @Test func matchesGitHubsWorkflowSchema() throws {
        guard let python = EngineEnvironment.python else {
            if EngineEnvironment.required { Issue.record("no Python with check-jsonschema: scripts/test makes one") }
            return
        }
        let run = try Subprocess.run(python, ["-m", "check_jsonschema", "--builtin-schema",
                                                     "vendor.github-workflows", Self.workflow.path], input: "")
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
    }

    /// In tally's repository it builds this checkout; anywhere else (a project made by tally init) it checks out
    /// tally's source named by the TALLY_REPOSITORY variable.
    @Test func buildsTallyInItsOwnRepositoryAndAnywhereElse() throws {
        let text = try String(contentsOf: Self.workflow, encoding: .utf8)
        #expect(text.contains("if: hashFiles('Sources/tally/Tally.swift') == ''"))
        #expect(text.contains("repository: ${{ vars.TALLY_REPOSITORY }}"))
        // Without the variable, a step says what to set before the checkout would fetch the project itself again.
        let guardStep = try #require(text.range(of: "if: hashFiles('Sources/tally/Tally.swift') == '' && vars.TALLY_REPOSITORY == ''"))
        let checkout = try #require(text.range(of: "- name: Check out tally's source"))
        #expect(guardStep.upperBound < checkout.lowerBound)
        #expect(text.contains("::error::Set the repository variable TALLY_REPOSITORY"))
        #expect(text.contains(#"swift build -c release --static-swift-stdlib --package-path "$package" --product tally"#))
        #expect(!text.contains(".build/debug/tally "), "every step runs the tally the build step linked")
    }

    /// tally is built only when no build of the same source is in the Actions cache: the build step is skipped on
    /// a hit, and the key is the hash step's output.
    /// The build is saved right after it is made, not by actions/cache's post step (which saves only when the whole
    /// job passes, and this job fails on bad definitions); runs on the default branch fill the cache pull requests
    /// can read, and skip the steps that need a pull request.
    @Test func buildsOnlyOnACacheMiss() throws {
        let text = try String(contentsOf: Self.workflow, encoding: .utf8)
        let key = "key: tally-${{ runner.os }}-${{ steps.source.outputs.hash }}"
        #expect(text.components(separatedBy: key).count == 3, "restored and saved under one key")
        #expect(text.contains("uses: actions/cache/restore@v4"))
        #expect(!text.contains("uses: actions/cache@v4"))
        let build = try #require(text.range(of: "- name: Build tally\n        if: steps.built.outputs.cache-hit != 'true'\n"))
        let save = try #require(text.range(of: "- name: Keep the build for later runs\n        if: steps.built.outputs.cache-hit != 'true'\n        uses: actions/cache/save@v4\n"))
        let check = try #require(text.range(of: "- name: Check definitions and generated/"))
        #expect(build.upperBound < save.lowerBound && save.upperBound < check.lowerBound)
        #expect(text.contains("  push:\n    branches: [main]"))
        // The diff and its comment follow a push whose check or examples failed too (else an earlier push's comment
        // stays up), as long as tally is there to run.
        #expect(text.contains("- name: Diff against the base branch\n        if: ${{ !cancelled() && github.event_name == 'pull_request' && steps.tally.outcome == 'success' }}\n"))
        for step in ["Comment on the pull request", "Fail on unrecorded breaking changes"] {
            #expect(text.contains("- name: \(step)\n        if: ${{ !cancelled() && steps.diff.outcome == 'success' }}\n"), "\(step)")
        }
        #expect(text.contains("- name: Put tally on the PATH\n        id: tally\n"))
    }

    /// The hash step's own script, run here: it names the package to build (this checkout in tally's repository,
    /// .tally/ elsewhere) and hashes its source, so an edited source file changes the key and a touched one does not.
    @Test func theCacheKeyFollowsTallysSource() throws {
        let script = try Self.runScript(of: "Hash tally's source")
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("tally-workflow-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        func write(_ text: String, _ path: String) throws {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: false, encoding: .utf8)
        }
        func outputs() throws -> [String: String] {
            let output = root.appendingPathComponent("github-output")
            try "".write(to: output, atomically: false, encoding: .utf8)
            let run = try Subprocess.run("/bin/sh", ["-ec", "cd \"$0\" && " + script, root.path], input: "",
                                         environment: ["GITHUB_OUTPUT": output.path])
            #expect(run.status == 0, "\(run.stderr)")
            let lines = try String(contentsOf: output, encoding: .utf8).split(separator: "\n")
            return Dictionary(uniqueKeysWithValues: lines.map { line in
                let parts = line.split(separator: "=", maxSplits: 1)
                return (String(parts[0]), String(parts[1]))
            })
        }
        try write("// the user's project has no tally source of its own\n", "README.md")
        try write("let package = 1\n", ".tally/Package.swift")
        try write("print(1)\n", ".tally/Sources/tally/Tally.swift")
        let first = try outputs()
        #expect(first["package"] == ".tally")
        #expect(first["hash"]?.count == 40)
        try write("print(1)\n", ".tally/Sources/tally/Tally.swift")
        #expect(try outputs() == first, "rewriting the same bytes keeps the key")
        try write("print(2)\n", ".tally/Sources/tally/Tally.swift")
        #expect(try outputs()["hash"] != first["hash"])
        try write("print(2)\n", "Sources/tally/Tally.swift")
        try write("let package = 1\n", "Package.swift")
        #expect(try outputs()["package"] == ".", "in tally's own repository the checkout itself is built")
    }

    /// The `run: |` block of the step with this name, unindented.
    static func runScript(of step: String) throws -> String {
        let lines = try String(contentsOf: workflow, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        let named = try #require(lines.firstIndex { $0.trimmingCharacters(in: .whitespaces) == "- name: \(step)" })
        let run = try #require(lines[named...].firstIndex { $0.trimmingCharacters(in: .whitespaces) == "run: |" })
        let indent = lines[run].prefix { $0 == " " }.count + 2
        let body = lines[(run + 1)...].prefix { $0.prefix { $0 == " " }.count >= indent || $0.isEmpty }
        return body.map { String($0.dropFirst(indent)) }.joined(separator: "\n")
    }

    @Test func runsTestsAndKeepsAnnotations() throws {
        let text = try String(contentsOf: Self.workflow, encoding: .utf8)
        let commands = text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { $0.hasPrefix("tally ") || $0.hasPrefix("run: tally ") }
        #expect(commands.contains { $0.contains("tally check --format github") })
        #expect(commands.contains { $0.contains("tally test --format github") })
        #expect(commands.contains { $0.contains("--format github") && $0.contains("tally diff") })
        // Workflow commands printed anywhere but the log are lost.
        #expect(!commands.contains { $0.contains("--format github") && ($0.contains(">") || $0.contains("|")) },
                "\(commands)")
    }
}
