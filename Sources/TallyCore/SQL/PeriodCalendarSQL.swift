/// The calendar views fill and window over: every period from a source's first row to its last, and the days a
/// period spans.
extension ViewBuilder {
    /// Every period start of `grain` from the source's first row to its last: the periods in which data was being
    /// collected, so a period among them without matching rows truly had none.
    func sourcePeriods(_ view: CheckedView, source: Source, timestamp: Column, grain: Grain) -> String {
        sql.periodSeries(from: sourcePeriod("MIN", view, source: source, timestamp: timestamp, grain: grain),
                         through: sourcePeriod("MAX", view, source: source, timestamp: timestamp, grain: grain),
                         grain: grain)
    }

    /// The period of the source's first (`MIN`) or last (`MAX`) row that some period holds; NULL for an empty
    /// source.
    func sourcePeriod(_ function: String, _ view: CheckedView, source: Source, timestamp: Column,
                      grain: Grain) -> String {
        let column = quoted(timestamp.name.value)
        // The earliest (latest) timestamp first, then its period: an index on the column answers MIN and MAX, and
        // a zone's local-day expression reads a plain value, not an aggregate.
        // A row a zone's offsets do not reach (SQLite's, outside 1970-2100) is in no period, so it bounds none.
        let zone = view.definition.measure.timeZone(over: source)
        let inSomePeriod = zone == .utc ? ""
            : " WHERE " + sql.periodStart(column, type: timestamp.type.value, grain: grain, weekStart: view.weekStart,
                                          zone: zone) + " IS NOT NULL"
        func bound(_ function: String) -> String {
            let start = sql.periodStart(quoted("bound"), type: timestamp.type.value, grain: grain,
                                        weekStart: view.weekStart, zone: zone)
            return "(SELECT \(start) FROM (SELECT \(function)(\(column)) AS \(quoted("bound")) FROM \(from(source))"
                + inSomePeriod + ") AS \(quoted("bounds")))"
        }
        return bound(function)
    }

    /// The start of the `grain` period a date falls in; a date is a calendar day already, so no zone applies.
    private func periodOfDate(_ date: String, grain: Grain, weekStart: WeekStart) -> String {
        sql.periodStart(date, type: .date, grain: grain, weekStart: weekStart, zone: .utc)
    }

    /// The last day of the period that starts on `start`.
    func lastDay(ofPeriod start: String, grain: Grain) -> String {
        switch grain {
        case .day, .total: start
        case .week: sql.shiftDays(start, by: 6)
        // The next period's start, a day back: months and years differ in length.
        case .month: sql.shiftDays(periodOfDate(sql.shiftDays(start, by: 31), grain: .month, weekStart: .monday), by: -1)
        case .year: sql.shiftDays(periodOfDate(sql.shiftDays(start, by: 366), grain: .year, weekStart: .monday), by: -1)
        }
    }

    /// The first day of the window a period reports over.
    func firstDay(ofWindow window: Window, period start: String, grain: Grain, weekStart: WeekStart) -> String {
        switch window {
        case .trailingDays(let days): sql.shiftDays(lastDay(ofPeriod: start, grain: grain), by: -(days - 1))
        case .toDate(let enclosing): periodOfDate(start, grain: enclosing, weekStart: weekStart)
        }
    }
}
