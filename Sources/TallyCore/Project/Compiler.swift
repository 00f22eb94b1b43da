/// What `tally check` produces: the checked catalog (when the files could be decoded at all) and every problem.
public struct CheckResult: Sendable {
    public var catalog: Catalog?
    /// The catalog with every reference resolved, for rendering: only when there are no errors.
    public var checked: CheckedCatalog?
    public var diagnostics: DiagnosticCollector
    /// The text of every file read, to quote lines in diagnostics.
    public var texts: [String: SourceText]
    public var fileCount: Int
    public var definitionCount: Int
    /// What each file decoded to, when the check was asked to keep it: another check of a version of the project
    /// (diff's base) reuses it for the files both hold byte for byte. Kept only on request: at 10,000 definitions
    /// it is 13 MB that no other command needs.
    var kept: KeptDecodings?
    /// How many definitions were validated by this check rather than taken from stored or lent diagnostics; nil
    /// when there were none to take.
    var validatedNow: Int?

    init(catalog: Catalog?, checked: CheckedCatalog?, diagnostics: DiagnosticCollector, texts: [String: SourceText],
         fileCount: Int) {
        self.catalog = catalog
        self.checked = checked
        self.diagnostics = diagnostics
        self.texts = texts
        self.fileCount = fileCount
        definitionCount = catalog?.definitions.count ?? 0
    }

    /// An earlier check of the same inputs, told again: no catalog, the same problems and counts, quoting the
    /// files as read now.
    init(replaying diagnostics: [Diagnostic], definitionCount: Int, of inputs: ProjectFiles) {
        var collector = DiagnosticCollector()
        for diagnostic in diagnostics { collector.emit(diagnostic) }
        let quoted = Self.quotedFiles(collector)
        var texts: [String: SourceText] = [:]
        for file in inputs.files where quoted.contains(file.path) { texts[file.path] = file.text }
        self.init(catalog: nil, checked: nil, diagnostics: collector, texts: texts, fileCount: inputs.files.count)
        self.definitionCount = definitionCount
    }

    /// Each file's bytes and what they decoded to, by path, and the loader whose limits they were decoded under.
    struct KeptDecodings: Sendable {
        let loader: YAMLLoader
        var files: [String: (bytes: [UInt8], decoded: Compiler.Decoded)] = [:]
        /// Each definition's own diagnostics under its ValidationStore key, as this check found or took them: a
        /// definition of the other version whose file and the files its rules read are the same has the same key.
        var validations: [ValidationStore.Entry] = []

        /// What a file of the same path and bytes decoded to, under the same loader: decoding reads nothing but the
        /// file (its path gives its role), so it gives the same wherever and whenever the file is checked.
        func decodedAgain(_ file: ProjectFiles.File, loader: YAMLLoader) -> Compiler.Decoded? {
            guard loader == self.loader, let kept = files[file.path], kept.bytes == file.text.bytes else { return nil }
            return kept.decoded
        }
    }

    /// Definitions whose file was read but could not be decoded, by id, with the first error in the file.
    public var undecodedDefinitions: [String: String] {
        guard let catalog else { return [:] }
        var found: [String: String] = [:]
        for diagnostic in diagnostics.diagnostics where diagnostic.severity == .error {
            guard case .definition(let id, _)? = ProjectFiles.role(of: diagnostic.span.file), found[id] == nil,
                  catalog.definition(id) == nil else { continue }
            found[id] = "\(diagnostic.code.rawValue) at line \(diagnostic.span.start.line): \(diagnostic.message)"
        }
        return found
    }

    /// The check of a project with no definitions yet, under these settings: what `tally diff` compares with at a
    /// ref that has no project.
    public static func nothing(settings: ProjectSettings) -> CheckResult {
        let catalog = Catalog(settings: settings, sources: [:], groups: [:], definitions: [])
        return CheckResult(catalog: catalog, checked: try? CheckedCatalog.resolve(catalog).get(),
                           diagnostics: DiagnosticCollector(), texts: [:], fileCount: 0)
    }

    /// Forgets the text of every file no diagnostic points into, for a run that renders next: only a report of
    /// problems quotes them, and at 10,000 definitions they are about 10 MB held through the whole render.
    public mutating func forgetUnquotedTexts() {
        let quoted = Self.quotedFiles(diagnostics)
        texts = texts.filter { quoted.contains($0.key) }
    }

    /// The files the diagnostics point into, notes included.
    private static func quotedFiles(_ diagnostics: DiagnosticCollector) -> Set<String> {
        var quoted: Set<String> = []
        for diagnostic in diagnostics.diagnostics {
            quoted.insert(diagnostic.span.file)
            for note in diagnostic.notes { if let span = note.span { quoted.insert(span.file) } }
        }
        return quoted
    }
}

