/// `time_zone` places a timestamp's instant on a local day; it has nothing to place on a date column, which is a
/// calendar day already, nor without a timestamp, nor in grain total (unless the total reads a snapshot's days).
extension Validator {
    mutating func checkTimeZone(of source: Source) {
        guard let zone = source.timeZone else { return }
        if let problem = timestampProblem(source) {
            emit(.notApplicable, "'time_zone' does not apply: \(problem)", at: zone.span)
        }
    }

    mutating func checkTimeZone(of definition: Definition) {
        let measure = definition.measure
        guard let zone = measure.timeZone, let source = catalog.source(of: definition) else { return }
        if let problem = timestampProblem(source) {
            emit(.notApplicable, "'time_zone' does not apply: \(problem)", at: zone.span)
        } else if measure.grain?.value == .total, measure.snapshot == nil || source.snapshot == nil {
            // A total that reads a snapshot's days (its last day with data, or how many there are) needs their zone.
            emit(.notApplicable, "'time_zone' does not apply to grain total, which places no row in a period",
                 at: zone.span)
        }
    }

    /// Why a source's rows have no instant to place in a zone; nil when its timestamp column is a timestamp (or
    /// does not exist, which checkSource reports).
    private func timestampProblem(_ source: Source) -> String? {
        guard let timestamp = source.timestamp else {
            return "source '\(source.name)' has no 'timestamp' column, so its rows are in no period"
        }
        guard let column = source.column(timestamp.value), column.type.value == .date else { return nil }
        return "'\(timestamp.value)' of source '\(source.name)' is a date column, a calendar day already; a time "
            + "zone applies to timestamp columns, whose UTC instants it places on local days"
    }
}
