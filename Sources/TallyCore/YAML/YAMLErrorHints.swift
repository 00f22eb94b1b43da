/// Turns libyaml's syntax errors into where the author went wrong. libyaml reports where it gave up, which for two
/// common mistakes is not where the mistake is: a list left open is found at whatever follows it, and a key
/// indented one level too little shows up as the next line being "too deep".
struct YAMLErrorHints {
    let source: SourceText

    struct Hint: Equatable {
        var message: String
        var at: SourcePosition
        /// Another code than Y001, when the mistake has one of its own.
        var code: DiagnosticCode? = nil
    }

    /// A '#' that starts a value in a flow list or mapping (`[#101]`), on the line of one of these places or the
    /// line before the last: it began a comment.
    private func commentInFlowHint(near places: [SourcePosition], _ gaveUp: String) -> Hint? {
        let lines = Set(places.map(\.line) + [places[places.count - 1].line - 1]).sorted()
        for number in lines {
            guard let line = source.line(number) else { continue }
            guard let start = Self.firstFlowValueComment(in: line), let hash = line[start...].firstIndex(of: "#") else {
                continue
            }
            let text = String(line[hash...].prefix { !" ,]}".contains($0) })
            let column = line.unicodeScalars.distance(from: line.unicodeScalars.startIndex, to: hash) + 1
            return Hint(message: "'\(text)' is a YAML comment (a '#' starts one), which hid the rest of the line and its "
                            + "closing bracket: quote a value that starts with '#' (\"\(text)\") (\(gaveUp))",
                        at: SourcePosition(line: number, column: column))
        }
        return nil
    }

    /// Where a flow value that a `#` turns into a comment starts (`[#`, `, #`, `: #`, ...), outside quoted text:
    /// `reason: "see ratio: #1"` holds no comment. A quote opens quoted text only where a value starts (after
    /// `:`, `[`, `{`, `,` or `-`): the apostrophe of `reason: didn't` opens none.
    static func firstFlowValueComment(in line: String) -> String.Index? {
        let starts = ["[#", "[ #", ", #", ",#", "{#", "{ #", ": #"]
        var quote: Character?
        var previous: Character?
        var index = line.startIndex
        while index < line.endIndex {
            let character = line[index]
            if let open = quote {
                if character == "\\" && open == "\"" {
                    index = line.index(after: index)
                    if index == line.endIndex { break }
                } else if character == open {
                    // '' inside single quotes is an escaped quote, not the end.
                    let next = line.index(after: index)
                    if open == "'" && next < line.endIndex && line[next] == "'" {
                        index = next
                    } else {
                        quote = nil
                        previous = character
                    }
                }
            } else if (character == "\"" || character == "'") && (previous.map { ":[{,-".contains($0) } ?? true) {
                quote = character
            } else if starts.contains(where: { line[index...].hasPrefix($0) }) {
                return index
            } else if !character.isWhitespace {
                previous = character
            }
            index = line.index(after: index)
        }
        return nil
    }

