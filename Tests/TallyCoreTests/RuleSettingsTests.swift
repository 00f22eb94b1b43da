import Testing
@testable import TallyCore

/// tally.yaml's `rules` and a definition's `no_lint`: warnings can be raised or silenced, errors never.
@Suite struct RuleSettingsTests {
    static func project(rules: String = "", extra: [String: String] = [:]) -> [String: String] {
        let ping = { (title: String, lint: String) in
            """
            kind: ping
            title: \(title)
            type: frontend_event
            definition: Counts hovers.
            rationale: Shows how rules are configured.
            source: {table: event_logs}
            events: [Hover]
            measure: {aggregate: count, grain: week}
            added: "3.25"
            broken:
              - {from: "3.30", reason: not logged on desktop}
            \(lint)
            """
        }
        return [
            "tally.yaml": """
                current_version: "5.5.0"
                repository: "https://github.com/example/product"
                dialects: [sqlite]
                links:
                  event_code: "https://example.com/search?q={event}"
                  pull_request: "https://github.com/example/product/pull/{number}"
                \(rules)
                """,
            "definitions/sources/event_logs.yaml": """
                table: event_logs
                description: One row per event.
                timestamp: occurred_at
                event_name: event
                version: app_version
                columns:
                  event: {type: text, classification: public}
                  app_version: {type: text, classification: public}
                  occurred_at: {type: timestamp, classification: public}
                """,
            "definitions/core/group.yaml": "title: Core\nintroduction: Core pings.\n",
            "definitions/core/hovers.yaml": ping("Hovers", ""),
            "definitions/core/quiet_hovers.yaml": ping("Quiet hovers", """
                no_lint:
                  - {rule: V008, reason: Desktop will never log hovers; the range stays open on purpose.}
                """),
        ].merging(extra) { _, new in new }
    }

    static func diagnostics(_ files: [String: String]) -> [String] {
        let result = Compiler.check(ProjectFiles.fromMemory(files.mapValues { [UInt8]($0.utf8) }))
        return result.diagnostics.sorted().map { "\($0.span.file):\($0.span.start.line):\($0.span.start.column): \($0.severity.rawValue)[\($0.code.rawValue)]: \($0.message)" }
    }

    @Test func noLintSilencesAWarningInItsDefinitionOnly() {
        let found = Self.diagnostics(Self.project())
        #expect(found.count == 1, "\(found)")
        #expect(found.first?.hasPrefix("definitions/core/hovers.yaml:11:12: warning[V008]: broken range 3.30 and later is open") == true)
    }

    /// An entry that silences nothing check reports is said, so that it does not hide the warning's return; one for
    /// a warning of tally diff or tally import is left alone, and tally.yaml can turn D015 off.
    @Test func aNoLintEntryThatSilencesNothingIsSaid() {
        var stale = Self.project()
        stale["definitions/core/quiet_hovers.yaml"]! += "\n  - {rule: V006, reason: every range has a reason now}\n"
            + "  - {rule: C009, reason: ranges narrowed on purpose}\n"
        let found = Self.diagnostics(stale).filter { $0.contains("quiet_hovers") }
        #expect(found == ["definitions/core/quiet_hovers.yaml:14:12: warning[D015]: no_lint silences V006, but this "
                              + "definition has no V006 warning; remove the entry, so that a new one is seen"], "\(found)")
        var off = stale
        off["tally.yaml"] = Self.project(rules: "rules: {D015: off}")["tally.yaml"]
        #expect(Self.diagnostics(off).filter { $0.contains("quiet_hovers") }.isEmpty)
    }

    @Test func aProjectRaisesOrTurnsOffAWarning() {
        let raised = Self.diagnostics(Self.project(rules: "rules: {V008: error}"))
        #expect(raised == raised.filter { $0.contains("error[V008]") } && raised.count == 1, "\(raised)")
        #expect(Self.diagnostics(Self.project(rules: "rules: {V008: off}")).isEmpty)
    }

    @Test func errorsCannotBeLoweredOrSilenced() {
        let lowered = Self.diagnostics(Self.project(rules: "rules: {R002: warning, P001: off, V99: off, V06: off}"))
        #expect(lowered.contains("tally.yaml:7:15: error[D012]: R002 is an error: tally cannot produce views it can vouch for past it, so it cannot be lowered or silenced (only warnings can be raised to errors or turned off)"), "\(lowered)")
        #expect(lowered.contains("tally.yaml:7:30: error[D012]: P001 protects data classified private or restricted; it cannot be lowered or silenced"), "\(lowered)")
        #expect(lowered.contains { $0.hasPrefix("tally.yaml:7:35: error[D005]: 'V99' is not a rule code; `tally rules` lists them") }, "\(lowered)")
        #expect(lowered.contains("tally.yaml:7:45: error[D005]: 'V06' is not a rule code; did you mean 'V006'?"), "\(lowered)")
        let silenced = Self.diagnostics(Self.project(extra: ["definitions/core/quiet_hovers.yaml": """
            kind: ping
            title: Quiet hovers
            type: frontend_event
            definition: Counts hovers.
            rationale: Shows that errors cannot be silenced.
            source: {table: event_logs}
            events: [Hover]
            measure: {aggregate: count, grain: week}
            added: "3.25"
            no_lint:
              - {rule: P001, reason: we need it}
              - {rule: V006}
            """]))
        #expect(silenced.contains("definitions/core/quiet_hovers.yaml:11:12: error[D012]: P001 protects data classified private or restricted; it cannot be lowered or silenced"), "\(silenced)")
        #expect(silenced.contains("definitions/core/quiet_hovers.yaml:12:6: error[D002]: a 'no_lint' entry is missing required key 'reason'"), "\(silenced)")
    }
}
