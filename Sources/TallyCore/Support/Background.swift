import Dispatch

/// Work started on another thread at once, its value waited for where it is needed: for a step whose result is
/// needed only after other work, which left a core idle while it ran first (listing generated/ while the jobs
/// render: 30 ms at 10,000 definitions).
final class Background<Value: Sendable>: @unchecked Sendable {
    private let done = DispatchGroup()
    // Written once by the work, before it leaves the group; read only after waiting for the group.
    private var result: Value?

    init(_ work: @escaping @Sendable () -> Value) {
        done.enter()
        DispatchQueue.global().async {
            self.result = work()
            self.done.leave()
        }
    }

    /// The work's value, once it is done.
    var value: Value {
        done.wait()
        return result!
    }

    /// The work's value, once it is done, let go of here: for a value its taker frees as it goes (the last build's
    /// jobs, each taken out as its job asks), which this object would otherwise hold to the end. Asked once.
    func take() -> Value {
        done.wait()
        defer { result = nil }
        return result!
    }
}
