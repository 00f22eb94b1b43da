/// Turns libyaml's syntax errors into where the author went wrong. libyaml reports where it gave up, which for two
/// common mistakes is not where the mistake is: a list left open is found at whatever follows it, and a key
/// indented one level too little shows up as the next line being "too deep".
struct YAMLErrorHints {
    let source: SourceText

    struct Hint: Equatable {
        var message: String
        var at: SourcePosition
    }

    /// A better message and place for libyaml's `problem` at `at` (with its `context` at `contextAt`), or nil.
    func hint(problem: String, context: String?, at: SourcePosition, contextAt: SourcePosition) -> Hint? {
        if let context, context.hasPrefix("while parsing a flow "),
           problem.hasPrefix("did not find expected ',' or ") {
            let kind = context.hasSuffix("sequence") ? ("list", "[", "]") : ("mapping", "{", "}")
            return Hint(message: "this \(kind.0)'s '\(kind.1)' is never closed: add '\(kind.2)' after its last item, "
                            + "or separate its items with commas (libyaml gave up at \(at.line):\(at.column): \(problem))",
                        at: contextAt)
        }
        if problem == "mapping values are not allowed in this context" {
            return indentationHint(at: at) ?? colonInValueHint(at: at)
        }
        return nil
    }

    /// `key: value` followed by a deeper line: either that line is indented too far, or the line with the value
    /// should itself have been under the key above it (`measure:` with nothing under it).
    private func indentationHint(at: SourcePosition) -> Hint? {
        guard let line = source.line(at.line), let previous = previousContentLine(before: at.line),
              let text = source.line(previous) else { return nil }
        let (depth, previousDepth) = (indentation(line), indentation(text))
        guard depth > previousDepth, let key = keyWithValue(text) else { return nil }
        if let parent = previousContentLine(before: previous), let parentText = source.line(parent),
           indentation(parentText) == previousDepth, let parentKey = keyWithoutValue(parentText) {
            return Hint(message: "'\(key)' is not indented under '\(parentKey):' (line \(parent)), so '\(parentKey)' has "
                            + "no value and line \(at.line) below is deeper than anything it could belong to; indent "
                            + "this line like line \(at.line)",
                        at: SourcePosition(line: previous, column: previousDepth + 1))
        }
        return Hint(message: "this line is indented deeper than '\(key)' on line \(previous), which already has a "
                        + "value; indent it like its siblings (column \(previousDepth + 1))",
                    at: SourcePosition(line: at.line, column: depth + 1))
    }

    /// `title: Funnels: search` — a plain value cannot hold ': '.
    private func colonInValueHint(at: SourcePosition) -> Hint? {
        guard let line = source.line(at.line), keyWithValue(line) != nil else { return nil }
        return Hint(message: "a plain value cannot contain ': ' (YAML reads it as another key); quote the whole value, "
                        + "e.g. key: \"text: more text\"",
                    at: at)
    }

    private func previousContentLine(before number: Int) -> Int? {
        var candidate = number - 1
        while candidate >= 1 {
            if let text = source.line(candidate) {
                let trimmed = text.drop { $0 == " " }
                if !trimmed.isEmpty && !trimmed.hasPrefix("#") { return candidate }
            }
            candidate -= 1
        }
        return nil
    }

    private func indentation(_ line: String) -> Int { line.prefix { $0 == " " }.count }

    /// The key of `key: value` with a value on the same line (not a block scalar's `|` or `>` header).
    private func keyWithValue(_ line: String) -> String? {
        let body = line.drop { $0 == " " }.drop { $0 == "-" || $0 == " " }
        guard let colon = body.range(of: ": ") else { return nil }
        let value = body[colon.upperBound...].trimmingCharacters(in: " ")
        guard !value.isEmpty, !value.hasPrefix("#"), !value.hasPrefix("|"), !value.hasPrefix(">") else { return nil }
        return String(body[..<colon.lowerBound])
    }

    /// The key of `key:` with nothing after it on the line.
    private func keyWithoutValue(_ line: String) -> String? {
        let body = line.drop { $0 == " " }.drop { $0 == "-" || $0 == " " }
        let trimmed = body.trimmingCharacters(in: " ")
        guard trimmed.hasSuffix(":"), !trimmed.dropLast().contains(": ") else { return nil }
        return String(trimmed.dropLast())
    }
}

private extension Substring {
    func trimmingCharacters(in set: Character) -> Substring {
        var text = self
        while text.first == set { text = text.dropFirst() }
        while text.last == set { text = text.dropLast() }
        return text
    }
}
