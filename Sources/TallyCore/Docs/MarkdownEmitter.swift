/// generated/docs/: one page per group written as the Code Insights pings page is (pings) or as the Cody metrics
/// page is (metrics), README.md indexing every definition, and versions.md showing release by release which
/// definitions are known broken. Pure: no I/O, and the same catalog gives the same bytes.
public struct MarkdownEmitter: Sendable {
    public let checked: CheckedCatalog
    public var catalog: Catalog { checked.catalog }
    let links: DocsLinks

    static let terminologyHeading = "Terminology"
    static let definitionsHeading = "Metrics"

    public init(catalog: CheckedCatalog) {
        self.checked = catalog
        self.links = DocsLinks(settings: catalog.settings)
    }

    public func files() -> [GeneratedFile] { jobs().flatMap { $0.render() } }

    /// One job per page, then the index and the version matrix, each naming its inputs, so that a later build takes
    /// the ones an edit cannot reach (the index and the matrix: `DocsIndexFacts`). The page index they share is made
    /// by the first job that needs it.
    func jobs() -> [RenderJob] {
        let pages = MadeOnce { [catalog] in DocsPages(catalog: catalog) }
        let facts = MadeOnce { [catalog] in DocsIndexFacts.digest(of: catalog) }
        return DocsPages.groups(of: catalog).map { group in
            RenderJob(inputs: { inputs(of: pages.value.page(of: group)!, pages: pages.value) }) {
                [page(pages.value.page(of: group)!, pages: pages.value)]
            }
        } + [
            .wholeCatalog("docs/README.md", facts: { facts.value }) { [index(pages.value)] },
            .wholeCatalog("docs/versions.md", facts: { facts.value }) {
                [VersionMatrix(catalog: catalog, links: links, pages: pages.value).file()]
            },
        ] + (catalog.sources.isEmpty ? [] : [
            // Made from the sources alone, which every job's key counts.
            RenderJob(inputs: { JobInputs(label: SourcesPage.path, definitionFiles: []) }) { [SourcesPage(catalog: catalog).file()] },
        ])
    }

    // MARK: - Files

    /// The HTML comment every docs file starts with.
    static func header(_ sources: [String]) -> String {
        let lines = GeneratedHeader.lines(from: sources).map { Self.withoutDoubleHyphens($0) }
        if lines.count == 1 { return "<!-- \(lines[0]) -->" }
        return "<!-- \(lines[0])\n" + lines.dropFirst().joined(separator: "\n") + "\n-->"
    }

    /// A line as an HTML comment may hold it: no `--`, which would end the comment (`--->` written once as `- -->`
    /// would still hold one, so the replacement repeats until none is left).
    static func withoutDoubleHyphens(_ line: String) -> String {
        var line = line
        while hasDoubleHyphen(line) { line = line.replacingAll("--", with: "- -") }
        return line
    }

    /// Whether two hyphens stand side by side, byte by byte (a combining mark after a hyphen hides it from a
    /// search of Characters, not from an HTML parser).
    private static func hasDoubleHyphen(_ line: String) -> Bool {
        var copy = line
        return copy.withUTF8 { bytes in bytes.indices.dropFirst().contains { bytes[$0] == 0x2D && bytes[$0 - 1] == 0x2D } }
    }

    /// Blocks separated by blank lines, ending with one newline.
    static func document(_ blocks: [String]) -> String {
        blocks.filter { !$0.isEmpty }.joinedInOneCopy(separator: "\n\n") + "\n"
    }

    func page(_ page: DocsPage, pages: DocsPages) -> GeneratedFile {
        var blocks = [Self.header(page.sourceFiles), "# " + MarkdownText.heading(page.title)]
        let introduction = MarkdownText.prose(page.introduction)
        if !introduction.isEmpty { blocks.append(introduction) }
        if !page.terminology.isEmpty {
            blocks.append("## " + Self.terminologyHeading)
            blocks.append(page.terminology.map { term in
                bullet("**" + MarkdownText.literal(term.term) + "** - " + MarkdownText.prose(term.definition))
            }.joinedInOneCopy(separator: "\n"))
        }
        blocks.append("## " + Self.definitionsHeading)
        if page.definitions.isEmpty { blocks.append("No definitions yet.") }
        for definition in page.definitions {
            blocks += section(definition, pages: pages)
        }
        return GeneratedFile(path: "docs/\(page.path)", contents: Self.document(blocks))
    }

