/// The rules that need more than one file: references, versions against the project's release, the data
/// policy, examples against sources and views. Each adds diagnostics and goes on.
struct Validator {
    let catalog: Catalog
    let unloadable: Set<String>
    let definitionFiles: [ProjectFiles.File]
    /// Each definition's diagnostics from earlier runs, taken where its key is the same; nil validates every one.
    let store: ValidationStore?
    var diagnostics = DiagnosticCollector()
    /// Whether the definition being checked has a group_by entry reported as an error (checkReferences): its view's
    /// columns are unknown, which checkExamples must know. Reset for each definition, so that one definition's
    /// diagnostics depend on nothing checked before it (another with the same id), as ValidationStore's keys need.
    var groupByFailed = false
    /// This run's entries for the store, in catalog order.
    private(set) var validated: [ValidationStore.Entry] = []
    /// How many definitions were validated now, not taken from the store.
    private(set) var validatedNow = 0

    init(catalog: Catalog, unloadable: Set<String>, definitionFiles: [ProjectFiles.File],
         store: ValidationStore? = nil) {
        self.catalog = catalog
        self.unloadable = unloadable
        self.definitionFiles = definitionFiles
        self.store = store
    }

    mutating func run() {
        // The catalog-wide rules, each slice of definitions' own rules and the cycle check read the catalog and
        // write only diagnostics: all run on both cores, each with its own collector. The two long ones start
        // first, so that the short slices even out the end (started last, the cycle check ran alone for 8 ms at
        // 10,000 definitions); their diagnostics are merged in one order: catalog-wide, slices, cycles.
        let base = self
        let sliceCount = min(catalog.definitions.count, 64)
        let count = catalog.definitions.count
        let slices = (0..<sliceCount).map { index in
            Work.definitions((count * index / sliceCount)..<(count * (index + 1) / sliceCount))
        }
        let found = parallelMap([.catalogWide, .cycles] + slices, { work in base.validated(work) })
        for part in [found[0]] + found.dropFirst(2) + [found[1]] {
            diagnostics.append(contentsOf: part.diagnostics)
            validated += part.validated
            validatedNow += part.validatedNow
        }
    }

    /// A part of `run` that can run beside the others.
    private enum Work: Sendable {
        case catalogWide
        case definitions(Range<Int>)
        case cycles
    }

    /// A validator that has done this part of the work.
    private func validated(_ work: Work) -> Validator {
        var validator = Validator(catalog: catalog, unloadable: unloadable, definitionFiles: definitionFiles,
                                  store: store)
        switch work {
        case .catalogWide:
            validator.checkGroups()
            validator.checkDuplicateIDs()
            validator.checkDuplicateTitles()
            for name in catalog.sources.keys.sorted() { validator.checkSource(catalog.sources[name]!) }
        case .definitions(let range):
            for definition in catalog.definitions[range] { validator.checkOrTake(definition) }
        case .cycles:
            validator.checkCycles()
        }
        return validator
    }

    /// Adds a definition's own diagnostics: as the store kept them under its key, else found now (and noted for
    /// the store).
    private mutating func checkOrTake(_ definition: Definition) {
        let key = store?.key(of: definition, in: catalog)
        if let key, let kept = store?.kept(key) {
            for diagnostic in kept.diagnostics { diagnostics.emit(diagnostic) }
            validated.append(kept.entry)
            return
        }
        let before = diagnostics.diagnostics.count
        check(definition)
        validatedNow += 1
        if let key, let entry = ValidationStore.entry(key, diagnostics: diagnostics.diagnostics[before...]) {
            validated.append(entry)
        }
    }

    /// The rules of one definition. What they read besides the definition is listed in ValidationStore's key.
    private mutating func check(_ definition: Definition) {
        groupByFailed = false
        checkReferences(definition)
        checkPeriods(definition)
        checkTimeZone(of: definition)
        checkVersions(definition)
        checkPullRequestLinks(definition)
        checkEventDocs(definition)
        checkFunnelSteps(definition)
        checkKnownEvents(definition)
        checkDeprecatedInputs(definition)
        checkExamples(definition)
        checkLookMLColumns(of: definition)
        checkCutNames(of: definition)
    }

