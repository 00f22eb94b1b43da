/// A choice whose values are known by other names elsewhere, suggested when one of those is written: SQL's and
/// other tools' type names for a column type (`int` is no typo of `integer`, so edit distance would not find it).
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
