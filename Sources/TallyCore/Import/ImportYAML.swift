/// A TODO that `tally import` leaves in a file for a person: the key it stands above, whose value the page cannot
/// give. `tally import` reports each as a warning (I003) at that key, where `tally check` reports it until filled.
public struct ImportTODO: Sendable, Equatable {
    /// The key's name on its line.
    public var span: SourceSpan
    public var message: String

    public var path: String { span.file }
    public var line: Int { span.start.line }

    public var diagnostic: Diagnostic { Diagnostic(.importTODO, message, at: span) }
}

/// Writes the YAML `tally import` produces: block style, keys in a fixed order, every string either a plain scalar
/// that no YAML reader can take for anything else, or a double-quoted scalar with escapes. Long quoted values are
/// folded at single spaces and after `\n`, which YAML reads back to the same text.
struct ImportYAML {
    static let todoMarker = "TODO(tally import):"
    static let width = 116

    private(set) var lines: [String] = []
    private(set) var todos: [(line: Int, message: String)] = []

    var text: String { lines.joined(separator: "\n") + "\n" }

    mutating func comment(_ text: String, indent: Int = 0) {
        lines.append(String(repeating: " ", count: indent) + "# " + Self.oneLine(text))
    }

    /// A TODO comment above the next line, which the TODO list points at.
    mutating func todo(_ message: String, indent: Int = 0) {
        let message = Self.oneLine(message)
        lines.append(String(repeating: " ", count: indent) + "# " + Self.todoMarker + " " + message)
        todos.append((lines.count + 1, message))
    }

    /// `key:` with nothing after it: the value is null, so a required key is reported as empty.
    mutating func empty(_ key: String, indent: Int = 0) {
        lines.append(String(repeating: " ", count: indent) + key + ":")
    }

    /// `key:` opening a nested mapping or list.
    mutating func open(_ key: String, indent: Int = 0) {
        empty(key, indent: indent)
    }

    /// `key: value`, plain when that is safe, else double-quoted (and folded when long).
    mutating func string(_ key: String, _ value: String, indent: Int = 0, quoted: Bool = false) {
        let prefix = String(repeating: " ", count: indent) + key + ": "
        append(prefix: prefix, value: value, quoted: quoted, continuation: indent + 2)
    }

    /// `- value` as a list item.
    mutating func item(_ value: String, indent: Int, quoted: Bool = false) {
        let prefix = String(repeating: " ", count: indent) + "- "
        append(prefix: prefix, value: value, quoted: quoted, continuation: indent + 2)
    }

    /// `- key: value` opening a mapping in a list; later keys of it use `indent + 2`.
    mutating func itemString(_ key: String, _ value: String, indent: Int, quoted: Bool = false) {
        let prefix = String(repeating: " ", count: indent) + "- " + key + ": "
        append(prefix: prefix, value: value, quoted: quoted, continuation: indent + 4)
    }

    /// `key: [a, b]` or `- [a, b]` with flow-safe items.
    static func flowList(_ values: [String]) -> String {
        "[" + values.map { isPlain($0, flow: true) ? $0 : doubleQuoted($0) }.joined(separator: ", ") + "]"
    }

    mutating func raw(_ line: String) {
        lines.append(line)
    }

    private mutating func append(prefix: String, value: String, quoted: Bool, continuation: Int) {
        if !quoted && Self.isPlain(value, flow: false) && prefix.count + value.count <= Self.width {
            lines.append(prefix + value)
            return
        }
        lines += Self.folded(value, prefix: prefix, continuation: continuation)
    }

    // MARK: Scalars

    /// Words YAML 1.1 or 1.2 reads as booleans or null when plain.
    private static let specialWords: Set<String> = ["y", "n", "yes", "no", "on", "off", "true", "false", "null"]

    /// Text that is the same string to every YAML reader when written plain: it starts with an ASCII letter, holds
    /// only letters, digits, single spaces and `_.,'()/+-` (in flow context only `_.*/-`, no spaces), and is no
    /// boolean or null word.
    static func isPlain(_ text: String, flow: Bool) -> Bool {
        guard let first = text.unicodeScalars.first, first.isASCIILetter,
              !specialWords.contains(text.lowercased()), text.count <= width else { return false }
        let allowed: Set<Unicode.Scalar> = flow ? ["_", ".", "*", "/", "-"] : ["_", ".", ",", "'", "(", ")", "/", "+", "-", " "]
        var previousSpace = false
        for scalar in text.unicodeScalars {
            guard scalar.isASCIILetter || ("0"..."9").contains(scalar) || allowed.contains(scalar) else { return false }
            if scalar == " " && previousSpace { return false }
            previousSpace = scalar == " "
        }
        return !previousSpace
    }

