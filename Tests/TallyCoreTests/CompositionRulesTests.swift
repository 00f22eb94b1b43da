import Foundation
import Testing
@testable import TallyCore

/// R009-R012 where the corpus cannot reach them (a case is one file; these need inputs of their own), each pinned to
/// its code, file:line:column and message, and the combinations the rules let through.
@Suite struct CompositionRulesTests {
    /// A metric over event_logs of the corpus base project, or a derived one when `source` is nil.
    static func metric(_ measure: String, source: String? = "event_logs") -> String {
        """
        kind: metric
        title: A metric
        definition: d.
        rationale: r.
        \(source.map { "source: {table: \($0)}\nevents: [InsightAddition]\n" } ?? "")measure: \(measure)

        """
    }

    static let typedSource = """
        table: typed_events
        description: Events with a numeric insight type.
        timestamp: timestamp
        event_name: name
        columns:
          name: {type: text, classification: public}
          insight_type: {type: integer, classification: public}
          timestamp: {type: timestamp, classification: public}

        """

    static func check(_ extra: [String: String]) -> CheckResult {
        var files = CorpusTests.base
        for (path, text) in extra { files[path] = Array(text.utf8) }
        return Compiler.check(ProjectFiles.fromMemory(files))
    }

    static func errors(_ extra: [String: String]) -> [String] {
        PinnedDiagnosticsTests.lines(check(extra).diagnostics.diagnostics).filter { $0.contains(": error[") }
    }

