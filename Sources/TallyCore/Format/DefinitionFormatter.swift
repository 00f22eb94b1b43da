/// `tally fmt` on one definition file: its top-level keys in the order of DefinitionSchema.definition, its
/// measure's keys in the order of DefinitionSchema.measure, and its versions double-quoted (VersionQuoting). It
/// moves whole lines (KeyBlocks), so comments travel with the key they stand above, and the same file formatted
/// twice is the file formatted once. The result is read back and must mean exactly what the file meant, or the
/// file is left as written.
public enum DefinitionFormatter {
    public enum Outcome: Sendable {
        case unchanged
        case formatted(String)
        /// The file has YAML errors: it is left as written.
        case refused([Diagnostic])
        /// Moving the text would change what the file means (a `|+` block scalar keeping the blank lines after
        /// it, say): it is left as written, for the reason given.
        case unsafe(String)
    }

    public static func format(_ source: SourceText) -> Outcome {
        var diagnostics = DiagnosticCollector()
        guard let root = YAMLLoader().load(source, into: &diagnostics), !diagnostics.hasErrors else {
            return .refused(diagnostics.sorted())
        }
        let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]
        let hasMark = source.bytes.starts(with: byteOrderMark)
        let body = Array(source.bytes.dropFirst(hasMark ? 3 : 0))
        if hasOtherLineBreaks(body) {
            return .unsafe("it ends lines with a lone carriage return, NEL, LS or PS; tally fmt moves lines ended by \\n")
        }
        // Cut at the byte: in a String, "\r\n" is one Character, which a split at "\n" would not cut.
        let cut = body.split(separator: 0x0A, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
        // Lines move without their \r and are joined again with the file's line end (\r\n when most lines end so):
        // moved with it, a last line that had none ended up mid-file without one, and the line that became last
        // ended in a lone \r, which tally fmt then refused. (YAML reads both ends alike, in scalars too.)
        let returns = cut.dropLast().filter { $0.hasSuffix("\r") }.count
        let lineEnd = returns * 2 > cut.count - 1 ? "\r\n" : "\n"
        let original = cut.map { $0.hasSuffix("\r") ? String($0.dropLast()) : $0 }
        // A file written as one flow mapping ({kind: ping, ...}), or that is no mapping, has no lines to move: said,
        // so that `--check` does not pass a file it never put in order.
        guard case .mapping(let entries) = root.content, let first = entries.first,
              entries.allSatisfy({ $0.key.span.start.column == 1 }),
              !original[first.key.span.start.line - 1].hasPrefix("{") else {
            return .unsafe("it is not written as one key per line at the margin (a flow mapping {...}, or no "
                               + "mapping at all); write each top-level key on a line of its own")
        }

        let quoted = VersionQuoting.unquoted(in: root, lines: original)
        var lines = VersionQuoting.quote(quoted, in: original)
        // A document end marker (`...`) and whatever follows it stay last: moved with the last key's lines, it
        // ended the document early, and the file was refused as unsafe.
        let documentEnd = lines.indices.first { index in
            index >= first.key.span.start.line && Self.isDocumentEnd(lines[index])
        } ?? lines.count
        let top = KeyBlocks(lines: lines, region: (first.key.span.start.line - 1)..<documentEnd,
                            keys: entries.map { ($0.key.value, $0.key.span.start.line - 1) }, indent: 0,
                            firstTakesComments: false)
        if let measure = entries.first(where: { $0.key.value == "measure" }),
           let block = top.blocks.first(where: { $0.key == "measure" }) {
            orderMeasure(measure, block: block.lines, in: &lines)
        }
        if let reordered = top.reordered(lines, order: DefinitionDecoder.keys) {
            lines.replaceSubrange(top.head.lowerBound..<top.tail.upperBound, with: reordered)
        }
        guard lines != original else { return .unchanged }
        let output = (hasMark ? "\u{FEFF}" : "") + lines.joined(separator: lineEnd)
        var reread = DiagnosticCollector()
        guard let formatted = YAMLLoader().load(SourceText(path: source.path, bytes: Array(output.utf8)), into: &reread),
              !reread.hasErrors,
              SameMeaning(quoted: Set(quoted.map(\.span.start))).compare(root, formatted, unordered: true, path: [])
        else {
            return .unsafe("reordering its keys would change what it means (a block scalar keeping trailing blank "
                               + "lines, or text outside the key it belongs to); put its keys in order by hand")
        }
        return .formatted(output)
    }

