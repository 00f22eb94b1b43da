/// Snapshot sources (one row per entity per day) and the measures over them: a period of several days reads
/// its last day or the average of its days, never their sum.
extension Validator {
    /// The entity columns a snapshot source names must exist. They are the source's own description of its rows,
    /// not something a definition reads, so any classification will do.
    mutating func checkSnapshotSource(_ source: Source) {
        for column in source.snapshot?.entity ?? [] where source.column(column.value) == nil {
            emit(.unknownColumn,
                 "'snapshot.entity' names column '\(column.value)', which '\(source.name)' does not declare"
                     + suggest(column.value, among: source.columns.map(\.name.value)),
                 at: column.span)
        }
    }

    mutating func checkSnapshot(_ definition: Definition, source: Source) {
        let measure = definition.measure
        if let reading = measure.snapshot {
            if source.snapshot == nil {
                emit(.notApplicable,
                     "'snapshot' reads the days of a snapshot source; '\(source.name)' declares no 'snapshot' "
                         + "(one row per entity per day), so its rows are read as they are",
                     at: reading.span)
            }
            return
        }
        // count and sum add up rows; over a snapshot that is each entity once for every day of the period.
        guard source.snapshot != nil, measure.aggregate.addsUpRows,
              let days = Self.daysAddedUp(grain: catalog.grain(of: definition), window: measure.window?.value)
        else { return }
        emit(.snapshotDaysAddedUp,
             "aggregate \(measure.aggregate.rawValue) over snapshot source '\(source.name)' would add up \(days), "
                 + "counting each entity once a day; choose snapshot: period_end (the last day with data) or "
                 + "snapshot: period_average (the average of the days with data)",
             at: measure.aggregateSpan)
    }

    /// The days a period of a count or sum adds up, in words; nil when it reads one day.
    static func daysAddedUp(grain: Grain?, window: Window?) -> String? {
        switch window {
        case .trailingDays(let days)?: return days == 1 ? nil : "the \(days) daily snapshots of each window"
        case .toDate(let period)?: return "the daily snapshots from the start of each \(period.rawValue)"
        case nil: break
        }
        switch grain {
        case .week?: return "the 7 daily snapshots of each week"
        case .month?: return "the daily snapshots of each month (up to 31)"
        case .year?: return "the daily snapshots of each year (up to 366)"
        case .total?: return "the snapshots of every day"
        case .day?, nil: return nil
        }
    }
}
