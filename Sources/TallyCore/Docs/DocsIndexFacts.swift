/// What docs/README.md and docs/versions.md read of the definitions, hashed: the two files' jobs name it as their
/// inputs (with every file that is not a definition: tally.yaml, each group.yaml), so a later build takes them from
/// generated/ while it is the same, as it takes a page none of whose definitions changed. An edit of a definition's
/// prose, events or measure leaves both files as they were: rendered again on every build, with the page index
/// they share, they were 460 million instructions of a one-edit build at 10,000 definitions (14%).
///
/// Of each definition, in catalog order (the order of their rows and of each page's headings), both read only: its
/// file (their headers), id, group and title (its link: its page and its anchor, which the titles before it on its
/// page decide), kind and type, the version it was added in, its broken ranges (from, through, reason, fix) and the
/// version it was deprecated in; and tally.yaml's current_version, which versions.md shows and the jobs' keys leave
/// out (SettingsAsRendered). Anything more either file comes to read must be added here; IncrementalBuildTests
/// edits each of these and compares the build with one from nothing.
enum DocsIndexFacts {
    static func digest(of catalog: Catalog) -> String {
        var hasher = FactHasher()
        // The only setting a job's key leaves out of tally.yaml (SettingsAsRendered): versions.md shows it.
        hasher.add(catalog.settings.currentVersion.value.text)
        hasher.add(UInt64(catalog.definitions.count))
        for definition in catalog.definitions {
            hasher.add(definition.file)
            hasher.add(definition.id.value)
            hasher.add(definition.group)
            hasher.add(definition.title.value)
            hasher.add(definition.kind.value.rawValue)
            hasher.add(optional: definition.type?.value.label)
            hasher.add(optional: definition.added?.value.text)
            hasher.add(definition.broken)
            hasher.add(optional: definition.deprecated?.version.value.text)
        }
        return hasher.finish()
    }
}

extension FactHasher {
    /// Broken ranges as the docs and the Swift catalog show them: each one's from, through, reason and fix.
    mutating func add(_ ranges: [BrokenRange]) {
        add(UInt64(ranges.count))
        for range in ranges {
            add(range.from.value.text)
            add(optional: range.through?.value.text)
            add(optional: range.reason?.value)
            add(optional: range.fix?.value)
        }
    }
}
