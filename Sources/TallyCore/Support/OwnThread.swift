import CTallySupport
import Dispatch

/// Work started on a thread of its own, not on Dispatch's shared pool, its value waited for where it is needed: for
/// work that must not wait for the pool (Subprocess's pipe readers, whose caller may be on a pool thread). Where only
/// one CPU is to be had, the pool is one thread wide, and a caller that held its thread while waiting for readers
/// on it stalled until Dispatch added a thread, about a second later (`tally diff` reading git on one core: 1.03 s
/// against 0.25 s). Where no thread can be made (a process limit), the work runs at once, here.
final class OwnThread<Value: Sendable>: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    // Written once by the work, before it signals; read only after waiting.
    private var result: Value?

    init(_ work: @escaping @Sendable () -> Value) {
        let ran = NewThread.start { [self] in
            result = work()
            done.signal()
        }
        if !ran {
            result = work()
            done.signal()
        }
    }

    /// The work's value, once it is done. Asked once.
    func take() -> Value {
        done.wait()
        defer { result = nil }
        return result!
    }
}

/// Starting a thread with tally_start_thread: unlike Foundation's Thread, it says when none could be made.
enum NewThread {
    /// Runs `body` on a new thread; false when none could be made (then `body` is not run).
    static func start(_ body: @escaping @Sendable () -> Void) -> Bool {
        let box = Body(body)
        let context = Unmanaged.passRetained(box).toOpaque()
        let failure = tally_start_thread({ context in
            Unmanaged<Body>.fromOpaque(context!).takeRetainedValue().run()
        }, context)
        if failure != 0 { Unmanaged<Body>.fromOpaque(context).release() }
        return failure == 0
    }

    private final class Body: Sendable {
        let run: @Sendable () -> Void
        init(_ run: @escaping @Sendable () -> Void) { self.run = run }
    }
}
