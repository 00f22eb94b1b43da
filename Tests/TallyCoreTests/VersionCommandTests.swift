import Foundation
import Testing
@testable import TallyCore

/// `tally --version` and the completion scripts the README documents.
@Suite struct VersionCommandTests {
    @Test func versionNamesTheReleaseAndTheBuild() throws {
        let run = try CLITests.run(["--version"])
        #expect(run.status == 0)
        // The tally binary's build id, not the test binary's: the same on every run of it.
        let id = try #require(run.stdout.firstMatch(of: /^tally 0\.1\.0-dev \(build id ([0-9a-f]{16,})\)\n$/))
        #expect(try CLITests.run(["--version"]).stdout.contains(String(id.1)))
        #expect(run.stderr.isEmpty)
    }

    @Test func versionOfABinaryWithoutBuildIDIsTheHashOfItsBytes() throws {
        let run = try CLITests.run(["--version"], environment: ["TALLY_CACHE_IDENTITY": "file"])
        #expect(run.status == 0)
        let hash = try #require(run.stdout.firstMatch(of: /^tally 0\.1\.0-dev \(binary xxh64 ([0-9a-f]{32})\)\n$/))
        #expect(hash.1.count == 32)
    }

    @Test func labelsNameTheKindOfIdentity() {
        #expect(GeneratorIdentity.buildID([0x0a, 0xff]).label == "build id 0aff")
        #expect(GeneratorIdentity.fileHash(path: "/bin/tally", hex: "abc").label == "binary xxh64 abc")
        #expect(GeneratorIdentity.unknown(reason: "x").label == "no build id")
    }

    @Test func withoutACommandTallyPrintsHelp() throws {
        let run = try CLITests.run([])
        #expect(run.status == 0)
        #expect(run.stdout.contains("USAGE: tally [--version] <subcommand>"))
        #expect(run.stdout.contains("--version"))
    }

    @Test(arguments: ["bash", "zsh", "fish"])
    func completionScriptsNameEveryCommand(shell: String) throws {
        let run = try CLITests.run(["--generate-completion-script", shell])
        #expect(run.status == 0)
        for command in ["check", "build", "test", "show", "diff", "versions", "schema", "rules", "import", "init"] {
            #expect(run.stdout.contains(command), "\(shell) completion lacks \(command)")
        }
        // Values too: the schema kinds and the dialects of `show --dialect`.
        let kinds = ["definition source group tally", "'definition' 'source' 'group' 'tally'",
                     "'definition'$'\\n''source'$'\\n''group'$'\\n''tally'"]
        #expect(kinds.contains { run.stdout.contains($0) }, "\(shell) completion lacks the schema kinds")
        #expect(Dialect.allCases.allSatisfy { run.stdout.contains($0.rawValue) }, "\(shell) completion lacks the dialects")
    }
}