    /// A better message and place for libyaml's `problem` at `at` (with its `context` at `contextAt`), or nil.
    func hint(problem: String, context: String?, at: SourcePosition, contextAt: SourcePosition) -> Hint? {
        let gaveUp = "libyaml gave up at \(at.line):\(at.column): \(problem)"
        if let line = MergeConflictMarkers.firstLine(in: source.bytes) {
            return Hint(message: "this file holds a merge conflict git left unresolved (its markers start here): keep "
                            + "the side you want, delete the <<<<<<<, ======= and >>>>>>> lines, then run `tally build` "
                            + "(\(gaveUp))",
                        at: SourcePosition(line: line, column: 1))
        }
        // libyaml marks where the quote opened, wherever it is (in a list too), and gives up where the file ends.
        if context == "while scanning a quoted scalar", contextAt != at {
            let quote = character(at: contextAt).map { "\($0)" } ?? "a quote"
            return Hint(message: "the value quoted with \(quote) at \(contextAt.line):\(contextAt.column) is never closed: "
                            + "add the closing \(quote) (\(gaveUp))",
                        at: contextAt)
        }
        // `[*Submitted*]`, `[*]`: a glob YAML began to read as an alias and found no alias name. The same mistake as
        // `[*Submitted]`, which reads as an alias (Y006).
        if context == "while scanning an alias", let line = source.line(contextAt.line) {
            let token = String(String.UnicodeScalarView(Array(line.unicodeScalars).dropFirst(contextAt.column - 1)
                .prefix { !" ,[]{}\t".unicodeScalars.contains($0) }))
            return Hint(message: Self.starredText(token), at: contextAt, code: .aliasRefused)
        }
        // `title:Y6`: a line that was to be a key, with no ': ' on it.
        if context == "while scanning a simple key", contextAt.line < at.line, let hint = simpleKeyHint(at: contextAt) {
            return Hint(message: hint + " (\(gaveUp))", at: contextAt)
        }
        // `prs: [#101]`: the '#' began a comment, which took the rest of the line, closing bracket and all; libyaml
        // gives up at the next line, or at the end of the file.
        if let context, context.hasPrefix("while parsing a flow "), let hint = commentInFlowHint(near: [contextAt, at], gaveUp) {
            return hint
        }
        if let context, context.hasPrefix("while parsing a flow "),
           problem.hasPrefix("did not find expected ',' or ") {
            // A quote opened inside the list and not closed on its line ran on to a later quote: that is the mistake.
            if let (quote, column) = unclosedQuote(onLineOf: contextAt) {
                return Hint(message: "the value quoted with \(quote) at \(contextAt.line):\(column) is never closed on its "
                                + "line: add the closing \(quote) (\(gaveUp))",
                            at: SourcePosition(line: contextAt.line, column: column))
            }
            let kind = context.hasSuffix("sequence") ? ("list", "[", "]") : ("mapping", "{", "}")
            return Hint(message: "this \(kind.0)'s '\(kind.1)' is never closed: add '\(kind.2)' after its last item, "
                            + "or separate its items with commas (libyaml gave up at \(at.line):\(at.column): \(problem))",
                        at: contextAt)
        }
        if problem == "mapping values are not allowed in this context" {
            return indentationHint(at: at) ?? colonInValueHint(at: at)
        }
        if problem == "did not find expected <document start>" {
            return indentedTopHint(before: at, problem: problem)
        }
        if problem == "did not find expected key", context == "while parsing a block mapping",
           let hint = betweenLevelsHint(at: at, mappingAt: contextAt, problem: problem) {
            return hint
        }
        if problem.hasPrefix("did not find expected ") || problem.hasPrefix("could not find expected ")
            || problem == "found unexpected end of stream" {
            return unclosedQuoteHint(before: at, problem: problem)
        }
        return nil
    }

