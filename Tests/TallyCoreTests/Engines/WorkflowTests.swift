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
        #expect(text.contains(#"swift build --package-path "$package" --product tally"#))
        #expect(!text.contains(".build/debug/tally "), "every step runs the tally the build step linked")
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
