/// `where` entries: a field with exactly one operator, or `any_of`. What can be checked without the source is
/// checked here (shapes, kinds of values, globs); values against the column's type in Validate/FilterRules.swift.
enum FilterDecoder {
    static let keys = DefinitionSchema.filter.keys
    static let operators = keys.filter { $0 != "field" && $0 != "any_of" }

    static func decode(_ node: YAMLNode, context: DecodeContext) -> WhereFilter? {
        guard let map = MappingReader(node, "a 'where' filter", keys: keys, context: context) else { return nil }
        if map.has("any_of") { return anyOf(map, context: context) }
        return clause(map, context: context).map(WhereFilter.clause)
    }

    /// `{any_of: [filter, filter, ...]}`: at least two filters, since one is just that filter and none keeps no
    /// row, both more likely a slip than meant.
    private static func anyOf(_ map: MappingReader, context: DecodeContext) -> WhereFilter? {
        for key in ["field"] + operators {
            guard let span = map.keySpan(key) else { continue }
            context.emit(.notApplicable,
                         "'\(key)' does not apply beside 'any_of'; each filter of the list has its own field and operator",
                         at: span)
        }
        guard let list = map.value("any_of") ?? nullNode(map, "any_of") else { return nil }
        guard case .sequence(let items) = list.content else {
            context.emit(.wrongType, "'any_of' must be a list of filters, found \(list.kindDescription)", at: list.span)
            return nil
        }
        let filters = items.compactMap { decode($0, context: context) }
        guard items.count >= 2 else {
            context.emit(.wrongType,
                         items.isEmpty
                             ? "'any_of' lists no filter; give it two or more"
                             : "'any_of' lists one filter; write that filter as a 'where' entry of its own",
                         at: list.span)
            return nil
        }
        guard filters.count == items.count else { return nil }
        return .anyOf(filters, span: map.node.span)
    }

    private static func clause(_ map: MappingReader, context: DecodeContext) -> WhereClause? {
        guard let field = map.string("field", required: true) else { return nil }
        let present = operators.filter(map.has)
        guard present.count == 1, let name = present.first, let valueNode = map.value(name) ?? nullNode(map, name)
        else {
            context.emit(.missingField,
                         present.isEmpty
                             ? "a 'where' filter needs one of \(operators.joined(separator: ", "))"
                             : "a 'where' filter takes exactly one of \(operators.joined(separator: ", ")), "
                                 + "found \(present.joined(separator: " and "))",
                         at: map.anchor)
            return nil
        }
        guard let operation = operation(name, valueNode, context: context) else { return nil }
        return WhereClause(field: Located(FieldPath(field.value), at: field.span), operation: operation,
                           span: map.node.span)
    }

    private static func operation(_ name: String, _ node: YAMLNode, context: DecodeContext) -> WhereClause.Operation? {
        let value = ValueChecks.exampleValue(node)
        if let comparison = WhereClause.Comparison(rawValue: name) {
            return ordered(node, name, context: context).map { .compare(comparison, $0) }
        }
        switch name {
        case "between": return between(node, context: context)
        case "matches": return matches(node, context: context)
        case "is_null":
            guard case .bool(let flag) = value else {
                context.emit(.wrongType, "'is_null' must be true or false, found \(node.kindDescription)", at: node.span)
                return nil
            }
            return .isNull(flag)
        default:
            guard finite(value, node, name, context: context) else { return nil }
            switch name {
            case "equals": return .equals(Located(value, at: node.span))
            case "not_equals": return .notEquals(Located(value, at: node.span))
            default:
                guard case .list(let items) = value, !items.isEmpty, case .sequence(let nodes) = node.content else {
                    context.emit(.wrongType, "'\(name)' must be a non-empty list, found \(node.kindDescription)",
                                 at: node.span)
                    return nil
                }
                // `x IN (1, NULL)` is never true and `x NOT IN (1, NULL)` never either: a null item would silently
                // empty the filter.
                if items.contains(.null) {
                    context.emit(.wrongType,
                                 "'\(name)' lists null, which SQL's \(name == "in" ? "IN" : "NOT IN") never matches; "
                                     + "test for NULL with is_null (in an any_of beside '\(name)')",
                                 at: node.span)
                    return nil
                }
                let located = zip(items, nodes).map { item, node in Located(item, at: node.span) }
                return name == "in" ? .isIn(located) : .notIn(located)
            }
        }
    }

