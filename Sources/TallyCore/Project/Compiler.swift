/// What `tally check` produces: the checked catalog (when the files could be decoded at all) and every problem.
public struct CheckResult: Sendable {
    public var catalog: Catalog?
    public var diagnostics: DiagnosticCollector
    /// The text of every file read, to quote lines in diagnostics.
    public var texts: [String: SourceText]
    public var fileCount: Int

    public var definitionCount: Int { catalog?.definitions.count ?? 0 }
}

/// The pipeline up to a checked catalog: load each file, decode it by its role, then validate across files.
public enum Compiler {
    public static func check(_ project: ProjectFiles, loader: YAMLLoader = YAMLLoader()) -> CheckResult {
        var diagnostics = project.diagnostics
        var texts: [String: SourceText] = [:]
        var settings: ProjectSettings?
        var sources: [String: Source] = [:]
        var groups: [String: Group] = [:]
        var definitions: [Definition] = []
        // Ids whose files failed to load: references to them are not reported again as unknown.
        var unloadable: Set<String> = []
        for file in project.files {
            texts[file.path] = file.text
            let context = DecodeContext(file: file.path)
            guard let root = loader.load(file.text, into: &context.diagnostics) else {
                diagnostics.append(contentsOf: context.diagnostics)
                if case .definition(let id, _) = file.role { unloadable.insert(id) }
                if case .source(let name) = file.role { unloadable.insert(name) }
                continue
            }
            let nameSpan = SourceSpan.startOf(file.path)
            switch file.role {
            case .settings:
                settings = SettingsDecoder.decode(root, context: context)
            case .source(let name):
                if let source = SourceDecoder.decode(root, name: Located(name, at: nameSpan), context: context) {
                    sources[name] = source
                } else {
                    unloadable.insert(name)
                }
            case .group(let name):
                groups[name] = GroupDecoder.decode(root, name: Located(name, at: nameSpan), context: context)
            case .definition(let id, let group):
                if let definition = DefinitionDecoder.decode(root, id: Located(id, at: nameSpan), group: group,
                                                             context: context) {
                    definitions.append(definition)
                } else {
                    unloadable.insert(id)
                }
            }
            diagnostics.append(contentsOf: context.diagnostics)
        }
        var catalog: Catalog?
        if let settings {
            let checked = Catalog(settings: settings, sources: sources, groups: groups, definitions: definitions)
            var validator = Validator(catalog: checked, unloadable: unloadable, definitionFiles: project.files)
            validator.run()
            diagnostics.append(contentsOf: validator.diagnostics)
            catalog = checked
        }
        return CheckResult(catalog: catalog, diagnostics: diagnostics, texts: texts, fileCount: project.files.count)
    }
}
