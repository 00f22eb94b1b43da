/// The shape of a YAML value, described once: the decoders take their keys from it and `tally schema` renders it
/// as JSON Schema, so the editor's validation and tally's cannot drift apart.
indirect enum SchemaNode: Sendable {
    struct Property: Sendable {
        var name: String
        var node: SchemaNode
        var description: String
        /// Whether the key may be given as YAML's null (`key:` with no value, `~`, `null`) when it is not required:
        /// tally reads that as the key left out, so the schema must not flag it. Not where null reads as a value
        /// the key takes (`fill: null` looks like the fill "null"), which tally refuses.
        var nullable = true
    }

    case text(pattern: String? = nil)
    /// Words for people (a title, a reason, prose) and names in lists (events, owners): tally reads any YAML scalar
    /// there as its text (title: 2024 is the title "2024", `events: [404]` the event "404"), so the schema allows a
    /// bare number or boolean too, and never flags what tally accepts.
    case words
    case choice([String])
    case integer(minimum: Int, maximum: Int)
    case boolean
    case number
    /// A number strictly between 0 and 1 (a percentile), as the decoder requires.
    case fraction
    /// `unique`: no item twice (`dialects`), as the decoder requires.
    case list(SchemaNode, minimum: Int = 0, maximum: Int? = nil, unique: Bool = false)
    /// `oneOf`: keys of which exactly one must be present (a where entry has a `field` or an `any_of`).
    /// Keys required, and the only keys allowed, where a key has a value (`kind: ping` requires `added`; each
    /// aggregate takes its own keys).
    struct Condition: Sendable {
        var key: String
        var value: String
        var require: [String]
        /// nil: every property of the object.
        var allow: [String]? = nil
    }

    case object([Property], required: [String] = [], conditions: [Condition] = [],
                oneOf: [String] = [])
    case map(values: SchemaNode, keys: [String]? = nil)
    case anyOf([SchemaNode])
    /// The node at a JSON Pointer into the schema document, for shapes that nest themselves (`any_of`).
    case reference(String)
    case anything

    static func choice<Value: RawRepresentable & CaseIterable>(_ type: Value.Type) -> SchemaNode
    where Value.RawValue == String {
        .choice(type.allCases.map(\.rawValue))
    }

    /// The keys of an object node, for the decoders.
    var keys: [String] {
        guard case .object(let properties, _, _, _) = self else { return [] }
        return properties.map(\.name)
    }

    func property(_ name: String) -> SchemaNode? {
        guard case .object(let properties, _, _, _) = self else { return nil }
        return properties.first { $0.name == name }?.node
    }

    /// JSON Schema (draft 2020-12) for this node.
    func json(description: String? = nil) -> JSONValue {
        var fields: [(String, JSONValue)] = []
        if let description { fields.append(("description", .string(description))) }
        switch self {
        case .text(let pattern):
            fields.append(("type", .string("string")))
            if let pattern { fields.append(("pattern", .string(pattern))) }
        case .words:
            fields.append(("type", .array([.string("string"), .string("number"), .string("boolean")])))
        case .choice(let values):
            fields.append(("enum", .array(values.map(JSONValue.string))))
        case .integer(let minimum, let maximum):
            fields += [("type", .string("integer")), ("minimum", .integer(minimum)), ("maximum", .integer(maximum))]
        case .boolean:
            fields.append(("type", .string("boolean")))
        case .number:
            fields.append(("type", .string("number")))
        case .fraction:
            fields += [("type", .string("number")), ("exclusiveMinimum", .integer(0)), ("exclusiveMaximum", .integer(1))]
        case .list(let item, let minimum, let maximum, let unique):
            fields += [("type", .string("array")), ("items", item.json())]
            if minimum > 0 { fields.append(("minItems", .integer(minimum))) }
            if let maximum { fields.append(("maxItems", .integer(maximum))) }
            if unique { fields.append(("uniqueItems", .bool(true))) }
        case .object(let properties, let required, let conditions, let oneOf):
            fields.append(("type", .string("object")))
            fields.append(("properties", .object(properties.map { property in
                let isRequired = required.contains(property.name)
                var schema = property.node.json(description: property.description)
                if isRequired { schema = Self.notBlank(property.node, schema) }
                return (property.name, property.nullable && !isRequired ? Self.allowingNull(schema) : schema)
            })))
            if !required.isEmpty { fields.append(("required", .array(required.map(JSONValue.string)))) }
            fields.append(("additionalProperties", .bool(false)))
            if !conditions.isEmpty {
                fields.append(("allOf", .array(conditions.map { condition in
                    .object([
                        ("if", .object([("properties", .object([(condition.key, .object([("const", .string(condition.value))]))])),
                                        ("required", .array([.string(condition.key)]))])),
                        ("then", .object([("required", .array(condition.require.map(JSONValue.string)))]
                                         + (condition.allow.map { allowed in
                                             [("propertyNames", .object([("enum", .array(allowed.map(JSONValue.string)))]))]
                                         } ?? []))),
                    ])
                })))
            }
            if !oneOf.isEmpty {
                fields.append(("oneOf", .array(oneOf.map { .object([("required", .array([.string($0)]))]) })))
            }
        case .map(let values, let keys):
            fields.append(("type", .string("object")))
            if let keys {
                fields.append(("propertyNames", .object([("enum", .array(keys.map(JSONValue.string)))])))
            }
            fields.append(("additionalProperties", values.json()))
        case .anyOf(let options):
            fields.append(("anyOf", .array(options.map { $0.json() })))
        case .reference(let pointer):
            fields.append(("$ref", .string(pointer)))
        case .anything:
            break
        }
        return .object(fields)
    }

    /// A required text's schema refusing blank text, as the decoder does (D003, "is empty"): text with a character
    /// that is not white space. A text with a pattern of its own says more already.
    private static func notBlank(_ node: SchemaNode, _ schema: JSONValue) -> JSONValue {
        switch node {
        case .words, .text(pattern: nil):
            guard case .object(let fields) = schema else { return schema }
            return .object(fields + [("pattern", .string("\\S"))])
        default:
            return schema
        }
    }

    /// A value's schema with YAML's null taken too: null added to its types, its enumeration or its alternatives,
    /// in place, so that pointers into the schema (`any_of`'s reference) still lead where they did. A schema that
    /// takes anything takes null already.
    private static func allowingNull(_ schema: JSONValue) -> JSONValue {
        guard case .object(var fields) = schema else { return schema }
        func index(_ key: String) -> Int? { fields.firstIndex { $0.0 == key } }
        // An object whose keys are chosen by oneOf or conditions: null passes every `required` branch, so oneOf
        // would refuse it; it is an alternative of its own instead, beside the object (described once, outside).
        if index("oneOf") != nil || index("allOf") != nil {
            let description = index("description").map { fields.remove(at: $0) }
            return .object((description.map { [$0] } ?? [])
                           + [("anyOf", .array([.object(fields), .object([("type", .string("null"))])]))])
        }
        if let at = index("type") {
            switch fields[at].1 {
            case .string(let type): fields[at].1 = .array([.string(type), .string("null")])
            case .array(let types): fields[at].1 = .array(types + [.string("null")])
            default: break
            }
        } else if let at = index("enum"), case .array(let values) = fields[at].1 {
            fields[at].1 = .array(values + [.null])
        } else if let at = index("anyOf"), case .array(let options) = fields[at].1 {
            fields[at].1 = .array(options + [.object([("type", .string("null"))])])
        } else if let at = index("$ref") {
            let reference = fields.remove(at: at)
            fields.append(("anyOf", .array([.object([reference]), .object([("type", .string("null"))])])))
        }
        return .object(fields)
    }
}
