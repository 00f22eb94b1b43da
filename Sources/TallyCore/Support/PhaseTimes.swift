import Dispatch
import Foundation

/// Wall-clock time per pipeline phase, for `--timings`: where a slow run spends its time, without a profiler.
public final class PhaseTimes: @unchecked Sendable {
    /// The process's phases; commands print it when asked.
    public static let shared = PhaseTimes()

    private let lock = Locked<[(name: String, nanoseconds: UInt64)]>([])
    private let notes = Locked<[String]>([])

    public func measure<Result>(_ name: String, _ body: () throws -> Result) rethrows -> Result {
        let start = DispatchTime.now().uptimeNanoseconds
        defer {
            let elapsed = DispatchTime.now().uptimeNanoseconds - start
            lock.withLock { $0.append((name, elapsed)) }
        }
        return try body()
    }

    /// A line that explains the times, such as whether the output cache was on and why not.
    public func note(_ line: String) {
        notes.withLock { $0.append(line) }
    }

    /// One line per phase, in the order they finished: "  decode   123.4 ms"; then the notes.
    public func report() -> String {
        let phases = lock.withLock { $0 }
        let width = phases.map(\.name.count).max() ?? 0
        let lines = phases.map { phase in
            let milliseconds = Double(phase.nanoseconds) / 1_000_000
            let padded = phase.name + String(repeating: " ", count: width - phase.name.count)
            return "  \(padded)  \(String(format: "%8.1f", milliseconds)) ms"
        }
        return (lines + notes.withLock { $0 }.map { "  " + $0 }).joined(separator: "\n") + "\n"
    }
}
