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
