enum DefinitionDecoder {
    static let keys = DefinitionSchema.definition.keys
    // Nested objects' keys, from the same description as the JSON Schema.
    static let dashboardKeys = itemKeys(of: DefinitionSchema.definition.property("source")?.property("dashboards"))
    static let eventCodeKeys: [String] = {
        guard case .list(.anyOf(let options), _, _, _)? = DefinitionSchema.definition.property("event_codes") else { return [] }
        return options.flatMap(\.keys)
    }()
    static let funnelKeys = itemKeys(of: DefinitionSchema.definition.property("funnels"))
    static let exampleKeys = itemKeys(of: DefinitionSchema.definition.property("examples"))
    static let changeKeys = itemKeys(of: DefinitionSchema.definition.property("changes"))
    static let shiftedInputKeys = DefinitionSchema.shiftedInput.keys

    static func itemKeys(of node: SchemaNode?) -> [String] {
        guard case .list(let item, _, _, _)? = node else { return [] }
        return item.keys
    }

    static func decode(_ root: YAMLNode, id fileID: Located<String>, group: String,
                       context: DecodeContext) -> Definition? {
        // The measure's aggregate as written: a measure key it does not take is not sent there (`field` written at
        // the top of a count, told to move under 'measure', was then refused there too).
        let measureNode: YAMLNode? = if case .mapping(let entries) = root.content {
            entries.first { $0.key.value == "measure" }?.value
        } else { nil }
        let aggregate = measureNode.flatMap(MeasureDecoder.writtenAggregate)
        func under(_ parent: String) -> String { "it belongs under '\(parent)' (indent it there)" }
        guard let map = MappingReader(root, "a definition", keys: keys, context: context, belongsElsewhere: { key in
            if DefinitionSchema.measure.keys.contains(key) {
                guard key != "aggregate", let aggregate, !DefinitionSchema.measureKeys(for: aggregate).allowed.contains(key)
                else { return under("measure") }
                return "it is a measure key, but aggregate \(aggregate.rawValue) takes no '\(key)'"
            }
            return DefinitionSchema.definition.property("source")?.keys.contains(key) == true ? under("source") : nil
        }) else { return nil }
        ValueChecks.checkName(fileID, "definition id", context: context)
        if let written = map.string("id"), written.value != fileID.value {
            context.emit(.idMismatch,
                         "id '\(written.value)' differs from the file name '\(fileID.value).yaml'; rename the file "
                             + "or change the id",
                         at: written.span)
        }
        let kind: Located<DefinitionKind>? = map.choice("kind", required: true)
        let title = map.string("title", required: true)
        let type: Located<PingType>? = map.choice("type", required: kind?.value == .ping)
        if let type, kind?.value == .metric {
            context.emit(.notApplicable, "'type' applies to pings only; metrics have no FE/BE type",
                         at: map.keySpan("type") ?? type.span)
        }
        let definition = map.string("definition", required: true)
        let rationale = map.string("rationale", required: true)
        let measure = map.value("measure", required: true).flatMap { MeasureDecoder.decode($0, context: context) }
        let derived = measure?.aggregate.isDerived ?? false
        let source = decodeSource(map, tableRequired: measure != nil && !derived, context: context)
        if derived, let table = source.table {
            context.emit(.notApplicable,
                         "'source.table' does not apply to \(measure!.aggregate.rawValue): it is computed from "
                             + "other definitions, which name their own sources",
                         at: table.span)
        }
        let events = map.stringList("events")
        // Written with nothing in it: said here, where it is written (validation reports only a missing 'events').
        if measure?.aggregate.readsEvents != false, let span = map.keySpan("events"),
           Self.isEmptyList(map.value("events")) {
            context.emit(.emptyValue, "'events' is empty; list the event names (or globs) it counts, or leave 'events' out", at: span)
        }
        let excluded = map.stringList("exclude_events")
        for pattern in events + excluded { checkEventPattern(pattern, context: context) }
        if let aggregate = measure?.aggregate, !aggregate.readsEvents {
            for key in ["events", "exclude_events"] where map.has(key) {
                context.emit(.notApplicable, "'\(key)' does not apply to aggregate \(aggregate.rawValue)",
                             at: map.keySpan(key)!)
            }
        }
        if !excluded.isEmpty, events.isEmpty, let span = map.keySpan("exclude_events") {
            context.emit(.notApplicable, "'exclude_events' needs 'events' to exclude from", at: span)
        }
        let eventCodeLink = map.string("event_code_link")
        if let eventCodeLink {
            ValueChecks.checkTemplate(eventCodeLink, placeholder: "event", "'event_code_link'", context: context)
        }
        let prs = map.stringList("prs")
        for pr in prs { ValueChecks.checkPullRequest(pr, "a PR", context: context) }
        let added = map.version("added", required: kind?.value == .ping)
        let broken = map.list("broken") { decodeRange($0, context: context) }
        let examples = map.list("examples") { decodeExample($0, context: context) }
        var deprecated: Deprecation?
        if let node = map.value("deprecated"),
           let entry = MappingReader(node, "'deprecated'", keys: DefinitionSchema.definition.property("deprecated")?.keys ?? [], context: context) {
            let version = entry.version("version", required: true)
            let reason = entry.string("reason", required: true)
            if let version, let reason {
                deprecated = Deprecation(version: version, reason: reason, replacedBy: entry.string("replaced_by"),
                                         span: node.span)
            }
        }
        let changes = map.list("changes") { node -> RecordedChange? in
            guard let entry = MappingReader(node, "a 'changes' entry", keys: Self.changeKeys,
                                            context: context) else { return nil }
            let version = entry.version("version", required: true)
            let description = entry.string("description", required: true)
            let pr = entry.string("pr")
            if let pr { ValueChecks.checkPullRequest(pr, "'pr'", context: context) }
            guard let version, let description else { return nil }
            return RecordedChange(version: version, description: description, pr: pr, span: node.span)
        }
        let noLint = map.list("no_lint") { node -> LintException? in
            guard let entry = MappingReader(node, "a 'no_lint' entry", keys: ["rule", "reason"], context: context),
                  let text = entry.string("rule", required: true),
                  let rule = RuleSettings.code(text, context: context) else { return nil }
            let reason = entry.string("reason", required: true)
            if let refusal = RuleSettings.refusal(rule.value) {
                context.emit(.notApplicable, refusal, at: rule.span)
                return nil
            }
            return reason.map { LintException(rule: rule, reason: $0) }
        }
        guard let kind, let title, let definition, let rationale, let measure else { return nil }
        return Definition(
            id: fileID, group: group, file: context.file, kind: kind, title: title, type: type,
            definition: definition.value, rationale: rationale.value,
            implementation: map.string("implementation")?.value, considerations: map.string("considerations")?.value,
            source: source, events: events, excludeEvents: excluded,
            eventCodes: map.list("event_codes") { decodeEventCode($0, context: context) },
            eventCodeLink: eventCodeLink, funnels: map.list("funnels") { decodeFunnel($0, context: context) },
            measure: measure, prs: prs, added: added, broken: broken,
            owners: map.stringList("owners").map(\.value), examples: ExampleList(examples), deprecated: deprecated,
            changes: changes, noLint: noLint, keySpans: map.keySpans)
    }

