/// tally.yaml.
public struct ProjectSettings: Sendable {
    public var file: String
    public var name: String?
    public var currentVersion: Located<Version>
    public var repository: Located<String>
    /// In tally's order (postgres, sqlite, bigquery, ...), whatever order tally.yaml lists them in, so that output
    /// never depends on it.
    public var dialects: [Dialect]
    /// The dialect tally.yaml lists first: what a command printing one dialect's SQL uses unless told otherwise.
    public var firstDialect: Dialect
    public var eventCodeLink: Located<String>
    public var pullRequestLink: Located<String>
    /// `rules`: warnings raised to errors or turned off, project-wide.
    public var rules: [RuleOverride] = []
    /// `exports`: outputs for other tools.
    public var exports = ExportSettings()
    /// The schema each built dialect's views are created in, where the dialect needs one named (its
    /// `viewSchemaSetting`: BigQuery's dataset, since BigQuery resolves no name inside a view against a default
    /// dataset, so a view reading another, a ratio's, must name it) and tally.yaml names it.
    public var viewSchemas: [Dialect: Located<String>] = [:]

    /// The dataset or schema a dialect's views are created in and read from, when tally.yaml names one.
    func viewSchema(for dialect: Dialect) -> String? { viewSchemas[dialect]?.value }
}
