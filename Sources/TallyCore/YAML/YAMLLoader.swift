import CYAML

/// Reads one YAML file into a located tree with libyaml's event API, refusing what definitions never need and
/// what could make a small file expensive (anchors and aliases, deep nesting, huge files).
public struct YAMLLoader: Sendable, Equatable {
    public var maxBytes: Int
    public var maxDepth: Int

    public static let defaultMaxBytes = 1 << 20
    public static let defaultMaxDepth = 64

    public init(maxBytes: Int = YAMLLoader.defaultMaxBytes, maxDepth: Int = YAMLLoader.defaultMaxDepth) {
        self.maxBytes = maxBytes
        self.maxDepth = maxDepth
    }

    /// The document's root, or nil when the file has any YAML-level error (all of which are reported): a tree
    /// with a refused construct in it is not decoded, so that one mistake does not cascade into many.
    public func load(_ source: SourceText, into diagnostics: inout DiagnosticCollector) -> YAMLNode? {
        let file = source.path
        guard source.bytes.count <= maxBytes else {
            diagnostics.emit(.fileTooLarge,
                             "file is \(source.bytes.count) bytes; definitions files may be at most \(maxBytes) bytes",
                             at: .startOf(file))
            return nil
        }
        if let offset = UTF8Check.firstInvalidOffset(in: source.bytes) {
            let position = source.position(ofByte: offset)
            let byte = String(source.bytes[offset], radix: 16, uppercase: true)
            diagnostics.emit(.invalidUTF8, "invalid UTF-8 (byte 0x\(byte)); save the file as UTF-8",
                             at: SourceSpan(file: file, start: position, end: position))
            return nil
        }
        var builder = TreeBuilder(source: source, maxDepth: maxDepth)
        builder.run()
        diagnostics.append(contentsOf: builder.diagnostics)
        if builder.diagnostics.hasErrors { return nil }
        guard let root = builder.root else {
            diagnostics.emit(.emptyFile, "file is empty; expected a mapping", at: .startOf(file))
            return nil
        }
        return root
    }
}

/// Drives libyaml and assembles nodes on an explicit stack, so that nesting depth never reaches the call stack.
private struct TreeBuilder {
    let source: SourceText
    let maxDepth: Int
    var diagnostics = DiagnosticCollector()
    var root: YAMLNode?

    /// An open mapping or sequence. A class, so that adding to the innermost one never copies its contents. Its
    /// fields are reached only from the builder's own thread, one access at a time, so they are not checked for
    /// overlapping access at run time: the checks were a hundredth of decoding.
    private final class Frame {
        let isMapping: Bool
        let start: SourcePosition
        @exclusivity(unchecked) var entries: [YAMLNode.Entry] = []
        @exclusivity(unchecked) var items: [YAMLNode] = []
        @exclusivity(unchecked) var pendingKey: Located<String>?
        @exclusivity(unchecked) var seen = FirstPlaces()
        @exclusivity(unchecked) var repeats: [String: Repeat] = [:]

        init(isMapping: Bool, start: SourcePosition) {
            self.isMapping = isMapping
            self.start = start
            // Room for a few from the start: grown from empty, one place at a time, a mapping's entries were
            // copied two or three times (1% of a one-edit build).
            if isMapping { entries.reserveCapacity(4) } else { items.reserveCapacity(4) }
        }
    }

    /// A key met again in one mapping: where first repeated and how many times in all.
    private struct Repeat {
        var second: SourceSpan
        var count: Int
    }

    private var stack: [Frame] = []
    private var documents = 0
    /// An alias bomb repeats a few aliases thousands of times; each name is reported once.
    private var reportedAliases: Set<String> = []
    /// The anchors the file defines (each refused), to tell an alias of one from a '*' meant as text.
    private var anchors: Set<String> = []
    /// How many of each kind of refusal the file has had, and where the first one not reported is.
    private var refusals: [DiagnosticCode: (count: Int, firstUnreported: SourceSpan?)] = [:]
    /// The refusals of one kind a file reports one by one; one more line says how many follow. Reported each, a
    /// megabyte of merge keys, complex keys or anchors was 100,000 errors and a 14 MB report.
    static let refusalsReported = 20

    init(source: SourceText, maxDepth: Int) {
        self.source = source
        self.maxDepth = maxDepth
    }

