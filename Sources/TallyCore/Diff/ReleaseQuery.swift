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

    /// Set when the release is after tally.yaml's current_version: what is known stops there, so open ranges
    /// are assumed to stay open and nothing added later is listed.
    public let afterCurrent: Version?

    /// With no catalog (the definitions have errors), every list is empty.
    public init(release: Version, catalog: Catalog?) {
        self.release = release
        guard let catalog else {
            afterCurrent = nil
            return
        }
        let current = catalog.settings.currentVersion.value
        afterCurrent = current.lowerBound < release.lowerBound ? current : nil
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
    }

    public func human() -> String {
        var lines = ["Release \(release.text): \(existing.count) definitions exist, \(broken.count) known broken, "
                     + "\(deprecated.count) deprecated."]
        if let afterCurrent {
            lines.append("Note: \(release.text) is after current_version \(afterCurrent.text) in tally.yaml; what is known "
                         + "stops at \(afterCurrent.text), so ranges still open there are assumed to stay broken.")
        }
        if !broken.isEmpty {
            lines += ["", "Known broken (do not trust their data from this release):"]
            lines += broken.flatMap(Self.lines)
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

    static func lines(_ item: Broken) -> [String] {
        ["  \(item.definition.id.value)  \(item.definition.title.value)",
         "      broken \(item.range.label)" + (item.range.reason.map { ": \($0.value)" } ?? "")
             + (item.range.fix.map { "; fixed by \($0.value)" } ?? "; no fix yet")]
    }

    static func addedText(_ definition: Definition) -> String {
        definition.added.map { "added \($0.value.text)" } ?? "from the start"
    }

    /// A deprecated definition as both queries list it: since when, why, and what replaces it.
    static func deprecationLine(_ definition: Definition) -> String {
        let deprecation = definition.deprecated!
        return "  \(definition.id.value)  since \(deprecation.version.value.text): \(deprecation.reason.value)"
            + (deprecation.replacedBy.map { "; use \($0.value)" } ?? "")
    }

    /// `diagnostics`: the definitions' errors, when there is no answer.
    public func json(diagnostics: [Diagnostic] = []) -> String {
        let value = JSONValue.object([
            ("release", .string(release.text)),
            ("after_current_version", .bool(afterCurrent != nil)),
            ("existing", .array(existing.map { .object([("id", .string($0.id.value)), ("added", Self.optional($0.added?.value.text))]) })),
            ("known_broken", .array(broken.map(Self.json))),
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

    static func json(_ item: Broken) -> JSONValue {
        .object([("id", .string(item.definition.id.value)), ("title", .string(item.definition.title.value)),
                 ("range", .string(item.range.label)), ("reason", optional(item.range.reason?.value)),
                 ("fix", optional(item.range.fix?.value))])
    }
}