    /// What a page is made from, beside the files that are not definitions (its group.yaml among them): its
    /// definitions; every definition their views read (a ratio's inputs, transitively: a section shows its view's
    /// columns and grain); and for each definition a section links to (an input, a replacement), every definition
    /// of that one's page, since its title, its deprecation and its anchor (which depends on the titles above it
    /// there) make the link.
    func inputs(of page: DocsPage, pages: DocsPages) -> JobInputs {
        var files = Set(page.definitions.map(\.file))
        var linkedGroups: Set<String> = []
        // The page's own definitions and group are in already (`page` is its group's page in `pages`): only others
        // are added (each view is among its own inputs, and adding each definition and its page again was most of
        // 48 million instructions for 200 pages).
        for definition in page.definitions {
            for input in checked.view(definition.id.value)?.withInputs ?? [] where input.definition !== definition {
                files.insert(input.definition.file)
                if input.definition.group != page.group { linkedGroups.insert(input.definition.group) }
            }
            if let replacement = definition.deprecated?.replacedBy, let other = catalog.definition(replacement.value) {
                files.insert(other.file)
                if other.group != page.group { linkedGroups.insert(other.group) }
            }
        }
        for group in linkedGroups { files.formUnion(pages.page(of: group)?.definitions.map(\.file) ?? []) }
        return JobInputs(label: "docs/" + page.path, definitionFiles: files)
    }

    /// docs/README.md: per page, a table of its definitions linking to their sections.
    func index(_ pages: DocsPages) -> GeneratedFile {
        let name = catalog.settings.name.map(MarkdownText.oneLine).flatMap { $0.isEmpty ? nil : $0 } ?? "Definitions"
        var blocks = [Self.header(pages.allSourceFiles), "# " + MarkdownText.heading(name),
                      "Every metric and ping, page by page. [versions.md](versions.md) shows, release by release, "
                      + "which of them are known broken" + (catalog.sources.isEmpty ? "." : "; [sources.md](sources.md) "
                      + "what the tables they count hold, column by column.")]
        if catalog.settings.exports.dbt != nil {
            blocks.append("For dbt: " + MarkdownText.link(MarkdownText.code("dbt/"), "../" + DBTEmitter.folder + DBTEmitter.projectFile)
                          + " is a dbt project with a model per definition and its examples as unit tests.")
        }
        if catalog.settings.exports.lookml != nil {
            let model = LookMLEmitter.modelPath(catalog.settings)
            blocks.append("For Looker: " + MarkdownText.link(MarkdownText.code(model), "../" + model)
                          + " has an explore per definition, each over its view in `lookml/<group>/<id>.view.lkml`.")
        }
        for page in pages.pages {
            blocks.append("## " + MarkdownText.heading(page.title))
            guard !page.definitions.isEmpty else {
                blocks.append("No definitions yet.")
                continue
            }
            var rows = [MarkdownText.row(["Definition", "Kind", "Type", "Added", "Broken in", "Page"]),
                        MarkdownText.row(Array(repeating: "---", count: 6))]
            for definition in page.definitions {
                rows.append(MarkdownText.row([
                    pages.link(to: definition, from: nil),
                    definition.kind.value.rawValue,
                    definition.type.map { MarkdownText.literal($0.value.label) } ?? "",
                    definition.added.map { MarkdownText.literal($0.value.text) } ?? "",
                    definition.broken.map { MarkdownText.literal($0.label) }.joinedInOneCopy(separator: ", "),
                    MarkdownText.link(MarkdownText.literal(page.path), page.path),
                ]))
            }
            blocks.append(rows.joinedInOneCopy(separator: "\n"))
        }
        return GeneratedFile(path: "docs/README.md", contents: Self.document(blocks))
    }

    // MARK: - Sections

