import Foundation
import Testing
@testable import TallyCore

/// Shifted inputs (`previous(id, n)` in formulas, `{definition, periods_ago}` in ratios) where the corpus and the
/// reference projects do not pin them: how the parser reads them, which inputs the query gets, diff and docs text.
@Suite struct PeriodOffsetTests {
    static func formula(_ expression: String) -> String {
        CompositionRulesTests.metric("{aggregate: formula, expression: \"\(expression)\"}", source: nil)
    }

    static func checked(_ expression: String) throws -> (CheckResult, CheckedView) {
        let result = CompositionRulesTests.check(["definitions/extra/growth.yaml": formula(expression)])
        let checked = try #require(result.checked, "\(PinnedDiagnosticsTests.lines(result.diagnostics.diagnostics))")
        return (result, try #require(checked.view("growth")))
    }

    @Test func previousTakesSpacesAndCountsOnePeriodWhenLeftOut() throws {
        let (_, view) = try Self.checked("base_users - previous( base_users ) + previous(base_users , 2)")
        #expect(view.definition.measure.inputReferences.map { "\($0.id.value) \($0.offset)" }
                    == ["base_users 0", "base_users 1", "base_users 2"])
        #expect(view.definition.measure.inputs.map(\.value) == ["base_users", "base_users", "base_users"])
    }

    @Test func aDefinitionNamedPreviousIsStillAnInput() {
        #expect(CompositionRulesTests.errors(["definitions/extra/growth.yaml": Self.formula("previous + 1")]) == [
            "definitions/extra/growth.yaml:5:44: error[R004]: no definition 'previous'",
        ])
    }

    @Test func anEmptyPreviousIsAnError() {
        #expect(CompositionRulesTests.errors(["definitions/extra/growth.yaml": Self.formula("previous()")]) == [
            "definitions/extra/growth.yaml:5:53: error[D011]: expression 'previous()': previous( takes a definition id "
                + "first: previous(id) for one period earlier or previous(id, periods) for a whole number of periods "
                + "from 1 to 1000",
        ])
    }

    /// The SQL of each dialect for a formula over weekly base_users.
    static func selects(_ expression: String) throws -> [(sql: any SQLDialect, select: String)] {
        let (_, view) = try checked(expression)
        return Dialect.allCases.map { ($0.sql, ViewBuilder(dialect: $0).select(for: view)) }
    }

    /// `period_start` moved `periods` weeks later, as a dialect writes it.
    static func shifted(_ sql: any SQLDialect, _ periods: Int) -> String {
        sql.shiftPeriods(sql.identifier("period_start"), by: periods, grain: .week) + " AS " + sql.identifier("period_start")
    }

    @Test func eachInputAndShiftIsOneInputOfTheQuery() throws {
        for (sql, select) in try Self.selects("(base_users - previous(base_users)) / previous(base_users)") {
            // base_users, and previous(base_users) once although it is written twice.
            #expect(select.contains(sql.identifier("_input_2") + " AS (\n    SELECT " + Self.shifted(sql, 1)))
            #expect(!select.contains("_input_3"))
            // The shifted input adds no week after the last one base_users has.
            #expect(select.contains(sql.identifier("_span") + " AS (\n    SELECT MIN(" + sql.identifier("period_start")
                                        + ") AS " + sql.identifier("first_period")))
            #expect(select.contains("FROM (\n        SELECT " + sql.identifier("period_start") + " FROM "
                                        + sql.identifier("_input_1") + "\n    ) AS " + sql.identifier("unshifted")))
        }
    }

    @Test func onlyShiftedInputsKeepAllTheirPeriods() throws {
        for (sql, select) in try Self.selects("previous(base_users) + previous(base_users, 52)") {
            #expect(select.contains(Self.shifted(sql, 1)) && select.contains(Self.shifted(sql, 52)))
            #expect(!select.contains("_span"))
        }
    }

    @Test func withoutShiftsTheQueryIsAsBefore() throws {
        for (sql, select) in try Self.selects("base_users - base_users") {
            #expect(!select.contains("_input_2") && !select.contains("_span") && !select.contains(Self.shifted(sql, 1)))
        }
    }

    @Test func diffTextShowsShifts() throws {
        let result = CompositionRulesTests.check([
            "definitions/extra/growth.yaml": Self.formula("base_users - previous(base_users)"),
            "definitions/extra/yearly.yaml": CompositionRulesTests.metric(
                "{aggregate: ratio, numerator: base_users, denominator: {definition: base_users, periods_ago: 52}}",
                source: nil),
        ])
        let catalog = try #require(result.checked?.catalog)
        let growth = DefinitionFields.flatten(try #require(catalog.definition("growth")))
        #expect(growth.first { $0.field == "measure.expression" }?.value == "(base_users - previous(base_users, 1))")
        let yearly = DefinitionFields.flatten(try #require(catalog.definition("yearly")))
        #expect(yearly.first { $0.field == "measure.numerator" }?.value == "base_users")
        #expect(yearly.first { $0.field == "measure.denominator" }?.value == "{definition: base_users, periods_ago: 52}")
    }

    @Test func docsSayHowManyPeriodsEarlier() {
        #expect(MarkdownEmitter.periodsEarlier(1, grain: .month) == "one month earlier")
        #expect(MarkdownEmitter.periodsEarlier(52, grain: .week) == "52 weeks earlier")
        #expect(MarkdownEmitter.periodsEarlier(7, grain: .day) == "7 days earlier")
    }

    /// `tally diff` reports a changed shift as a breaking change of the measure; `previous(x)` and
    /// `previous(x, 1)` are the same.
    @Test func tallyDiffReportsAChangedShift() throws {
        let (repo, project) = try DiffTests.repository()
        defer { try? FileManager.default.removeItem(at: repo) }
        try DiffTests.write(Self.formula("base_users - previous(base_users)"), "definitions/extra/growth.yaml", in: project)
        try DiffTests.git(repo, "add", "-A")
        try DiffTests.git(repo, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-m", "growth")
        try DiffTests.write(Self.formula("base_users - previous(base_users, 1)"), "definitions/extra/growth.yaml", in: project)
        #expect(try DiffTests.diff(project).stdout == "no definition changed since HEAD\n")
        try DiffTests.write(Self.formula("base_users - previous(base_users, 52)"), "definitions/extra/growth.yaml", in: project)
        let run = try DiffTests.diff(project)
        #expect(run.stdout.contains("    measure.expression (breaking): (base_users - previous(base_users, 1)) -> "
                                        + "(base_users - previous(base_users, 52))\n"), "\(run.stdout)")
    }
}
