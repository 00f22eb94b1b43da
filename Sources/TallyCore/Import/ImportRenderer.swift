import Foundation

/// A file `tally import` writes, by project-relative path, with the TODOs left in it.
public struct ImportedFile: Sendable {
    public var path: String
    public var text: String
    public var todos: [ImportTODO]
}

/// Turns an imported page into definition files: what the page says is mapped, what it cannot say (the precise
/// definition, the source, the logged events, the aggregate) is left as a TODO comment above a key that
/// `tally check` reports until a person fills it in.
public enum ImportRenderer {
    public static let schemaModeline = "# yaml-language-server: $schema=../../generated/schema/definition.schema.json"

    /// Every file of the import: one definition per ping in page order, then group.yaml.
    /// - Parameters:
    ///   - eventCodeTemplate: tally.yaml's `links.event_code`.
    ///   - sources: the source names of the project, named in the source TODO.
    ///   - groupFile: false when the group exists, so its group.yaml is kept and only definitions are added.
    public static func files(for page: ImportedPage, group: String, eventCodeTemplate: String,
                             sources: [String], groupFile: Bool = true) -> [ImportedFile] {
        let kinds = page.pings.map(page.kind(of:))
        let ids = identifiers(for: page.pings.map(\.title), kinds: kinds)
        var files: [ImportedFile] = []
        for ((ping, kind), id) in zip(zip(page.pings, kinds), ids) {
            let path = "definitions/\(group)/\(id).yaml"
            files.append(file(path, definition(ping, kind: kind, eventCodeTemplate: eventCodeTemplate, sources: sources,
                                               madeUpID: snakeCase(ping.title).isEmpty ? id : nil)))
        }
        if groupFile { files.append(file("definitions/\(group)/group.yaml", groupYAML(page))) }
        return files
    }

    static func file(_ path: String, _ yaml: ImportYAML) -> ImportedFile {
        let todos = yaml.todos.map { todo in
            let line = yaml.lines[todo.line - 1]
            let indent = line.prefix { $0 == " " }.count
            let key = line.dropFirst(indent).prefix { $0 != ":" }
            return ImportTODO(span: .line(todo.line, of: path, column: indent + 1, endColumn: indent + 1 + key.count),
                              message: todo.message)
        }
        return ImportedFile(path: path, text: yaml.text, todos: todos)
    }

    // MARK: Identifiers

    /// snake_case of a title: lowercase ASCII letters and digits, every other run one `_`, trimmed, at most 64
    /// characters cut after a whole word; the kind (`metric_`, `ping_`) in front of a leading digit, the kind alone
    /// for a title with no letter or digit at all (a metric's id had been `ping` too).
    public static func identifier(_ title: String, kind: DefinitionKind = .ping) -> String {
        var output = snakeCase(title)
        if output.isEmpty { return kind.rawValue }
        if output.first!.isNumber { output = kind.rawValue + "_" + output }
        return truncated(output, to: 64)
    }

    /// A title's ASCII letters and digits, lowercased, each other run one `_`; empty when it has none.
    static func snakeCase(_ title: String) -> String {
        var output = ""
        var pending = false
        // Accents are folded, not dropped: "Émoji" is emoji, not moji. Decomposed, a letter's marks follow it.
        for scalar in title.decomposedStringWithCanonicalMapping.unicodeScalars
        where scalar.properties.generalCategory != .nonspacingMark {
            let lowered: Unicode.Scalar? = switch scalar {
            case "a"..."z", "0"..."9": scalar
            case "A"..."Z": Unicode.Scalar(scalar.value + 32)
            default: nil
            }
            guard let lowered else {
                pending = true
                continue
            }
            if pending && !output.isEmpty { output += "_" }
            pending = false
            output.unicodeScalars.append(lowered)
        }
        return output
    }

    /// The id cut to `length` characters after its last whole word; a first word longer than that is cut, as
    /// there is no other way to keep it short.
    static func truncated(_ id: String, to length: Int) -> String {
        guard id.count > length else { return id }
        var result = String(id.prefix(length + 1))
        if let lastBreak = result.lastIndex(of: "_"), lastBreak != result.startIndex {
            result = String(result[..<lastBreak])
        } else {
            result = String(result.prefix(length))
        }
        while result.hasSuffix("_") { result.removeLast() }
        return result
    }

    /// Identifiers of the titles, unique within the import (`_2`, `_3`, ... on repeats) and never `group`, which
    /// is the group's own file.
    /// `kinds`: each title's definition kind, for an id made from no letter (`metric`), or none for pings.
    public static func identifiers(for titles: [String], kinds: [DefinitionKind] = []) -> [String] {
        var taken: Set<String> = ["group"]
        return titles.enumerated().map { index, title in
            let base = identifier(title, kind: index < kinds.count ? kinds[index] : .ping)
            var id = base
            var number = 2
            while taken.contains(id) {
                let suffix = "_\(number)"
                id = truncated(base, to: 64 - suffix.count) + suffix
                number += 1
            }
            taken.insert(id)
            return id
        }
    }

    // MARK: Event code links