    func section(_ definition: Definition, pages: DocsPages) -> [String] {
        var blocks = ["### " + MarkdownText.heading(definition.title.value)]
        if let deprecation = definition.deprecated {
            // Deprecated definitions keep their section and their views until they are deleted.
            // The reason is a phrase or a sentence: it ends as a sentence before the next one starts.
            var notice = MarkdownText.ended("> **Deprecated** since \(MarkdownText.literal(deprecation.version.value.text)): "
                + MarkdownText.prose(deprecation.reason.value))
            if let replacement = deprecation.replacedBy, let other = catalog.definition(replacement.value) {
                notice += " Use " + pages.link(to: other, from: definition.group) + " instead."
            }
            blocks.append(notice)
        }
        var bullets: [String] = []
        if definition.kind.value == .ping {
            // The pings page: labelled paragraphs, then the facts as a list.
            if let type = definition.type { blocks.append("**Type:** " + MarkdownText.literal(type.value.label)) }
            for (label, text) in labelledTexts(definition) {
                blocks.append(String(concatenating: "**", label, ":** ", MarkdownText.prose(text)))
            }
            bullets.append(bullet(String(concatenating: "Aggregation: ", aggregation(definition), timeZoneNote(definition))))
            bullets += valueLines(definition)
            bullets += eventCodeLines(definition)
            bullets += rowFilterLines(definition)
            bullets += pullRequestLines(definition)
            bullets += versionLines(definition)
            bullets.append(bullet("Source of truth: " + sourceOfTruth(definition, pages: pages)))
        } else {
            // The metrics page: every fact a bullet.
            for (label, text) in labelledTexts(definition) {
                bullets.append(bullet(String(concatenating: "**", label, ":** ", MarkdownText.prose(text))))
            }
            bullets.append(bullet("**Source of truth:** " + sourceOfTruth(definition, pages: pages)))
            bullets.append(bullet(String(concatenating: "Aggregation: ", aggregation(definition), timeZoneNote(definition))))
            bullets += valueLines(definition)
            // What a metric reads, as a ping page shows it: its events (linked to the code), or its codes and funnels.
            if !definition.events.isEmpty || !definition.eventCodes.isEmpty || !definition.funnels.isEmpty {
                bullets += eventCodeLines(definition)
            }
            bullets += rowFilterLines(definition)
            bullets += pullRequestLines(definition)
            bullets += versionLines(definition)
        }
        // Who to ask about it, as a telemetry team's page says (glean's notification emails).
        if !definition.owners.isEmpty {
            bullets.append(bullet("Owners: " + definition.owners.map(MarkdownText.literal).joinedInOneCopy(separator: ", ")))
        }
        bullets.append(bullet("Views: " + views(definition)))
        blocks.append(bullets.joinedInOneCopy(separator: "\n"))
        return blocks
    }

    /// The texts a section shows under a label, in order, as each page names them.
    func labelledTexts(_ definition: Definition) -> [(String, String)] {
        let ping = definition.kind.value == .ping
        var texts: [(String, String?)] = [
            ("Definition", definition.definition),
            (ping ? "Intended purpose" : "Why this metric", definition.rationale),
            ("Functional implementation", definition.implementation),
            ("Other considerations", definition.considerations),
        ]
        texts = texts.filter { $0.1.map { !MarkdownText.oneLine($0).isEmpty } ?? false }
        return texts.map { ($0.0, $0.1!) }
    }

    /// A list item; the lines of a multi-line text stay inside it.
    func bullet(_ text: String, level: Int = 0) -> String {
        let indent = String(repeating: " ", count: 3 * level)
        return indent + "- " + MarkdownText.indented(text, by: indent + "  ")
    }

