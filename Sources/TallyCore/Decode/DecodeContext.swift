/// What decoding one file needs besides the tree: where to report.
final class DecodeContext {
    let file: String
    var diagnostics = DiagnosticCollector()

    init(file: String) {
        self.file = file
    }

    func emit(_ code: DiagnosticCode, _ message: String, at span: SourceSpan, notes: [Diagnostic.Note] = []) {
        diagnostics.emit(code, message, at: span, notes: notes)
    }
}

/// A YAML mapping read against the keys it may have: unknown keys are reported once, on creation, with the
/// closest known key; each accessor reports a missing, empty or mistyped value at its place.
struct MappingReader {
    static let unknownKeysReported = 20

    let node: YAMLNode
    let what: String
    let context: DecodeContext
    /// The entries with known keys. A list, not a dictionary: a mapping has at most a few dozen known keys, and
    /// comparing short keys beats hashing them.
    private let entries: [YAMLNode.Entry]
    /// The keys that reported unknown keys were taken for ("did you mean 'title'?"): such a key is not reported
    /// missing as well, since one slip ('titel') is one error.
    private let suggested: Set<String>
    /// Whether a key was reported unknown: a reader whose values the rules would misread without it (a broken
    /// range with `thru` for `through` would look open) leaves the whole mapping out.
    let hasUnknownKeys: Bool

    /// nil (after reporting) when the node is not a mapping. `belongsElsewhere` says where a key of another level
    /// belongs (a measure's `weeks` written at a definition's top: "it belongs under 'measure' (indent it there)"),
    /// for an unknown key nothing is close to;
    /// `belongsAbove` the level a key written too deep belongs at (a definition's `exclude_events` in its measure).
    /// `applying`: the keys that apply to this mapping as written, where they are fewer than `keys` (a measure's,
    /// for its aggregate): an unknown key's suggestion is one of them, and when none is close they are listed. A
    /// suggestion from all keys sent `column` in a sum measure to `columns`, which only an sql measure takes.
    init?(_ node: YAMLNode, _ what: String, keys: [String], context: DecodeContext, applying: [String]? = nil,
          belongsElsewhere: (String) -> String? = { _ in nil }, belongsAbove: (String) -> String? = { _ in nil }) {
        guard case .mapping(let list) = node.content else {
            // Which keys, so that `within: 7d` or `deprecated: true` shows the shape it needs ({days: 7}).
            let some = keys.prefix(6).joined(separator: ", ") + (keys.count > 6 ? ", ..." : "")
            context.emit(.wrongType, "\(what) must be a mapping of keys to values (\(some)), found \(node.kindDescription)",
                         at: node.span)
            return nil
        }
        self.node = node
        self.what = what
        self.context = context
        var entries: [YAMLNode.Entry] = []
        var unknown: [Located<String>] = []
        // Keys written without a colon: only a { } mapping has them, where a comma in unquoted text ends the value
        // and makes the rest keys (`description: plans (free, pro, team)`).
        var withoutColon: Set<String> = []
        for (index, entry) in list.enumerated() {
            if keys.contains(entry.key.value) {
                entries.append(entry)
            } else {
                unknown.append(entry.key)
                // Not the first entry (no value before it to cut), nor a key holding a colon (`grain:week`, a
                // missing space).
                if index > 0, !entry.key.value.contains(":"), case .scalar(let scalar) = entry.value.content,
                   scalar.isNull, entry.value.span.start == entry.key.span.end {
                    withoutColon.insert(entry.key.value)
                }
            }
        }
        // The first unknown keys each with a suggestion; beyond that one summary, so a key bomb stays readable.
        var suggested: Set<String> = []
        for key in unknown.prefix(Self.unknownKeysReported) {
            let meant = DidYouMean.suggestion(for: key.value, among: applying ?? keys)
            if let meant { suggested.insert(meant) }
            let hint: String
            if withoutColon.contains(key.value) {
                hint = "; it has no ':' after it, so it is text a comma cut from the value before it (in { }, a comma "
                    + "ends a value): quote that value"
            } else if let meant {
                hint = "; did you mean '\(meant)'?"
            } else if let elsewhere = belongsElsewhere(key.value) {
                hint = "; " + elsewhere
            } else if let above = belongsAbove(key.value) {
                hint = "; it belongs at \(above) (outdent it there)"
            } else if let applying {
                hint = "; it takes " + applying.joined(separator: ", ")
            } else {
                hint = ""
            }
            context.emit(.unknownKey, "unknown key '\(key.value)' in \(what)" + hint, at: key.span)
        }
        self.suggested = suggested
        hasUnknownKeys = !unknown.isEmpty
        if unknown.count > Self.unknownKeysReported {
            let next = unknown[Self.unknownKeysReported]
            context.emit(.unknownKey,
                         "\(unknown.count - Self.unknownKeysReported) more unknown keys in \(what), from '\(next.value)' on; "
                             + "its keys are \((applying ?? keys).joined(separator: ", "))",
                         at: next.span)
        }
        self.entries = entries
    }

