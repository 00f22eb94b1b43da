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

    public init(release: Version, catalog: Catalog) {
        self.release = release
        let point = release.lowerBound
        for definition in catalog.definitions {
            guard let added = definition.added, added.value.lowerBound <= point else { continue }
            existing.append(definition)
            for range in definition.broken where range.lowerBound <= point
                && (range.upperBoundExclusive.map { point < $0 } ?? true) {
                broken.append(Broken(definition: definition, range: range))
            }
            if let deprecation = definition.deprecated, deprecation.version.value.lowerBound <= point {
                deprecated.append(definition)
            }
        }
    }

    public func human() -> String {
        var lines = ["Release \(release.text): \(existing.count) definitions exist, \(broken.count) known broken, "
                     + "\(deprecated.count) deprecated."]
        if !broken.isEmpty {
            lines += ["", "Known broken (do not trust their data from this release):"]
            for item in broken {
                lines.append("  \(item.definition.id.value)  \(item.definition.title.value)")
                lines.append("      broken \(item.range.label)" + (item.range.reason.map { ": \($0.value)" } ?? "")
                             + (item.range.fix.map { "; fixed by \($0.value)" } ?? "; no fix yet"))
            }
        }
        if !deprecated.isEmpty {
            lines += ["", "Deprecated:"]
            for definition in deprecated {
                let deprecation = definition.deprecated!
                lines.append("  \(definition.id.value)  since \(deprecation.version.value.text): \(deprecation.reason.value)"
                             + (deprecation.replacedBy.map { "; use \($0.value)" } ?? ""))
            }
        }
        let healthy = existing.filter { item in !broken.contains { $0.definition.id.value == item.id.value } }
        lines += ["", "Trustworthy in this release:"]
        lines += healthy.map { "  \($0.id.value)  \($0.title.value) (added \($0.added!.value.text))" }
        return lines.joined(separator: "\n") + "\n"
    }

    public func json() -> String {
        func optional(_ text: String?) -> JSONValue { text.map(JSONValue.string) ?? .null }
        let brokenJSON = broken.map { item -> JSONValue in
            .object([("id", .string(item.definition.id.value)), ("title", .string(item.definition.title.value)),
                     ("range", .string(item.range.label)), ("reason", optional(item.range.reason?.value)),
                     ("fix", optional(item.range.fix?.value))])
        }
        let value = JSONValue.object([
            ("release", .string(release.text)),
            ("existing", .array(existing.map { .object([("id", .string($0.id.value)), ("added", .string($0.added!.value.text))]) })),
            ("known_broken", .array(brokenJSON)),
            ("deprecated", .array(deprecated.map { definition in
                .object([("id", .string(definition.id.value)), ("since", .string(definition.deprecated!.version.value.text)),
                         ("reason", .string(definition.deprecated!.reason.value)),
                         ("replaced_by", optional(definition.deprecated!.replacedBy?.value))])
            })),
        ])
        return value.serialized() + "\n"
    }
}
