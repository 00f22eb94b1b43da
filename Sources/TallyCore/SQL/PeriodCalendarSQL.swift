/// The calendar views fill and window over: every period from a source's first row to its last, and the days a
/// period spans.
extension ViewBuilder {
    /// Every period start of `grain` from the source's first row to its last: the periods in which data was being
    /// collected, so a period among them without matching rows truly had none.
    func sourcePeriods(_ view: CheckedView, source: Source, timestamp: Column, grain: Grain) -> String {
        let column = quoted(timestamp.name.value)
        func bound(_ function: String) -> String {
            "(SELECT \(sql.periodStart("\(function)(\(column))", type: timestamp.type.value, grain: grain, weekStart: view.weekStart)) FROM \(from(source)))"
        }
        return sql.periodSeries(from: bound("MIN"), through: bound("MAX"), grain: grain)
    }

    /// The last day of the period that starts on `start`.
    func lastDay(ofPeriod start: String, grain: Grain) -> String {
        switch grain {
        case .day, .total: start
        case .week: sql.shiftDays(start, by: 6)
        // The next period's start, a day back: months and years differ in length.
        case .month: sql.shiftDays(sql.periodStart(sql.shiftDays(start, by: 31), type: .date, grain: .month, weekStart: .monday), by: -1)
        case .year: sql.shiftDays(sql.periodStart(sql.shiftDays(start, by: 366), type: .date, grain: .year, weekStart: .monday), by: -1)
        }
    }

    /// The first day of the window a period reports over.
    func firstDay(ofWindow window: Window, period start: String, grain: Grain, weekStart: WeekStart) -> String {
        switch window {
        case .trailingDays(let days): sql.shiftDays(lastDay(ofPeriod: start, grain: grain), by: -(days - 1))
        case .toDate(let enclosing): sql.periodStart(start, type: .date, grain: enclosing, weekStart: weekStart)
        }
    }
}
