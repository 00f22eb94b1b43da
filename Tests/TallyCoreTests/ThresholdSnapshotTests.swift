import Foundation
import Testing
@testable import TallyCore

/// at_least days over a snapshot reading: a reading is one day at a time, so the threshold could never be met;
/// it is refused where the count is written rather than giving a view that silently counts no one.
@Suite struct ThresholdSnapshotTests {
    static let snapshotSource = """
        table: member_days
        description: One row per member per day.
        timestamp: day
        snapshot: {entity: member}
        identity: {user_id: member}
        columns:
          day: {type: date, classification: public}
          member: {type: integer, classification: pseudonymous}

        """

    @Test(arguments: ["period_end", "period_average"])
    func activeDaysOverASnapshotReadingAreRefused(_ reading: String) {
        let errors = CompositionRulesTests.errors([
            "definitions/sources/member_days.yaml": Self.snapshotSource,
            "definitions/extra/regulars.yaml": CompositionRulesTests.metric(
                "{aggregate: unique_users, grain: month, snapshot: \(reading), at_least: {days: 2}}",
                source: "member_days").replacingOccurrences(of: "events: [InsightAddition]\n", with: ""),
        ])
        #expect(errors.count == 1, "\(errors)")
        #expect(errors.first?.hasPrefix("definitions/extra/regulars.yaml:6:") == true, "\(errors)")
        #expect(errors.first?.contains("error[D012]: 'at_least' days counts days a person was active, but snapshot \(reading)") == true,
                "\(errors)")
    }
}