    /// Null (`events:`) or `[]`.
    private static func isEmptyList(_ node: YAMLNode?) -> Bool {
        guard let node else { return true }
        if case .sequence(let items) = node.content { return items.isEmpty }
        return false
    }

    private static func decodeSource(_ map: MappingReader, tableRequired: Bool,
                                     context: DecodeContext) -> SourceReference {
        guard let node = map.value("source", required: tableRequired),
              let source = MappingReader(node, "'source'", keys: DefinitionSchema.definition.property("source")?.keys ?? [],
                                         context: context) else {
            return SourceReference(table: nil, description: nil, dashboards: [])
        }
        let dashboards = source.list("dashboards") { item -> Dashboard? in
            guard let board = MappingReader(item, "a dashboard", keys: Self.dashboardKeys, context: context),
                  let title = board.string("title", required: true),
                  let url = board.string("url", required: true) else { return nil }
            ValueChecks.checkURL(url, "the dashboard url", context: context)
            return Dashboard(title: title.value, url: url, chart: board.string("chart")?.value)
        }
        // A `table:` written empty is said whatever the measure (whose own mistake may leave it unknown), so that
        // one round of check reports both.
        return SourceReference(table: source.string("table", required: tableRequired || source.has("table")),
                               description: source.string("description")?.value, dashboards: dashboards)
    }

    /// Event names are identifiers such as InsightAddition; `*` is the only wildcard.
    private static func checkEventPattern(_ pattern: Located<String>, context: DecodeContext) {
        let text = pattern.value
        if text.containsWhitespace {
            context.emit(.invalidPattern, "event '\(text)' contains white space; event names never do",
                         at: pattern.span)
        }
    }

