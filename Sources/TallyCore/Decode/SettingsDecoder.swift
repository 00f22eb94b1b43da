enum SettingsDecoder {
    static let keys = ["name", "current_version", "repository", "dialects", "links", "rules"]

    static func decode(_ root: YAMLNode, context: DecodeContext) -> ProjectSettings? {
        guard let map = MappingReader(root, "tally.yaml", keys: keys, context: context) else { return nil }
        let name = map.string("name")
        let current = map.version("current_version", required: true)
        let repository = map.string("repository", required: true)
        if let repository {
            ValueChecks.checkURL(repository, "'repository'", context: context)
            if !repository.value.hasPrefix("https://github.com/")
                || repository.value.dropFirst(19).split(separator: "/").count != 2 {
                context.emit(.invalidLink,
                             "'repository' must be a GitHub repository URL like https://github.com/OWNER/NAME",
                             at: repository.span)
            }
        }
        var dialects: [Dialect] = []
        for item in map.stringList("dialects", required: true) {
            guard let dialect: Located<Dialect> = MappingReader.choice(item, "a dialect", context: context) else {
                continue
            }
            if dialects.contains(dialect.value) {
                context.emit(.duplicateName, "dialect '\(dialect.value.rawValue)' is listed twice", at: item.span)
            } else {
                dialects.append(dialect.value)
            }
        }
        let links = map.mapping("links", "'links'", keys: ["event_code", "pull_request"], required: true)
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
        guard let current, let repository, let eventCode, let pullRequest, !dialects.isEmpty else { return nil }
        return ProjectSettings(file: context.file, name: name?.value, currentVersion: current,
                               repository: repository, dialects: dialects.sorted(), eventCodeLink: eventCode,
                               pullRequestLink: pullRequest, rules: rules)
    }
}