    @Test func weeklyInputsStartingOnDifferentDays() {
        #expect(Self.errors([
            "definitions/extra/sunday_users.yaml": Self.metric("{aggregate: unique_users, grain: week, week_start: sunday}"),
            "definitions/extra/mixed.yaml": Self.metric("{aggregate: formula, expression: \"base_users - sunday_users\", grain: month}", source: nil),
        ]) == [
            "definitions/extra/mixed.yaml:5:57: error[R009]: input 'sunday_users' counts weeks starting sunday, but "
                + "input 'base_users' counts weeks starting monday: their periods would not line up; give the formula "
                + "and its weekly inputs the same week_start",
        ])
    }

    @Test func inputsWhoseDaysAreOfDifferentZones() {
        #expect(Self.errors([
            "definitions/extra/pacific.yaml": Self.metric("{aggregate: count, grain: day, time_zone: America/Los_Angeles}"),
            "definitions/extra/utc.yaml": Self.metric("{aggregate: count, grain: day}"),
            "definitions/extra/mixed.yaml": Self.metric("{aggregate: formula, expression: \"utc - pacific\"}", source: nil),
        ]) == [
            "definitions/extra/mixed.yaml:5:50: error[R009]: input 'pacific' counts America/Los_Angeles days, but "
                + "input 'utc' counts UTC days: their periods would not line up; give the formula's inputs the same "
                + "time_zone",
        ])
    }

    @Test func zonesDoNotMatterForATotal() {
        #expect(Self.errors([
            "definitions/extra/pacific.yaml": Self.metric("{aggregate: count, grain: day, time_zone: America/Los_Angeles}"),
            "definitions/extra/utc.yaml": Self.metric("{aggregate: count, grain: day}"),
            "definitions/extra/all_time.yaml": Self.metric("{aggregate: formula, expression: \"utc - pacific\", grain: total}", source: nil),
        ]).isEmpty)
    }

    @Test func aDailyInputTakesTheResultsWeeks() throws {
        // A ratio without week_start takes its weekly input's Sunday weeks, and buckets the daily input into them.
        let result = Self.check([
            "definitions/extra/sunday_users.yaml": Self.metric("{aggregate: unique_users, grain: week, week_start: sunday}"),
            "definitions/extra/daily.yaml": Self.metric("{aggregate: count, grain: day}"),
            "definitions/extra/per_user.yaml": Self.metric("{aggregate: ratio, numerator: daily, denominator: sunday_users}", source: nil),
        ])
        #expect(!result.diagnostics.hasErrors, "\(PinnedDiagnosticsTests.lines(result.diagnostics.diagnostics))")
        let view = try #require(result.checked?.view("per_user"))
        #expect(view.grain == .week)
        #expect(view.weekStart == .sunday)
    }

    @Test func aStatedWeekStartAgainstAWeeklyInput() {
        #expect(Self.errors([
            "definitions/extra/daily.yaml": Self.metric("{aggregate: count, grain: day}"),
            "definitions/extra/per_user.yaml": Self.metric("""

                  aggregate: ratio
                  numerator: daily
                  denominator: base_users
                  grain: week
                  week_start: sunday
                """, source: nil),
        ]) == [
            "definitions/extra/per_user.yaml:8:16: error[R009]: input 'base_users' counts weeks starting monday, but "
                + "this ratio counts weeks starting sunday (its week_start): their periods would not line up; give "
                + "the ratio and its weekly inputs the same week_start",
        ])
    }

    @Test func aGrainFinerThanSeveralInputs() {
        #expect(Self.errors([
            "definitions/extra/monthly.yaml": Self.metric("{aggregate: count, grain: month}"),
            "definitions/extra/daily_share.yaml": Self.metric("{aggregate: formula, expression: \"monthly / base_users\", grain: day}", source: nil),
        ]) == [
            "definitions/extra/daily_share.yaml:5:74: error[R010]: grain day is finer than inputs 'monthly' (grain "
                + "month) and 'base_users' (grain week): each of their periods would give a value on one day and none "
                + "on the others; use grain month or coarser, or leave grain out to take the coarsest input's",
        ])
    }

    @Test func groupColumnsOfDifferentTypes() {
        #expect(Self.errors([
            "definitions/sources/typed_events.yaml": Self.typedSource,
            "definitions/extra/typed.yaml": Self.metric("{aggregate: count, grain: week, group_by: [insight_type]}",
                                                        source: "typed_events"),
            "definitions/extra/by_type.yaml": Self.metric("{aggregate: ratio, numerator: base_count, denominator: typed}", source: nil),
        ]) == [
            "definitions/extra/by_type.yaml:5:65: error[R011]: group column 'insight_type' is integer in input "
                + "'typed' but text in 'base_count'; inputs are joined on their group columns, which must have the "
                + "same type",
        ])
    }

    @Test func anSQLInputsOtherColumnsAreGroupColumns() throws {
        let seats = Self.metric("""

              aggregate: sql
              grain: week
              columns: {period_start: date, insight_type: text, known_broken: boolean, value: integer}
              queries:
                postgres: SELECT 1
                sqlite: SELECT 1
                bigquery: SELECT 1
            """, source: "event_logs").replacingOccurrences(of: "events: [InsightAddition]\n", with: "")
        let result = Self.check([
            "definitions/extra/seats.yaml": seats,
            "definitions/extra/joined.yaml": Self.metric("{aggregate: formula, expression: \"base_count + seats\"}", source: nil),
            "definitions/extra/summed.yaml": Self.metric("{aggregate: formula, expression: \"base_users + seats\"}", source: nil),
        ])
        #expect(PinnedDiagnosticsTests.lines(result.diagnostics.diagnostics).filter { $0.contains(": error[") } == [
            "definitions/extra/summed.yaml:5:57: error[R011]: input 'seats' is grouped by insight_type, but "
                + "'base_users' by nothing; the inputs of a formula must have the same group columns, or each would "
                + "be summed over the ones the others lack",
        ])
        #expect(result.catalog?.groupColumns(of: try #require(result.catalog?.definition("joined"))) == ["insight_type"])
    }

    @Test func inputsWithoutAValuePerPeriod() {
        let undated = Self.metric("""

              aggregate: sql
              columns: {known_broken: boolean, value: integer}
              queries:
                postgres: SELECT 1
                sqlite: SELECT 1
                bigquery: SELECT 1
            """).replacingOccurrences(of: "events: [InsightAddition]\n", with: "")
        #expect(Self.errors([
            "definitions/extra/kept.yaml": Self.metric("{aggregate: retention, cohort_events: [InsightAddition], weeks: [1]}"),
            "definitions/extra/undated.yaml": undated,
            "definitions/extra/growth.yaml": Self.metric("{aggregate: growth_accounting, grain: month}"),
            "definitions/extra/kept_share.yaml": Self.metric("{aggregate: formula, expression: \"kept + undated + growth\"}", source: nil),
        ]) == [
            "definitions/extra/kept_share.yaml:5:44: error[R012]: input 'kept' is a retention, whose view has a rate "
                + "per cohort and week, not a value per period",
            "definitions/extra/kept_share.yaml:5:51: error[R012]: input 'undated' is an sql measure without a grain, "
                + "so its periods cannot be put into the formula's; give it the grain of its period_start (or total)",
            "definitions/extra/kept_share.yaml:5:61: error[R012]: input 'growth' is a growth accounting, whose view "
                + "has a value per period and category, not one per period",
        ])
    }

    @Test func inputsGroupedAlikeAndWeeksAlike() {
        // The same group columns in another order, a JSON field against a text column of its name, weekly inputs
        // of a monthly result that start on the same day: all joinable.
        #expect(Self.errors([
            "definitions/extra/by_type_and_source.yaml": Self.metric(
                "{aggregate: count, grain: week, group_by: [source, argument.insightType]}"),
            "definitions/extra/by_source_and_type.yaml": Self.metric(
                "{aggregate: unique_users, grain: week, group_by: [argument.insightType, source]}"),
            "definitions/extra/monthly_share.yaml": Self.metric(
                "{aggregate: ratio, numerator: by_type_and_source, denominator: by_source_and_type, grain: month}",
                source: nil),
        ]) == [])
    }
}
