/// A definition's examples: decoded with it from YAML, or kept in the decoded store's form and read the first time
/// they are asked for. A build after an edit validates few definitions and renders few groups, so it asks for
/// few: reading every definition's examples was about half of reading the store (200 of its 430 million
/// instructions at 10,000 definitions; a one-edit build ran 130 million fewer).
public final class ExampleList: Sendable {
    /// How many there are, known without reading them.
    public let count: Int
    private let given: [Example]?
    /// Read once, by whichever thread asks first; the kept bytes the reading needs are let go with it.
    private let deferred: MadeOnce<[Example]>?

    public init(_ examples: [Example]) {
        count = examples.count
        given = examples
        deferred = nil
    }

    /// Examples that `read` makes when first asked for.
    init(count: Int, read: @escaping @Sendable () -> [Example]) {
        self.count = count
        given = nil
        deferred = MadeOnce(read)
    }

    public var examples: [Example] { given ?? deferred!.value }

    public var isEmpty: Bool { count == 0 }
}
