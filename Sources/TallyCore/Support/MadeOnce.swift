/// A value made by the first thread that asks for it, while any other that asks meanwhile waits: for what several
/// jobs share but none should make before the jobs run (the docs' page index, made in the jobs list, was 66
/// million instructions on one core before a one-edit build's render started, at 10,000 definitions).
/// `make` runs under a lock that is not re-entrant: it must never ask for `value` itself.
final class MadeOnce<Value: Sendable>: Sendable {
    private let state: Locked<(make: (@Sendable () -> Value)?, value: Value?)>

    init(_ make: @escaping @Sendable () -> Value) {
        state = Locked((make, nil))
    }

    var value: Value {
        state.withLock { state in
            if let value = state.value { return value }
            let value = state.make!()
            // The work is let go with what it captured.
            state = (nil, value)
            return value
        }
    }
}
