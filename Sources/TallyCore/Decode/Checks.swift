/// Small checks on single values, shared by every decoder.
public enum ValueChecks {
    /// Ids, group and source names: a lowercase letter, then lowercase letters, digits or '_', at most 64.
    public static func isSnakeCaseName(_ name: String) -> Bool { name.count <= 64 && isSnakeCase(name) }

    /// A lowercase letter, then lowercase letters, digits or '_', of any length.
    private static func isSnakeCase(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, ("a"..."z").contains(first) else { return false }
        return name.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" }
    }

    static func checkName(_ name: Located<String>, _ what: String, context: DecodeContext) {
        guard !isSnakeCaseName(name.value) else { return }
        // Snake case but too long: said as such, not as a spelling problem.
        if isSnakeCase(name.value) {
            context.emit(.invalidName,
                         "\(what) '\(name.value)' is \(name.value.count) characters long; ids and names have at "
                             + "most 64",
                         at: name.span)
            return
        }
        context.emit(.invalidName,
                     "\(what) '\(name.value)' is not snake_case (a lowercase letter, then lowercase letters, digits "
                         + "or '_', at most 64 characters)",
                     at: name.span)
    }

    /// http(s)://host/..., with no white space: what a browser and a Markdown renderer will both take.
    static func isWellFormedURL(_ text: String) -> Bool {
        text.isAllASCII ? isWellFormedASCIIURL(text) : isWellFormedURLByCharacters(text)
    }

    /// The rule on Characters, for any text.
    static func isWellFormedURLByCharacters(_ text: String) -> Bool {
        let rest: Substring
        if text.hasPrefix("https://") {
            rest = text.dropFirst(8)
        } else if text.hasPrefix("http://") {
            rest = text.dropFirst(7)
        } else {
            return false
        }
        let host = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        guard !host.isEmpty, host.allSatisfy({ $0.isLetter || $0.isNumber || ".-:".contains($0) }) else {
            return false
        }
        return !text.contains { $0.isWhitespace || $0 == "\"" || $0 == "<" || $0 == ">" }
    }

    /// The same rule on the bytes of an ASCII text, as nearly every link is: by Characters, a link cost thousands
    /// of instructions.
    static func isWellFormedASCIIURL(_ text: String) -> Bool {
        let bytes = text.utf8
        let rest: Substring.UTF8View
        if bytes.starts(with: "https://".utf8) {
            rest = Substring(text).utf8.dropFirst(8)
        } else if bytes.starts(with: "http://".utf8) {
            rest = Substring(text).utf8.dropFirst(7)
        } else {
            return false
        }
        let host = rest.prefix { $0 != UInt8(ascii: "/") && $0 != UInt8(ascii: "?") && $0 != UInt8(ascii: "#") }
        guard !host.isEmpty, host.allSatisfy({ byte in
            (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) || (0x30...0x39).contains(byte)
                || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ":")
        }) else { return false }
        return !bytes.contains { byte in
            byte.isASCIIWhitespace || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "<") || byte == UInt8(ascii: ">")
        }
    }

    static func checkURL(_ url: Located<String>, _ what: String, context: DecodeContext) {
        guard !isWellFormedURL(url.value) else { return }
        context.emit(.invalidLink, "\(what) is not a well-formed http(s) URL: '\(url.value)'", at: url.span)
    }

    /// A full pull-request URL, or "#12345" that links.pull_request expands.
    static func checkPullRequest(_ reference: Located<String>, _ what: String, context: DecodeContext) {
        let text = reference.value
        if text.hasPrefix("#") {
            if PullRequestLink.isNumber(text.dropFirst()) { return }
        } else if isWellFormedURL(text) {
            return
        }
        // The near misses say what to write: a bare number, spaces around a good reference, a leading 0.
        let trimmed = text.trimmingWhitespace()
        let digits = text.dropFirst()
        let fix = if PullRequestLink.isNumber(Substring(trimmed)) {
            "; did you mean '#\(trimmed)'?"
        } else if trimmed != text,
                  (trimmed.hasPrefix("#") && PullRequestLink.isNumber(trimmed.dropFirst())) || isWellFormedURL(trimmed) {
            "; remove the spaces around it"
        } else if text.hasPrefix("#"), !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) {
            "; a pull request's number does not start with 0"
        } else {
            ""
        }
        context.emit(.invalidLink, "\(what) must be a full URL or '#' and a pull-request number, not '\(text)'" + fix,
                     at: reference.span)
    }

    static func checkTemplate(_ template: Located<String>, placeholder: String, _ what: String,
                              context: DecodeContext) {
        guard template.value.contains("{\(placeholder)}") else {
            context.emit(.invalidLink, "\(what) must contain '{\(placeholder)}' where the value goes",
                         at: template.span)
            return
        }
        let sample = template.value.replacingAll("{\(placeholder)}", with: "x")
        if !isWellFormedURL(sample) {
            context.emit(.invalidLink, "\(what) is not a well-formed http(s) URL template: '\(template.value)'",
                         at: template.span)
        }
    }

    /// A plain whole number within `range`; anything else is a D004 at the value: "`what` must be a whole
    /// number`unit` from A to B, found ...".
    static func wholeNumber(_ node: YAMLNode, in range: ClosedRange<Int>, _ what: String, unit: String = "",
                            context: DecodeContext) -> Int? {
        guard case .scalar(let scalar) = node.content, scalar.style == .plain,
              let number = CoreSchema.integer(scalar.text), range.contains(number) else {
            context.emit(.wrongType, "\(what) must be a whole number\(unit) from \(range.lowerBound) to \(range.upperBound), "
                             + "found " + node.kindDescription, at: node.span)
            return nil
        }
        return number
    }

    /// An example or default value, typed as YAML's core schema reads it.
    static func exampleValue(_ node: YAMLNode) -> ExampleValue {
        switch node.content {
        case .scalar(let scalar):
            if scalar.isNull { return .null }
            if scalar.style != .plain || scalar.tag == "tag:yaml.org,2002:str" { return .string(scalar.text) }
            if let bool = CoreSchema.boolean(scalar.text) { return .bool(bool) }
            if let integer = CoreSchema.integer(scalar.text) { return .integer(integer) }
            if let float = CoreSchema.float(scalar.text) { return .float(float) }
            return .string(scalar.text)
        case .sequence(let items):
            return .list(items.map(exampleValue))
        case .mapping(let entries):
            return .object(entries.map { ($0.key.value, exampleValue($0.value)) })
        }
    }
}