    mutating func run() {
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else {
            diagnostics.emit(.unreadableFile, "libyaml could not start (out of memory)", at: .startOf(source.path))
            return
        }
        defer { yaml_parser_delete(&parser) }
        source.bytes.withUnsafeBufferPointer { buffer in
            yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
            var event = yaml_event_t()
            while true {
                guard yaml_parser_parse(&parser, &event) == 1 else {
                    reportParserError(parser)
                    return
                }
                let keepGoing = handle(event)
                let done = event.type == YAML_STREAM_END_EVENT
                yaml_event_delete(&event)
                if !keepGoing || done { return }
            }
        }
        reportRefusalsLeft()
    }

    /// Reports a refused construct, unless its kind has had `refusalsReported` already: then it is counted.
    private mutating func refuse(_ code: DiagnosticCode, _ message: @autoclosure () -> String, at span: SourceSpan) {
        var tally = refusals[code] ?? (0, nil)
        tally.count += 1
        if tally.count <= Self.refusalsReported {
            diagnostics.emit(code, message(), at: span)
        } else if tally.firstUnreported == nil {
            tally.firstUnreported = span
        }
        refusals[code] = tally
    }

    /// One line per kind of refusal with more than `refusalsReported`, at the first one not reported; two at one
    /// place (an anchor and a tag on one node) go in the order of their codes.
    private mutating func reportRefusalsLeft() {
        let left = refusals.compactMap { code, tally in
            tally.firstUnreported.map { (code, tally.count - Self.refusalsReported, $0) }
        }
        for (code, count, span) in left.sorted(by: { ($0.2, $0.0.rawValue) < ($1.2, $1.0.rawValue) }) {
            let (kind, advice) = Self.refused(code)
            diagnostics.emit(code, "\(count) more \(kind) in this file from here on; \(advice)", at: span)
        }
    }

    /// What a summary counts, and what to do about them.
    private static func refused(_ code: DiagnosticCode) -> (kind: String, advice: String) {
        switch code {
        case .mergeKeyRefused: ("merge keys '<<'", "write the keys out in full")
        case .complexKey: ("keys that are not plain text", "a mapping key must be plain text")
        case .anchorRefused: ("anchors", "tally files do not share values by reference")
        case .aliasRefused: ("alias names", "write the values out in full")
        case .tagRefused: ("tags", "only YAML's core tags (!!str, !!int, ...) are allowed")
        default: ("refused constructs", "see the ones above")
        }
    }

    // MARK: events

    /// Returns false to stop reading the file.
    private mutating func handle(_ event: yaml_event_t) -> Bool {
        let start = position(event.start_mark)
        let end = position(event.end_mark)
        let span = SourceSpan(file: source.spanFile, start: start, end: end)
        switch event.type {
        case YAML_DOCUMENT_START_EVENT:
            documents += 1
            if documents > 1 {
                diagnostics.emit(.multipleDocuments,
                                 "a second YAML document ('---'); a definitions file holds exactly one", at: span)
                return false
            }
        case YAML_ALIAS_EVENT:
            let name = string(event.data.alias.anchor) ?? ""
            if reportedAliases.insert(name).inserted {
                // With no anchor of that name, the '*' was most likely meant as the start of a pattern or text
                // (`events: [*Submitted]`), which YAML reads as an alias unless quoted.
                let message = anchors.contains(name)
                           ? "alias '*\(name)' is not allowed; write the value out in full"
                           : YAMLErrorHints.starredText("*" + name)
                refuse(.aliasRefused, message, at: span)
            }
            attach(YAMLNode(.scalar(.init(text: "", style: .plain, tag: nil)), at: span))
        case YAML_SCALAR_EVENT:
            let scalar = event.data.scalar
            checkAnchor(scalar.anchor, at: span)
            let tag = checkTag(scalar.tag, allowed: Self.scalarTags, at: span)
            let text = scalar.value.map {
                String(decoding: UnsafeBufferPointer(start: $0, count: scalar.length), as: UTF8.self)
            } ?? ""
            let style: YAMLNode.ScalarStyle = switch scalar.style {
            case YAML_PLAIN_SCALAR_STYLE: .plain
            case YAML_LITERAL_SCALAR_STYLE, YAML_FOLDED_SCALAR_STYLE: .block
            default: .quoted
            }
            if text.isEmpty, style == .plain, tag == nil, let line = source.line(span.start.line),
               let comment = CommentedValue.comment(onLine: line) {
                let at = SourcePosition(line: span.start.line, column: comment.column)
                diagnostics.emit(.valueIsAComment, CommentedValue.message(comment.text),
                                 at: SourceSpan(file: source.path, start: at, end: at))
            }
            attach(YAMLNode(.scalar(.init(text: text, style: style, tag: tag)), at: span))
        case YAML_MAPPING_START_EVENT, YAML_SEQUENCE_START_EVENT:
            let isMapping = event.type == YAML_MAPPING_START_EVENT
            let anchor = isMapping ? event.data.mapping_start.anchor : event.data.sequence_start.anchor
            let tag = isMapping ? event.data.mapping_start.tag : event.data.sequence_start.tag
            checkAnchor(anchor, at: span)
            _ = checkTag(tag, allowed: isMapping ? Self.mappingTags : Self.sequenceTags, at: span)
            guard stack.count < maxDepth else {
                diagnostics.emit(.nestingTooDeep,
                                 "nesting deeper than \(maxDepth) levels; definitions never need that many", at: span)
                return false
            }
            stack.append(Frame(isMapping: isMapping, start: start))
        case YAML_MAPPING_END_EVENT, YAML_SEQUENCE_END_EVENT:
            guard let frame = stack.popLast() else { return false }
            let span = SourceSpan(file: source.spanFile, start: frame.start, end: end)
            if frame.isMapping {
                reportDuplicates(frame.repeats, firstPlaces: frame.seen, entries: frame.entries)
                attach(YAMLNode(.mapping(frame.entries), at: span))
            } else {
                attach(YAMLNode(.sequence(frame.items), at: span))
            }
        default:
            break
        }
        return true
    }

