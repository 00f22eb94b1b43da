/// A file whose content is another kind of file than its place says: a definition in definitions/sources/, a
/// source in a group folder, a group's title and introduction in a definition's file. Decoded as its place says, it
/// gave one error per key that kind does not know and per key it lacks (11 for a definition among the sources);
/// instead, one error (F004) at the key that tells what it is, saying where it belongs.
enum MisplacedContent {
    /// What a file's top-level keys say it is.
    private enum Kind {
        case definition, source, group
    }

    /// Reports the file when its keys say it belongs elsewhere; true when it did (then it is not decoded).
    static func report(_ root: YAMLNode, role: ProjectFiles.Role, context: DecodeContext) -> Bool {
        guard case .mapping(let entries) = root.content else { return false }
        func key(_ name: String) -> Located<String>? { entries.first { $0.key.value == name }?.key }
        let kind: Kind
        let evidence: Located<String>
        if let found = key("kind") {
            (kind, evidence) = (.definition, found)
        } else if let found = key("table") ?? key("columns") {
            (kind, evidence) = (.source, found)
        } else if let found = key("introduction") ?? key("terminology") {
            (kind, evidence) = (.group, found)
        } else {
            return false
        }
        let place: String
        switch (role, kind) {
        case (.source, .source), (.group, .group), (.definition, .definition), (.settings, _): return false
        case (.source, _): place = "the files in definitions/sources/ are sources"
        case (.group, _): place = "a folder's group.yaml holds its group's title and introduction"
        case (.definition, _): place = "the files of a group folder, other than group.yaml, are definitions"
        }
        let what, destination: String
        switch kind {
        case .definition:
            (what, destination) = ("a definition ('kind')", "a group folder, as definitions/<group>/<id>.yaml")
        case .source:
            (what, destination) = ("a source ('\(evidence.value)')", "definitions/sources/<name>.yaml")
        case .group:
            (what, destination) = ("a group's page ('\(evidence.value)')",
                                   "its folder's group.yaml, definitions/<group>/group.yaml")
        }
        context.emit(.misplacedFile, "this file is \(what), but \(place): move it to \(destination)", at: evidence.span)
        return true
    }
}