/// The pipeline up to a checked catalog: load each file, decode it by its role, then validate across files.
public enum Compiler {
    /// One file, loaded and decoded: nil values for files that failed (their problems are in `diagnostics`).
    struct Decoded: Sendable {
        enum Value: Sendable {
            case settings(ProjectSettings?)
            case source(String, Source?)
            case group(String, Group?)
            case definition(String, Definition?)
        }

        var value: Value
        var diagnostics: DiagnosticCollector
        /// For a definition that did not decode: the source its file names, so that an unknown one is reported in
        /// this round rather than after its other mistakes are fixed.
        var sourceTable: Located<String>? = nil
    }

    static func decode(_ file: ProjectFiles.File, loader: YAMLLoader) -> Decoded {
        let context = DecodeContext(file: file.path)
        let loaded = loader.load(file.text, into: &context.diagnostics)
        let root = loaded.flatMap { MisplacedContent.report($0, role: file.role, context: context) ? nil : $0 }
        let nameSpan = SourceSpan.startOf(file.text.spanFile)
        let value: Decoded.Value
        switch file.role {
        case .settings:
            value = .settings(root.flatMap { SettingsDecoder.decode($0, context: context) })
        case .source(let name):
            value = .source(name, root.flatMap { SourceDecoder.decode($0, name: Located(name, at: nameSpan), context: context) })
        case .group(let name):
            value = .group(name, root.flatMap { GroupDecoder.decode($0, name: Located(name, at: nameSpan), context: context) })
        case .definition(let id, let group):
            let definition = root.flatMap {
                DefinitionDecoder.decode($0, id: Located(id, at: nameSpan), group: group, context: context)
            }
            value = .definition(id, definition)
            if definition == nil, let table = root.flatMap({ scalar(at: ["source", "table"], in: $0) }) {
                return Decoded(value: value, diagnostics: context.diagnostics, sourceTable: table)
            }
        }
        return Decoded(value: value, diagnostics: context.diagnostics)
    }

    /// The text of the plain scalar at a path of mapping keys, if the file has one there.
    private static func scalar(at path: [String], in node: YAMLNode) -> Located<String>? {
        var current = node
        for key in path {
            guard case .mapping(let entries) = current.content,
                  let entry = entries.first(where: { $0.key.value == key }) else { return nil }
            current = entry.value
        }
        guard case .scalar(let scalar) = current.content, !scalar.isNull else { return nil }
        return Located(scalar.text, at: current.span)
    }

