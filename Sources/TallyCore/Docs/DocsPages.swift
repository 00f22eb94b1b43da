/// One docs page: a group and its definitions in catalog order (DocsPages gives their heading ids, as GitHub will).
struct DocsPage: Sendable {
    var group: String
    var title: String
    var introduction: String
    var terminology: [Group.Term]
    /// The group.yaml, when there is one.
    var groupFile: String?
    var definitions: [Definition]

    /// Relative to generated/docs/.
    var path: String { "\(group).md" }

    /// The definition files the page comes from: its group.yaml, then its definitions'.
    var sourceFiles: [String] { [groupFile].compactMap { $0 } + definitions.map(\.file) }
}

/// Every page, sorted by group name, and where each definition's section is.
struct DocsPages: Sendable {
    let pages: [DocsPage]
    /// Each page's anchors, by the definition (of this catalog: the pages hold them, so no identifier is reused),
    /// made when a link first needs one of the page: slugging every title of 10,000 definitions was 70 million
    /// instructions of a one-edit build, which renders a page or two and links into few others.
    private let anchors: [MadeOnce<[ObjectIdentifier: String]>]
    /// Where each group's page is in `pages`.
    private let positions: [String: Int]

    init(catalog: Catalog) {
        // Each group's definitions in catalog order, found in one pass (filtering every definition per group cost
        // 2 million comparisons at 10,000 definitions in 200 groups).
        var byGroup: [String: [Definition]] = [:]
        for definition in catalog.definitions { byGroup[definition.group, default: []].append(definition) }
        pages = Self.groups(of: catalog).map { name in
            let group = catalog.groups[name]
            return DocsPage(group: name, title: group?.title.value ?? name, introduction: group?.introduction ?? "",
                            terminology: group?.terminology ?? [], groupFile: group?.file, definitions: byGroup[name] ?? [])
        }
        anchors = pages.map { page in MadeOnce { Self.anchors(of: page) } }
        positions = Dictionary(uniqueKeysWithValues: pages.enumerated().map { ($1.group, $0) })
    }

    /// The heading ids GitHub gives a page's definitions: every heading of the page counted, in the order
    /// MarkdownEmitter writes them.
    private static func anchors(of page: DocsPage) -> [ObjectIdentifier: String] {
        var slugger = GitHubAnchors()
        _ = slugger.anchor(for: MarkdownText.oneLine(page.title))
        for heading in GitHubAnchors.headings(inMarkdown: page.introduction) { _ = slugger.anchor(for: heading) }
        if !page.terminology.isEmpty { _ = slugger.anchor(for: MarkdownEmitter.terminologyHeading) }
        _ = slugger.anchor(for: MarkdownEmitter.definitionsHeading)
        var anchors: [ObjectIdentifier: String] = [:]
        anchors.reserveCapacity(page.definitions.count)
        for definition in page.definitions {
            anchors[ObjectIdentifier(definition)] = slugger.anchor(for: MarkdownText.oneLine(definition.title.value))
        }
        return anchors
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
        let anchor = positions[definition.group].flatMap { anchors[$0].value[ObjectIdentifier(definition)] } ?? ""
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
