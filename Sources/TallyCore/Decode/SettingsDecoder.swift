enum SettingsDecoder {
    static let keys = SettingsSchema.settings.keys

    static func decode(_ root: YAMLNode, context: DecodeContext) -> ProjectSettings? {
        guard let map = MappingReader(root, "tally.yaml", keys: keys, context: context) else { return nil }
        let name = map.string("name")
        let current = map.version("current_version", required: true)
        let repository = map.string("repository", required: true)
        if let repository {
            ValueChecks.checkURL(repository, "'repository'", context: context)
            if !ProjectTemplate.isRepositoryURL(repository.value) {
                context.emit(.invalidLink,
                             "'repository' must be a GitHub repository URL: " + ProjectTemplate.repositoryForm,
                             at: repository.span)
            }
        }
        let dialects = Self.dialects(map.stringList("dialects", required: true), context: context).map(\.value)
        let links = map.mapping("links", "'links'", keys: SettingsSchema.links.keys, required: true)
        let eventCode = links?.string("event_code", required: true)
        let pullRequest = links?.string("pull_request", required: true)
        if let eventCode {
            ValueChecks.checkTemplate(eventCode, placeholder: "event", "'links.event_code'", context: context)
        }
        if let pullRequest {
            ValueChecks.checkTemplate(pullRequest, placeholder: "number", "'links.pull_request'", context: context)
        }
        var rules: [RuleOverride] = []
        for entry in map.entries("rules") {
            guard let code = RuleSettings.code(entry.key, context: context),
                  let text = MappingReader.text(entry.value, "the level of \(entry.key.value)", required: true, context: context),
                  let level: Located<RuleLevel> = MappingReader.choice(text, "the level of \(entry.key.value)", context: context)
            else { continue }
            if let refusal = RuleSettings.refusal(code.value), level.value != .error {
                context.emit(.notApplicable, refusal, at: level.span)
                continue
            }
            rules.append(RuleOverride(code: code, level: level))
        }
        let exports = map.mapping("exports", "'exports'", keys: SettingsSchema.exports.keys)
            .map { decodeExports($0, dialects: dialects, context: context) } ?? ExportSettings()
        // Each dialect's own settings, under its name, where it has any; read whatever 'dialects' lists, so that a
        // dialect left out for a while keeps its settings checked.
        var viewSchemas: [Dialect: Located<String>] = [:]
        for dialect in Dialect.allCases {
            guard let setting = dialect.sql.viewSchemaSetting,
                  let settings = map.mapping(dialect.rawValue, "'\(dialect.rawValue)'", keys: [setting.key]),
                  let schema = qualifiedName(settings, setting.key, role: "every \(dialect.rawValue) view's name",
                                             context: context) else { continue }
            if dialects.contains(dialect) { viewSchemas[dialect] = schema }
        }
        guard let current, let repository, let eventCode, let pullRequest, !dialects.isEmpty else { return nil }
        var settings = ProjectSettings(file: context.file, name: name?.value, currentVersion: current,
                                       repository: repository, dialects: dialects.sorted(), firstDialect: dialects[0],
                                       eventCodeLink: eventCode,
                                       pullRequestLink: pullRequest, rules: rules, exports: exports)
        settings.viewSchemas = viewSchemas
        return settings
    }

    /// `exports.lookml.schema` and `bigquery.dataset`: names joined by dots (`analytics`, `project.dataset`), each of
    /// letters, digits, `_`, `-`, `$` and `:` (a domain-scoped BigQuery project, `example.com:project`). It goes
    /// into SQL names (each LookML view's `sql_table_name`, where a `;;` ended the SQL and a quote broke it; each
    /// BigQuery view's name), which `role` says.
    private static func qualifiedName(_ map: MappingReader, _ key: String, role: String, required: Bool = true,
                                      context: DecodeContext) -> Located<String>? {
        guard let schema = map.string(key, required: required) else { return nil }
        let parts = schema.value.split(separator: ".", omittingEmptySubsequences: false)
        let plain = parts.allSatisfy { part in
            !part.isEmpty && part.unicodeScalars.allSatisfy { scalar in
                ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
                    || "_-$:".unicodeScalars.contains(scalar)
            }
        }
        guard plain else {
            context.emit(.invalidName,
                         "'\(key)' must be a schema's name, or names joined by dots (project.dataset), each of letters, "
                             + "digits, '_', '-', '$' and ':': it goes into \(role)",
                         at: schema.span)
            return nil
        }
        return schema
    }

    /// `exports: {lookml: {connection, dialect, schema}}`; a dialect must be one the project builds.
    private static func decodeExports(_ map: MappingReader, dialects: [Dialect], context: DecodeContext) -> ExportSettings {
        var exports = ExportSettings()
        if let lookml = map.mapping("lookml", "'exports.lookml'", keys: SettingsSchema.lookml.keys),
           let connection = lookml.string("connection", required: true),
           let dialect: Located<Dialect> = lookml.choice("dialect", required: true) {
            if dialect.value == Dialect.embedded {
                // Looker connects to warehouses, never to a file of tally's embedded engine.
                let others = dialects.filter { $0 != .embedded }.map(\.rawValue)
                context.emit(.notApplicable,
                             "Looker cannot connect to \(dialect.value.rawValue); choose the dialect of the warehouse "
                                 + "Looker reads" + (others.isEmpty ? ", after adding it to 'dialects'"
                                                     : " (one of " + others.joined(separator: ", ") + ")"),
                             at: dialect.span)
            } else if dialects.contains(dialect.value) {
                let schema = qualifiedName(lookml, "schema", role: "every LookML view's sql_table_name", required: false,
                                           context: context)
                exports.lookml = LookMLExport(connection: connection, dialect: dialect, schema: schema)
            } else {
                context.emit(.notApplicable,
                             "LookML reads the \(dialect.value.rawValue) views, which 'dialects' does not build; add "
                                 + "it there or choose one of " + dialects.map(\.rawValue).joined(separator: ", "),
                             at: dialect.span)
            }
        }
        if let dbt = map.mapping("dbt", "'exports.dbt'", keys: SettingsSchema.dbt.keys) {
            let chosen = Self.dialects(dbt.stringList("dialects", required: true), context: context).filter { dialect in
                guard !dialects.contains(dialect.value) else { return true }
                context.emit(.notApplicable,
                             "dbt models are written in the \(dialect.value.rawValue) dialect, which 'dialects' does "
                                 + "not build; add it there", at: dialect.span)
                return false
            }
            if !chosen.isEmpty { exports.dbt = DBTExport(dialects: chosen) }
        }
        return exports
    }

    /// A list's dialects, each once: an unknown one is refused, and one listed twice said (a slip, not silently
    /// collapsed), in 'dialects' and in 'exports.dbt' alike.
    private static func dialects(_ items: [Located<String>], context: DecodeContext) -> [Located<Dialect>] {
        var chosen: [Located<Dialect>] = []
        for item in items {
            guard let dialect: Located<Dialect> = MappingReader.choice(item, "a dialect", context: context) else { continue }
            if chosen.contains(where: { $0.value == dialect.value }) {
                context.emit(.duplicateName, "dialect '\(dialect.value.rawValue)' is listed twice", at: item.span)
            } else {
                chosen.append(dialect)
            }
        }
        return chosen
    }
}
