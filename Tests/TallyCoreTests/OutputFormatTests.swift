import Foundation
import Testing
@testable import TallyCore

/// `--format json` is one shape per command, and a command's product goes to stdout, everything else to stderr.
@Suite struct OutputFormatTests {
    @Test func rulesAsJSONListEveryCodeOnce() throws {
        let run = try CLITests.run(["rules", "--format", "json"])
        #expect(run.status == 0)
        let rules = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [[String: String]])
        #expect(rules.map { $0["code"] } == DiagnosticCode.allCases.map(\.rawValue))
        #expect(rules.first { $0["code"] == "V008" } == ["code": "V008", "severity": "warning", "summary": DiagnosticCode.rangeOpen.summary])
        #expect(run.stderr.isEmpty)
    }

    @Test func productsGoToStdoutAndSummariesToStderr() throws {
        let project = TestFiles.referenceProject("features").path
        let show = try CLITests.run(["show", "weekly_searches", "--project", project])
        #expect(show.stdout.hasPrefix("-- weekly_searches: ") && show.stderr.isEmpty)
        let versions = try CLITests.run(["versions", "2.0", "--format", "json", "--project", project])
        #expect((try? JSONSerialization.jsonObject(with: Data(versions.stdout.utf8))) != nil && versions.stderr.isEmpty)
        let check = try CLITests.run(["check", "--project", project, "--format", "json"])
        // One JSON object per diagnostic per line on stdout; the summary on stderr.
        for line in check.stdout.split(separator: "\n") {
            #expect((try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any] != nil, "\(line)")
        }
        #expect(check.stderr.hasPrefix("tally check: "))
    }
}