    /// A link template with `{event}` filled in, as the docs build it.
    static func expand(_ template: String, _ name: String) -> String {
        template.replacing("{event}", with: MarkdownText.queryValue(name))
    }

    /// The template a link was made from when it holds the event's name: the name replaced by `{event}`.
    static func template(of url: String, name: String) -> String? {
        let value = MarkdownText.queryValue(name)
        guard !value.isEmpty, url.contains(value), !url.contains("{event}") else { return nil }
        let template = url.replacing(value, with: "{event}")
        return expand(template, name) == url ? template : nil
    }

    /// How a ping's Event Code links are written: an `event_code_link` when most linked codes share one template
    /// other than tally.yaml's, and a `link` for each code whose link the template in force does not produce.
    static func linkEncoding(_ codes: [ImportedEventCode], projectTemplate: String)
        -> (eventCodeLink: String?, links: [String?]) {
        let linked = codes.filter { $0.url != nil }
        var counts: [String: Int] = [:]
        var order: [String] = []
        for code in linked {
            guard let url = code.url, url != expand(projectTemplate, code.name),
                  let candidate = template(of: url, name: code.name) else { continue }
            if counts[candidate] == nil { order.append(candidate) }
            counts[candidate, default: 0] += 1
        }
        var best: String?
        for candidate in order where best == nil || counts[candidate]! > counts[best!]! { best = candidate }
        let eventCodeLink = best.flatMap { counts[$0]! * 2 > linked.count ? $0 : nil }
        let inForce = eventCodeLink ?? projectTemplate
        let links = codes.map { code -> String? in
            guard let url = code.url, url != expand(inForce, code.name) else { return nil }
            return url
        }
        return (eventCodeLink, links)
    }

    // MARK: Definitions

    /// The definition file of one ping or metric; a metric has no type, and a version added only when the page
    /// gives one (a ping must have one).
    /// `madeUpID`: the file's id, when the title gave none (no Latin letter or digit) and it was made up.
    static func definition(_ ping: ImportedPing, kind: DefinitionKind, eventCodeTemplate: String,
                           sources: [String], madeUpID: String? = nil) -> ImportYAML {
        let noun = kind.rawValue
        var yaml = ImportYAML()
        yaml.raw(schemaModeline)
        yaml.string("kind", noun)
        if let madeUpID {
            yaml.todo("the id '\(madeUpID)' (this file's name) was made up, as the title has no Latin letter or digit: "
                      + "rename the file to the id this \(noun) should have")
        }
        yaml.string("title", ping.title)
        if kind == .ping { pingType(ping, into: &yaml) }
        if let definition = ping.definition {
            yaml.string("definition", definition)
        } else {
            let said = ping.definitionPlaceholder.map { "the page says \"\($0)\"" } ?? "the page has no Definition"
            yaml.todo("write the definition: precisely what is counted, over which period and groups (\(said))")
            yaml.empty("definition")
        }
        if let purpose = ping.purpose {
            yaml.string("rationale", purpose)
        } else {
            yaml.todo("write the rationale: why this \(noun) exists (the page has no Intended purpose)")
            yaml.empty("rationale")
        }
        if let implementation = ping.implementation { yaml.string("implementation", implementation) }
        if let considerations = ping.considerations { yaml.string("considerations", considerations) }

        let known = sources.isEmpty ? "none yet"
            : sources.prefix(10).joined(separator: ", ") + (sources.count > 10 ? ", ..." : "")
        yaml.open("source")
        yaml.todo("name the source this \(noun) reads, a file of definitions/sources/ (\(known))", indent: 2)
        yaml.empty("table", indent: 2)
        if let description = ping.sourceDescription { yaml.string("description", description, indent: 2) }
        if !ping.dashboards.isEmpty {
            yaml.open("dashboards", indent: 2)
            for dashboard in ping.dashboards {
                yaml.itemString("title", dashboard.title, indent: 4)
                yaml.string("url", dashboard.url, indent: 6, quoted: true)
                if let chart = dashboard.chart { yaml.string("chart", chart, indent: 6) }
            }
        }
        let names = ping.eventCodes.map(\.name)
        let shown = names.count > 3 ? names.prefix(3).joined(separator: ", ") + ", ..." : names.joined(separator: ", ")
        let codesNote = names.isEmpty ? "the page names no Event Code"
            : "the page's Event Codes, kept in event_codes, may differ: \(shown)"
        yaml.todo("list the event names the app logs for this \(noun) (\(codesNote)); remove 'events' for an sql "
                      + "measure")
        yaml.raw("events: [\"\"]")

        let encoding = linkEncoding(ping.eventCodes, projectTemplate: eventCodeTemplate)
        if !ping.eventCodes.isEmpty {
            let simple = zip(ping.eventCodes, encoding.links).allSatisfy { $0.description == nil && $1 == nil }
            let flow = "event_codes: " + ImportYAML.flowList(names)
            if simple && flow.count <= ImportYAML.width {
                yaml.raw(flow)
            } else {
                yaml.open("event_codes")
                for (code, link) in zip(ping.eventCodes, encoding.links) {
                    if code.description == nil && link == nil {
                        yaml.item(code.name, indent: 2)
                        continue
                    }
                    yaml.itemString("name", code.name, indent: 2)
                    if let description = code.description { yaml.string("description", description, indent: 4) }
                    if let link { yaml.string("link", link, indent: 4, quoted: true) }
                }
            }
        }
        if let link = encoding.eventCodeLink { yaml.string("event_code_link", link, quoted: true) }
        if !ping.funnels.isEmpty {
            yaml.open("funnels")
            for funnel in ping.funnels {
                yaml.itemString("name", funnel.name, indent: 2)
                yaml.open("steps", indent: 4)
                for step in funnel.steps { yaml.raw("      - " + ImportYAML.flowList(step)) }
            }
        }

        let said = ping.aggregationText.map { "the page says \"Aggregation: \($0)\"" }
            ?? "the page gives no Aggregation; add a grain: day, week, month or total"
        let hint = ping.type == .backendCapture ? "; a BE capture that reads database tables is usually sql" : ""
        // Every aggregate, so that the list grows with the format.
        let aggregates = Aggregate.allCases.map(\.rawValue)
        yaml.todo("choose the measure's aggregate, one of \(aggregates.dropLast().joined(separator: ", ")) or "
                      + "\(aggregates.last!) (\(said))\(hint)")
        if let grain = ping.grain, grain != .week || ping.weekStart != nil {
            yaml.open("measure")
            yaml.string("grain", grain.rawValue, indent: 2)
            if grain == .week, let start = ping.weekStart { yaml.string("week_start", start.rawValue, indent: 2) }
        } else if ping.grain == .week {
            // Weeks from another day than tally's: the grain is left empty, which check refuses until a person
            // chooses (an empty week_start, which may be left out, was read as Monday and passed).
            yaml.open("measure")
            yaml.todo("the page's weeks start on a day tally's cannot: choose grain week with week_start monday or "
                          + "sunday, or another grain (\(said))", indent: 2)
            yaml.empty("grain", indent: 2)
        } else {
            yaml.empty("measure")
        }

        if !ping.prs.isEmpty {
            yaml.open("prs")
            for pr in ping.prs { yaml.item(pr, indent: 2, quoted: true) }
        }
        // A ping needs its version (a TODO when the page has none); a metric takes one when the page gives it.
        if kind == .ping {
            added(ping, into: &yaml)
        } else if let added = ping.added {
            yaml.string("added", added, quoted: true)
        }
        if !ping.broken.isEmpty {
            yaml.open("broken")
            for range in Self.inReleaseOrder(ping.broken) {
                yaml.itemString("from", range.from, indent: 2, quoted: true)
                if let through = range.through { yaml.string("through", through, indent: 4, quoted: true) }
                if let reason = range.reason { yaml.string("reason", reason, indent: 4) }
                if let fix = range.fix { yaml.string("fix", fix, indent: 4, quoted: true) }
            }
        }
        return yaml
    }

