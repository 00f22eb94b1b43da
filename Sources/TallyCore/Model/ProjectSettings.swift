/// tally.yaml.
public struct ProjectSettings: Sendable {
    public var file: String
    public var name: String?
    public var currentVersion: Located<Version>
    public var repository: Located<String>
    public var dialects: [Dialect]
    public var eventCodeLink: Located<String>
    public var pullRequestLink: Located<String>
    /// `rules`: warnings raised to errors or turned off, project-wide.
    public var rules: [RuleOverride] = []
    /// `exports`: outputs for other tools.
    public var exports = ExportSettings()
}
