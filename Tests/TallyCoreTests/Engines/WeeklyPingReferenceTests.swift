import Foundation
import Testing
@testable import TallyCore

/// The Code Insights weekly pings (of the code_insights reference project) on PostgreSQL, with event_logs exactly as Sourcegraph defines it: for each week,
/// a view's rows summed over known_broken equal what a Sourcegraph-style weekly ping query computes over
/// [Monday 00:00 UTC, next Monday 00:00 UTC).
@Suite(.serialized) struct WeeklyPingReferenceTests {
    static let weeks = ["2021-06-07", "2021-06-14", "2021-06-21"]

    /// Per ping: the reference query (with $W for the week's Monday) and the same figures read from the view.
    static let pings: [(id: String, reference: String, view: String)] = [
        ("additions_edits_removals_count",
         """
         SELECT name, argument ->> 'insightType', COUNT(*) FROM event_logs
         WHERE name IN ('InsightAddition', 'InsightEdit', 'InsightRemoval') AND \(window) GROUP BY 1, 2
         """,
         "SELECT name, insight_type, SUM(value) FROM additions_edits_removals_count WHERE \(period) GROUP BY 1, 2"),
        ("hovers_count",
         "SELECT argument ->> 'insightType', COUNT(*) FROM event_logs WHERE name = 'InsightHover' AND \(window) GROUP BY 1",
         "SELECT insight_type, SUM(value) FROM hovers_count WHERE \(period) GROUP BY 1"),
        ("ui_customizations_count",
         "SELECT argument ->> 'insightType', COUNT(*) FROM event_logs WHERE name = 'InsightUICustomization' AND \(window) GROUP BY 1",
         "SELECT insight_type, SUM(value) FROM ui_customizations_count WHERE \(period) GROUP BY 1"),
        ("data_point_clicks_count",
         "SELECT argument ->> 'insightType', COUNT(*) FROM event_logs WHERE name = 'InsightDataPointClick' AND \(window) GROUP BY 1",
         "SELECT insight_type, SUM(value) FROM data_point_clicks_count WHERE \(period) GROUP BY 1"),
        ("page_views_count",
         "SELECT COUNT(*) FROM event_logs WHERE name = 'ViewInsights' AND \(window) HAVING COUNT(*) > 0",
         "SELECT SUM(value) FROM page_views_count WHERE \(period) HAVING SUM(value) > 0"),
        ("unique_page_views_count",
         """
         SELECT COUNT(DISTINCT user_id) FROM event_logs
         WHERE name = 'ViewInsights' AND user_id <> 0 AND anonymous_user_id <> 'backend' AND \(window)
         HAVING COUNT(*) > 0
         """,
         "SELECT SUM(value) FROM unique_page_views_count WHERE \(period) HAVING SUM(value) > 0"),
        ("creation_funnels",
         """
         SELECT name, COUNT(*) FROM event_logs WHERE name IN ('ViewCodeInsightsCreationPage',
           'CodeInsightsCreateSearchBasedInsightClick', 'CodeInsightsSearchBasedCreationPageSubmitClick',
           'CodeInsightsExploreInsightExtensionsClick') AND \(window) GROUP BY 1
         """,
         """
         SELECT name, SUM(value) FROM creation_funnels WHERE \(period) AND name IN ('ViewCodeInsightsCreationPage',
           'CodeInsightsCreateSearchBasedInsightClick', 'CodeInsightsSearchBasedCreationPageSubmitClick',
           'CodeInsightsExploreInsightExtensionsClick') GROUP BY 1
         """),
        ("landing_page_events",
         """
         SELECT name, COUNT(DISTINCT CASE WHEN user_id <> 0 THEN 'u' || user_id ELSE 'a' || anonymous_user_id END)
         FROM event_logs WHERE name IN ('ViewInsightsGetStartedPage', 'InsightsGetStartedTabClick')
           AND anonymous_user_id <> 'backend' AND \(window) GROUP BY 1
         """,
         """
         SELECT name, SUM(value) FROM landing_page_events
         WHERE \(period) AND name IN ('ViewInsightsGetStartedPage', 'InsightsGetStartedTabClick') GROUP BY 1
         """),
        ("first_time_insight_creators_count",
         """
         WITH firsts AS (SELECT user_id, MIN("timestamp") AS first_time FROM event_logs
                         WHERE name = 'InsightAddition' AND user_id <> 0 AND anonymous_user_id <> 'backend'
                         GROUP BY user_id)
         SELECT COUNT(*) FROM firsts
         WHERE first_time >= TIMESTAMPTZ '$W 00:00:00+00' AND first_time < TIMESTAMPTZ '$W 00:00:00+00' + INTERVAL '7 days'
         HAVING COUNT(*) > 0
         """,
         "SELECT SUM(value) FROM first_time_insight_creators_count WHERE \(period) HAVING SUM(value) > 0"),
    ]

