enum MeasureDecoder {
    static let keys = DefinitionSchema.measure.keys

    /// The keys each aggregate takes besides `aggregate`, and which of them it requires.
    static func applicable(to aggregate: Aggregate) -> (allowed: Set<String>, required: Set<String>) {
        switch aggregate {
        case .count: (["grain", "week_start", "group_by", "where"], ["grain"])
        case .uniqueUsers, .firstTimeUsers:
            (["grain", "week_start", "identity", "group_by", "where"], ["grain"])
        case .retention: (["identity", "where", "cohort_events", "days"], ["cohort_events", "days"])
        case .ratio: (["grain", "week_start", "numerator", "denominator"], ["numerator", "denominator"])
        case .formula: (["grain", "week_start", "expression"], ["expression"])
        case .sql: (["reads", "columns", "queries", "grain", "week_start"], ["columns", "queries"])
        }
    }

    static func decode(_ node: YAMLNode, context: DecodeContext) -> Measure? {
        guard let map = MappingReader(node, "'measure'", keys: keys, context: context),
              let aggregate: Located<Aggregate> = map.choice("aggregate", required: true) else { return nil }
        let rules = applicable(to: aggregate.value)
        for key in keys where key != "aggregate" && map.has(key) && !rules.allowed.contains(key) {
            context.emit(.notApplicable, "'\(key)' does not apply to aggregate \(aggregate.value.rawValue)",
                         at: map.keySpan(key)!)
        }
        for key in rules.required.sorted() where !map.has(key) {
            context.emit(.missingField, "aggregate \(aggregate.value.rawValue) needs '\(key)' in 'measure'",
                         at: aggregate.span)
        }
        let grain: Located<Grain>? = map.choice("grain")
        let weekStart: Located<WeekStart>? = map.choice("week_start")
        if let weekStart, let grain, grain.value != .week {
            context.emit(.notApplicable, "'week_start' applies to grain week only, not \(grain.value.rawValue)",
                         at: weekStart.span)
        }
        let groupBy = map.stringList("group_by").map { Located(FieldPath($0.value), at: $0.span) }
        var seenOutputs: [String: SourceSpan] = [:]
        for field in groupBy {
            if let first = seenOutputs[field.value.outputName] {
                context.emit(.duplicateName,
                             "group_by '\(field.value)' makes a second view column '\(field.value.outputName)'",
                             at: field.span, notes: [.init("the first comes from here", at: first)])
            }
            seenOutputs[field.value.outputName] = field.span
        }
        let days = map.list("days", required: rules.required.contains("days")) { item -> Located<Int>? in
            guard case .scalar(let scalar) = item.content, scalar.style == .plain,
                  let day = CoreSchema.integer(scalar.text), (1...3660).contains(day) else {
                context.emit(.wrongType, "a retention day must be a whole number from 1 to 3660, found "
                                 + item.kindDescription, at: item.span)
                return nil
            }
            return Located(day, at: item.span)
        }
        var queries: [Dialect: Located<String>] = [:]
        for entry in map.entries("queries", required: rules.required.contains("queries")) {
            guard let dialect: Located<Dialect> = MappingReader.choice(entry.key, "a dialect in 'queries'",
                                                                        context: context),
                  let query = MappingReader.text(entry.value, "the \(entry.key.value) query", required: true,
                                                 context: context) else { continue }
            queries[dialect.value] = query
        }
        var columns: [(name: Located<String>, type: Located<ColumnType>)] = []
        for entry in map.entries("columns", required: rules.required.contains("columns")) {
            ValueChecks.checkName(entry.key, "output column", context: context)
            guard let text = MappingReader.text(entry.value, "the type of column '\(entry.key.value)'",
                                                required: true, context: context),
                  let type: Located<ColumnType> = MappingReader.choice(text, "the type of column '\(entry.key.value)'",
                                                                         context: context) else { continue }
            columns.append((entry.key, type))
        }
        let expression = map.string("expression").flatMap { FormulaParser.parse($0, context: context) }
        return Measure(
            span: node.span, aggregate: aggregate, grain: grain, weekStart: weekStart?.value ?? .monday,
            identity: map.choice("identity"), groupBy: groupBy,
            filters: map.list("where") { decodeWhere($0, context: context) },
            cohortEvents: map.stringList("cohort_events", required: rules.required.contains("cohort_events")),
            days: days, numerator: map.string("numerator"), denominator: map.string("denominator"),
            expression: expression, reads: map.stringList("reads"), columns: columns, queries: queries)
    }

    private static let operations = ["equals", "not_equals", "in", "not_in", "is_null"]

    private static func decodeWhere(_ node: YAMLNode, context: DecodeContext) -> WhereClause? {
        guard let map = MappingReader(node, "a 'where' filter", keys: DefinitionDecoder.itemKeys(of: DefinitionSchema.measure.property("where")), context: context),
              let field = map.string("field", required: true) else { return nil }
        let present = operations.filter(map.has)
        guard present.count == 1, let name = present.first, let valueNode = map.value(name) ?? nullNode(map, name)
        else {
            context.emit(.missingField,
                         present.isEmpty
                             ? "a 'where' filter needs one of \(operations.joined(separator: ", "))"
                             : "a 'where' filter takes exactly one of \(operations.joined(separator: ", ")), "
                                 + "found \(present.joined(separator: " and "))",
                         at: map.anchor)
            return nil
        }
        let value = ValueChecks.exampleValue(valueNode)
        let operation: WhereClause.Operation
        switch name {
        case "equals": operation = .equals(value)
        case "not_equals": operation = .notEquals(value)
        case "is_null":
            guard case .bool(let flag) = value else {
                context.emit(.wrongType, "'is_null' must be true or false, found \(valueNode.kindDescription)",
                             at: valueNode.span)
                return nil
            }
            operation = .isNull(flag)
        default:
            guard case .list(let items) = value, !items.isEmpty else {
                context.emit(.wrongType, "'\(name)' must be a non-empty list, found \(valueNode.kindDescription)",
                             at: valueNode.span)
                return nil
            }
            operation = name == "in" ? .isIn(items) : .notIn(items)
        }
        return WhereClause(field: Located(FieldPath(field.value), at: field.span), operation: operation,
                           span: node.span)
    }

    /// `equals: null` is a value, not an absent key: where filters compare with it.
    private static func nullNode(_ map: MappingReader, _ key: String) -> YAMLNode? {
        guard let span = map.keySpan(key) else { return nil }
        return YAMLNode(.scalar(.init(text: "", style: .plain, tag: nil)), at: span)
    }
}