    /// "By week", "By day, by `name`", "total, by `insight_type`", as the pings page writes it.
    func aggregation(_ definition: Definition) -> String {
        let measure = definition.measure
        func byGroups(_ columns: [String]) -> String {
            columns.isEmpty ? "" : ", by " + columns.map { MarkdownText.code($0) }.joinedInOneCopy(separator: ", ")
        }
        switch measure.kind {
        case .retention(let retention):
            let unit = retention.offsetColumn
            let offsets = retention.offsets.map { String($0.value) }
            let cohort = switch retention.cohortGrain.value {
            case .week: retention.weekStart == .sunday ? "weekly cohort (weeks start on Sunday)" : "weekly cohort"
            case .month: "monthly cohort"
            default: "daily cohort"
            }
            let when = retention.returnRule == .inPeriod ? "in" : "in or after"
            return "By \(cohort), retained \(when) \(unit)\(offsets.count == 1 ? "" : "s") " + offsets.joinedInOneCopy(separator: ", ")
        case .funnel(let funnel):
            let base = checked.view(definition.id.value).flatMap { view in
                view.grain.map { grainLabel($0, weekStart: view.weekStart) }
            } ?? "By period"
            let steps = funnel.steps.enumerated().map { "(\($0 + 1)) " + MarkdownText.literal($1.name.value) }
            return base + " of the first step, people per `step` within " + funnel.within.value.text
                + " of the first: " + steps.joinedInOneCopy(separator: ", ")
        case .growthAccounting:
            let base = checked.view(definition.id.value).flatMap { view in
                view.grain.map { grainLabel($0, weekStart: view.weekStart) }
            } ?? "By period"
            return base + ", people by `category`: new, retained, resurrected, churned"
        case .sql(let query):
            let columns = query.columns.map(\.name.value)
            let groups = columns.filter { !["period_start", "known_broken", "value"].contains($0) }
            let base: String
            if let grain = measure.grain?.value {
                base = grainLabel(grain, weekStart: measure.weekStart)
            } else if columns.contains("period_start") {
                base = "By " + MarkdownText.code("period_start")
            } else {
                base = "total"
            }
            return base + byGroups(groups)
        case .count, .uniqueUsers, .firstTimeUsers, .ratio, .formula, .sum, .average, .min, .max, .countDistinct,
             .median, .percentile:
            let view = checked.view(definition.id.value)
            let base = view.flatMap { view in view.grain.map { grainLabel($0, weekStart: view.weekStart) } } ?? "By period"
            var periods = base + byGroups(view?.groupColumns ?? [])
            if let window = measure.window?.value { periods += ", " + window.label }
            if let snapshot = view.flatMap(snapshotLabel) { periods += ", " + snapshot }
            // A total is one period: filled, it is there even when nothing matched.
            let total = view?.grain == .total
            switch measure.fill?.value {
            case .zero?: periods += total ? "; 0 when nothing matched" : "; periods without rows show 0"
            case .null?: periods += total ? "; no value when nothing matched" : "; periods without rows show no value"
            case .omit?, nil: break
            }
            guard let measured = measuredValues(measure) ?? people(measure) else { return periods }
            return measured + ", " + periods.prefix(1).lowercased() + periods.dropFirst()
        }
    }

    /// The value of a count, a count of people or a combination of definitions, as its own line beside the
    /// aggregation (which keeps the seed pages' "By week"): that alone left a reader unable to tell rows from people.
    private func valueLines(_ definition: Definition) -> [String] {
        guard definition.measure.threshold == nil, let counted = counted(definition.measure) else { return [] }
        return [bullet("Value: " + counted)]
    }

    /// "Count of rows", "Count of registered people", "`searches` over `users`".
    func counted(_ measure: Measure) -> String? {
        func people(_ first: Bool) -> String {
            let who = measure.identityMode == .userOrAnonymous ? "people (registered or anonymous)" : "registered people"
            return "Count of " + who + (first ? " active for the first time" : "")
        }
        func reference(_ input: InputReference) -> String {
            MarkdownText.code(input.id.value) + (input.periodsAgo.map { " \($0.value) periods earlier" } ?? "")
        }
        switch measure.kind {
        case .count: return "Count of rows"
        case .uniqueUsers: return people(false)
        case .firstTimeUsers: return people(true)
        case .ratio(let ratio): return reference(ratio.numerator) + " over " + reference(ratio.denominator)
        case .formula(let formula):
            var inputs: [String] = []
            for input in formula.expression.value.references.map(reference) where !inputs.contains(input) {
                inputs.append(input)
            }
            return "A formula of " + inputs.joinedInOneCopy(separator: ", ")
        case .growthAccounting, .retention, .funnel, .sql, .sum, .average, .min, .max, .countDistinct, .median,
             .percentile: return nil
        }
    }

