/// tally.yaml's `exports`: outputs for other tools, each off unless named.
public struct ExportSettings: Sendable {
    /// `lookml`: a LookML view per definition and a model, for Looker.
    public var lookml: LookMLExport?
}

public struct LookMLExport: Sendable {
    /// The Looker connection the model's explores query.
    public var connection: Located<String>
    /// Which generated views Looker reads: one of tally.yaml's dialects.
    public var dialect: Located<Dialect>
    /// The schema (BigQuery dataset) the views are created in, when not the connection's default.
    public var schema: Located<String>?
}
