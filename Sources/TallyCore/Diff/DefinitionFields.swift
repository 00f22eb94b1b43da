/// A definition as field → text, for a field-level diff that ignores formatting: two definitions that mean
/// the same thing flatten to the same pairs whatever their YAML looks like.
enum DefinitionFields {
    /// Fields whose change alters what a released view returns: an error in `tally diff` unless recorded.
    static func isBreaking(_ field: String) -> Bool {
        field == "events" || field == "exclude_events" || field.hasPrefix("measure.")
    }

    /// `canonical`: each field in the one text every way of writing it shares (`canonical(_:)` for `where`, no
    /// `fill: omit`), for comparing; else as written, for showing.
    /// `exampleRows`: whether examples compare by their rows too (canonical only); a fingerprint, which reads only
    /// the breaking fields, leaves them out rather than decode every example to compare them.
    static func flatten(_ definition: Definition, canonical: Bool = false,
                        exampleRows: Bool = true) -> [(field: String, value: String)] {
        let measure = definition.measure
        var fields: [(String, String?)] = [
            ("group", definition.group),
            ("kind", definition.kind.value.rawValue),
            ("title", definition.title.value),
            ("type", definition.type?.value.rawValue),
            ("definition", definition.definition),
            ("rationale", definition.rationale),
            ("implementation", definition.implementation),
            ("considerations", definition.considerations),
            ("source.table", definition.source.table?.value),
            ("source.description", definition.source.description),
            ("source.dashboards", list(definition.source.dashboards.map { "\($0.title) <\($0.url.value)>" + ($0.chart.map { " (\($0))" } ?? "") })),
            ("events", list(definition.events.map(\.value).sorted())),
            ("exclude_events", list(definition.excludeEvents.map(\.value).sorted())),
            ("event_codes", list(definition.eventCodes.map { code in
                code.name.value + (code.search.map { " search=\($0)" } ?? "") + (code.link.map { " link=\($0.value)" } ?? "")
            })),
            ("event_code_link", definition.eventCodeLink?.value),
            ("funnels", list(definition.funnels.map { funnel in
                funnel.name + ": " + funnel.steps.map { $0.map(\.value).joined(separator: " OR ") }.joined(separator: " > ")
            })),
            ("measure.aggregate", measure.aggregate.rawValue),
            ("measure.grain", measure.grain?.value.rawValue),
            ("measure.week_start", measure.grain?.value == .week || measure.aggregate.isDerived ? measure.weekStart.rawValue : nil),
            ("measure.time_zone", measure.timeZone?.value.identifier),
            ("measure.identity", measure.aggregate.countsPeople ? measure.identityMode.rawValue : nil),
            ("measure.group_by", list(measure.groupBy.map(\.value.description))),
            ("measure.where", list(canonical ? measure.filters.map(Self.canonical).sorted() : measure.filters.map(describe))),
            ("measure.cohort_events", list(measure.cohortEvents.map(\.value).sorted())),
            ("measure.window", measure.window?.value.label),
            ("measure.at_least", measure.threshold?.label()),
            // `omit` written out is the default: the same view as no `fill`.
            ("measure.fill", measure.fill.flatMap { canonical && $0.value == .omit ? nil : $0.value.rawValue }),
            ("measure.snapshot", measure.snapshot?.value.rawValue),
        ] + kindFields(measure) + [
            ("prs", list(definition.prs.map(\.value))),
            ("added", definition.added?.value.text),
            ("owners", list(definition.owners)),
            // Compared with their rows, shown by name: an expected value changed is a change (itemChanges).
            ("examples", list(definition.examples.map {
                canonical && exampleRows ? $0.name.value + " " + content(of: $0) : $0.name.value
            })),
            ("deprecated", definition.deprecated.map { deprecation in
                "since \(deprecation.version.value.text): \(deprecation.reason.value)"
                    + (deprecation.replacedBy.map { ", replaced by \($0.value)" } ?? "")
            }),
        ]
        if case .sql(let query) = measure.kind {
            for dialect in Dialect.allCases {
                fields.append(("measure.queries.\(dialect.rawValue)", query.queries[dialect]?.value.trimmingWhitespace()))
            }
        }
        // Entries by the version they start at, not by position: an entry added first is one new field, not every
        // entry after it shifted by one.
        for (key, range) in keyed(definition.broken, by: { brokenRangeField + $0.from.value.text }) {
            fields.append((key, describe(range)))
        }
        for (key, change) in keyed(definition.changes, by: { "changes \($0.version.value.text)" }) {
            fields.append((key, "\(change.version.value.text): \(change.description.value)"
                           + (change.pr.map { " (\($0.value))" } ?? "")))
        }
        return fields.compactMap { field, value in value.map { (field, $0) } }
    }

