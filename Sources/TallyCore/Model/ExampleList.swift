/// A definition's examples: decoded with it from YAML, or kept in the decoded store's form and read each time they
/// are asked for. A build after an edit validates few definitions and renders few groups, so it asks for few:
/// reading every definition's examples was about half of reading the store (200 of its 430 million instructions
/// at 10,000 definitions; a one-edit build ran 130 million fewer).
///
/// Read each time, not kept once read: a run that renders every group (a check that finds every definition
/// changed, a build after tally.yaml's dialects change) asks for each definition's examples up to three times
/// (validation, fixtures, dbt unit tests), and keeping them held 19 MB at 10,000 definitions to the run's end, at
/// its peak of memory; reading them again costs about 20,000 instructions per definition (the figure above).
public final class ExampleList: Sendable {
    /// How many there are, known without reading them.
    public let count: Int
    private let given: [Example]?
    /// Reads them from the kept bytes.
    private let read: (@Sendable () -> [Example])?

    public init(_ examples: [Example]) {
        count = examples.count
        given = examples
        read = nil
    }

    /// Examples that `read` makes each time they are asked for.
    init(count: Int, read: @escaping @Sendable () -> [Example]) {
        self.count = count
        given = nil
        self.read = read
    }

    public var examples: [Example] { given ?? read!() }

    public var isEmpty: Bool { count == 0 }
}
