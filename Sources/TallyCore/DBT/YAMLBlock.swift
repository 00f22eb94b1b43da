/// YAML in block style for the files dbt reads, from JSON values: keys plain where they are names (snake_case, and
/// dbt's own), else double-quoted as strings are (a unit test's rows are keyed by the source's column names, which
/// may be anything: `uid: 7 #` had read as the key `uid`), every string double-quoted with JSON's escapes, which
/// YAML reads the same, so no text can change type or break the file.
enum YAMLBlock {
    static func render(_ value: JSONValue) -> String {
        lines(value, indent: "").joined(separator: "\n") + "\n"
    }

    private static func lines(_ value: JSONValue, indent: String) -> [String] {
        switch value {
        case .object(let fields) where !fields.isEmpty:
            return fields.flatMap { name, field -> [String] in
                let key = isPlainKey(name) ? name : JSONValue.string(name).serialized()
                if let scalar = inline(field) { return [indent + key + ": " + scalar] }
                return [indent + key + ":"] + lines(field, indent: indent + "  ")
            }
        case .array(let items) where !items.isEmpty:
            return items.flatMap { item -> [String] in
                if let scalar = inline(item) { return [indent + "- " + scalar] }
                let nested = lines(item, indent: indent + "  ")
                // The first line of a mapping item goes on the dash's line.
                return [indent + "- " + nested[0].dropFirst(indent.count + 2)] + nested.dropFirst()
            }
        default:
            return [indent + (inline(value) ?? value.serialized())]
        }
    }

    /// A key YAML reads as itself unquoted: text every reader takes as the same string written plain
    /// (ImportYAML.isPlain, which tally import writes values by), after the `+` of dbt's `+materialized`.
    static func isPlainKey(_ key: String) -> Bool {
        ImportYAML.isPlain(key.hasPrefix("+") ? String(key.dropFirst()) : key, flow: false)
    }

    /// A value that fits on its key's line: a scalar, or an empty list or mapping.
    private static func inline(_ value: JSONValue) -> String? {
        switch value {
        case .array(let items) where items.isEmpty: "[]"
        case .object(let fields) where fields.isEmpty: "{}"
        case .array, .object: nil
        default: value.serialized()
        }
    }
}
