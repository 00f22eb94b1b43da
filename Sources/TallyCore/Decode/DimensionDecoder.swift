/// A `dimensions` entry: `name: {cases: [{when, then}, ...], else}`. `when` is one where filter or a list of them
/// (all must hold), decoded as `where` entries are; `then` and `else` are text or numbers. What the filters read is
/// checked against the source in Validate/DimensionRules.swift.
enum DimensionDecoder {
    static let keys = SourceSchema.dimension.keys
    static let caseKeys = SourceSchema.dimensionCase.keys

    static func decode(_ entry: YAMLNode.Entry, context: DecodeContext) -> Dimension? {
        ValueChecks.checkName(entry.key, "dimension name", context: context)
        guard let map = MappingReader(entry.value, "dimension '\(entry.key.value)'", keys: keys, context: context)
        else { return nil }
        let items = map.list("cases", required: true) { decodeCase($0, context: context) }
        let otherwise = map.value("else").flatMap { value($0, "'else'", context: context) }
        guard map.value("cases").map({ node in
            if case .sequence(let nodes) = node.content { return nodes.count == items.count && !items.isEmpty }
            return false
        }) ?? false else { return nil }
        return Dimension(name: entry.key, cases: items, otherwise: otherwise)
    }

    private static func decodeCase(_ node: YAMLNode, context: DecodeContext) -> Dimension.Case? {
        guard let map = MappingReader(node, "a case of a dimension", keys: caseKeys, context: context) else { return nil }
        let whenNode = map.value("when", required: true)
        let thenNode = map.value("then", required: true)
        guard let whenNode, let thenNode else { return nil }
        var filters: [WhereFilter] = []
        if case .sequence(let nodes) = whenNode.content {
            guard !nodes.isEmpty else {
                context.emit(.emptyValue, "'when' is an empty list; give it a filter, or several that must all hold",
                             at: whenNode.span)
                return nil
            }
            filters = nodes.compactMap { FilterDecoder.decode($0, context: context) }
            guard filters.count == nodes.count else { return nil }
        } else {
            guard let filter = FilterDecoder.decode(whenNode, context: context) else { return nil }
            filters = [filter]
        }
        guard let then = value(thenNode, "'then'", context: context) else { return nil }
        return Dimension.Case(when: filters, then: then)
    }

    /// A dimension's value: text or a number. A null `then` is absent, reported as missing; a null `else` is the
    /// default.
    private static func value(_ node: YAMLNode, _ what: String, context: DecodeContext) -> Located<ExampleValue>? {
        let value = ValueChecks.exampleValue(node)
        switch value {
        case .string, .integer: return Located(value, at: node.span)
        case .float(let number) where number.isFinite: return Located(value, at: node.span)
        case .null: return nil
        case .float, .bool, .list, .object:
            context.emit(.wrongType, "\(what) of a dimension is text or a number, found \(node.kindDescription)",
                         at: node.span)
            return nil
        }
    }
}