    /// The escape of one character inside a double-quoted scalar, or nil when it stands for itself.
    private static func escape(_ scalar: Unicode.Scalar) -> String? {
        switch scalar {
        case "\\": return "\\\\"
        case "\"": return "\\\""
        case "\n": return "\\n"
        case "\t": return "\\t"
        case "\r": return "\\r"
        case "\u{85}": return "\\N"
        case "\u{A0}": return "\\_"
        case "\u{2028}": return "\\L"
        case "\u{2029}": return "\\P"
        case "\u{FEFF}": return "\\uFEFF"
        default:
            let value = scalar.value
            if value < 0x20 || value == 0x7F || (0x80...0x9F).contains(value) || (0xD800...0xDFFF).contains(value)
                || value == 0xFFFE || value == 0xFFFF {
                let digits = String(value, radix: 16, uppercase: true)
                let width = value <= 0xFF ? 2 : 4
                return (value <= 0xFF ? "\\x" : "\\u") + String(repeating: "0", count: max(0, width - digits.count))
                    + digits
            }
            return nil
        }
    }

    /// A double-quoted scalar on one line.
    static func doubleQuoted(_ text: String) -> String {
        "\"" + units(text).map(\.text).joined() + "\""
    }

    /// One character of a double-quoted scalar as written, and whether a line may break at it.
    private struct Unit {
        enum Break { case none, replaceSpace, afterNewline }
        var text: String
        var breakKind: Break
    }

    private static func units(_ text: String) -> [Unit] {
        let scalars = Array(text.unicodeScalars)
        var result: [Unit] = []
        for (index, scalar) in scalars.enumerated() {
            if let escaped = escape(scalar) {
                result.append(Unit(text: escaped, breakKind: scalar == "\n" ? .afterNewline : .none))
            } else if scalar == " " {
                let previous = index > 0 ? scalars[index - 1] : nil
                let next = index + 1 < scalars.count ? scalars[index + 1] : nil
                if previous == "\n" {
                    // The first space of a continuation line would be dropped as indentation: escape it.
                    result.append(Unit(text: "\\ ", breakKind: .none))
                } else {
                    let single = previous != nil && next != nil && previous != " " && next != " "
                        && !(previous!.properties.isWhitespace) && !(next!.properties.isWhitespace)
                    result.append(Unit(text: " ", breakKind: single ? .replaceSpace : .none))
                }
            } else {
                result.append(Unit(text: String(scalar), breakKind: .none))
            }
        }
        return result
    }

    /// A double-quoted scalar over as many lines as it needs: lines break after every `\n` (with an escaped line
    /// break) and at single spaces (a line break folds back into one space); continuation lines are indented.
    static func folded(_ text: String, prefix: String, continuation: Int) -> [String] {
        let indent = String(repeating: " ", count: continuation)
        var lines: [String] = []
        var current = prefix + "\""
        var currentCount = current.count
        // The last place on the current line where it may break at a space: (index in `current`, count there).
        var lastSpace: (index: String.Index, count: Int)?
        for unit in units(text) {
            switch unit.breakKind {
            case .afterNewline:
                current += unit.text + "\\"
                lines.append(current)
                current = indent
                currentCount = indent.count
                lastSpace = nil
                continue
            case .replaceSpace:
                if currentCount + 1 > width, lastSpace == nil {
                    lines.append(current)
                    current = indent
                    currentCount = indent.count
                    continue
                }
                lastSpace = (current.endIndex, currentCount)
            case .none:
                break
            }
            current += unit.text
            currentCount += unit.text.count
            if currentCount > width, let space = lastSpace {
                let head = String(current[..<space.index])
                let tail = String(current[current.index(after: space.index)...])
                lines.append(head)
                current = indent + tail
                currentCount = indent.count + tail.count
                lastSpace = nil
            }
        }
        lines.append(current + "\"")
        return lines
    }

    static func oneLine(_ text: String) -> String {
        text.split(whereSeparator: { $0.isNewline }).joined(separator: " ")
    }
}

extension Unicode.Scalar {
    fileprivate var isASCIILetter: Bool { ("a"..."z").contains(self) || ("A"..."Z").contains(self) }
}