    /// "Sum of `bytes`", "90th percentile of `latency_ms`": what a column aggregate computes.
    func measuredValues(_ measure: Measure) -> String? {
        guard let values = measure.measuredValues else { return nil }
        let field = MarkdownText.code(values.field.value.description)
        switch measure.kind {
        case .sum: return "Sum of " + field
        case .average: return "Average of " + field
        case .min: return "Smallest " + field
        case .max: return "Largest " + field
        case .countDistinct: return "Count of distinct " + field
        case .median: return "Median of " + field
        case .percentile(let percentile): return Self.percentileLabel(percentile.fraction.value) + " percentile of " + field
        case .count, .uniqueUsers, .firstTimeUsers, .growthAccounting, .retention, .funnel, .ratio, .formula, .sql: return nil
        }
    }

    /// "People with at least 10 active days": who a unique_users with `at_least` counts.
    func people(_ measure: Measure) -> String? {
        guard let threshold = measure.threshold else { return nil }
        return "People with " + threshold.label { MarkdownText.code($0.description) }
            + (measure.window == nil ? "" : " in the window")
    }

    /// 0.95 → "95th", 0.999 → "99.9th", 0.5 → "50th".
    static func percentileLabel(_ fraction: Double) -> String {
        var number = String(format: "%.6f", fraction * 100)
        while number.hasSuffix("0") { number.removeLast() }
        if number.hasSuffix(".") { number.removeLast() }
        guard !number.contains("."), let whole = Int(number), !(11...13).contains(whole % 100) else {
            return number + "th"
        }
        let suffixes = [1: "st", 2: "nd", 3: "rd"]
        return number + (suffixes[whole % 10] ?? "th")
    }

    /// "on each month's last day with data (snapshots per `license`)": which days of a snapshot source a
    /// period reads; nil for other views, and at grain day, where a period is its one day.
    func snapshotLabel(_ view: CheckedView) -> String? {
        guard let reading = view.definition.measure.snapshot?.value, let grain = view.grain, grain != .day,
              case .source(let source, _) = view.reads, let snapshot = source.snapshot else { return nil }
        let days = grain == .total ? "the days" : "each \(grain.rawValue)'s days"
        let reads: String
        switch reading {
        case .periodEnd: reads = grain == .total ? "on the last day with data" : "on each \(grain.rawValue)'s last day with data"
        case .periodAverage: reads = "averaged over \(days) with data"
        }
        // Not "daily": a source may be snapshotted monthly (seats on each month's 1st); one row a day is its most.
        return reads + " (snapshots per " + snapshot.entity.map { MarkdownText.code($0.value) }.joinedInOneCopy(separator: " and ") + ")"
    }

    /// ", in `America/Los_Angeles` time" where the periods are days of a zone other than UTC, or where a total
    /// over a snapshot source reads its days.
    func timeZoneNote(_ definition: Definition) -> String {
        guard let zone = catalog.timeZone(of: definition), !zone.isUTC,
              let view = checked.view(definition.id.value), let grain = view.grain,
              grain != .total || snapshotLabel(view) != nil else { return "" }
        return ", in " + MarkdownText.code(zone.identifier) + " time"
    }

    func grainLabel(_ grain: Grain, weekStart: WeekStart) -> String {
        switch grain {
        case .day: "By day"
        case .week: weekStart == .sunday ? "By week (weeks start on Sunday)" : "By week"
        case .month: "By month"
        case .year: "By year"
        case .total: "total"
        }
    }

    /// Event names or globs as text, each linked to its search (a glob's link searches for its text).
    private func linked(_ events: [Located<String>], of definition: Definition, separator: String) -> String {
        events.map { event in
            let text = MarkdownText.literal(event.value)
            return links.searchLink(event.value, in: definition).map { MarkdownText.link(text, $0) } ?? text
        }.joinedInOneCopy(separator: separator)
    }