    private mutating func attach(_ node: YAMLNode) {
        guard let frame = stack.last else {
            root = node
            return
        }
        guard frame.isMapping else {
            frame.items.append(node)
            return
        }
        if let key = frame.pendingKey {
            frame.entries.append(YAMLNode.Entry(key: key, value: node))
            frame.pendingKey = nil
            return
        }
        guard case .scalar(let scalar) = node.content else {
            refuse(.complexKey, "a mapping key must be plain text, not \(node.kindDescription)", at: node.span)
            frame.seen.skip(entries: frame.entries)
            frame.pendingKey = Located("", at: node.span)
            return
        }
        if scalar.text == "<<", scalar.style == .plain {
            refuse(.mergeKeyRefused, "merge key '<<' is not allowed; write the keys out in full", at: node.span)
            frame.seen.skip(entries: frame.entries)
        } else if frame.seen.place(of: scalar.text, in: frame.entries) != nil {
            frame.repeats[scalar.text, default: Repeat(second: node.span, count: 0)].count += 1
        } else {
            frame.seen.record(scalar.text, at: node.span, entries: frame.entries)
        }
        frame.pendingKey = Located(scalar.text, at: node.span)
    }

    /// One error per repeated key of a mapping, at its second place, however often it repeats: a file of 60,000
    /// copies of one key is one problem, not 59,999.
    private mutating func reportDuplicates(_ repeats: [String: Repeat], firstPlaces: FirstPlaces,
                                           entries: [YAMLNode.Entry]) {
        for (key, repeated) in repeats.sorted(by: { $0.value.second < $1.value.second }) {
            let more = repeated.count > 1 ? " (and \(repeated.count - 1) more times)" : ""
            let first = firstPlaces.place(of: key, in: entries)
            diagnostics.emit(.duplicateKey, "duplicate key '\(key)'\(more)", at: repeated.second,
                             notes: first.map { [.init("first defined here", at: $0)] } ?? [])
        }
    }

    // MARK: refusals

    private static let scalarTags: Set<String> = [
        "tag:yaml.org,2002:str", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float",
        "tag:yaml.org,2002:bool", "tag:yaml.org,2002:null",
    ]

    // Made once: a set built for every mapping and list was 2.5% of decoding.
    private static let mappingTags: Set<String> = ["tag:yaml.org,2002:map"]
    private static let sequenceTags: Set<String> = ["tag:yaml.org,2002:seq"]

    private mutating func checkAnchor(_ anchor: UnsafeMutablePointer<yaml_char_t>?, at span: SourceSpan) {
        guard let name = string(anchor) else { return }
        anchors.insert(name)
        refuse(.anchorRefused, "anchor '&\(name)' is not allowed; tally files do not share values by reference",
               at: span)
    }

