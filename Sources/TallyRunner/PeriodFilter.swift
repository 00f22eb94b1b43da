import TallyCore

/// --from and --to: the periods to keep, by the day a row's period starts, both ends included.
public struct PeriodFilter: Sendable, Equatable {
    public var from: String?
    public var to: String?

    public struct Invalid: Error, CustomStringConvertible {
        public var description: String
    }

    public init(from: String?, to: String?) throws(Invalid) {
        for (option, value) in [("--from", from), ("--to", to)] {
            if let value, !TimeText.isDate(Substring(value)) {
                let reason = ExampleTypes.impossibleDate(value).map { "there is no such day: " + $0 } ?? "write a date as YYYY-MM-DD"
                throw Invalid(description: "\(option) \(value): \(reason)")
            }
        }
        if let from, let to, from > to {
            throw Invalid(description: "--from \(from) is after --to \(to): no period could be kept")
        }
        self.from = from
        self.to = to
    }

    /// Every period.
    public static let everything = PeriodFilter(unchecked: nil, nil)

    private init(unchecked from: String?, _ to: String?) {
        self.from = from
        self.to = to
    }

    public var isEmpty: Bool { from == nil && to == nil }

    /// The column a view's periods start in: period_start, or a retention view's cohort_start.
    static func periodColumn(among columns: [String]) -> String? {
        ["period_start", "cohort_start"].first(where: columns.contains)
    }

    /// The column this filter compares in `view`'s rows; nil when it keeps every period. Known from the view alone, so
    /// that a command can ask before any data is read: Invalid for a view without periods (grain total).
    public func column(in view: CheckedView) throws -> String? {
        guard !isEmpty else { return nil }
        guard let column = Self.periodColumn(among: view.shape.map(\.name)) else {
            throw Invalid(description: "\(view.id) has no periods (grain total): --from and --to do not apply to it")
        }
        return column
    }
}