    /// Where "missing key" errors point: the first key of the mapping, or the mapping itself.
    var anchor: SourceSpan {
        guard case .mapping(let list) = node.content, let first = list.first else { return node.span }
        return first.key.span
    }

    /// Where the key's entry is: an index, so that asking copies no entry (a key, a node and their spans).
    private func index(of key: String) -> Int? { entries.firstIndex { $0.key.value == key } }

    func has(_ key: String) -> Bool { index(of: key) != nil }

    /// Whether an unknown key was reported as a slip for this one: it is then not reported missing as well.
    func wasSuggested(_ key: String) -> Bool { suggested.contains(key) }

    func keySpan(_ key: String) -> SourceSpan? { index(of: key).map { entries[$0].key.span } }

    /// Where each known key of the mapping is written.
    var keySpans: KeySpans { KeySpans(entries.map { ($0.key.value, $0.key.span) }) }

    /// The value node, treating an explicit null like an absent key.
    func value(_ key: String, required: Bool = false) -> YAMLNode? {
        guard let index = index(of: key) else {
            if required { missing(key) }
            return nil
        }
        let value = entries[index].value
        if case .scalar(let scalar) = value.content, scalar.isNull {
            if required {
                context.emit(.emptyValue, "'\(key)' is empty; give it a value", at: entries[index].key.span)
            }
            return nil
        }
        return value
    }

    /// Where the key's value is text of white space only (`""`, `" "`), when it is: not YAML's null, which leaves
    /// the key out, but a value given as nothing.
    func blankTextSpan(_ key: String) -> SourceSpan? {
        guard let index = index(of: key), case .scalar(let scalar) = entries[index].value.content, !scalar.isNull,
              scalar.text.trimmingWhitespace().isEmpty else { return nil }
        return entries[index].value.span
    }

    /// A column named by an optional key (a source's `timestamp`, `event_name`): blank text is an error where it is
    /// written, not the key left out, which only showed as problems of the definitions reading the source.
    func columnName(_ key: String) -> Located<String>? {
        if let blank = blankTextSpan(key) {
            context.emit(.emptyValue, "'\(key)' is empty; name a column, or leave the key out", at: blank)
            return nil
        }
        return string(key)
    }

    /// Where the key's value is written as YAML's null (no value, `~` or a bare `null`), when it is.
    func nullValueSpan(_ key: String) -> SourceSpan? {
        guard let index = index(of: key), case .scalar(let scalar) = entries[index].value.content, scalar.isNull
        else { return nil }
        return entries[index].value.span
    }

    func missing(_ key: String) {
        guard !suggested.contains(key) else { return }
        context.emit(.missingField, "\(what) is missing required key '\(key)'", at: anchor)
    }

    func string(_ key: String, required: Bool = false) -> Located<String>? {
        guard let node = value(key, required: required) else { return nil }
        return Self.text(node, "'\(key)'", required: required, context: context)
    }

    static func text(_ node: YAMLNode, _ what: String, required: Bool, context: DecodeContext) -> Located<String>? {
        guard case .scalar(let scalar) = node.content, !scalar.isNull else {
            context.emit(.wrongType, "\(what) must be text, found \(node.kindDescription)", at: node.span)
            return nil
        }
        let trimmed = scalar.text.trimmingWhitespace()
        if trimmed.isEmpty {
            if required { context.emit(.emptyValue, "\(what) is empty; give it a value", at: node.span) }
            return nil
        }
        return Located(scalar.style == .block ? trimmed : scalar.text, at: node.span)
    }

