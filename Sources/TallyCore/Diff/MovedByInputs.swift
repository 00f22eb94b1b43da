/// Ratios and formulas whose values move with an input's: their own SQL is the same at the base and in the work
/// tree, so nothing else in a diff names them, yet every number they show moves (found by a new-user trial: a WAU
/// that now excludes an event moved the projects-per-active-user ratio over it, and the report said nothing).
extension DefinitionDiff {
    /// A definition that reads, directly or through other ratios and formulas, definitions whose rows change.
    public struct MovedByInputs: Sendable, Equatable {
        public var id: String
        /// The moved definitions it reads, in the work tree's catalog order.
        public var inputs: [String]
    }

    /// The work tree's definitions that read any of `moved` (ids whose views return other rows), each with the moved
    /// ones it reads, leaving out those in `moved` themselves, which the diff reports already.
    static func movedByInputs(_ moved: Set<String>, in head: Catalog) -> [MovedByInputs] {
        guard !moved.isEmpty else { return [] }
        var readers: [String: [String]] = [:]
        for definition in head.definitions {
            for input in Set(definition.measure.inputs.map(\.value)) {
                readers[input, default: []].append(definition.id.value)
            }
        }
        // What each reader reaches: a breadth-first walk from each moved definition up through its readers.
        var reached: [String: Set<String>] = [:]
        for source in moved.sorted() {
            var queue = [source]
            var seen: Set<String> = [source]
            while let current = queue.popLast() {
                for reader in readers[current] ?? [] where seen.insert(reader).inserted {
                    reached[reader, default: []].insert(source)
                    queue.append(reader)
                }
            }
        }
        let order = Dictionary(head.definitions.enumerated().map { ($1.id.value, $0) }, uniquingKeysWith: { a, _ in a })
        return head.definitions.compactMap { definition in
            let id = definition.id.value
            guard !moved.contains(id), let inputs = reached[id] else { return nil }
            return MovedByInputs(id: id, inputs: inputs.sorted { (order[$0] ?? 0) < (order[$1] ?? 0) })
        }
    }
}
