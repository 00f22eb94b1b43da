/// tally.yaml's `exports`: outputs for other tools, each off unless named.
public struct ExportSettings: Sendable {
    /// `lookml`: a LookML view per definition and a model, for Looker.
    public var lookml: LookMLExport?
    /// `dbt`: a dbt project with a model per definition and its examples as unit tests.
    public var dbt: DBTExport?
}

public struct DBTExport: Sendable {
    /// The warehouses' dialects the models are written for, dispatched on the adapter when there are several.
    public var dialects: [Located<Dialect>]
}

public struct LookMLExport: Sendable {
    /// The Looker connection the model's explores query.
    public var connection: Located<String>
    /// Which generated views Looker reads: one of tally.yaml's dialects.
    public var dialect: Located<Dialect>
    /// The schema (BigQuery dataset) the views are created in, when not the connection's default.
    public var schema: Located<String>?
}

extension ProjectSettings {
    /// The project's name for other tools: the dbt project and profile, the LookML model.
    public var exportName: String { ExportName.from(name ?? "tally") }
}
