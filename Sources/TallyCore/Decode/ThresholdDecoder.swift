/// `at_least` of a unique_users measure: `{days: N}`, `{rows: N}` or `{distinct: FIELD, count: N}`, exactly one
/// kind, each count a whole number of at least 1.
enum ThresholdDecoder {
    static let keys = ["days", "rows", "distinct", "count"]

    static func decode(_ node: YAMLNode, context: DecodeContext) -> Threshold? {
        guard let map = MappingReader(node, "'at_least'", keys: keys, context: context) else { return nil }
        let kinds = ["days", "rows", "distinct"].filter(map.has)
        guard kinds.count == 1 else {
            let found = kinds.isEmpty ? "none" : kinds.map { "'\($0)'" }.joined(separator: " and ")
            context.emit(.missingField,
                         "'at_least' takes exactly one of 'days' (active days), 'rows' (matching rows) and 'distinct' "
                             + "(distinct values of a field, with 'count'); found \(found)",
                         at: kinds.count > 1 ? map.keySpan(kinds[1])! : map.anchor)
            return nil
        }
        if kinds[0] != "distinct", let count = map.keySpan("count") {
            context.emit(.notApplicable,
                         "'count' goes with 'distinct' only; '\(kinds[0])' is itself the least number", at: count)
        }
        switch kinds[0] {
        case "days":
            return number(map, "days", range: Threshold.daysRange, context: context)
                .map { Threshold(kind: .days, count: $0, span: node.span) }
        case "rows":
            return number(map, "rows", range: Threshold.countRange, context: context)
                .map { Threshold(kind: .rows, count: $0, span: node.span) }
        default:
            let field = map.string("distinct", required: true).map { Located(FieldPath($0.value), at: $0.span) }
            let count = map.has("count") ? number(map, "count", range: Threshold.countRange, context: context) : nil
            if !map.has("count") {
                context.emit(.missingField,
                             "'distinct' needs 'count': the least number of distinct values a person must have",
                             at: map.keySpan("distinct")!)
            }
            guard let field, let count else { return nil }
            return Threshold(kind: .distinct(field), count: count, span: node.span)
        }
    }

    private static func number(_ map: MappingReader, _ key: String, range: ClosedRange<Int>,
                               context: DecodeContext) -> Located<Int>? {
        // An empty value is reported by `value`.
        guard let node = map.value(key, required: true) else { return nil }
        return ValueChecks.wholeNumber(node, in: range, "'\(key)'", context: context).map { Located($0, at: node.span) }
    }
}
