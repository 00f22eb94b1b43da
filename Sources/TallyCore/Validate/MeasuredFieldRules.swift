/// The column or JSON field a column aggregate measures: it must exist, be readable, and hold values the
/// aggregate can compute with.
extension Validator {
    mutating func checkMeasuredField(_ measure: Measure, source: Source) {
        guard let values = measure.measuredValues,
              resolve(values.field, in: source, purpose: "'field'") != nil,
              let type = source.valueType(of: values.field.value) else { return }
        let accepted = Self.fieldTypes(measure.aggregate)
        guard !accepted.contains(type) else { return }
        let path = values.field.value
        let types = accepted.map(\.rawValue).phrased("or")
        let article = types.hasPrefix("i") ? "an" : "a"
        var message = "aggregate \(measure.aggregate.rawValue) needs \(article) \(types) field; '\(path)' is \(type.rawValue)"
        if !path.jsonPath.isEmpty, type == .text {
            message += " (a JSON field is text unless its column declares it, e.g. "
                + "`fields: {\(path.jsonPath[0]): {classification: public, type: float}}`)"
        }
        emit(.columnTypeMismatch, message, at: values.field.span)
    }

    /// What each column aggregate can compute with. min and max leave out text, whose order differs between
    /// engines' collations, and booleans; count_distinct takes any value but a whole JSON document.
    static func fieldTypes(_ aggregate: Aggregate) -> [ColumnType] {
        switch aggregate {
        case .sum, .average, .median, .percentile: [.integer, .float]
        case .min, .max: [.integer, .float, .date]
        case .countDistinct: [.text, .integer, .float, .boolean, .timestamp, .date]
        case .count, .uniqueUsers, .firstTimeUsers, .growthAccounting, .retention, .funnel, .ratio, .formula, .sql: []
        }
    }
}