    /// The ranges in release order, as tally check wants them (V003): a page may list the latest first. Ranges
    /// whose start is not a version keep their place, for check to report.
    static func inReleaseOrder(_ ranges: [ImportedRange]) -> [ImportedRange] {
        let starts = ranges.map { Version($0.from)?.lowerBound }
        guard !starts.contains(where: { $0 == nil }) else { return ranges }
        return ranges.indices.sorted { first, second in
            starts[first]! != starts[second]! ? starts[first]! < starts[second]! : first < second
        }.map { ranges[$0] }
    }

    /// A ping's type, or a TODO for it (metrics have none).
    static func pingType(_ ping: ImportedPing, into yaml: inout ImportYAML) {
        if let type = ping.type {
            yaml.string("type", type.rawValue)
        } else {
            let said = ping.typeText.map { "the page says \"Type: \($0)\"" } ?? "the page gives no Type"
            yaml.todo("set the type: frontend_event (FE event) or backend_capture (BE capture); \(said)")
            yaml.empty("type")
        }
    }

    /// The version a ping was added in, or a TODO for it (metrics have none).
    static func added(_ ping: ImportedPing, into yaml: inout ImportYAML) {
        if let added = ping.added {
            yaml.string("added", added, quoted: true)
        } else {
            let said = ping.addedText.map { "the page says \"Version Added: \($0)\"" } ?? "the page gives none"
            yaml.todo("give the version this ping was added in, like \"3.25\" (\(said))")
            yaml.empty("added")
        }
    }

    // MARK: Group

    static func groupYAML(_ page: ImportedPage) -> ImportYAML {
        var yaml = ImportYAML()
        // As the definitions it heads, and as tally init's group.yaml: an editor checks it against its schema.
        yaml.raw(GroupSchema.document.modeline(depth: 2))
        yaml.string("title", page.title)
        if page.introduction.isEmpty {
            yaml.todo("write the introduction: what this page covers (the page has no text under its title)")
            yaml.empty("introduction")
        } else {
            yaml.string("introduction", page.introduction)
        }
        if !page.terminology.isEmpty {
            yaml.open("terminology")
            for term in page.terminology {
                yaml.itemString("term", term.term, indent: 2)
                yaml.string("definition", term.definition, indent: 4)
            }
        }
        return yaml
    }
}
