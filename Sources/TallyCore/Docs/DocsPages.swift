/// One docs page: a group and its definitions in catalog order, with the heading ids GitHub will give them.
struct DocsPage: Sendable {
    var group: String
    var title: String
    var introduction: String
    var terminology: [Group.Term]
    /// The group.yaml, when there is one.
    var groupFile: String?
    var definitions: [Definition]
    /// Parallel to `definitions`.
    var anchors: [String]

    /// Relative to generated/docs/.
    var path: String { "\(group).md" }

    /// The definition files the page comes from: its group.yaml, then its definitions'.
    var sourceFiles: [String] { [groupFile].compactMap { $0 } + definitions.map(\.file) }
}

/// Every page, sorted by group name, and where each definition's section is.
struct DocsPages: Sendable {
    let pages: [DocsPage]
    /// Each definition's anchor, by the definition (of this catalog: the pages hold them, so no identifier is
    /// reused). Every link of the docs looks one up, and a key made of its group and id allocated for each.
    private let anchors: [ObjectIdentifier: String]
    /// Where each group's page is in `pages`.
    private let positions: [String: Int]

    init(catalog: Catalog) {
        // Each group's definitions in catalog order, found in one pass (filtering every definition per group cost
        // 2 million comparisons at 10,000 definitions in 200 groups).
        var byGroup: [String: [Definition]] = [:]
        for definition in catalog.definitions { byGroup[definition.group, default: []].append(definition) }
        var pages: [DocsPage] = []
        var anchors: [ObjectIdentifier: String] = [:]
        for name in Self.groups(of: catalog) {
            let group = catalog.groups[name]
            let title = group?.title.value ?? name
            let introduction = group?.introduction ?? ""
            let terminology = group?.terminology ?? []
            let definitions = byGroup[name] ?? []
            // Every heading of the page, in the order MarkdownEmitter writes them.
            var slugger = GitHubAnchors()
            _ = slugger.anchor(for: MarkdownText.oneLine(title))
            for heading in GitHubAnchors.headings(inMarkdown: introduction) { _ = slugger.anchor(for: heading) }
            if !terminology.isEmpty { _ = slugger.anchor(for: MarkdownEmitter.terminologyHeading) }
            _ = slugger.anchor(for: MarkdownEmitter.definitionsHeading)
            var pageAnchors: [String] = []
            for definition in definitions {
                let anchor = slugger.anchor(for: MarkdownText.oneLine(definition.title.value))
                pageAnchors.append(anchor)
                anchors[ObjectIdentifier(definition)] = anchor
            }
            pages.append(DocsPage(group: name, title: title, introduction: introduction, terminology: terminology,
                                  groupFile: group?.file, definitions: definitions, anchors: pageAnchors))
        }
        self.pages = pages
        self.anchors = anchors
        positions = Dictionary(uniqueKeysWithValues: pages.enumerated().map { ($1.group, $0) })
    }

    /// The groups with a page, sorted: each with a group.yaml or a definition. The pages' jobs are made from it
    /// before the pages are.
    static func groups(of catalog: Catalog) -> [String] {
        var names = Set(catalog.groups.keys)
        for definition in catalog.definitions { names.insert(definition.group) }
        return names.sorted()
    }

    /// A group's page.
    func page(of group: String) -> DocsPage? { positions[group].map { pages[$0] } }

    /// Where a definition's section is, from a page of `group` (same page: `#anchor`), or from docs/README.md
    /// and docs/versions.md when `group` is nil.
    func destination(of definition: Definition, from group: String?) -> String {
        let anchor = anchors[ObjectIdentifier(definition)] ?? ""
        let page = definition.group == group ? "" : "\(definition.group).md"
        return anchor.isEmpty ? (page.isEmpty ? "#" : page) : page + "#" + anchor
    }

    /// `[title](destination)`.
    func link(to definition: Definition, from group: String?) -> String {
        // A deprecated definition is marked wherever it is linked (index, version matrix), not only on its page.
        MarkdownText.link(MarkdownText.literal(definition.title.value), destination(of: definition, from: group))
            + (definition.deprecated.map { " (deprecated since " + MarkdownText.literal($0.version.value.text) + ")" } ?? "")
    }

    /// All definition files of the project (group.yaml files included), sorted.
    var allSourceFiles: [String] { pages.flatMap(\.sourceFiles).sorted() }
}
