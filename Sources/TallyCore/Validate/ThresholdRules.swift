/// unique_users' `at_least`: what it counts must exist, be readable, and be reachable in one period (or window).
extension Validator {
    mutating func checkThreshold(_ measure: Measure, source: Source) {
        guard let threshold = measure.threshold else { return }
        switch threshold.kind {
        case .rows: return
        case .distinct(let field):
            // Resolved as group_by fields are, under the same classification rules.
            guard resolve(field, in: source, purpose: "'at_least'") != nil,
                  let type = source.valueType(of: field.value) else { return }
            // Every type but a whole JSON document, as count_distinct.
            if !Self.fieldTypes(.countDistinct).contains(type) {
                emit(.columnTypeMismatch,
                     "'at_least' distinct counts values of a column or JSON field; '\(field.value)' is a whole "
                         + "\(type.rawValue) column: name one of its fields (\(field.value).field)",
                     at: field.span)
            }
        case .days:
            if let snapshot = measure.snapshot {
                // A snapshot reading is one day of each period (period_end) or each day on its own (period_average).
                emit(.notApplicable,
                     "'at_least' days counts days a person was active, but snapshot \(snapshot.value.rawValue) reads "
                         + "one day at a time, so no one would reach it; count rows or distinct values instead",
                     at: threshold.count.span)
                return
            }
            guard source.timestamp != nil else {
                emit(.notApplicable,
                     "'at_least' days counts the days a person was active, but source '\(source.name)' has no "
                         + "'timestamp'; count rows instead ({rows: N})",
                     at: threshold.count.span)
                return
            }
            guard let (most, what) = Self.mostDays(grain: measure.grain?.value, window: measure.window?.value),
                  threshold.count.value > most else { return }
            emit(.notApplicable,
                 "at least \(threshold.count.value) active days can never be met: \(what) has at most \(most) "
                     + "day\(most == 1 ? "" : "s")",
                 at: threshold.count.span)
        }
    }

    /// The most days a period of `grain`, or the window each period reports over, can hold; nil for all time.
    static func mostDays(grain: Grain?, window: Window?) -> (Int, String)? {
        switch window {
        case .trailingDays(let days)?: return (days, "a \(days)-day window")
        case .toDate(let period)?: return mostDays(grain: period, window: nil).map { ($0.0, "a \(period.rawValue)-to-date window") }
        case nil: break
        }
        switch grain {
        case .day?: return (1, "a day")
        case .week?: return (7, "a week")
        case .month?: return (31, "a month")
        case .year?: return (366, "a year")
        case .total?, nil: return nil
        }
    }
}