    func choice<Value: RawRepresentable & CaseIterable>(_ key: String, required: Bool = false,
                                                         as type: Value.Type = Value.self) -> Located<Value>?
    where Value.RawValue == String {
        guard let text = string(key, required: required) else {
            // Empty text is no choice, where YAML's null (the key left out) is the default: `fill: ""` was read
            // as no fill, though the schema an editor checks against refuses it.
            if !required, let blank = blankTextSpan(key) {
                context.emit(.unknownValue,
                             "'\(key)' cannot be empty; give one of \(Value.allCases.map(\.rawValue).joined(separator: ", ")) "
                                 + "or leave the key out", at: blank)
            }
            return nil
        }
        return Self.choice(text, "'\(key)'", context: context)
    }

    static func choice<Value: RawRepresentable & CaseIterable>(_ text: Located<String>, _ what: String,
                                                                context: DecodeContext) -> Located<Value>?
    where Value.RawValue == String {
        if let value = Value(rawValue: text.value) { return Located(value, at: text.span) }
        let allowed = Value.allCases.map(\.rawValue)
        let synonym = (Value.self as? any ChoiceSynonyms.Type)?.synonyms[text.value.lowercased()]
        let meant = synonym ?? DidYouMean.suggestion(for: text.value, among: allowed)
        context.emit(.unknownValue,
                     "\(what) cannot be '\(text.value)'"
                         + (meant.map { "; did you mean '\($0)'?" }
                            ?? "; expected one of \(allowed.joined(separator: ", "))"),
                     at: text.span)
        return nil
    }

    /// The items of a list, each checked by `item`; a single value where a list belongs is an error.
    func list<Item>(_ key: String, required: Bool = false, item: (YAMLNode) -> Item?) -> [Item] {
        guard let node = value(key, required: required) else { return [] }
        guard case .sequence(let items) = node.content else {
            context.emit(.wrongType, "'\(key)' must be a list, found \(node.kindDescription)", at: node.span)
            return []
        }
        if items.isEmpty, required {
            context.emit(.emptyValue, "'\(key)' in \(what) is an empty list; give it at least one item",
                         at: node.span)
        }
        return items.compactMap(item)
    }

    func stringList(_ key: String, required: Bool = false) -> [Located<String>] {
        list(key, required: required) { Self.text($0, "an item of '\(key)'", required: true, context: context) }
    }

    func mapping(_ key: String, _ what: String, keys: [String], required: Bool = false) -> MappingReader? {
        guard let node = value(key, required: required) else { return nil }
        return MappingReader(node, what, keys: keys, context: context)
    }

    /// An IANA time zone name, or UTC; anything else is an error at the value, with a suggestion.
    func timeZone(_ key: String) -> Located<TimeZoneName>? {
        guard let text = string(key) else {
            if let blank = blankTextSpan(key) {
                context.emit(.unknownValue, "'\(key)' cannot be empty; name a zone (like Europe/Berlin), or leave the "
                                 + "key out", at: blank)
            }
            return nil
        }
        guard let zone = TimeZoneName(text.value) else {
            context.emit(.unknownValue, TimeZoneName.problem(with: text.value), at: text.span)
            return nil
        }
        return Located(zone, at: text.span)
    }

    func version(_ key: String, required: Bool = false) -> Located<Version>? {
        guard let text = string(key, required: required) else { return nil }
        return Self.version(text, "'\(key)'", context: context)
    }

    static func version(_ text: Located<String>, _ what: String, context: DecodeContext) -> Located<Version>? {
        guard let version = Version(text.value) else {
            context.emit(.invalidVersion,
                         "\(what) is not a version: '\(text.value)'; write it like 3.25, 3.35.0 or v5.2.1",
                         at: text.span)
            return nil
        }
        return Located(version, at: text.span)
    }

    /// The entries of a mapping whose keys are names (columns, fields, dialects), in order.
    func entries(_ key: String, required: Bool = false) -> [YAMLNode.Entry] {
        guard let node = value(key, required: required) else { return [] }
        guard case .mapping(let list) = node.content else {
            context.emit(.wrongType, "'\(key)' must be a mapping, found \(node.kindDescription)", at: node.span)
            return []
        }
        if list.isEmpty, required {
            context.emit(.emptyValue, "'\(key)' in \(what) is empty; give it at least one entry", at: node.span)
        }
        return list
    }
}

extension String {
    func trimmingWhitespace() -> String {
        // Most values start and end with printable ASCII, which is never white space.
        if let first = utf8.first, let last = utf8.last, (0x21...0x7E).contains(first), (0x21...0x7E).contains(last) {
            return self
        }
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
              let last = scalars.lastIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        return String(scalars[first...last])
    }
}
