/// A definition's examples: decoded with it from YAML, or kept in the decoded store's form and read the first time
/// they are asked for. A build after an edit validates few definitions and renders few groups, so it asks for
/// few: reading every definition's examples was about half of reading the store (200 of its 430 million
/// instructions at 10,000 definitions; a one-edit build ran 130 million fewer).
public final class ExampleList: Sendable {
    /// How many there are, known without reading them.
    public let count: Int
    private let given: [Example]?
    private let deferred: Locked<Deferred>?

    private enum Deferred {
        case unread(@Sendable () -> [Example])
        /// Read: the kept bytes the reading needed are let go.
        case read([Example])
    }

    public init(_ examples: [Example]) {
        count = examples.count
        given = examples
        deferred = nil
    }

    /// Examples that `read` makes when first asked for, once, whichever thread asks.
    init(count: Int, read: @escaping @Sendable () -> [Example]) {
        self.count = count
        given = nil
        deferred = Locked(.unread(read))
    }

    public var examples: [Example] {
        if let given { return given }
        return deferred!.withLock { state in
            switch state {
            case .read(let examples):
                return examples
            case .unread(let read):
                let examples = read()
                state = .read(examples)
                return examples
            }
        }
    }

    public var isEmpty: Bool { count == 0 }
}
