/// A YAML node that remembers where it was written. tally's tree has only what definitions need: scalars kept as
/// their exact text (so `3.30` stays "3.30"), mappings with keys in order, and sequences.
public struct YAMLNode: Sendable {
    public enum ScalarStyle: Sendable {
        case plain
        case quoted
        case block
    }

    public struct Scalar: Sendable {
        public var text: String
        public var style: ScalarStyle
        /// The core tag it was given explicitly (`!!str`), if any.
        public var tag: String?

        /// A plain scalar that YAML's core schema reads as null: empty, `~` or `null`.
        public var isNull: Bool {
            if let tag { return tag == "tag:yaml.org,2002:null" }
            guard style == .plain, text.utf8.count <= 4 else { return false }
            return text.isEmpty || text == "~" || text == "null" || text == "Null" || text == "NULL"
        }
    }

    public struct Entry: Sendable {
        public var key: Located<String>
        public var value: YAMLNode
    }

    /// Not `indirect`: mappings and sequences hold their nodes in arrays already, and boxing every node's content
    /// cost an allocation and a release for each of the million nodes of a 10,000-definition project.
    public enum Content: Sendable {
        case scalar(Scalar)
        case mapping([Entry])
        case sequence([YAMLNode])
    }

    public var content: Content
    public var span: SourceSpan

    public init(_ content: Content, at span: SourceSpan) {
        self.content = content
        self.span = span
    }

    /// How the node reads in a message: "a mapping", "a sequence", "the text 'x'".
    public var kindDescription: String {
        switch content {
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .scalar(let scalar):
            if scalar.isNull { return "nothing (null)" }
            if scalar.style == .plain {
                if CoreSchema.integer(scalar.text) != nil || CoreSchema.float(scalar.text) != nil {
                    return "the number \(scalar.text)"
                }
                if CoreSchema.boolean(scalar.text) != nil { return "the boolean \(scalar.text)" }
            }
            let shown = scalar.text.count > 40 ? String(scalar.text.prefix(40)) + "…" : scalar.text
            return "the text '\(shown)'"
        }
    }
}

/// The YAML 1.2 core schema's readings of plain scalars, used where a definition expects a number or boolean.
public enum CoreSchema {
    public static func boolean(_ text: String) -> Bool? {
        switch text {
        case "true", "True", "TRUE": true
        case "false", "False", "FALSE": false
        default: nil
        }
    }

    public static func integer(_ text: String) -> Int? {
        var digits = Substring(text)
        var negative = false
        if digits.first == "-" || digits.first == "+" {
            negative = digits.first == "-"
            digits = digits.dropFirst()
        }
        guard !digits.isEmpty, digits.utf8.allSatisfy({ (0x30...0x39).contains($0) }) else { return nil }
        // Read with its sign: the smallest integer's digits, 9223372036854775808, are one more than the largest.
        return Int(negative ? "-" + digits : String(digits))
    }

    public static func float(_ text: String) -> Double? {
        if let integer = integer(text) { return Double(integer) }
        let allowed = "0123456789+-.eE".utf8
        guard !text.isEmpty, text.utf8.allSatisfy({ allowed.contains($0) }),
              text.utf8.contains(where: { (0x30...0x39).contains($0) }) else {
            return nil
        }
        return Double(text)
    }
}
