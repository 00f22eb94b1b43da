enum SettingsDecoder {
    static let keys = SettingsSchema.settings.keys

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
        let links = map.mapping("links", "'links'", keys: SettingsSchema.links.keys, required: true)
        let eventCode = links?.string("event_code", required: true)
        let pullRequest = links?.string("pull_request", required: true)
        if let eventCode {
            ValueChecks.checkTemplate(eventCode, placeholder: "event", "'links.event_code'", context: context)
        }
        if let pullRequest {
            ValueChecks.checkTemplate(pullRequest, placeholder: "number", "'links.pull_request'", context: context)
        }
        guard let current, let repository, let eventCode, let pullRequest, !dialects.isEmpty else { return nil }
        return ProjectSettings(file: context.file, name: name?.value, currentVersion: current,
                               repository: repository, dialects: dialects.sorted(), eventCodeLink: eventCode,
                               pullRequestLink: pullRequest)
    }
}
