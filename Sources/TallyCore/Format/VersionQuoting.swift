/// The one change of quoting `tally fmt` makes: every version of a definition (`added`, a broken range's `from`
/// and `through`, `deprecated.version`, a change's `version`) written as a double-quoted string. tally reads a
/// version as the text written, but other YAML tools read `added: 3.30` as the float 3.3; quoted, every reader
/// agrees. Nothing else is requoted: any other value's quoting can change what it means (an example's `"1"` is
/// text, `1` a number) or is the author's choice.
enum VersionQuoting {
    /// Version keys of the mappings below the definition, by the key that holds them ("broken" and "changes" for
    /// their lists' entries); the definition's own, `added`, is matched directly.
    static let keys: [String: Set<String>] = ["broken": ["from", "through"], "deprecated": ["version"],
                                              "changes": ["version"]]

    /// The version scalars of a definition that are not double-quoted yet.
    static func unquoted(in root: YAMLNode, lines: [String]) -> [YAMLNode] {
        guard case .mapping(let entries) = root.content else { return [] }
        var found: [YAMLNode] = []
        func collect(_ node: YAMLNode, keys: Set<String>) {
            guard case .mapping(let entries) = node.content else { return }
            found += entries.filter { keys.contains($0.key.value) }.map(\.value).filter { isUnquotedVersion($0, lines: lines) }
        }
        for entry in entries {
            switch (entry.key.value, entry.value.content) {
            case ("added", _):
                if isUnquotedVersion(entry.value, lines: lines) { found.append(entry.value) }
            case ("deprecated", _):
                collect(entry.value, keys: keys["deprecated"]!)
            case ("broken", .sequence(let items)), ("changes", .sequence(let items)):
                for item in items { collect(item, keys: keys[entry.key.value]!) }
            default:
                continue
            }
        }
        return found
    }

    /// Plain (`3.30`) or single-quoted (`'3.30'`) on one line, with no tag, and reading as a version.
    private static func isUnquotedVersion(_ node: YAMLNode, lines: [String]) -> Bool {
        guard case .scalar(let scalar) = node.content, scalar.tag == nil, scalar.style != .block,
              node.span.start.line == node.span.end.line, Version(scalar.text) != nil else { return false }
        return scalar.style == .plain || firstCharacter(of: node, lines: lines) == "'"
    }

    private static func firstCharacter(of node: YAMLNode, lines: [String]) -> Unicode.Scalar? {
        guard lines.indices.contains(node.span.start.line - 1) else { return nil }
        let line = Array(lines[node.span.start.line - 1].unicodeScalars)
        let column = node.span.start.column - 1
        return column < line.count ? line[column] : nil
    }

    /// The lines with each of `nodes` written as a double-quoted string.
    static func quote(_ nodes: [YAMLNode], in lines: [String]) -> [String] {
        var lines = lines
        // Right to left, so that an edit never moves the columns of the next one on its line.
        for node in nodes.sorted(by: { $0.span.start > $1.span.start }) {
            guard case .scalar(let scalar) = node.content else { continue }
            let index = node.span.start.line - 1
            var scalars = Array(lines[index].unicodeScalars)
            scalars.replaceSubrange((node.span.start.column - 1)..<(node.span.end.column - 1),
                                    with: Array("\"\(scalar.text)\"".unicodeScalars))
            lines[index] = String(String.UnicodeScalarView(scalars))
        }
        return lines
    }
}