    /// Fields that name other definitions (a ratio's inputs, a formula's expression).
    static func namesInputs(_ field: String) -> Bool {
        field == "measure.numerator" || field == "measure.denominator" || field == "measure.expression"
    }

    /// A field's text with each whole id in `ids` replaced by its new one: `{definition: wau, periods_ago: 1}` with
    /// wau renamed.
    static func replacingIDs(in text: String, _ ids: [String: String]) -> String {
        guard !ids.isEmpty else { return text }
        var result = ""
        var word = ""
        func flush() {
            result += ids[word] ?? word
            word = ""
        }
        for character in text {
            if character.isLetter || character.isNumber || character == "_" {
                word.append(character)
            } else {
                flush()
                result.append(character)
            }
        }
        flush()
        return result
    }

    /// The start of a broken range's field name: "broken from 3.31".
    static let brokenRangeField = "broken from "

    /// Whether two ranges mean the same releases, reason and fix, however their bounds are spelled.
    static func sameRange(_ one: BrokenRange, _ other: BrokenRange) -> Bool {
        one.lowerBound == other.lowerBound && one.upperBoundExclusive == other.upperBoundExclusive
            && one.reason?.value == other.reason?.value && one.fix?.value == other.fix?.value
    }

    /// The items of a field that holds a set of things (events, owners, pull requests, `where` entries, examples),
    /// each with the key it is matched by between two versions, the text it is shown as, and the text its content
    /// compares as; nil for any other field.
    private static func items(of field: String, in definition: Definition)
        -> [(key: String, shown: String, content: String)]? {
        func names(_ values: [String]) -> [(key: String, shown: String, content: String)] { values.map { ($0, $0, $0) } }
        switch field {
        case "events": return names(definition.events.map(\.value))
        case "exclude_events": return names(definition.excludeEvents.map(\.value))
        case "measure.cohort_events": return names(definition.measure.cohortEvents.map(\.value))
        case "owners": return names(definition.owners)
        case "prs": return names(definition.prs.map(\.value))
        case "measure.where": return definition.measure.filters.map { (canonical($0), describe($0), canonical($0)) }
        case "examples": return definition.examples.map { ($0.name.value, $0.name.value, content(of: $0)) }
        default: return nil
        }
    }

    /// Which items of a set-valued field came, went, or (an example's rows) changed; nil for any other field.
    static func itemChanges(_ field: String, _ old: Definition, _ new: Definition)
        -> (added: [String], removed: [String], changed: [String])? {
        guard let before = items(of: field, in: old), let after = items(of: field, in: new) else { return nil }
        return itemChanges(before, after)
    }

    /// Which of two lists' items came, went, or kept their key with other content, as shown.
    static func itemChanges(_ before: [(key: String, shown: String, content: String)],
                            _ after: [(key: String, shown: String, content: String)])
        -> (added: [String], removed: [String], changed: [String]) {
        let had = Dictionary(before.map { ($0.key, $0.content) }, uniquingKeysWith: { first, _ in first })
        let has = Set(after.map(\.key))
        return (after.filter { had[$0.key] == nil }.map(\.shown), before.filter { !has.contains($0.key) }.map(\.shown),
                after.filter { item in had[item.key].map { $0 != item.content } ?? false }.map(\.shown))
    }