    /// Whether a line is YAML's document end marker: `...` at the margin, then nothing but blanks or a comment.
    static func isDocumentEnd(_ line: String) -> Bool {
        guard line.hasPrefix("...") else { return false }
        let rest = line.dropFirst(3).drop { $0 == " " || $0 == "\t" }
        return rest.isEmpty || (rest.first == "#" && rest.count < line.count - 3)
    }

    /// Whether libyaml ends a line anywhere but at \n (or \r\n): at a lone \r, NEL, LS or PS. Lines cut at \n
    /// alone would then not match its line numbers.
    private static func hasOtherLineBreaks(_ body: [UInt8]) -> Bool {
        let loneReturn = body.indices.contains { body[$0] == 0x0D && ($0 + 1 == body.count || body[$0 + 1] != 0x0A) }
        let breaks: [Unicode.Scalar] = ["\u{85}", "\u{2028}", "\u{2029}"]
        return loneReturn || String(decoding: body, as: UTF8.self).unicodeScalars.contains { breaks.contains($0) }
    }

    /// The measure's keys in order: moved as blocks of lines when it is a block mapping, entries rearranged on
    /// their line when it is a one-line flow mapping.
    private static func orderMeasure(_ measure: YAMLNode.Entry, block: Range<Int>, in lines: inout [String]) {
        guard case .mapping(let keys) = measure.value.content, let first = keys.first else { return }
        let keyLine = measure.key.span.start.line - 1
        if first.key.span.start.line - 1 == keyLine {
            if let line = FlowMappingOrder.reordered(measure.value, in: lines[keyLine], order: MeasureDecoder.keys) {
                lines[keyLine] = line
            }
            return
        }
        let indent = first.key.span.start.column - 1
        guard keys.allSatisfy({ $0.key.span.start.column - 1 == indent }) else { return }
        let inner = KeyBlocks(lines: lines, region: (keyLine + 1)..<block.upperBound,
                              keys: keys.map { ($0.key.value, $0.key.span.start.line - 1) }, indent: indent,
                              firstTakesComments: true)
        if let reordered = inner.reordered(lines, order: MeasureDecoder.keys) {
            lines.replaceSubrange(inner.head.lowerBound..<inner.tail.upperBound, with: reordered)
        }
    }
}

/// Whether a formatted file reads as the same tree as the original: the same scalars (text, tag and style, a
/// version `tally fmt` quoted counting as quoted in the original), the same lists in the same order, the same
/// mappings, in any order only where `tally fmt` reorders (the definition and its measure).
struct SameMeaning {
    /// The start of each scalar of the original that `tally fmt` quoted.
    var quoted: Set<SourcePosition>

    func compare(_ original: YAMLNode, _ formatted: YAMLNode, unordered: Bool, path: [String]) -> Bool {
        switch (original.content, formatted.content) {
        case (.scalar(let before), .scalar(let after)):
            let style = quoted.contains(original.span.start) ? .quoted : before.style
            return before.text == after.text && before.tag == after.tag && style == after.style
        case (.sequence(let before), .sequence(let after)):
            return before.count == after.count
                && zip(before, after).allSatisfy { compare($0, $1, unordered: false, path: path + ["-"]) }
        case (.mapping(let before), .mapping(let after)):
            guard before.count == after.count else { return false }
            let pairs = unordered
                ? before.map { entry in (entry, after.first { $0.key.value == entry.key.value }) }
                : zip(before, after).map { ($0, Optional($1)) }
            return pairs.allSatisfy { entry, match in
                guard let match, match.key.value == entry.key.value else { return false }
                let nested = path + [entry.key.value]
                return compare(entry.value, match.value, unordered: nested == ["measure"], path: nested)
            }
        default:
            return false
        }
    }
}
