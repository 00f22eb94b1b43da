/// `tally versions <release>`: what a customer on that release sends, and which of it to trust.
public struct ReleaseQuery: Sendable {
    public struct Broken: Sendable {
        public var definition: Definition
        public var range: BrokenRange
    }

    public let release: Version
    public var existing: [Definition] = []
    public var broken: [Broken] = []
    public var deprecated: [Definition] = []
    /// For a release of fewer than three parts, which names a series but is answered for its first release
    /// ("1.5" is read as 1.5.0): the ranges that start later in the series (1.5.3-1.5), each with its definition.
    public var brokenLaterInSeries: [Broken] = []

    /// Set when the release is after tally.yaml's current_version: what is known stops there, so open ranges
    /// are assumed to stay open and nothing added later is listed.
    public let afterCurrent: Version?
    /// The project's link templates, so that a fix written "#123" is given as the pull request's URL.
    let links: DocsLinks?

    /// With no catalog (the definitions have errors), every list is empty.
    public init(release: Version, catalog: Catalog?) {
        self.release = release
        guard let catalog else {
            afterCurrent = nil
            links = nil
            return
        }
        links = DocsLinks(settings: catalog.settings)
        let current = catalog.settings.currentVersion.value
        afterCurrent = release.isLater(than: current) ? current : nil
        let point = release.lowerBound
        for definition in catalog.definitions {
            // A definition without `added` (most metrics) exists from the start.
            if let added = definition.added, point < added.value.lowerBound { continue }
            existing.append(definition)
            broken += definition.broken.filter { $0.covers(point) }.map { Broken(definition: definition, range: $0) }
            if let deprecation = definition.deprecated, deprecation.version.value.lowerBound <= point {
                deprecated.append(definition)
            }
        }
        guard release.parts.count < 3 else { return }
        let seriesEnd = release.upperBoundExclusive
        for definition in catalog.definitions {
            brokenLaterInSeries += definition.broken
                .filter { point < $0.lowerBound && $0.lowerBound < seriesEnd }
                .map { Broken(definition: definition, range: $0) }
        }
    }

    public func human() -> String {
        let exist = existing.count == 1 ? "1 definition exists" : "\(existing.count) definitions exist"
        // A release of fewer than three parts is answered for the first of its series: said in the heading, which
        // had named it as written whenever nothing later in the series was broken.
        let readAs = release.parts.count < 3 ? " (read as \(release.lowerBound.map(String.init).joined(separator: ".")))" : ""
        var lines = ["Release \(release.text)\(readAs): \(exist), \(broken.count) known broken, "
                     + "\(deprecated.count) deprecated."]
        if let afterCurrent {
            lines.append("Note: \(release.text) is after current_version \(afterCurrent.text) in tally.yaml; what is known "
                         + "stops at \(afterCurrent.text), so ranges still open there are assumed to stay broken.")
        }
        if !broken.isEmpty {
            lines += ["", "Known broken (do not trust their data from this release):"]
            lines += self.lines(broken)
        }
        if !brokenLaterInSeries.isEmpty {
            lines += ["", "Broken later in the \(release.text) series (ask for the exact release):"]
            lines += self.lines(brokenLaterInSeries)
        }
        if !deprecated.isEmpty {
            lines += ["", "Deprecated:"]
            for definition in deprecated {
                lines.append(Self.deprecationLine(definition))
            }
        }
        let healthy = existing.filter { item in !broken.contains { $0.definition.id.value == item.id.value } }
        if !healthy.isEmpty {
            lines += ["", "Trustworthy in this release:"]
            lines += healthy.map { "  \($0.id.value)  \($0.title.value) (\(Self.addedText($0)))" }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Each definition once, with a line for each of its ranges, in the order first met.
    func lines(_ items: [Broken]) -> [String] {
        var order: [String] = []
        var ranges: [String: [Broken]] = [:]
        for item in items {
            if ranges[item.definition.id.value] == nil { order.append(item.definition.id.value) }
            ranges[item.definition.id.value, default: []].append(item)
        }
        return order.flatMap { id -> [String] in
            let items = ranges[id]!
            return ["  \(id)  \(items[0].definition.title.value)"] + items.map(rangeLine)
        }
    }

    /// "      broken 3.31-3.35.0: does not count backend insights; fixed by …", the reason on the one line however
    /// it was written, as the docs join it.
    func rangeLine(_ item: Broken) -> String {
        "      broken \(item.range.label)" + (item.range.reason.map { ": " + Self.clause($0.value) } ?? "")
            + fixText(item.range)
    }

    /// A text on one line as a clause that more follows after "; ": without the full stop a sentence ends with
    /// ("…twice).; fixed by" read as a typo).
    static func clause(_ text: String) -> String {
        let line = MarkdownText.oneLine(text)
        return line.hasSuffix(".") && !line.hasSuffix("..") ? String(line.dropLast()) : line
    }

    /// How a range's fix reads: a closed range was fixed, whether or not its pull request is recorded.
    func fixText(_ range: BrokenRange) -> String {
        if let url = fixURL(range) { return "; fixed by \(url)" }
        return range.through == nil ? "; no fix yet" : "; fixed after \(range.through!.value.text), its pull request not recorded"
    }

    /// The fix's pull request as a URL: "#123" through tally.yaml's `links.pull_request`.
    func fixURL(_ range: BrokenRange) -> String? {
        range.fix.map { fix in links?.pullRequest(fix.value).url ?? fix.value }
    }

    static func addedText(_ definition: Definition) -> String {
        definition.added.map { "added \($0.value.text)" } ?? "from the start"
    }

    /// A deprecated definition as both queries list it: since when, why, and what replaces it.
    static func deprecationLine(_ definition: Definition) -> String {
        let deprecation = definition.deprecated!
        return "  \(definition.id.value)  since \(deprecation.version.value.text): \(clause(deprecation.reason.value))"
            + (deprecation.replacedBy.map { "; use \($0.value)" } ?? "")
    }

    /// `diagnostics`: the definitions' errors, when there is no answer.
    public func json(diagnostics: [Diagnostic] = []) -> String {
        let value = JSONValue.object([
            ("release", .string(release.text)),
            ("after_current_version", .bool(afterCurrent != nil)),
            ("existing", .array(existing.map { .object([("id", .string($0.id.value)), ("title", .string($0.title.value)),
                                                        ("added", Self.optional($0.added?.value.text))]) })),
            ("known_broken", .array(broken.map(json))),
            ("broken_later_in_series", .array(brokenLaterInSeries.map(json))),
            ("deprecated", .array(deprecated.map { definition in
                .object([("id", .string(definition.id.value)), ("since", .string(definition.deprecated!.version.value.text)),
                         ("reason", .string(definition.deprecated!.reason.value)),
                         ("replaced_by", Self.optional(definition.deprecated!.replacedBy?.value))])
            })),
            ("diagnostics", .array(diagnostics.sorted().map(\.documentJSON))),
        ])
        return value.serialized() + "\n"
    }

    static func optional(_ text: String?) -> JSONValue { text.map(JSONValue.string) ?? .null }

    /// A broken definition: the range as the docs write it and as its bounds, the fix as written and as a URL.
    func json(_ item: Broken) -> JSONValue {
        .object([("id", .string(item.definition.id.value)), ("title", .string(item.definition.title.value)),
                 ("range", .string(item.range.label)), ("from", .string(item.range.from.value.text)),
                 ("through", Self.optional(item.range.through?.value.text)),
                 ("reason", Self.optional(item.range.reason?.value)),
                 ("fix", Self.optional(item.range.fix?.value)), ("fix_url", Self.optional(fixURL(item.range)))])
    }
}
