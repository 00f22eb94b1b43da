/// tally.yaml's bytes as the jobs that render read them: without its `current_version` line. Of every generated
/// file, only docs/versions.md shows the current version (its job's facts name it: DocsIndexFacts), and
/// validation, which reads it too, keys its store by every byte of tally.yaml. So bumping current_version, the
/// routine edit of every release, leaves each group job's and docs page's key as it was and their files are taken
/// from generated/: at 10,000 definitions that build rendered everything again.
///
/// The line is left out only when the parser says it holds nothing else: the top-level mapping's `current_version`
/// key at the line's first column, its value one scalar on that line, and nothing after the value but blanks and a
/// comment. No other node can then have a character on it (a quoted text of another key running over lines onto a
/// line that reads `current_version: ...` makes that line no key). Lines are those of a file whose every line ends
/// in LF or CRLF: YAML also ends a line at a lone CR, NEL, LS and PS, so a file holding one of them keeps every byte
/// (split at LF alone, a comment on the version's line would have seemed to hide the settings after such a break).
/// Anything else keeps every byte in the keys, as for any other input: a build then renders again, never takes a
/// file made from other settings.
enum SettingsAsRendered {
    static let key = "current_version"

    /// The hash of the file without its current_version line; nil when that line cannot be told apart (then the
    /// file's own hash stands).
    static func hash(of text: SourceText) -> ContentHash? {
        guard !hasOtherLineBreaks(text.bytes) else { return nil }
        let lines = text.bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        let prefix = Array((key + ":").utf8)
        let candidates = lines.indices.filter { lines[$0].starts(with: prefix) }
        guard candidates.count == 1, let line = candidates.first,
              holdsOnlyTheKey(lineNumber: line + 1, line: lines[line], text: text) else { return nil }
        var hasher = ContentHasher()
        // A hash of its own kind: never the hash of some file's whole bytes.
        Array("tally.yaml without its current_version line\n".utf8).withUnsafeBytes { hasher.update($0) }
        for index in lines.indices where index != line {
            lines[index].withUnsafeBytes { hasher.update($0) }
            // Each line's break is kept, so that lines cannot join into one another's bytes.
            withUnsafeBytes(of: UInt8(ascii: "\n")) { hasher.update($0) }
        }
        return hasher.finish()
    }

    /// Whether line `lineNumber` (1-based) holds the top-level key, its one-line value, and at most blanks and a
    /// comment after it.
    private static func holdsOnlyTheKey(lineNumber: Int, line: ArraySlice<UInt8>, text: SourceText) -> Bool {
        var diagnostics = DiagnosticCollector()
        guard let root = YAMLLoader().load(text, into: &diagnostics), !diagnostics.hasErrors,
              case .mapping(let entries) = root.content,
              let entry = entries.first(where: { $0.key.value == key }),
              entry.key.span.start == SourcePosition(line: lineNumber, column: 1),
              case .scalar = entry.value.content,
              entry.value.span.start.line == lineNumber, entry.value.span.end.line == lineNumber
        else { return false }
        // Columns count Unicode scalars, as libyaml does. A CR can only be the line's last byte (CRLF).
        let rest = String(decoding: line, as: UTF8.self).unicodeScalars.dropFirst(entry.value.span.end.column - 1)
        let blanks = rest.prefix { $0 == " " || $0 == "\t" || $0 == "\r" }
        return rest.count == blanks.count || rest.dropFirst(blanks.count).first == "#"
    }

    /// Whether the bytes hold a line break other than LF and CRLF: a CR not followed by LF, or NEL, LS or PS in
    /// UTF-8 (C2 85, E2 80 A8, E2 80 A9).
    static func hasOtherLineBreaks(_ bytes: [UInt8]) -> Bool {
        for index in bytes.indices {
            switch bytes[index] {
            case UInt8(ascii: "\r"):
                if index + 1 == bytes.count || bytes[index + 1] != UInt8(ascii: "\n") { return true }
            case 0xC2:
                if index + 1 < bytes.count, bytes[index + 1] == 0x85 { return true }
            case 0xE2:
                if index + 2 < bytes.count, bytes[index + 1] == 0x80, bytes[index + 2] == 0xA8 || bytes[index + 2] == 0xA9 {
                    return true
                }
            default:
                continue
            }
        }
        return false
    }
}
