/// `tally versions FROM..TO`: what an upgrade changes for a customer's data. Ranges that start after FROM and by
/// TO become broken on the way; ranges FROM is in that end by TO are fixed on the way; those TO is in stay broken
/// after it (whether new or not); and definitions are added or deprecated on the way.
public struct UpgradeQuery: Sendable {
    /// The release upgraded from: only its number is shown, so it is not queried like TO.
    public let from: Version
    public let to: ReleaseQuery
    /// Broken somewhere after FROM, up to TO, where FROM was not.
    public var becomesBroken: [ReleaseQuery.Broken] = []
    /// Broken at FROM and no longer at TO.
    public var fixed: [ReleaseQuery.Broken] = []
    public var added: [Definition] = []
    public var deprecated: [Definition] = []

    /// With no catalog (the definitions have errors), every list is empty.
    public init(from: Version, to: Version, catalog: Catalog?) {
        self.from = from
        self.to = ReleaseQuery(release: to, catalog: catalog)
        guard let catalog else { return }
        let (start, end) = (from.lowerBound, to.lowerBound)
        for definition in catalog.definitions {
            for range in definition.broken {
                if start < range.lowerBound && range.lowerBound <= end {
                    becomesBroken.append(.init(definition: definition, range: range))
                } else if range.covers(start) && !range.covers(end) {
                    fixed.append(.init(definition: definition, range: range))
                }
            }
            if let version = definition.added?.value.lowerBound, start < version && version <= end {
                added.append(definition)
            }
            if let version = definition.deprecated?.version.value.lowerBound, start < version && version <= end {
                deprecated.append(definition)
            }
        }
    }

    public func human() -> String {
        // A range that starts and ends between the two releases is broken on the way and fixed again by TO: said,
        // so that "0 fixed" does not read as it staying broken.
        // Definitions are counted, not ranges: one broken twice on the way is one definition.
        func count(_ items: [ReleaseQuery.Broken]) -> Int { Set(items.map(\.definition.id.value)).count }
        let breaking = count(becomesBroken)
        let transient = count(becomesBroken.filter { item in
            !becomesBroken.contains { $0.definition.id.value == item.definition.id.value && $0.range.covers(to.release.lowerBound) }
        })
        let become = breaking == 1 ? "becomes" : "become"
        let again = transient == 0 ? ""
            : transient == breaking ? " and \(breaking == 1 ? "is" : "are") fixed again by \(to.release.text)"
            : " (\(transient) of them fixed again by \(to.release.text))"
        // The ranges FROM is in, said as such: a bare "0 fixed" after "fixed again" read as a contradiction (found
        // by a new-user trial).
        var lines = ["Upgrade \(from.text) → \(to.release.text): \(breaking) \(become) broken on the way\(again), "
                     + "\(count(fixed)) broken at \(from.text) \(count(fixed) == 1 ? "is" : "are") fixed, "
                     + "\(to.broken.count) broken after it, \(added.count) added, \(deprecated.count) deprecated."]
        if let current = to.afterCurrent {
            lines.append("Note: \(to.release.text) is after current_version \(current.text) in tally.yaml; what is known "
                         + "stops at \(current.text).")
        }
        func section(_ title: String, _ body: [String]) {
            guard !body.isEmpty else { return }
            lines += ["", title] + body
        }
        section("Becomes broken on the way:", to.lines(becomesBroken))
        section("Fixed on the way:", to.lines(fixed))
        section("Known broken after the upgrade (do not trust their data from \(to.release.text)):",
                to.lines(to.broken))
        section("Added on the way:", added.map { "  \($0.id.value)  \($0.title.value) (\(ReleaseQuery.addedText($0)))" })
        section("Deprecated on the way:", deprecated.map(ReleaseQuery.deprecationLine))
        return lines.joined(separator: "\n") + "\n"
    }

    /// `diagnostics`: the definitions' errors, when there is no answer.
    public func json(diagnostics: [Diagnostic] = []) -> String {
        func ids(_ definitions: [Definition]) -> JSONValue { .array(definitions.map { .string($0.id.value) }) }
        return JSONValue.object([
            ("from", .string(from.text)),
            ("to", .string(to.release.text)),
            ("after_current_version", .bool(to.afterCurrent != nil)),
            ("becomes_broken", .array(becomesBroken.map(to.json))),
            ("fixed", .array(fixed.map(to.json))),
            ("broken_after", .array(to.broken.map(to.json))),
            ("added", ids(added)),
            ("deprecated", ids(deprecated)),
            ("diagnostics", .array(diagnostics.sorted().map(\.documentJSON))),
        ]).serialized() + "\n"
    }
}