    /// The rows a definition leaves out, which its events alone do not say: excluded events and where entries; and
    /// for a retention, the events that start its cohorts, which its events (the returns) do not name.
    func rowFilterLines(_ definition: Definition) -> [String] {
        var lines: [String] = []
        let cohortEvents = definition.measure.cohortEvents
        if !cohortEvents.isEmpty {
            lines.append(bullet("A person's cohort starts at their first " + linked(cohortEvents, of: definition, separator: " or ")))
        }
        if !definition.excludeEvents.isEmpty {
            // For a retention the events left out are left out of the returns only, since cohorts may start at them.
            let label = definition.measure.cohortEvents.isEmpty ? "Leaves out events: " : "Not counted as a return: "
            lines.append(bullet(label + linked(definition.excludeEvents, of: definition, separator: ", ")))
        }
        let filters = definition.measure.filters
        if !filters.isEmpty {
            lines.append(bullet("Only rows where " + filters.map { MarkdownText.code(DefinitionFields.describe($0)) }
                .joinedInOneCopy(separator: " and ")))
        }
        return lines
    }

    /// The Event Code item: inline links; a nested list when codes have descriptions; funnels as the pings page
    /// writes them: (1) [A], (2) [B], (3.1) [X] OR (3.2) [Y].
    func eventCodeLines(_ definition: Definition) -> [String] {
        let codes = links.eventCodes(of: definition)
        func item(_ code: DocsLinks.Code) -> String {
            let link = code.url.map { MarkdownText.link(MarkdownText.literal(code.name), $0) } ?? MarkdownText.literal(code.name)
            guard let description = code.description.map({ MarkdownText.prose($0) }), !description.isEmpty else { return link }
            return link + " " + description
        }
        if !definition.funnels.isEmpty {
            var lines = [bullet("Event Code:")]
            var inFunnels: Set<String> = []
            for funnel in definition.funnels {
                var steps: [String] = []
                for (position, alternatives) in funnel.steps.enumerated() where !alternatives.isEmpty {
                    let choices = alternatives.enumerated().map { choice, event in
                        inFunnels.insert(event.value)
                        let number = alternatives.count == 1 ? "\(position + 1)" : "\(position + 1).\(choice + 1)"
                        return "(\(number)) " + MarkdownText.link(MarkdownText.literal(event.value),
                                                                   links.funnelEventLink(event.value, in: definition))
                    }
                    steps.append(choices.joinedInOneCopy(separator: " OR "))
                }
                lines.append(bullet("For the \"\(MarkdownText.literal(funnel.name))\" funnel: "
                                    + steps.joinedInOneCopy(separator: ", "), level: 1))
            }
            for code in codes where !inFunnels.contains(code.name) { lines.append(bullet(item(code), level: 1)) }
            return lines
        }
        guard !codes.isEmpty else { return [] }
        if codes.contains(where: { $0.description.map { !MarkdownText.oneLine($0).isEmpty } ?? false }) {
            return [bullet("Event Codes:")] + codes.map { bullet(item($0), level: 1) }
        }
        return [bullet("Event Code: " + codes.map(item).joinedInOneCopy(separator: ", "))]
    }

    func pullRequestLines(_ definition: Definition) -> [String] {
        guard !definition.prs.isEmpty else { return [] }
        let prs = definition.prs.map { written -> String in
            let pr = links.pullRequest(written.value)
            return MarkdownText.link(MarkdownText.literal(pr.label), pr.url)
        }
        return [bullet("PRs: " + prs.joinedInOneCopy(separator: ", "))]
    }

    func versionLines(_ definition: Definition) -> [String] {
        var lines: [String] = []
        if let added = definition.added {
            lines.append(bullet("**Version Added:** " + MarkdownText.literal(added.value.text)))
        }
        if !definition.broken.isEmpty {
            lines.append(bullet("**Version(s) broken:** "
                                + definition.broken.map(brokenRange).joinedInOneCopy(separator: ", ")))
        }
        if !definition.changes.isEmpty {
            // The history readers of the view need: what changed in its rows, and from which release.
            lines.append(bullet("**Changes:**"))
            lines += definition.changes.map { bullet(change($0), level: 1) }
        }
        return lines
    }

    /// "5.2: counts signed-out visitors too ([#1234](...))".
    func change(_ change: RecordedChange) -> String {
        var text = MarkdownText.literal(change.version.value.text) + ": " + MarkdownText.oneLine(MarkdownText.prose(change.description.value))
        if let pr = change.pr {
            let link = links.pullRequest(pr.value)
            text += " (" + MarkdownText.link(MarkdownText.literal(link.label), link.url) + ")"
        }
        return text
    }