    mutating func emit(_ code: DiagnosticCode, _ message: String, at span: SourceSpan,
                       notes: [Diagnostic.Note] = []) {
        diagnostics.emit(code, message, at: span, notes: notes)
    }

    /// A group folder needs its group.yaml (one that exists but failed to decode is reported where it failed).
    private mutating func checkGroups() {
        var withFile: Set<String> = []
        for file in definitionFiles { if case .group(let name) = file.role { withFile.insert(name) } }
        for file in definitionFiles {
            guard case .definition(_, let group) = file.role, withFile.insert(group).inserted else { continue }
            emit(.missingField,
                 "group folder '\(group)' has no group.yaml; add one with its page's title and introduction",
                 at: .startOf(file.path))
        }
        // Each group's fixtures are a Swift name (TallyFixtures.searchV2): two folders making one name would make
        // fixtures that do not compile.
        // Said at the group's group.yaml, or where it has none, at its first definition.
        var firstFile: [String: String] = [:]
        for file in definitionFiles {
            switch file.role {
            case .group(let name): firstFile[name] = file.path
            case .definition(_, let name) where firstFile[name] == nil: firstFile[name] = file.path
            default: continue
            }
        }
        var bySwiftName: [String: String] = [:]
        for group in firstFile.keys.sorted() {
            let swiftName = SwiftLiteral.identifier(group)
            guard let earlier = bySwiftName[swiftName] else {
                bySwiftName[swiftName] = group
                continue
            }
            emit(.duplicateName,
                 "group folders '\(earlier)' and '\(group)' make one Swift name, \(swiftName.replacing("`", with: "")), for "
                     + "their fixtures (generated/swift/Fixtures/); rename one folder",
                 at: .startOf(firstFile[group]!))
        }
    }

    /// Titles are what the docs' index and pages show: two alike read as one definition listed twice (typically a
    /// renamed definition kept beside its deprecated original under the same title).
    private mutating func checkDuplicateTitles() {
        // Made at its size, and each title looked up once before it is added: grown as it went and asked twice, it
        // was 29 million instructions of a one-edit build at 10,000 definitions.
        var first: [String: Definition] = [:]
        first.reserveCapacity(catalog.definitions.count)
        for definition in catalog.definitions {
            let title = definition.title.value.trimmingWhitespace()
            guard let earlier = first[title] else {
                first[title] = definition
                continue
            }
            // One id in two groups is a duplicate name, reported as such: its title is no second problem.
            if earlier.id.value != definition.id.value {
                // Said at the deprecated one when the advice is to retitle it: at the other, after a rename (the old
                // id kept, deprecated), it pointed at the new file.
                let (retitled, other) = earlier.deprecated != nil && definition.deprecated == nil
                    ? (earlier, definition) : (definition, earlier)
                emit(.duplicateTitle,
                     "definitions '\(earlier.id.value)' and '\(definition.id.value)' have the same title '\(title)'; "
                         + (definition.deprecated != nil || earlier.deprecated != nil
                            ? "retitle the deprecated one (e.g. add \"(old)\") so readers can tell them apart"
                            : "give each its own, so readers can tell them apart"),
                     at: retitled.title.span, notes: [.init("the same title here", at: other.title.span)])
            }
        }
    }

    private mutating func checkDuplicateIDs() {
        var first: [String: Definition] = [:]
        first.reserveCapacity(catalog.definitions.count)
        // Catalog order is by group then id, so the earlier group keeps the id and the later one is reported.
        for definition in catalog.definitions {
            if let earlier = first[definition.id.value] {
                emit(.duplicateName,
                     "definition id '\(definition.id.value)' is used in groups '\(earlier.group)' and "
                         + "'\(definition.group)'; ids are unique across groups (they name views)",
                     at: definition.id.span, notes: [.init("first defined here", at: earlier.id.span)])
            } else {
                first[definition.id.value] = definition
            }
        }
    }

    /// The closest of some names, as a message clause.
    func suggest(_ name: String, among names: some Sequence<String>) -> String {
        DidYouMean.clause(for: name, among: names)
    }
}
