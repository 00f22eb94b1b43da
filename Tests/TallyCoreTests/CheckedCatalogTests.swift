import Foundation
import Testing
@testable import TallyCore

/// The catalog renderers read: made only when validation found no errors, with every reference resolved.
@Suite struct CheckedCatalogTests {
    static let base: [String: String] = [
        "tally.yaml": """
            current_version: "5.5.0"
            repository: "https://github.com/example/product"
            dialects: [postgres, sqlite]
            links:
              event_code: "https://example.com/search?q={event}"
              pull_request: "https://github.com/example/product/pull/{number}"
            """,
        "definitions/sources/event_logs.yaml": """
            table: event_logs
            description: One row per event.
            timestamp: timestamp
            event_name: name
            identity: {user_id: user_id}
            columns:
              name: {type: text, classification: public}
              user_id: {type: integer, classification: pseudonymous}
              timestamp: {type: timestamp, classification: public}
            """,
        "definitions/core/group.yaml": "title: Core\nintroduction: Core metrics.\n",
        "definitions/core/views.yaml": """
            kind: metric
            title: Views
            definition: Views per day.
            rationale: Volume.
            source: {table: event_logs}
            events: [View]
            measure: {aggregate: count, grain: day}
            """,
        "definitions/core/viewers.yaml": """
            kind: metric
            title: Viewers
            definition: People who viewed per day.
            rationale: Reach.
            source: {table: event_logs}
            events: [View]
            measure: {aggregate: unique_users, grain: day}
            """,
        // Sorted before its inputs by id, so dependency order differs from catalog order.
        "definitions/core/a_views_per_viewer.yaml": """
            kind: metric
            title: Views per viewer
            definition: Views divided by viewers, per month.
            rationale: Depth.
            measure: {aggregate: formula, expression: "views / viewers + views / viewers", grain: month}
            """,
    ]

    static func check(_ files: [String: String]) -> CheckResult {
        Compiler.check(ProjectFiles.fromMemory(files.mapValues { [UInt8]($0.utf8) }))
    }

    @Test func inputsComeFirstEachOnceWithTheirGrainAndShape() throws {
        let result = Self.check(Self.base)
        let checked = try #require(result.checked, "\(result.diagnostics.sorted())")
        #expect(checked.viewsByGroup.map(\.id) == ["a_views_per_viewer", "viewers", "views"])
        #expect(checked.views.map(\.id) == ["views", "viewers", "a_views_per_viewer"])
        let formula = try #require(checked.view("a_views_per_viewer"))
        guard case .inputs(let inputs) = formula.reads else {
            Issue.record("a formula reads its inputs")
            return
        }
        #expect(inputs.map(\.id) == ["views", "viewers"])
        #expect(formula.withInputs.map(\.id) == ["views", "viewers", "a_views_per_viewer"])
        #expect(formula.grain == .month)
        #expect(formula.shape == [ViewColumn("period_start", .date), ViewColumn("known_broken", .boolean),
                                  ViewColumn("value", .float)])
    }

    @Test func noCheckedCatalogWhenThereAreErrors() throws {
        var files = Self.base
        files["definitions/core/viewers.yaml"] = nil
        let result = Self.check(files)
        #expect(result.diagnostics.hasErrors)
        #expect(result.catalog != nil)
        #expect(result.checked == nil)
        // Resolving what validation refused names the definition and the missing piece instead of rendering it.
        switch CheckedCatalog.resolve(try #require(result.catalog)) {
        case .success: Issue.record("a formula over a missing input resolved")
        case .failure(let unresolved):
            #expect(unresolved.definition.id.value == "a_views_per_viewer")
            #expect(unresolved.missing == "input 'viewers'")
            let rendered = DiagnosticRenderer(format: .human, sources: result.texts).render([unresolved.diagnostic])
            #expect(rendered.hasPrefix("definitions/core/a_views_per_viewer.yaml:5:22: error[R008]: tally cannot "
                                       + "resolve input 'viewers' of 'a_views_per_viewer' although every rule passed; "
                                       + "this is a bug in tally, please report it\n"))
        }
    }
}