    private static func decodeRange(_ node: YAMLNode, context: DecodeContext) -> BrokenRange? {
        guard let map = MappingReader(node, "a broken range", keys: DefinitionSchema.range.keys,
                                      context: context) else { return nil }
        let from = map.version("from", required: true)
        // Written, it must be a version: `through: ""` read as no version, and the range was dropped unsaid.
        let through = map.version("through", required: map.value("through") != nil)
        let fix = map.string("fix")
        if let fix { ValueChecks.checkPullRequest(fix, "'fix'", context: context) }
        // A 'through' that is not a version leaves the range out, as a bad 'from' does: read as missing, it made
        // the range open, and the rules then reported a fix without a through and overlaps with later ranges.
        let reason = map.string("reason")
        // A range with an unknown key is left out too: `thru` or `fixes` read as absent made the rules report an
        // open range overlapping later ones, or a reason or fix missing, for one slip already reported.
        guard let from, through != nil || map.value("through") == nil, !map.hasUnknownKeys else { return nil }
        return BrokenRange(from: from, through: through, reason: reason, fix: fix, span: node.span)
    }

    private static func decodeEventCode(_ node: YAMLNode, context: DecodeContext) -> EventCode? {
        if case .scalar = node.content {
            guard let name = MappingReader.text(node, "an event code", required: true, context: context) else {
                return nil
            }
            return EventCode(name: name, description: nil, search: nil, link: nil)
        }
        guard let map = MappingReader(node, "an event code", keys: Self.eventCodeKeys,
                                      context: context),
              let name = map.string("name", required: true) else { return nil }
        let link = map.string("link")
        if let link { ValueChecks.checkURL(link, "the event code link", context: context) }
        return EventCode(name: name, description: map.string("description")?.value,
                         search: map.string("search")?.value, link: link)
    }

    private static func decodeFunnel(_ node: YAMLNode, context: DecodeContext) -> Funnel? {
        guard let map = MappingReader(node, "a funnel", keys: Self.funnelKeys, context: context),
              let name = map.string("name", required: true) else { return nil }
        let steps = map.list("steps", required: true) { step -> [Located<String>]? in
            if case .sequence(let alternatives) = step.content {
                let events = alternatives.compactMap {
                    MappingReader.text($0, "a funnel step's event", required: true, context: context)
                }
                return events.isEmpty ? nil : events
            }
            return MappingReader.text(step, "a funnel step", required: true, context: context).map { [$0] }
        }
        return Funnel(name: name.value, steps: steps)
    }

    private static func decodeExample(_ node: YAMLNode, context: DecodeContext) -> Example? {
        guard let map = MappingReader(node, "an example", keys: Self.exampleKeys, context: context) else {
            return nil
        }
        let name = map.string("name", required: true)
        var given: [(source: Located<String>, rows: [ExampleRow])] = []
        for entry in map.entries("given", required: true) {
            guard case .sequence(let rows) = entry.value.content else {
                context.emit(.wrongType,
                             "the rows of '\(entry.key.value)' must be a list of rows, found "
                                 + entry.value.kindDescription,
                             at: entry.value.span)
                continue
            }
            given.append((entry.key, rows.compactMap { decodeRow($0, context: context) }))
        }
        if !map.has("expect") { map.missing("expect") }
        // Left empty, it is not read as no rows: a required key given no value is an error, and `expect: []` says
        // that the view returns nothing.
        if let empty = map.nullValueSpan("expect") {
            context.emit(.emptyValue, "'expect' is empty; give the rows the view returns, or [] for none",
                         at: map.keySpan("expect") ?? empty)
        }
        let expect = map.list("expect") { decodeRow($0, context: context) }
        guard let name else { return nil }
        return Example(name: name, given: given, expect: expect, expectSpan: map.keySpan("expect") ?? name.span)
    }

    private static func decodeRow(_ node: YAMLNode, context: DecodeContext) -> ExampleRow? {
        guard case .mapping(let entries) = node.content else {
            context.emit(.wrongType, "an example row must be a mapping of columns to values, found "
                             + node.kindDescription, at: node.span)
            return nil
        }
        return ExampleRow(span: node.span, cells: entries.map {
            ($0.key, Located(ValueChecks.exampleValue($0.value), at: $0.value.span))
        })
    }
}