    private mutating func checkTag(_ tag: UnsafeMutablePointer<yaml_char_t>?, allowed: Set<String>,
                                   at span: SourceSpan) -> String? {
        guard let tag = string(tag) else { return nil }
        guard allowed.contains(tag) else {
            let shown = tag.hasPrefix("tag:yaml.org,2002:") ? "!!" + tag.dropFirst(18) : tag
            refuse(.tagRefused, "tag '\(shown)' is not allowed; only YAML's core tags (!!str, !!int, ...) are",
                   at: span)
            return nil
        }
        return tag
    }

    // MARK: libyaml errors

    private mutating func reportParserError(_ parser: yaml_parser_t) {
        let problem = string(parser.problem) ?? "unknown YAML error"
        let context = string(parser.context)
        var at: SourcePosition
        if parser.error == YAML_READER_ERROR {
            // Reader errors carry a byte offset, not a mark.
            at = source.position(ofByte: parser.problem_offset)
        } else {
            at = position(parser.problem_mark)
        }
        var message = problem
        var code = DiagnosticCode.yamlSyntax
        let contextAt = position(parser.context_mark)
        if let context {
            message += " (\(context)"
            message += contextAt != at ? " at \(contextAt.line):\(contextAt.column))" : ")"
        }
        if parser.error == YAML_MEMORY_ERROR {
            message = "libyaml ran out of memory"
        } else if isTab(at) {
            message = "tab character in indentation; YAML indents with spaces only (\(problem))"
        } else if parser.error != YAML_READER_ERROR,
                  let hint = YAMLErrorHints(source: source).hint(problem: problem, context: context, at: at,
                                                                  contextAt: contextAt) {
            (message, at) = (hint.message, hint.at)
            code = hint.code ?? code
        }
        diagnostics.emit(code, message, at: SourceSpan(file: source.path, start: at, end: at))
    }

    private func isTab(_ position: SourcePosition) -> Bool {
        guard let line = source.line(position.line) else { return false }
        let scalars = Array(line.unicodeScalars)
        let index = position.column - 1
        return index >= 0 && index < scalars.count && scalars[index] == "\t"
    }

    // MARK: helpers

    private func position(_ mark: yaml_mark_t) -> SourcePosition {
        SourcePosition(line: Int(mark.line) + 1, column: Int(mark.column) + 1)
    }

    private func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        pointer.map { String(cString: UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self)) }
    }

    private func string(_ pointer: UnsafePointer<CChar>?) -> String? {
        pointer.map { String(cString: $0) }
    }
}

/// Where each key of one mapping was first written, found among the mapping's own entries while it is small, as
/// nearly all are (a list of its own per mapping, made and grown, was 2% of a one-edit build; hashing every key of
/// every mapping was a tenth of loading); a dictionary once it has `listLimit` entries, so a file of 60,000 keys,
/// refused ones included, stays linear.
private struct FirstPlaces {
    private static let listLimit = 16
    private var table: [String: SourceSpan]?
    /// Entries that stand for no key written (a refused complex key's stand-in, a refused merge key), while there
    /// is no table: at most `listLimit`, and only in files with errors.
    private var uncounted: [Int] = []

    func place(of key: String, in entries: [YAMLNode.Entry]) -> SourceSpan? {
        if let table { return table[key] }
        for index in entries.indices where entries[index].key.value == key {
            if uncounted.isEmpty || !uncounted.contains(index) { return entries[index].key.span }
        }
        return nil
    }

    /// Records a key not seen before, whose entry will be the next of `entries`.
    mutating func record(_ key: String, at span: SourceSpan, entries: [YAMLNode.Entry]) {
        makeTableOnceLong(entries)
        table?[key] = span
    }

    /// The next entry of `entries` stands for no key written.
    mutating func skip(entries: [YAMLNode.Entry]) {
        makeTableOnceLong(entries)
        if table == nil { uncounted.append(entries.count) }
    }

    private mutating func makeTableOnceLong(_ entries: [YAMLNode.Entry]) {
        guard table == nil, entries.count >= Self.listLimit else { return }
        var table: [String: SourceSpan] = [:]
        for index in entries.indices where !uncounted.contains(index) {
            let key = entries[index].key
            if table[key.value] == nil { table[key.value] = key.span }
        }
        self.table = table
        uncounted = []
    }
}
