enum GroupDecoder {
    static let keys = GroupSchema.group.keys

    /// Group names whose generated files would land on tally's own (docs/<group>.md, swift/Fixtures/<group>.swift),
    /// counting disks that ignore case.
    static let reservedNames = [
        "versions": "docs/versions.md", "readme": "docs/README.md", "all": "swift/Fixtures/All.swift",
    ]

    static func decode(_ root: YAMLNode, name: Located<String>, context: DecodeContext) -> Group? {
        guard let map = MappingReader(root, "a group", keys: keys, context: context) else { return nil }
        ValueChecks.checkName(name, "group name", context: context)
        if let taken = reservedNames[name.value] {
            context.emit(.invalidName,
                         "group name '\(name.value)' is taken: tally generates generated/\(taken) itself; rename the "
                             + "folder",
                         at: name.span)
        }
        let title = map.string("title", required: true)
        let introduction = map.string("introduction", required: true)
        let terminology = map.list("terminology") { node -> Group.Term? in
            guard let term = MappingReader(node, "a terminology entry", keys: GroupSchema.term.keys,
                                           context: context),
                  let word = term.string("term", required: true),
                  let meaning = term.string("definition", required: true) else { return nil }
            return Group.Term(term: word.value, definition: meaning.value)
        }
        let owners = map.stringList("owners").map(\.value)
        guard let title, let introduction else { return nil }
        return Group(name: name.value, file: context.file, title: title, introduction: introduction.value,
                     terminology: terminology, owners: owners)
    }
}