    /// `earlier`: a check of another version of the project, kept with `keepingDecoded`, whose decoding of each
    /// file this one reuses where the file is the same (`tally diff` checks the base after the work tree: at 10,000
    /// unchanged definitions, this spared 0.3 s and 30 MB), and whose definitions' own diagnostics it takes where
    /// their keys are the same (at 10,000 definitions, one title changed, validating every base definition again
    /// took 0.12 s of CPU in a diff of 1.1 s).
    ///
    /// `store`: the definitions decoded by earlier runs, taken for the files whose bytes they were decoded from,
    /// and kept again, with this run's, once the files are decoded (written while validation runs).
    static func check(_ project: ProjectFiles, loader: YAMLLoader = YAMLLoader(), reusing earlier: CheckResult? = nil,
                      keepingDecoded: Bool = false, store: DecodedStore?) -> CheckResult {
        // The store keeps what the default limits decoded: under others, a file may decode otherwise.
        let store = loader == YAMLLoader() ? store : nil
        var diagnostics = project.diagnostics
        var texts: [String: SourceText] = [:]
        var settings: ProjectSettings?
        var sources: [String: Source] = [:]
        var groups: [String: Group] = [:]
        var definitions: [Definition] = []
        // Ids whose files failed to load: references to them are not reported again as unknown.
        var unloadable: Set<String> = []
        var undecodedReads: [Located<String>] = []
        // The definitions' kept diagnostics are read while the files decode.
        let storedValidations = store.map { store in Background { ValidationStore.read(from: store.cache) } }
        // Files load and decode independently, on both cores; results are merged in file order.
        let decodedAndForms = PhaseTimes.shared.measure("load and decode") {
            parallelMap(Array(project.files.indices)) { index -> (Decoded, DecodedStore.Form?) in
                let file = project.files[index]
                if let again = earlier?.kept?.decodedAgain(file, loader: loader) {
                    return (again, store?.form(of: again, file: file))
                }
                if let stored = store?.decodedBefore(file, at: index) { return stored }
                let decoded = decode(file, loader: loader)
                guard let store else { return (decoded, nil) }
                let form = store.form(of: decoded, file: file)
                return (store.compacted(decoded, form: form, file: file), form)
            }
        }
        let keeping = store.map { store in
            let forms = decodedAndForms.map(\.1)
            return Background { store.keep(forms, of: project.files) }
        }
        var kept = keepingDecoded ? CheckResult.KeptDecodings(loader: loader) : nil
        // Made once at their size: grown as they went, they were copied a dozen times at 10,000 definitions.
        texts.reserveCapacity(project.files.count)
        definitions.reserveCapacity(project.files.count)
        // Read where they lie, not copied into an array of their own first (10,000 definitions copied and destroyed).
        for (file, (item, _)) in zip(project.files, decodedAndForms) {
            texts[file.path] = file.text
            kept?.files[file.path] = (file.text.bytes, item)
            diagnostics.append(contentsOf: item.diagnostics)
            switch item.value {
            case .settings(let value): settings = value
            case .source(let name, let value):
                if let value { sources[name] = value } else { unloadable.insert(name) }
            case .group(let name, let value): groups[name] = value
            case .definition(let id, let value):
                if let value { definitions.append(value) } else { unloadable.insert(id) }
            }
            if let table = item.sourceTable { undecodedReads.append(table) }
        }
        var catalog: Catalog?
        var checked: CheckedCatalog?
        var keepingValidations: Background<Void>?
        var validatedNow: Int?
        // A definition that did not decode is not validated, but the source it names is checked now: an unknown one
        // would otherwise be the next round's error.
        for table in undecodedReads where sources[table.value] == nil && !unloadable.contains(table.value) {
            diagnostics.emit(.unknownSource, "no source '\(table.value)' in definitions/sources/"
                                 + DidYouMean.clause(for: table.value, among: sources.keys), at: table.span)
        }
        if let settings {
            let decoded = Catalog(settings: settings, sources: sources, groups: groups, definitions: definitions)
            let validationStore = store.flatMap { store in
                (store.inputs ?? InputHashes(files: project.files, hashes: store.hashes)).map { inputs in
                    ValidationStore(cache: store.cache, stored: storedValidations?.take() ?? [], inputs: inputs,
                                    unloadable: unloadable)
                }
            } ?? earlier?.kept.flatMap { kept in
                kept.validations.isEmpty ? nil : InputHashes(files: project.files, hashes: project.contentHashes).map {
                    ValidationStore(cache: nil, stored: kept.validations, inputs: $0, unloadable: unloadable)
                }
            }
            var validator = Validator(catalog: decoded, unloadable: unloadable, definitionFiles: project.files,
                                      store: validationStore)
            PhaseTimes.shared.measure("validate") { validator.run() }
            if let validationStore {
                PhaseTimes.shared.note("definitions validated: \(validator.validatedNow) of \(definitions.count)")
                let entries = validator.validated
                kept?.validations = entries
                validatedNow = validator.validatedNow
                keepingValidations = Background { validationStore.keep(entries) }
            }
            diagnostics.append(contentsOf: validator.diagnostics)
            // Before the rules apply, so that tally.yaml can turn D015 off like any warning; only when nothing
            // stopped a rule from running, since a definition with errors is not checked for its warnings.
            let stale = diagnostics.hasErrors ? [] : RuleSettings.unusedExceptions(decoded.lintExceptions, among: diagnostics)
            for (_, entry) in stale {
                diagnostics.emit(.unusedLintException,
                                 "no_lint silences \(entry.rule.value.rawValue), but this definition has no "
                                     + "\(entry.rule.value.rawValue) warning; remove the entry, so that a new one is seen",
                                 at: entry.rule.span)
            }
            diagnostics = RuleSettings.apply(settings.rules, exceptions: decoded.lintExceptions, to: diagnostics)
            catalog = decoded
            if !diagnostics.hasErrors {
                switch CheckedCatalog.resolve(decoded) {
                case .success(let resolved): checked = resolved
                case .failure(let unresolved): diagnostics.emit(unresolved.diagnostic)
                }
            }
        }
        var result = CheckResult(catalog: catalog, checked: checked, diagnostics: diagnostics, texts: texts,
                                 fileCount: project.files.count)
        // Every definition file read, those that did not decode too: a summary of 8 files' errors had said
        // "6 definitions" (found by a new-user trial).
        result.definitionCount = project.files.count { if case .definition = $0.role { true } else { false } }
        result.kept = kept
        result.validatedNow = validatedNow
        _ = keeping?.value
        _ = keepingValidations?.value
        return result
    }

    public static func check(_ project: ProjectFiles, loader: YAMLLoader = YAMLLoader(),
                             reusing earlier: CheckResult? = nil, keepingDecoded: Bool = false) -> CheckResult {
        check(project, loader: loader, reusing: earlier, keepingDecoded: keepingDecoded, store: nil)
    }
}