    /// What is wrong with a line that libyaml began to read as a key and found no ':' after.
    private func simpleKeyHint(at: SourcePosition) -> String? {
        guard let line = source.line(at.line) else { return nil }
        let body = line.drop { $0 == " " }.drop { $0 == "-" || $0 == " " }
        // Only what could be a key (`title:Y6`), not a URL on a line of its own (`https://…`).
        if let colon = body.firstIndex(of: ":"), body.index(after: colon) < body.endIndex,
           body[body.index(after: colon)] != " ", body[body.index(after: colon)] != "/",
           !body[..<colon].isEmpty,
           body[..<colon].allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") }) {
            let key = body[..<colon]
            let value = body[body.index(after: colon)...]
            return "'\(body)' has no space after ':', so YAML does not read it as a key and its value; write "
                + "'\(key): \(value)'"
        }
        return "line \(at.line) is not 'key: value' (a key needs ': ' after it); if it goes on with the value above, "
            + "indent it under that value's key"
    }

    /// A quote opened at or after `start` on its line and not closed there: the quote and its 1-based column.
    private func unclosedQuote(onLineOf start: SourcePosition) -> (Unicode.Scalar, Int)? {
        guard let line = source.line(start.line) else { return nil }
        let scalars = Array(line.unicodeScalars)
        var index = max(0, start.column - 1)
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar == "#", index > 0, scalars[index - 1] == " " { break }  // a comment
            if scalar == "\"" || scalar == "'", index == 0 || " [{,".unicodeScalars.contains(scalars[index - 1]) {
                guard let end = Self.end(ofQuoteAt: index, in: scalars) else { return (scalar, index + 1) }
                index = end
                continue
            }
            index += 1
        }
        return nil
    }

    /// Where the quote at `start` closes on its line (the index after it), or nil when it does not: `\` escapes in
    /// double quotes, and in single quotes '' is a quote inside the value.
    private static func end(ofQuoteAt start: Int, in scalars: [Unicode.Scalar]) -> Int? {
        let quote = scalars[start]
        var position = start + 1
        while position < scalars.count {
            if quote == "\"", scalars[position] == "\\" {
                position += 2
                continue
            }
            if scalars[position] == quote {
                if quote == "'", position + 1 < scalars.count, scalars[position + 1] == "'" {
                    position += 2
                    continue
                }
                return position + 1
            }
            position += 1
        }
        return nil
    }

    /// What a value starting with '*' is told: YAML reads it as an alias, so text or a pattern must be quoted. Said
    /// where libyaml reads the alias (YAMLLoader) and where it cannot (a glob like `*Submitted*`).
    static func starredText(_ token: String) -> String {
        "'\(token)' is read as a YAML alias, since it starts with '*', and aliases are not allowed; to write text or "
            + "a pattern that starts with '*', quote it: \"\(token)\""
    }

    /// The character at a 1-based line and column (libyaml counts code points), if there is one.
    private func character(at position: SourcePosition) -> Unicode.Scalar? {
        guard let line = source.line(position.line), position.column >= 1 else { return nil }
        let characters = Array(line.unicodeScalars)
        return position.column <= characters.count ? characters[position.column - 1] : nil
    }

    /// `key: "text` with no closing quote on its line: the value runs on through the lines below until a later
    /// quote closes it, and libyaml reports wherever that leaves the file broken. The nearest such line at or
    /// above where libyaml gave up is where the quote opened.
    private func unclosedQuoteHint(before at: SourcePosition, problem: String) -> Hint? {
        for number in stride(from: min(at.line, source.lineCount), through: 1, by: -1) {
            guard let line = source.line(number), let (quote, column) = openQuote(line) else { continue }
            return Hint(message: "the value quoted with \(quote) on line \(number) is never closed on its line: add the "
                            + "closing \(quote) (libyaml gave up at \(at.line):\(at.column): \(problem))",
                        at: SourcePosition(line: number, column: column))
        }
        return nil
    }

    /// The quote character and 1-based column of a value (after `key: ` or `- `) that opens a quote its line does
    /// not close; nil for any other line.
    private func openQuote(_ line: String) -> (Unicode.Scalar, Int)? {
        let scalars = Array(line.unicodeScalars)
        var index = scalars.prefix { $0 == " " }.count
        while index < scalars.count, scalars[index] == "-", index + 1 < scalars.count, scalars[index + 1] == " " {
            index += 2
        }
        if let colon = (index..<scalars.count).first(where: { scalars[$0] == ":" && $0 + 1 < scalars.count
                                                               && scalars[$0 + 1] == " " }),
           !(scalars[index] == "\"" || scalars[index] == "'") {
            index = colon + 1
            while index < scalars.count, scalars[index] == " " { index += 1 }
        }
        guard index < scalars.count, scalars[index] == "\"" || scalars[index] == "'",
              Self.end(ofQuoteAt: index, in: scalars) == nil else { return nil }
        return (scalars[index], index + 1)
    }

    /// The file's first content line indented: the lines after it, at the margin, cannot belong to it.
    private func indentedTopHint(before at: SourcePosition, problem: String) -> Hint? {
        guard let first = (1...max(1, source.lineCount)).first(where: { number in
            guard let text = source.line(number) else { return false }
            let trimmed = text.drop { $0 == " " }
            return !trimmed.isEmpty && !trimmed.hasPrefix("#") && !trimmed.hasPrefix("---")
        }), first < at.line, let text = source.line(first), indentation(text) > 0 else { return nil }
        return Hint(message: "line \(first) is indented by \(indentation(text)) space\(indentation(text) == 1 ? "" : "s"), "
                        + "but the file's top-level keys start at column 1; remove the indentation (libyaml gave up "
                        + "at \(at.line):\(at.column): \(problem))",
                    at: SourcePosition(line: first, column: 1))
    }

    /// A line indented between two levels (` weeks:` with one space, under keys at two): deeper than the mapping
    /// libyaml was reading, shallower than the lines before it, so it belongs to neither.
    private func betweenLevelsHint(at: SourcePosition, mappingAt: SourcePosition, problem: String) -> Hint? {
        guard let line = source.line(at.line), let previous = previousContentLine(before: at.line),
              let text = source.line(previous) else { return nil }
        let (depth, previousDepth) = (indentation(line), indentation(text))
        guard depth > mappingAt.column - 1, depth < previousDepth else { return nil }
        let spaces = "\(depth) space\(depth == 1 ? "" : "s")"
        return Hint(message: "line \(at.line) is indented by \(spaces): deeper than the keys at column "
                        + "\(mappingAt.column) (line \(mappingAt.line)) and shallower than line \(previous) (column "
                        + "\(previousDepth + 1)), so it belongs to neither; indent it like the keys it goes with "
                        + "(libyaml gave up at \(at.line):\(at.column): \(problem))",
                    at: SourcePosition(line: at.line, column: depth + 1))
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