    /// An example's rows as one text: each source's given rows in order, the expected rows as a set, each row's
    /// cells by column name, values as JSON.
    private static func content(of example: Example) -> String {
        func row(_ row: ExampleRow) -> String {
            ExampleJSON.text(.object(row.cells.map { ($0.column.value, $0.value.value) }.sorted { $0.0 < $1.0 }))
        }
        let given = example.given.sorted { $0.source.value < $1.source.value }
            .map { $0.source.value + ": " + $0.rows.map(row).joined(separator: "; ") }
        return given.joined(separator: " | ") + " => " + example.expect.map(row).sorted().joined(separator: "; ")
    }

    /// Each item under its key, a second item of the same key as `key #2`, and so on.
    private static func keyed<Item>(_ items: [Item], by key: (Item) -> String) -> [(String, Item)] {
        var seen: [String: Int] = [:]
        return items.map { item in
            let base = key(item)
            seen[base, default: 0] += 1
            return (seen[base]! == 1 ? base : "\(base) #\(seen[base]!)", item)
        }
    }

    /// The keys only one aggregate takes.
    private static func kindFields(_ measure: Measure) -> [(String, String?)] {
        switch measure.kind {
        case .retention(let retention):
            [("measure.\(retention.offsetColumn)s", list(retention.offsets.map { String($0.value) })),
             ("measure.week_start", retention.cohortGrain.value == .week ? retention.weekStart.rawValue : nil),
             ("measure.retained", retention.returns?.value.rawValue)]
        case .funnel(let funnel):
            [("measure.within", funnel.within.value.text),
             ("measure.steps", list(funnel.steps.map { step in
                 step.name.value + ": " + step.events.map(\.value).joined(separator: " | ") }))]
        case .ratio(let ratio):
            [("measure.numerator", describe(ratio.numerator)), ("measure.denominator", describe(ratio.denominator))]
        case .formula(let formula): [("measure.expression", describe(formula.expression.value))]
        case .sql(let query):
            [("measure.reads", list(query.reads.map(\.value))),
             ("measure.columns", list(query.columns.map { "\($0.name.value) \($0.type.value.rawValue)" }))]
        case .sum(let values), .average(let values), .min(let values), .max(let values), .countDistinct(let values),
             .median(let values): [("measure.field", values.field.value.description)]
        case .percentile(let percentile):
            [("measure.field", percentile.values.field.value.description),
             ("measure.percentile", "\(percentile.fraction.value)")]
        case .count, .uniqueUsers, .firstTimeUsers, .growthAccounting: []
        }
    }

    /// Where a changed field changed in the new definition: the first event or `where` entry it did not have (an
    /// annotation on the line edited, not on the list's key), else the field's key.
    static func changeSpan(_ field: String, _ old: Definition, _ new: Definition) -> SourceSpan? {
        func firstNew(_ before: [Located<String>], _ after: [Located<String>]) -> SourceSpan? {
            let had = Set(before.map(\.value))
            return after.first { !had.contains($0.value) }?.span
        }
        let added: SourceSpan? = switch field {
        case "events": firstNew(old.events, new.events)
        case "exclude_events": firstNew(old.excludeEvents, new.excludeEvents)
        case "measure.cohort_events": firstNew(old.measure.cohortEvents, new.measure.cohortEvents)
        case "measure.where":
            new.measure.filters.first { !Set(old.measure.filters.map(canonical)).contains(canonical($0)) }?.span
        default: nil
        }
        return added ?? new.span(ofField: field)
    }

    /// What makes two definitions the same ping under different ids: the same events and the same measure.
    static func fingerprint(_ definition: Definition) -> String {
        flatten(definition, canonical: true, exampleRows: false).filter { isBreaking($0.field) }.map { "\($0.field)=\($0.value)" }
            .joined(separator: "\n")
    }

    static func describe(_ range: BrokenRange) -> String {
        range.label + (range.reason.map { " (\($0.value))" } ?? "") + (range.fix.map { " fix \($0.value)" } ?? "")
    }

    private static func list(_ items: [String]) -> String? {
        items.isEmpty ? nil : items.joined(separator: ", ")
    }

