/// Values kept until the process exits instead of freed. Freeing a catalog of 10,000 definitions object by object,
/// on one thread, took longer than the system takes to drop the whole address space at exit; after a view edit's
/// build, freeing the render's ledger and the last build's jobs was the last milliseconds before it exited.
///
/// Only the command-line tool turns it on (`keepUntilExit`): a library caller, as the tests are, runs build after
/// build in one process, and frees as usual.
public enum Teardown {
    private static let kept = Locked<(on: Bool, values: [Any])>((false, []))

    /// Turns keeping on, for a process that exits when its command is done.
    public static func keepUntilExit() { kept.withLock { $0.on = true } }

    /// Keeps `value` until the process exits, when keeping is on.
    public static func skip(_ value: Any) {
        kept.withLock { kept in
            if kept.on { kept.values.append(value) }
        }
    }
}
