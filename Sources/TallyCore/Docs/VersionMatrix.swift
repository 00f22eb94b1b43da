/// docs/versions.md: release by release, which definitions are known broken, then every broken range.
///
/// The releases are cut at every version that changes the answer: each `added`, each range's `from`, and the first
/// release after each range's `through`, up to tally.yaml's `current_version`. A row covers the releases from its
/// version up to the next row's, so every range covers whole rows.
struct VersionMatrix: Sendable {
    let catalog: Catalog
    let links: DocsLinks
    let pages: DocsPages

    /// A run of releases: from `start` up to, not including, `end`.
    struct Row: Equatable, Sendable {
        var start: [Int]
        var end: [Int]
    }

    /// The rows, oldest first.
    func rows() -> [Row] {
        let ceiling = catalog.settings.currentVersion.value.upperBoundExclusive
        var cuts: Set<[Int]> = []
        for definition in catalog.definitions {
            if let added = definition.added { cuts.insert(added.value.lowerBound) }
            for range in definition.broken {
                cuts.insert(range.lowerBound)
                if let end = range.upperBoundExclusive { cuts.insert(end) }
            }
        }
        let sorted = cuts.filter { $0 < ceiling }.sorted { $0 < $1 }
        return sorted.enumerated().map { position, start in
            Row(start: start, end: position + 1 < sorted.count ? sorted[position + 1] : ceiling)
        }
    }

    /// "3.25.0 – 3.26.x", "3.30.x", "3.35.0".
    static func label(_ row: Row) -> String {
        let start = row.start.map(String.init).joinedInOneCopy(separator: ".")
        let end = row.end
        let last: String
        if end[2] > 0 {
            last = "\(end[0]).\(end[1]).\(end[2] - 1)"
        } else if end[1] > 0 {
            last = "\(end[0]).\(end[1] - 1).x"
        } else {
            last = "\(end[0] - 1).x"
        }
        if last == start { return start }
        if row.start[2] == 0 && last == "\(row.start[0]).\(row.start[1]).x" { return last }
        if row.start[1] == 0 && row.start[2] == 0 && last == "\(row.start[0]).x" { return last }
        return start + " – " + last
    }

    /// For each row, the definitions broken in its releases, in catalog order. The rows are sorted, so the rows a
    /// range covers (those starting inside it) are one run, found by two binary searches: testing every range
    /// against every row was quadratic, a hundredth of a 10,000-definition check.
    static func broken(in rows: [Row], of definitions: [Definition]) -> [[Definition]] {
        let starts = rows.map(\.start)
        /// The first row starting at or after `bound`.
        func firstRow(from bound: [Int]) -> Int {
            var low = 0
            var high = starts.count
            while low < high {
                let middle = (low + high) / 2
                if starts[middle] < bound { low = middle + 1 } else { high = middle }
            }
            return low
        }
        var broken = Array(repeating: [Definition](), count: rows.count)
        for definition in definitions {
            for range in definition.broken {
                let first = firstRow(from: range.lowerBound)
                let end = range.upperBoundExclusive.map(firstRow) ?? rows.count
                for row in first..<max(first, end) {
                    // Ranges are disjoint (validated); even so, a definition is listed once per row.
                    if broken[row].last !== definition { broken[row].append(definition) }
                }
            }
        }
        return broken
    }

    func file() -> GeneratedFile {
        let current = catalog.settings.currentVersion.value.text
        var blocks = [
            MarkdownEmitter.header(pages.allSourceFiles),
            "# Known broken versions",
            "Release by release up to the current version, \(MarkdownText.literal(current)), the definitions whose data "
                + "is known to be wrong there and the definitions added there. A version with fewer parts names a "
                + "whole series: 3.26 is every 3.26.x release.",
        ]
        // A definition broken over several rows is linked from each, and from the ranges below: its link is made
        // once (at 10,000 definitions, a third of them broken over four rows, 16,000 links were made for 3,000
        // definitions).
        var made: [ObjectIdentifier: String] = [:]
        func link(_ definition: Definition) -> String {
            if let link = made[ObjectIdentifier(definition)] { return link }
            let link = pages.link(to: definition, from: nil)
            made[ObjectIdentifier(definition)] = link
            return link
        }
        let rows = rows()
        if rows.isEmpty {
            blocks.append("No definition names a version.")
        } else {
            var lines = [MarkdownText.row(["Releases", "Known broken", "Added"]),
                         MarkdownText.row(Array(repeating: "---", count: 3))]
            let brokenByRow = Self.broken(in: rows, of: catalog.definitions)
            let addedByStart = Dictionary(grouping: catalog.definitions.filter { $0.added != nil },
                                          by: { $0.added!.value.lowerBound })
            for (row, broken) in zip(rows, brokenByRow) {
                let added = addedByStart[row.start] ?? []
                lines.append(MarkdownText.row([
                    MarkdownText.literal(Self.label(row)),
                    broken.isEmpty ? "none" : broken.map(link).joinedInOneCopy(separator: ", "),
                    added.map(link).joinedInOneCopy(separator: ", "),
                ]))
            }
            blocks.append(lines.joinedInOneCopy(separator: "\n"))
        }
        blocks.append("## Broken ranges")
        let ranged = catalog.definitions.filter { !$0.broken.isEmpty }
        if ranged.isEmpty {
            blocks.append("No definition has a known broken range.")
        } else {
            var lines = [MarkdownText.row(["Definition", "Added", "Broken in", "Reason", "Fixed by"]),
                         MarkdownText.row(Array(repeating: "---", count: 5))]
            for definition in ranged {
                for range in definition.broken {
                    let fixed: String
                    if let fix = range.fix {
                        let pr = links.pullRequest(fix.value)
                        fixed = MarkdownText.link(MarkdownText.literal(pr.label), pr.url)
                    } else {
                        // A closed range was fixed, whether or not its pull request is recorded.
                        fixed = range.through == nil ? "still broken" : "not recorded"
                    }
                    lines.append(MarkdownText.row([
                        link(definition),
                        definition.added.map { MarkdownText.literal($0.value.text) } ?? "",
                        MarkdownText.literal(range.label),
                        range.reason.map { MarkdownText.prose($0.value, inTable: true) } ?? "",
                        fixed,
                    ]))
                }
            }
            blocks.append(lines.joinedInOneCopy(separator: "\n"))
        }
        return GeneratedFile(path: "docs/versions.md", contents: MarkdownEmitter.document(blocks))
    }
}
