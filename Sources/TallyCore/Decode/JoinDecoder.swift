/// A `joins` entry: `target: {on: {local: key}}`, or `name: {source: target, on: {local: key}}` to name the join
/// apart from its target (two joins to one source, or a shorter name). Columns are checked against both sources
/// in Validate/JoinRules.swift.
enum JoinDecoder {
    static let keys = SourceSchema.join.keys

    static func decode(_ entry: YAMLNode.Entry, context: DecodeContext) -> SourceJoin? {
        ValueChecks.checkName(entry.key, "join name", context: context)
        guard let map = MappingReader(entry.value, "join '\(entry.key.value)'", keys: keys, context: context)
        else { return nil }
        let target = map.string("source") ?? entry.key
        var on: [(local: Located<String>, target: Located<String>)] = []
        for pair in map.entries("on", required: true) {
            guard let key = MappingReader.text(pair.value, "the key column that '\(pair.key.value)' matches",
                                               required: true, context: context) else { return nil }
            on.append((local: pair.key, target: key))
        }
        guard !on.isEmpty else { return nil }
        return SourceJoin(name: entry.key, targetName: target, on: on, span: entry.key.span, target: nil)
    }
}