    static let window = "\"timestamp\" >= TIMESTAMPTZ '$W 00:00:00+00' AND \"timestamp\" < TIMESTAMPTZ '$W 00:00:00+00' + INTERVAL '7 days'"
    static let period = "period_start = DATE '$W'"

    static let events = ["InsightAddition", "InsightEdit", "InsightRemoval", "InsightHover", "InsightUICustomization",
                         "InsightDataPointClick", "ViewInsights", "ViewCodeInsightsCreationPage",
                         "CodeInsightsCreateSearchBasedInsightClick", "CodeInsightsSearchBasedCreationPageSubmitClick",
                         "CodeInsightsExploreInsightExtensionsClick", "ViewInsightsGetStartedPage",
                         "InsightsGetStartedTabClick", "SearchSubmitted"]
    static let versions = ["3.25.0", "3.26.7", "3.30.4", "3.31.0", "3.33.1", "v3.35.0", "3.35.1", "3.40.2",
                           "0.0.0+dev", "dev", "255601_2023-11-20_5.2-abc123def456"]
    static let types = ["SearchBased", "LangStats", "CaptureGroup", "it's \"quoted\""]

    /// 4,000 rows over three weeks and their edges, from a fixed-seed generator so every run sees the same data.
    static func rows() -> [String] {
        var seed: UInt64 = 0x5EED
        func next(_ bound: Int) -> Int {
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            return Int((seed >> 33) % UInt64(bound))
        }
        let start = 1_623_024_000  // 2021-06-07T00:00:00Z, a Monday
        var rows: [String] = []
        for index in 0..<4000 {
            // Some rows sit exactly on week edges: the last second of a Sunday and Monday midnight.
            let edges = [start - 1, start, start + 7 * 86400 - 1, start + 7 * 86400, start + 21 * 86400 - 1, start + 21 * 86400]
            let seconds = index % 50 == 0 ? edges[next(edges.count)] : start - 86400 + next(23 * 86400)
            let backend = next(20) == 0
            let registered = !backend && next(5) > 0
            let user = registered ? 1 + next(60) : 0
            let anonymous = backend ? "backend" : (registered ? "" : "anon-\(next(30))")
            let argument = next(4) == 0 ? "{}" : "{\"insightType\": \"\(types[next(types.count)].replacingOccurrences(of: "\"", with: "\\\""))\"}"
            let date = Date(timeIntervalSince1970: TimeInterval(seconds))
            let formatter = ISO8601DateFormatter()
            rows.append("('\(events[next(events.count)])', '', \(user), '\(anonymous)', '\(backend ? "BACKEND" : "WEB")', "
                        + "'\(argument.replacingOccurrences(of: "'", with: "''"))', '\(versions[next(versions.count)])', "
                        + "'\(formatter.string(from: date))')")
        }
        return rows
    }

    @Test(.enabled(if: EngineRegistry.postgresServer != nil || EngineEnvironment.required))
    func viewsSummedOverKnownBrokenEqualTheWeeklyPingQueries() throws {
        let engine = try #require(EngineRegistry.postgresServer, "scripts/test starts PostgreSQL")
        let catalog = try #require(Compiler.check(ProjectReader(root: TestFiles.referenceProject("code_insights")).read()).checked)
        let database = "weekly_pings"
        _ = try engine.psql("DROP DATABASE IF EXISTS \(database);\nCREATE DATABASE \(database);\n")
        let ddl = try String(contentsOf: TestFiles.folder.appendingPathComponent("Fixtures/sourcegraph_event_logs.sql"),
                             encoding: .utf8)
        let insert = "INSERT INTO event_logs (name, url, user_id, anonymous_user_id, source, argument, version, \"timestamp\") VALUES\n"
            + Self.rows().joined(separator: ",\n") + ";\n"
        let builder = ViewBuilder(dialect: EngineRegistry.postgresDialect)
        let views = try Self.pings.map { ping -> String in
            SQLEmitter.createView(try #require(catalog.view(ping.id)), builder: builder)
        }.joined(separator: "\n")
        _ = try engine.onDatabase(database).psql(ddl + insert + views + "ANALYZE event_logs;\n")

        var compared = 0
        for week in Self.weeks {
            for ping in Self.pings {
                let reference = try engine.onDatabase(database)
                    .psql(ping.reference.replacingOccurrences(of: "$W", with: week) + ";\n")
                let fromView = try engine.onDatabase(database).psql(ping.view.replacingOccurrences(of: "$W", with: week) + ";\n")
                let sort: ([[String?]]) -> [String] = { $0.map { $0.map { $0 ?? "NULL" }.joined(separator: "|") }.sorted() }
                #expect(sort(fromView) == sort(reference), "\(ping.id), week of \(week)")
                #expect(!reference.isEmpty, "\(ping.id), week of \(week): the data set exercises nothing")
                compared += reference.count
            }
        }
        #expect(compared > 50)
    }
}
