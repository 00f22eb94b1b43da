/// A definition's examples: decoded with it from YAML, or kept in the decoded store's form and read the first time
/// they are asked for. A build after an edit validates few definitions and renders few groups, so it asks for
/// few: reading every definition's examples from the store was half of reading it (200 million instructions at
/// 10,000 definitions).
public final class ExampleList: Sendable {
    /// How many there are, known without reading them.
    public let count: Int
    private let given: [Example]?
    private let deferred: Locked<[Example]?>?
    private let read: (@Sendable () -> [Example])?

    public init(_ examples: [Example]) {
        count = examples.count
        given = examples
        deferred = nil
        read = nil
    }

    /// Examples that `read` makes when first asked for, once, whichever thread asks.
    init(count: Int, read: @escaping @Sendable () -> [Example]) {
        self.count = count
        given = nil
        deferred = Locked(nil)
        self.read = read
    }

    public var examples: [Example] {
        if let given { return given }
        return deferred!.withLock { made in
            if let made { return made }
            let examples = read!()
            made = examples
            return examples
        }
    }

    public var isEmpty: Bool { count == 0 }
}
