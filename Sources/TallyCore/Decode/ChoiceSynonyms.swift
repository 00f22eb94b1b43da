/// A choice whose values are known by other names elsewhere, suggested when one of those is written: SQL's and
/// other tools' type names for a column type (`int` is no typo of `integer`, so edit distance would not find it),
/// an adjective for a grain, an analytics tool's name for an aggregate.
protocol ChoiceSynonyms {
    /// Other names, lowercased, and the value each means.
    static var synonyms: [String: String] { get }
}

extension ColumnType: ChoiceSynonyms {
    static let synonyms: [String: String] = [
        "int": "integer", "int4": "integer", "int8": "integer", "int64": "integer", "bigint": "integer",
        "smallint": "integer", "long": "integer", "number": "float",
        "double": "float", "real": "float", "numeric": "float", "decimal": "float", "float64": "float",
        "string": "text", "str": "text", "varchar": "text", "char": "text",
        "bool": "boolean",
        "datetime": "timestamp", "timestamptz": "timestamp", "time": "timestamp",
        "jsonb": "json", "object": "json", "variant": "json",
    ]
}

extension Grain: ChoiceSynonyms {
    static let synonyms: [String: String] = [
        "daily": "day", "days": "day", "weekly": "week", "weeks": "week", "monthly": "month", "months": "month",
        "yearly": "year", "annual": "year", "annually": "year", "years": "year", "all": "total", "overall": "total",
        "lifetime": "total", "none": "total",
    ]
}

extension Aggregate: ChoiceSynonyms {
    static let synonyms: [String: String] = [
        "distinct_users": "unique_users", "users": "unique_users", "unique_people": "unique_users",
        "active_users": "unique_users", "count_unique_users": "unique_users", "dau": "unique_users",
        "new_users": "first_time_users", "first_users": "first_time_users",
        "avg": "average", "mean": "average", "total": "sum",
        "distinct": "count_distinct", "count_unique": "count_distinct", "unique_count": "count_distinct",
        "p50": "median", "quantile": "percentile", "p95": "percentile", "p90": "percentile", "p99": "percentile",
        "cohort_retention": "retention", "conversion": "funnel", "division": "ratio", "rate": "ratio",
        "expression": "formula", "custom": "sql", "query": "sql",
    ]
}
