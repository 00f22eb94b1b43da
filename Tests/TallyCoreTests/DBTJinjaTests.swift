import Testing
@testable import TallyCore

/// dbt renders every model as Jinja: only the source() and ref() calls tally writes may stay Jinja, whatever a
/// definition's text spells.
struct DBTJinjaTests {
    @Test func onlyTheCallsTallyWritesStayJinja() {
        let sql = "SELECT * FROM {{ ref('a') }} JOIN {{ source('tally', 'events') }}\n"
            + "WHERE name = '{{ ref(''a'') }}' AND path = '{% if x %}{# note #}'\n"
            + "AND other = {{ ref('ab') }} AND brace = '{x}' AND last = '{'"
        let calls: Set<Substring> = ["{{ ref('a') }}", "{{ source('tally', 'events') }}"]
        #expect(DBTEmitter.escapingJinja(sql, keeping: calls)
            == "SELECT * FROM {{ ref('a') }} JOIN {{ source('tally', 'events') }}\n"
            + "WHERE name = '{{ '{{' }} ref(''a'') }}' AND path = '{{ '{%' }} if x %}{{ '{#' }} note #}'\n"
            + "AND other = {{ '{{' }} ref('ab') }} AND brace = '{x}' AND last = '{'")
    }

    /// A unit test's inlined rows keep no Jinja at all.
    @Test func withNoCallsEveryDelimiterIsText() {
        #expect(DBTEmitter.escapingJinja("'{{ source(''tally'', ''events'') }}' {{") == "'{{ '{{' }} source(''tally'', ''events'') }}' {{ '{{' }}")
    }
}

/// What a definition's author writes reaches dbt's files as written: a unit test's rows are keyed by column names,
/// which may be anything, and dbt renders their values as Jinja.
@Suite struct DBTHostileNamesTests {
    @Test func keysThatAreNoNamesAreQuoted() throws {
        let names = ["uid: 7 #", "*star", "{{ 7*7 }}", "k: v #c", "true", "n*100", "+1", "plain_name", "require-dbt-version", "+schema"]
        let text = YAMLBlock.render(.object(names.map { ($0, .integer(1)) }))
        #expect(text.contains("\nplain_name: 1\nrequire-dbt-version: 1\n+schema: 1\n"), "\(text)")
        #expect(text.hasPrefix("\"uid: 7 #\": 1\n\"*star\": 1\n"), "\(text)")
        #expect(text.contains("\n\"+1\": 1\n"), "+1 unquoted is the number 1 to YAML: \(text)")
        var diagnostics = DiagnosticCollector()
        let loaded = try #require(YAMLLoader().load(SourceText(path: "m.yml", bytes: Array(text.utf8)), into: &diagnostics))
        #expect(!diagnostics.hasErrors, "\(diagnostics.diagnostics.map(\.message))")
        guard case .mapping(let entries) = loaded.content else { Issue.record("not a mapping"); return }
        #expect(entries.map(\.key.value) == names)
    }

    /// A given "{{ 6*7 }}" had reached the model as 42.
    @Test func unitTestTextIsNotJinja() {
        #expect(DBTEmitter.json(.string("{{ 6*7 }}")) == .string("{{ '{{' }} 6*7 }}"))
        #expect(DBTEmitter.json(.object([("a", .string("{% x %}"))])) == .string("{\"a\":\"{{ '{%' }} x %}\"}"))
        #expect(DBTEmitter.json(.integer(7)) == .integer(7))
    }
}
