/// YAML in block style for the files dbt reads, from JSON values: keys plain (tally writes only snake_case keys
/// and dbt's own), every string double-quoted with JSON's escapes, which YAML reads the same, so no text can
/// change type or break the file.
enum YAMLBlock {
    static func render(_ value: JSONValue) -> String {
        lines(value, indent: "").joined(separator: "\n") + "\n"
    }

    private static func lines(_ value: JSONValue, indent: String) -> [String] {
        switch value {
        case .object(let fields) where !fields.isEmpty:
            return fields.flatMap { key, field -> [String] in
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
