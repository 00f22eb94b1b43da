import Foundation
import Testing
@testable import TallyCore

/// The Swift fixtures compile whatever the project's names: EventName's cases and each group's fixtures name are
/// unique, and EventName compiles with no case at all. Each of these had passed `tally check` and made fixtures
/// that swiftc refused.
@Suite struct SwiftNamesTests {
    @Test func eventCaseNamesAreUniqueAndAvoidTheEnumsOwnNames() {
        #expect(EventCaseNames.identifiers(for: ["A", "a", "a2"]) == ["`a`", "`a3`", "`a2`"])
        #expect(EventCaseNames.identifiers(for: ["PageView", "PageView2", "pageView"])
                    == ["`pageView`", "`pageView2`", "`pageView3`"])
        #expect(EventCaseNames.identifiers(for: ["InsightHover2", "insightHover2"]) == ["`insightHover2`", "`insightHover2_2`"])
        #expect(EventCaseNames.identifiers(for: ["_", "_2", "__"]) == ["`_`", "`_2`", "`_3`"])
        #expect(EventCaseNames.identifiers(for: ["AllCases", "all_cases", "rawValue"])
                    == ["`allCases2`", "`allCases3`", "`rawValue2`"])
    }

    /// A test that uses `.searchSubmitted` goes on meaning "SearchSubmitted" when "Search-Submitted" is added: it
    /// had become that one's case, and "SearchSubmitted" `.searchSubmitted2`.
    @Test func anAddedEventLeavesTheCaseOfANameThatIsItsOwn() {
        #expect(EventCaseNames.identifiers(for: ["SearchSubmitted"]) == ["`searchSubmitted`"])
        #expect(EventCaseNames.identifiers(for: ["Search-Submitted", "SearchSubmitted"])
                    == ["`searchSubmitted2`", "`searchSubmitted`"])
        // Of two lossless names, the first in byte order keeps it: PascalCase, as most event names are written.
        #expect(EventCaseNames.identifiers(for: ["InsightHover", "insightHover"]) == ["`insightHover`", "`insightHover2`"])
    }

    static func project(events: String, groups: [String] = ["core"]) -> [String: String] {
        var files = CheckedCatalogTests.base.filter { !$0.key.hasPrefix("definitions/core/") }
        for group in groups {
            files["definitions/\(group)/group.yaml"] = "title: \(group)\nintroduction: The \(group) page.\n"
            files["definitions/\(group)/\(group)_views.yaml"] = """
                kind: metric
                title: Views of \(group)
                definition: Views per day.
                rationale: Volume.
                source: {table: event_logs}
                events: \(events)
                measure: {aggregate: count, grain: day}
                examples:
                  - name: one view
                    given:
                      event_logs:
                        - {name: View, user_id: 1, timestamp: "2024-01-01T10:00:00Z"}
                    expect:
                      - {period_start: "2024-01-01", known_broken: null, value: 1}
                """
        }
        return files
    }

    /// swiftc's verdict on a project's generated/swift/.
    /// `using`: Swift code of an app's test, typechecked with them.
    static func typecheck(_ files: [String: String], using: String = "") throws -> (status: Int32, stderr: String) {
        let result = CheckedCatalogTests.check(files)
        #expect(!result.diagnostics.hasErrors, "\(result.diagnostics.sorted().map(\.message))")
        let catalog = try #require(result.checked)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tally-swift-names-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        var sources: [String] = []
        for file in Generator.files(for: catalog) where file.path.hasPrefix("swift/") {
            let url = folder.appendingPathComponent(file.path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try file.contents.write(to: url, atomically: false, encoding: .utf8)
            sources.append(url.path)
        }
        if !using.isEmpty {
            let url = folder.appendingPathComponent("Using.swift")
            try ("func use() {\n" + using + "\n    _ = (names, parsed)\n}\n").write(to: url, atomically: false, encoding: .utf8)
            sources.append(url.path)
        }
        let run = try Subprocess.run("/usr/bin/env", ["swiftc", "-typecheck"] + sources.sorted(), input: "")
        return (run.status, run.stderr)
    }

    @Test func eventNamesThatMakeOneCaseNameCompile() throws {
        let names = "[View, PageView, pageView, PageView2, all_cases, Search-Submitted, SearchSubmitted]"
        let files = Self.project(events: names)
        let catalog = try #require(CheckedCatalogTests.check(files).checked)
        let eventName = try #require(Generator.files(for: catalog).first { $0.path == "swift/EventName.swift" }).contents
        #expect(eventName.contains("    case `searchSubmitted` = \"SearchSubmitted\"\n"))
        #expect(eventName.contains("    case `allCases2` = \"all_cases\"\n"))
        let (status, stderr) = try Self.typecheck(files)
        #expect(status == 0, "swiftc: \(stderr.prefix(2000))")
    }

    /// With no case it is still what a raw-valued enum is (RawRepresentable, CaseIterable, Hashable), so that an
    /// app's test code compiles whether or not its project has an exact event name.
    @Test func eventNameCompilesWithoutACase() throws {
        let (status, stderr) = try Self.typecheck(Self.project(events: "[\"View*\"]"), using: """
            let names: Set<EventName> = Set(EventName.allCases)
            let parsed = EventName(rawValue: "View").map(\\.rawValue)
            """)
        #expect(status == 0, "swiftc: \(stderr.prefix(2000))")
    }

    @Test func twoGroupsThatMakeOneSwiftNameAreAnError() {
        let files = Self.project(events: "[View]", groups: ["search_v2", "search_v_2"])
        let result = CheckedCatalogTests.check(files)
        let errors = result.diagnostics.sorted().filter { $0.severity == .error }
        #expect(errors.map(\.code) == [.duplicateName])
        #expect(errors.first?.span.file == "definitions/search_v_2/group.yaml")
        #expect(errors.first?.message == "group folders 'search_v2' and 'search_v_2' make one Swift name, searchV2, for "
                    + "their fixtures (generated/swift/Fixtures/); rename one folder")
    }
}