    /// The value of a comparison: a number, or text (a date, a time or text; the column decides which).
    private static func ordered(_ node: YAMLNode, _ name: String, context: DecodeContext) -> Located<ExampleValue>? {
        let value = ValueChecks.exampleValue(node)
        switch value {
        case .integer, .string: return Located(value, at: node.span)
        case .float: return finite(value, node, name, context: context) ? Located(value, at: node.span) : nil
        case .null:
            context.emit(.wrongType, "'\(name)' compares with a number, a date, a time or text, found null; "
                             + "a comparison never matches NULL (is_null tests for it)", at: node.span)
        case .bool(let flag):
            context.emit(.wrongType, "'\(name)' compares with a number, a date, a time or text, found \(flag); "
                             + "true and false are not ordered (use equals)", at: node.span)
        case .list, .object:
            context.emit(.wrongType, "'\(name)' compares with one number, date, time or text, found "
                             + node.kindDescription, at: node.span)
        }
        return nil
    }

    /// `between: [low, high]`: two values of one kind. Their order is checked against the column's type.
    private static func between(_ node: YAMLNode, context: DecodeContext) -> WhereClause.Operation? {
        guard case .sequence(let items) = node.content, items.count == 2 else {
            var found = node.kindDescription
            if case .sequence(let items) = node.content { found = items.count == 1 ? "1 value" : "\(items.count) values" }
            context.emit(.wrongType, "'between' takes a list of two values, [low, high], found \(found)", at: node.span)
            return nil
        }
        guard let low = ordered(items[0], "between", context: context),
              let high = ordered(items[1], "between", context: context) else { return nil }
        if isNumber(low.value) != isNumber(high.value) {
            context.emit(.wrongType,
                         "'between' takes two numbers or two texts (dates and times are quoted), found "
                             + "\(ExampleTypes.describe(low.value)) and \(ExampleTypes.describe(high.value))",
                         at: high.span)
            return nil
        }
        return .between(low: low, high: high)
    }

    /// `matches: "Search*"`: quoted or plain text with at least one wildcard.
    private static func matches(_ node: YAMLNode, context: DecodeContext) -> WhereClause.Operation? {
        guard case .string(let text) = ValueChecks.exampleValue(node) else {
            context.emit(.wrongType, "'matches' takes a glob in quotes like \"Search*\", found \(node.kindDescription)",
                         at: node.span)
            return nil
        }
        let pattern = GlobPattern(filter: text)
        guard pattern.hasWildcard else {
            context.emit(.invalidPattern,
                         "'matches' pattern '\(text)' has no wildcard (* for any run of characters, ? for one); "
                             + "use equals: \"\(text)\" to keep exactly that value",
                         at: node.span)
            return nil
        }
        return .matches(Located(pattern, at: node.span), text: text)
    }

    private static func isNumber(_ value: ExampleValue) -> Bool {
        switch value {
        case .integer, .float: true
        case .null, .bool, .string, .list, .object: false
        }
    }

    /// A number YAML reads as infinite (1e999) has no SQL literal.
    private static func finite(_ value: ExampleValue, _ node: YAMLNode, _ name: String, context: DecodeContext) -> Bool {
        guard !hasInfinity(value) else {
            context.emit(.wrongType, "'\(name)' holds a number too large for a float", at: node.span)
            return false
        }
        return true
    }

    private static func hasInfinity(_ value: ExampleValue) -> Bool {
        switch value {
        case .float(let number): !number.isFinite
        case .list(let items): items.contains(where: hasInfinity)
        case .object(let fields): fields.contains { hasInfinity($0.1) }
        case .null, .bool, .integer, .string: false
        }
    }

    /// `equals: null` is a value, not an absent key: where filters compare with it.
    private static func nullNode(_ map: MappingReader, _ key: String) -> YAMLNode? {
        guard let span = map.keySpan(key) else { return nil }
        return YAMLNode(.scalar(.init(text: "", style: .plain, tag: nil)), at: span)
    }
}