    /// A where entry as the diff compares it: one text for every way of writing the same filter, and different
    /// texts for different filters (values as JSON, so the text "NULL" is not null and "a, b" is one value). The
    /// entries of a `where` all hold and an `any_of` keeps a row any of its filters keeps, so neither's order
    /// matters; `in` and `not_in` are sets; `equals: x` is `in: [x]` (NULL is kept by neither) and `not_equals: x`
    /// `not_in: [x]` (NULL is kept by both); `equals: null` is `is_null: true`.
    static func canonical(_ filter: WhereFilter) -> String {
        switch filter {
        case .anyOf(let filters, _): return "any_of(" + filters.map(canonical).sorted().joined(separator: "; ") + ")"
        case .clause(let clause):
            let field = clause.field.value.description
            func json(_ value: ExampleValue) -> String { ExampleJSON.text(value) }
            func set(_ values: [Located<ExampleValue>]) -> String {
                "[" + Set(values.map { json($0.value) }).sorted().joined(separator: ", ") + "]"
            }
            switch clause.operation {
            case .equals(let value): return value.value == .null ? "\(field) is_null true" : "\(field) in \(set([value]))"
            case .notEquals(let value):
                return value.value == .null ? "\(field) is_null false" : "\(field) not_in \(set([value]))"
            case .isIn(let values): return "\(field) in \(set(values))"
            case .notIn(let values): return "\(field) not_in \(set(values))"
            case .isNull(let flag): return "\(field) is_null \(flag)"
            case .compare(let comparison, let value): return "\(field) \(comparison.rawValue) \(json(value.value))"
            case .between(let low, let high): return "\(field) between \(json(low.value)) and \(json(high.value))"
            case .matches(_, let text): return "\(field) matches \(json(.string(text)))"
            }
        }
    }

    /// A where entry in one line: `version != dev`, `any of (a = 1; b = 2)`. The docs show them too.
    static func describe(_ filter: WhereFilter) -> String {
        switch filter {
        case .clause(let clause): describe(clause)
        case .anyOf(let filters, _): "any of (" + filters.map(describe).joined(separator: "; ") + ")"
        }
    }

    private static func describe(_ filter: WhereClause) -> String {
        let field = filter.field.value.description
        func text(_ value: ExampleValue) -> String { ExampleComparison.describe(value) }
        switch filter.operation {
        // As the SQL reads them (format.md: `equals: null` is `is_null: true`): `x = NULL` would match no row.
        case .equals(let value) where value.value == .null: return "\(field) is null"
        case .notEquals(let value) where value.value == .null: return "\(field) is not null"
        case .equals(let value): return "\(field) = \(text(value.value))"
        case .notEquals(let value): return "\(field) != \(text(value.value))"
        case .isIn(let values): return "\(field) in [\(values.map { text($0.value) }.joined(separator: ", "))]"
        case .notIn(let values): return "\(field) not in [\(values.map { text($0.value) }.joined(separator: ", "))]"
        case .isNull(let flag): return "\(field) is \(flag ? "" : "not ")null"
        case .compare(let comparison, let value): return "\(field) \(comparison.symbol) \(text(value.value))"
        case .between(let low, let high):
            return "\(field) between \(text(low.value)) and \(text(high.value)) (inclusive)"
        case .matches(_, let pattern): return "\(field) matches \(text(.string(pattern)))"
        }
    }

    /// A ratio input as written: `mau`, or `{definition: mau, periods_ago: 12}`.
    static func describe(_ input: InputReference) -> String {
        input.periodsAgo.map { "{definition: \(input.id.value), periods_ago: \($0.value)}" } ?? input.id.value
    }

    static func describe(_ expression: FormulaExpression) -> String {
        switch expression {
        case .number(_, let text): return text
        case .reference(let input):
            return input.periodsAgo.map { "\(FormulaParser.previous)(\(input.id.value), \($0.value))" } ?? input.id.value
        case .negate(let inner): return "-(\(describe(inner)))"
        case .binary(let operation, let left, let right): return "(\(describe(left)) \(operation) \(describe(right)))"
        }
    }
}