    /// "3.31-3.35.0 (does not count backend insights) ([fix PR](...))"; reason and fix only where given.
    func brokenRange(_ range: BrokenRange) -> String {
        var text = MarkdownText.literal(range.label)
        if let reason = range.reason.map({ MarkdownText.oneLine(MarkdownText.prose($0.value)) }), !reason.isEmpty {
            text += " (" + reason + ")"
        }
        if let fix = range.fix {
            text += " (" + MarkdownText.link("fix PR", links.pullRequest(fix.value).url) + ")"
        }
        return text
    }

    /// The source's description (else its table, else the definitions it is computed from), then the
    /// dashboards the description does not already link.
    func sourceOfTruth(_ definition: Definition, pages: DocsPages) -> String {
        var parts: [String] = []
        let description = definition.source.description.flatMap { MarkdownText.oneLine($0).isEmpty ? nil : $0 }
        if let description {
            parts.append(MarkdownText.prose(description))
        } else if let table = definition.source.table {
            parts.append("Table " + MarkdownText.code(table.value))
        } else if let computed = computedFrom(definition, pages: pages) {
            parts.append(computed)
        }
        let dashboards = definition.source.dashboards.filter { description?.contains($0.url.value) != true }
        if !dashboards.isEmpty {
            let listed = dashboards.map { dashboard in
                MarkdownText.link(MarkdownText.literal(dashboard.title), dashboard.url.value)
                    + (dashboard.chart.map { " (see: \"\(MarkdownText.literal($0))\" chart)" } ?? "")
            }
            parts.append("Dashboards: " + listed.joinedInOneCopy(separator: ", "))
        }
        guard !parts.isEmpty else { return "not given" }
        return MarkdownText.sentences(parts)
    }

    /// "Computed as [DAU](#dau) / [MAU](#mau)" for ratios and formulas; a shifted input reads "([MAU](#mau) one
    /// month earlier)", in parentheses unless it is the whole expression.
    func computedFrom(_ definition: Definition, pages: DocsPages) -> String? {
        let measure = definition.measure
        let grain = catalog.grain(of: definition) ?? .total
        func reference(_ input: InputReference, top: Bool) -> String {
            let id = input.id.value
            let link = catalog.definition(id).map { pages.link(to: $0, from: definition.group) } ?? MarkdownText.code(id)
            guard let periods = input.periodsAgo?.value, grain != .total else { return link }
            let text = link + " " + Self.periodsEarlier(periods, grain: grain)
            return top ? text : "(" + text + ")"
        }
        func expression(_ node: FormulaExpression, top: Bool) -> String {
            switch node {
            case .number(_, let text): return MarkdownText.literal(text)
            case .reference(let input): return reference(input, top: top)
            case .negate(let inner): return "-" + expression(inner, top: false)
            case .binary(let operation, let left, let right):
                let text = expression(left, top: false) + " " + MarkdownText.literal(String(operation)) + " "
                    + expression(right, top: false)
                return top ? text : "(" + text + ")"
            }
        }
        switch measure.kind {
        case .ratio(let ratio):
            return "Computed as " + reference(ratio.numerator, top: false) + " / " + reference(ratio.denominator, top: false)
        case .formula(let formula):
            return "Computed as " + expression(formula.expression.value, top: true)
        case .count, .uniqueUsers, .firstTimeUsers, .growthAccounting, .retention, .funnel, .sql, .sum, .average, .min, .max,
             .countDistinct, .median, .percentile:
            return nil
        }
    }

    /// "one month earlier", "52 weeks earlier".
    static func periodsEarlier(_ periods: Int, grain: Grain) -> String {
        let unit = grain.rawValue
        return periods == 1 ? "one \(unit) earlier" : "\(periods) \(unit)s earlier"
    }

    /// The generated view of each dialect, linked from generated/docs/.
    func views(_ definition: Definition) -> String {
        var paths = catalog.settings.dialects.map { SQLEmitter.viewPath(of: definition, in: $0) }
        if catalog.settings.exports.lookml != nil { paths.append(LookMLEmitter.viewPath(of: definition)) }
        return paths.map { MarkdownText.link(MarkdownText.code($0), "../" + $0) }.joinedInOneCopy(separator: ", ")
    }
}
