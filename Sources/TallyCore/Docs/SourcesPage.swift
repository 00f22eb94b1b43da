/// docs/sources.md: each source table with what its rows are and what each column (and JSON field) holds, who may
/// read it, and its description. A ping's fields are its source's columns: written in the source files, they were
/// in no generated page, so readers of the docs could not learn what a ping carries.
struct SourcesPage {
    static let path = "docs/sources.md"

    let catalog: Catalog

    /// The sources in name order.
    var sources: [Source] { catalog.sources.values.sorted { $0.name < $1.name } }

    func file() -> GeneratedFile {
        let sources = self.sources
        var blocks = [MarkdownEmitter.header(sources.map(\.file).sorted()), "# Sources",
                      "The tables the definitions count rows of: what a row is, and each column's type, who may read it "
                          + "(`public` and `pseudonymous` columns can be counted and grouped by; `private` and "
                          + "`restricted` ones never), and what it holds."]
        for source in sources { blocks += section(source) }
        return GeneratedFile(path: Self.path, contents: MarkdownEmitter.document(blocks))
    }

    private func section(_ source: Source) -> [String] {
        var blocks = ["## " + MarkdownText.heading(source.name)]
        let description = MarkdownText.prose(source.description)
        if !description.isEmpty { blocks.append(description) }
        blocks.append(facts(source).map { "- " + $0 }.joinedInOneCopy(separator: "\n"))
        var rows = [MarkdownText.row(["Column", "Type", "Classification", "Default", "Description"]),
                    MarkdownText.row(Array(repeating: "---", count: 5))]
        for column in source.columns {
            var about = column.description.map { MarkdownText.prose($0, inTable: true) } ?? ""
            if !column.fields.isEmpty {
                let fields = column.fields.map { field in
                    MarkdownText.code(field.name.value, inTable: true) + " (" + field.classification.value.rawValue
                        + (field.type.map { ", " + $0.value.rawValue } ?? "") + ")"
                }
                about += (about.isEmpty ? "" : " ") + "JSON fields: " + fields.joinedInOneCopy(separator: ", ")
            }
            rows.append(MarkdownText.row([
                MarkdownText.code(column.name.value, inTable: true), column.type.value.rawValue,
                column.classification.value.rawValue,
                column.defaultValue.map { MarkdownText.code(ExampleComparison.describe($0.value), inTable: true) } ?? "",
                about,
            ]))
        }
        blocks.append(rows.joinedInOneCopy(separator: "\n"))
        for dimension in source.dimensions { blocks += self.dimension(dimension) }
        return blocks
    }

    /// What a dimension's values mean: each case's conditions, in order, then the value of any other row. A page
    /// that groups by `feature` had no place saying which events were which feature.
    private func dimension(_ dimension: Dimension) -> [String] {
        func value(_ value: ExampleValue) -> String { MarkdownText.code(ExampleComparison.describe(value), inTable: true) }
        var rows = [MarkdownText.row(["Value", "When"]), MarkdownText.row(["---", "---"])]
        for item in dimension.cases {
            let when = item.when.map { MarkdownText.code(DefinitionFields.describe($0), inTable: true) }
            rows.append(MarkdownText.row([value(item.then.value), when.joinedInOneCopy(separator: " and ")]))
        }
        rows.append(MarkdownText.row([value(dimension.otherwise?.value ?? .null), "any other row"]))
        return ["### Dimension " + MarkdownText.heading(dimension.name.value),
                "A row takes the value of the first case it meets:", rows.joinedInOneCopy(separator: "\n")]
    }

    /// The source's table and the roles its columns play, one line each.
    private func facts(_ source: Source) -> [String] {
        func code(_ text: String) -> String { MarkdownText.code(text) }
        var lines: [String] = []
        let elsewhere = catalog.settings.dialects.compactMap { dialect -> String? in
            guard let table = source.tables[dialect], table != source.defaultTable else { return nil }
            return "on \(dialect.rawValue) " + code(table)
        }
        lines.append("Table " + code(source.defaultTable) + (elsewhere.isEmpty ? "" : " (" + elsewhere.joinedInOneCopy(separator: ", ") + ")"))
        if let timestamp = source.timestamp {
            lines.append("Timestamp: " + code(timestamp.value) + (source.timeZone.map { " (days in " + $0.value.identifier + ")" } ?? ""))
        }
        if let snapshot = source.snapshot {
            lines.append("A snapshot: at most one row per " + snapshot.entity.map { code($0.value) }.joinedInOneCopy(separator: " and ")
                         + " a day")
        }
        if let event = source.eventName {
            let known = source.knownEvents.map { MarkdownText.literal($0.value) }
            lines.append("Event name: " + code(event.value)
                         + (known.isEmpty ? "" : "; known events: " + known.joinedInOneCopy(separator: ", ")))
        }
        if let version = source.version { lines.append("Release: " + code(version.value)) }
        let people = [source.userID.map { "registered " + code($0.value) }, source.anonymousID.map { "anonymous " + code($0.value) }]
            .compactMap { $0 }
        if !people.isEmpty { lines.append("People: " + people.joinedInOneCopy(separator: ", ")) }
        if !source.key.isEmpty { lines.append("Key: " + source.key.map { code($0.value) }.joinedInOneCopy(separator: ", ")) }
        if !source.joins.isEmpty {
            lines.append("Joins: " + source.joins.map { code($0.name.value) + " (" + MarkdownText.literal($0.targetName.value) + ")" }
                .joinedInOneCopy(separator: ", "))
        }
        if !source.dimensions.isEmpty {
            lines.append("Dimensions: " + source.dimensions.map { code($0.name.value) }.joinedInOneCopy(separator: ", "))
        }
        return lines
    }
}
