import Testing
@testable import TallyCore

/// How a hand-written query's tables are put as dbt and inlined examples name them: only real references, after
/// FROM or JOIN, keeping the query's own aliases.
@Suite struct TableReferencesTests {
    static func replaced(_ query: String, _ table: String = "events") -> String {
        TableReferences.replacing(table, in: query) { alias in "<src AS \(alias ?? "\"events\"")>" }
    }

    @Test(arguments: [
        ("SELECT * FROM events WHERE name <> 'from events'", "SELECT * FROM <src AS \"events\"> WHERE name <> 'from events'"),
        ("SELECT e.id FROM events AS e JOIN Events e2 ON e.id = e2.id",
         "SELECT e.id FROM <src AS e> JOIN <src AS e2> ON e.id = e2.id"),
        ("SELECT 1 FROM events\nWHERE x", "SELECT 1 FROM <src AS \"events\">\nWHERE x"),
        ("SELECT 1 FROM events AS \"E\" LEFT JOIN t ON 1 = 1", "SELECT 1 FROM <src AS \"E\"> LEFT JOIN t ON 1 = 1"),
        ("-- from events\nSELECT 1 FROM events_old /* from events */", "-- from events\nSELECT 1 FROM events_old /* from events */"),
        ("SELECT 'it''s from events' FROM (SELECT 1 FROM events) AS t",
         "SELECT 'it''s from events' FROM (SELECT 1 FROM <src AS \"events\">) AS t"),
        ("SELECT 1 FROM \"events\"", "SELECT 1 FROM \"events\""),
    ])
    func onlyRealReferencesAreReplaced(_ query: String, _ expected: String) {
        #expect(Self.replaced(query) == expected)
    }

    @Test func dottedNamesAreWhole() {
        #expect(Self.replaced("SELECT 1 FROM analytics.events, analytics.events_x", "analytics.events")
                == "SELECT 1 FROM <src AS \"events\">, analytics.events_x")
    }
}
