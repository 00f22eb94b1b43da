/// swift/Catalog.swift: every definition as a `DefinitionInfo`, in group and id order. Put together from pieces, one
/// entry per view, that the group jobs render with the rest of their group (PieceAssembly), as views.sql is: after
/// an edit, the entries of the groups it cannot reach are taken from the file's last version. Rendered whole on every
/// build that changed what it lists, with a hash of what it reads from every definition computed on every other,
/// it was 143 million instructions of a one-edit build at 10,000 definitions (6.6%).
extension SwiftEmitter {
    static let catalogPath = "swift/Catalog.swift"

    func assembledFiles() -> [AssembledFile] {
        [AssembledFile(
            path: Self.catalogPath,
            // Made when the heads are (PieceAssembly.prepareHeads), on either core, not when the jobs are listed.
            head: { [self] in
                header(checked.catalog.definitions.map(\.file)) + """
                    /// Every definition of the project, in group and id order.
                    public enum TallyCatalog {
                        public static let definitions: [DefinitionInfo] = [

                    """
            },
            piece: { view in Self.catalogEntries(of: [view])[0] },
            tail: """
                    ]

                    public static func definition(_ id: String) -> DefinitionInfo? {
                        definitions.first { $0.id == id }
                    }
                }

                """,
            order: .catalog)]
    }

    /// The group's (or slice's) entries, as pieces of Catalog.swift.
    func catalogPieces(of group: ViewGroup) -> [FilePiece] {
        zip(group.views.indices, Self.catalogEntries(of: group.views)).map { index, entry in
            FilePiece(path: Self.catalogPath, position: group.positions[index], viewID: group.views[index].id,
                      content: .text(entry))
        }
    }

    /// Each view's entry, without the line break after it (the assembly puts one between each two), written into one
    /// buffer, as the fixtures are: a line per field of 10,000 definitions, each a String of its own and then
    /// joined, was a hundredth of a large check.
    static func catalogEntries(of views: [CheckedView]) -> [String] {
        var out = SourceBuffer(capacity: 1 << 14)
        var ends: [Int] = []
        ends.reserveCapacity(views.count)
        // A field's name is appended as it is, not interpolated into a new String per field (60,000 of them at
        // 10,000 definitions, 27 million instructions).
        func field(_ name: String, _ text: String) {
            out.append("            ")
            out.append(name)
            out.append(": ")
            out.literal(text)
            out.line(",")
        }
        func optional(_ text: String?) {
            if let text { out.literal(text) } else { out.append("nil") }
        }
        for view in views {
            let definition = view.definition
            out.line("        DefinitionInfo(")
            field("id", definition.id.value)
            field("group", definition.group)
            field("title", definition.title.value)
            out.append("            kind: .")
            out.append(definition.kind.value.rawValue)
            out.line(",")
            out.append("            type: ")
            if let type = definition.type {
                out.append("\"")
                out.append(type.value.rawValue)
                out.line("\",")
            } else {
                out.line("nil,")
            }
            field("aggregate", definition.measure.aggregate.rawValue)
            out.append("            events: ")
            out.literals(definition.events.map(\.value))
            out.line(",")
            out.append("            added: ")
            optional(definition.added?.value.text)
            out.line(",")
            out.append("            broken: [")
            for (index, range) in definition.broken.enumerated() {
                if index > 0 { out.append(", ") }
                out.append("BrokenRangeInfo(from: ")
                out.literal(range.from.value.text)
                out.append(", through: ")
                optional(range.through?.value.text)
                out.append(", reason: ")
                optional(range.reason?.value)
                out.append(", fix: ")
                optional(range.fix?.value)
                out.append(")")
            }
            out.line("],")
            out.append("            deprecated: ")
            if let deprecation = definition.deprecated {
                out.append("DeprecationInfo(since: ")
                out.literal(deprecation.version.value.text)
                out.append(", reason: ")
                out.literal(deprecation.reason.value)
                out.append(", replacedBy: ")
                optional(deprecation.replacedBy?.value)
                out.line("),")
            } else {
                out.line("nil,")
            }
            out.append("            owners: ")
            out.literals(definition.owners)
            out.line(",")
            out.append("            columns: ")
            out.literals(view.shape.map(\.name))
            out.line("")
            out.append("        ),")
            ends.append(out.count)
            out.append(byte: 0x0A)
        }
        let bytes = out.finish()
        var start = 0
        return ends.map { end in
            defer { start = end + 1 }
            return String(decoding: bytes[start..<end], as: UTF8.self)
        }
    }
}
