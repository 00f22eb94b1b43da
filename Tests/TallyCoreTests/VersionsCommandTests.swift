import Foundation
import Testing
@testable import TallyCore

/// `tally versions`: one release or an upgrade, every definition counted, usage errors located.
@Suite struct VersionsCommandTests {
    /// A reason written as a sentence loses its full stop before "; fixed by" or "; use": "twice).; fixed by" read
    /// as a typo. An ellipsis stays.
    @Test func aReasonIsAClauseBeforeWhatFollows() {
        #expect(ReleaseQuery.clause("Double-fired on iOS (registered twice).") == "Double-fired on iOS (registered twice)")
        #expect(ReleaseQuery.clause("Renamed.\nSee the new one.") == "Renamed. See the new one")
        #expect(ReleaseQuery.clause("and so on...") == "and so on...")
        #expect(ReleaseQuery.clause("no stop") == "no stop")
    }

    static let features = TestFiles.referenceProject("features").path
    static let insights = TestFiles.referenceProject("code_insights").path

    @Test func definitionsWithoutAddedExistFromTheStart() throws {
        let run = try CLITests.run(["versions", "0.1", "--project", Self.features])
        #expect(run.status == 0)
        // Every definition but the two pings added later (1.0 and 2.0 in the features project) exists at 0.1.
        let files = try FileManager.default.subpathsOfDirectory(atPath: Self.features + "/definitions")
            .filter { $0.hasSuffix(".yaml") && !$0.hasPrefix("sources/") && !$0.hasSuffix("group.yaml") }
        let added = try files.filter {
            try String(contentsOfFile: Self.features + "/definitions/" + $0, encoding: .utf8).contains("\nadded: ")
        }
        #expect(run.stdout.hasPrefix("Release 0.1 (read as 0.1.0): \(files.count - added.count) definitions exist, 0 known broken, 0 deprecated.\n"),
                "\(run.stdout.prefix(200))")
        #expect(run.stdout.contains("  large_team_days  Large team days in March 2024 (from the start)\n"))
        let json = try CLITests.run(["versions", "0.1", "--format", "json", "--project", Self.features])
        #expect(json.stdout.contains(#"{"id":"large_team_days","title":"Large team days in March 2024","added":null}"#))
        #expect(json.stdout.contains(#""after_current_version":false"#))
    }

    @Test func aReleaseAfterCurrentVersionSaysSoAndEmptySectionsAreLeftOut() throws {
        let run = try CLITests.run(["versions", "9.0", "--project", Self.insights])
        #expect(run.stdout.contains("Note: 9.0 is after current_version 5.5.0 in tally.yaml; what is known stops at 5.5.0"))
        #expect(!run.stdout.contains("Known broken"))
        #expect(!run.stdout.contains("Deprecated:"))
        #expect(run.stdout.contains("\n\nTrustworthy in this release:\n"))
        let json = try CLITests.run(["versions", "9.0", "--json", "--project", Self.insights])
        #expect(json.stdout.contains(#""after_current_version":true"#), "the old --json spelling still works")
    }

    @Test func anUpgradeListsWhatBreaksAndWhatIsFixedOnTheWay() throws {
        let run = try CLITests.run(["versions", "3.30..3.36", "--project", Self.insights])
        #expect(run.status == 0)
        // Every range that starts on the way is fixed by 3.36: said, so that "2 fixed" is not read as all there is.
        #expect(run.stdout.hasPrefix("Upgrade 3.30 → 3.36: 4 become broken on the way and are fixed again by 3.36, "
                                     + "2 broken at 3.30 are fixed, 0 broken after it, 3 added, 0 deprecated.\n"), "\(run.stdout)")
        #expect(run.stdout.contains("Becomes broken on the way:\n  additions_edits_removals_count  Additions count, edits count, and removals count\n"
                                    + "      broken 3.31-3.35.0: does not count backend insights; fixed by https://github.com/sourcegraph/sourcegraph/pull/25317\n"))
        #expect(run.stdout.contains("Fixed on the way:\n  page_views_count  Page views count\n      broken 3.30: "))
        #expect(run.stdout.contains("Added on the way:\n  series_counts  Series counts (added 3.34)\n"))
        #expect(!run.stdout.contains("Deprecated on the way"))
        let inside = try CLITests.run(["versions", "3.30..3.33", "--format", "json", "--project", Self.insights])
        #expect(inside.stdout.contains(#""broken_after":[{"id":"additions_edits_removals_count""#), "\(inside.stdout)")
    }

    /// A definition is counted once however many of its ranges an upgrade crosses, a reason written over several
    /// lines is said on one, and a release named as a series ("3.27", read as 3.27.0) says what breaks later in it.
    @Test func definitionsAreCountedOnceAndASeriesSaysWhatBreaksLaterInIt() throws {
        let project = try TestAndShowCommandTests.copy("code_insights", editing: "definitions/code_insights/hovers_count.yaml") {
            $0 + "broken:\n  - from: \"3.27.3\"\n    through: \"3.27\"\n    reason: |\n      first line\n\n      - a list\n"
                + "  - {from: \"3.28\", through: \"3.28.1\", reason: again, fix: \"#9\"}\n"
        }
        defer { try? FileManager.default.removeItem(at: project) }
        let upgrade = try CLITests.run(["versions", "3.26..3.29", "--project", project.path])
        #expect(upgrade.status == 0, "\(upgrade.stderr)")
        #expect(upgrade.stdout.hasPrefix("Upgrade 3.26 → 3.29: 1 becomes broken on the way and is fixed again by 3.29, "
                                         + "2 broken at 3.26 are fixed, "),
                "\(upgrade.stdout)")
        #expect(upgrade.stdout.contains("Becomes broken on the way:\n  hovers_count  Hovers count\n"
                                        + "      broken 3.27.3-3.27: first line - a list; fixed after 3.27, its pull request not recorded\n"
                                        + "      broken 3.28-3.28.1: again; fixed by https://github.com/sourcegraph/sourcegraph/pull/9\n"),
                "\(upgrade.stdout)")
        let series = try CLITests.run(["versions", "3.27", "--project", project.path])
        // Read as its first release, said in the heading (found by a new-user trial: said only where something
        // later in the series was broken).
        #expect(series.stdout.hasPrefix("Release 3.27 (read as 3.27.0): "), "\(series.stdout)")
        #expect(series.stdout.contains("Broken later in the 3.27 series (ask for the exact release):\n"
                                       + "  hovers_count  Hovers count\n      broken 3.27.3-3.27: first line - a list;"),
                "\(series.stdout)")
        #expect(series.stdout.contains("Trustworthy in this release:\n") && series.stdout.contains("  hovers_count  Hovers count (added"))
        let json = try CLITests.run(["versions", "3.27", "--format", "json", "--project", project.path])
        #expect(json.stdout.contains(#""broken_later_in_series":[{"id":"hovers_count","title":"Hovers count","range":"3.27.3-3.27""#),
                "\(json.stdout)")
        // An exact release is answered for itself alone.
        #expect(!(try CLITests.run(["versions", "3.27.0", "--project", project.path])).stdout.contains("read as"))
    }

    /// current_version is a series like any other bound: "5.5" allows 5.5.3, and 5.5.3 is not after it; a closed
    /// range without a fix was fixed all the same, and a fix written "#N" is given as its pull request's URL.
    @Test func currentVersionIsASeriesAndFixesAreLinks() throws {
        let project = try TestAndShowCommandTests.copy("code_insights", editing: "tally.yaml") {
            $0.replacingOccurrences(of: "current_version: \"5.5.0\"", with: "current_version: \"5.5\"")
        }
        defer { try? FileManager.default.removeItem(at: project) }
        let hovers = project.appendingPathComponent("definitions/code_insights/hovers_count.yaml")
        let text = try String(contentsOf: hovers, encoding: .utf8)
        try Data((text + "changes:\n  - {version: \"5.5.3\", description: Counts weekly, pr: \"#7\"}\n").utf8).write(to: hovers)
        // Built first: the change entry changes the docs, and a stale generated/ would fail the check on its own.
        let build = try CLITests.run(["build", "--project", project.path])
        #expect(build.status == 0, "\(build.stderr)")
        let check = try CLITests.run(["check", "--project", project.path])
        #expect(check.status == 0 && !check.stderr.contains("V005"), "\(check.stderr)")
        let inside = try CLITests.run(["versions", "5.5.3", "--project", project.path])
        #expect(inside.status == 0 && !inside.stdout.contains("Note:"), "\(inside.stdout)")
        let after = try CLITests.run(["versions", "5.6", "--project", project.path])
        #expect(after.stdout.contains("Note: 5.6 is after current_version 5.5 in tally.yaml"))
        let upgrade = try CLITests.run(["versions", "3.31..3.36", "--format", "json", "--project", project.path])
        #expect(upgrade.stdout.contains(#""from":"3.31","through":"3.35.0""#), "\(upgrade.stdout)")
        #expect(upgrade.stdout.contains(#""fix_url":"https://github.com/sourcegraph/sourcegraph/pull/"#), "\(upgrade.stdout)")
        let fixless = try CLITests.run(["versions", "3.35.0..3.35.1", "--project", project.path])
        #expect(fixless.stdout.contains("  first_time_insight_creators_count  First time insight creators count\n"
                                        + "      broken 3.31-3.35.0: doesn't handle backend insights, other bugs; fixed after "
                                        + "3.35.0, its pull request not recorded\n"), "\(fixless.stdout)")
        #expect(!fixless.stdout.contains("no fix yet"), "\(fixless.stdout)")
    }

    /// With errors in the definitions there is no answer, but `--format json` still prints its one document: every
    /// list empty, the errors in `diagnostics`; exit 1. Human output prints only the errors, on stderr.
    @Test func definitionErrorsStillGiveOneJSONDocument() throws {
        let project = try TestAndShowCommandTests.copy("features", editing: "definitions/growth/weekly_searches.yaml") {
            $0.replacingOccurrences(of: "\ntitle: ", with: "\ntitel: ")
        }
        defer { try? FileManager.default.removeItem(at: project) }
        for release in ["1.0", "0.9..1.0"] {
            let run = try CLITests.run(["versions", release, "--format", "json", "--project", project.path])
            #expect(run.status == 1)
            let document = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any],
                                         "\(release): \(run.stdout)")
            let problems = try #require(document["diagnostics"] as? [[String: Any]])
            #expect(problems.contains { $0["code"] as? String == "D001" && $0["severity"] as? String == "error"
                && ($0["file"] as? String)?.hasSuffix("weekly_searches.yaml") == true }, "\(problems)")
            let lists = release.contains("..") ? ["becomes_broken", "fixed", "broken_after", "added", "deprecated"]
                : ["existing", "known_broken", "deprecated"]
            for list in lists { #expect((document[list] as? [Any])?.isEmpty == true, "\(release): \(list)") }
            #expect(run.stderr.contains("error[D001]"))
            let human = try CLITests.run(["versions", release, "--project", project.path])
            #expect(human.status == 1 && human.stdout.isEmpty)
        }
        let clean = try CLITests.run(["versions", "1.0", "--format", "json", "--project", Self.features])
        #expect(clean.stdout.contains(#""diagnostics":[]"#))
    }

    @Test func aBadReleaseIsAUsageErrorOfVersions() throws {
        for argument in ["dev", "3.35..3.30", "3.30..", "1.2.3.4"] {
            let run = try CLITests.run(["versions", argument, "--project", Self.insights])
            #expect(run.status == 64, "\(argument)")
            #expect(run.stderr.contains("Usage: tally versions <release>"), "\(argument): \(run.stderr)")
            #expect(run.stdout.isEmpty)
        }
        let backwards = try CLITests.run(["versions", "3.35..3.30", "--project", Self.insights])
        #expect(backwards.stderr.hasPrefix("Error: '3.35..3.30': an upgrade goes from an earlier release to a later one"))
    }
}
