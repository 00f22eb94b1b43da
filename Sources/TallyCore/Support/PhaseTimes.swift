import Dispatch
import Foundation

/// Wall-clock time per pipeline phase, for `--timings`: where a slow run spends its time, and after which phase its
/// memory peaked, without a profiler.
public final class PhaseTimes: @unchecked Sendable {
    /// The process's phases; commands print it when asked.
    public static let shared = PhaseTimes()

    private let lock = Locked<[(name: String, nanoseconds: UInt64, peakKilobytes: Int)]>([])
    private let notes = Locked<[String]>([])

    public func measure<Result>(_ name: String, _ body: () throws -> Result) rethrows -> Result {
        let start = Self.now()
        defer { record(name, since: start) }
        return try body()
    }

    /// The clock `record(_:since:)` counts from.
    static func now() -> UInt64 { DispatchTime.now().uptimeNanoseconds }

    /// A phase that began at `start` (`now()`) and ends here: for one that ends inside work that goes on.
    func record(_ name: String, since start: UInt64) {
        let elapsed = Self.now() - start
        let peak = Self.peakKilobytes()
        lock.withLock { $0.append((name, elapsed, peak)) }
    }

    /// A line that explains the times, such as whether the output cache was on and why not.
    public func note(_ line: String) {
        // Once: each of the cache's files noted the same failure.
        notes.withLock { if !$0.contains(line) { $0.append(line) } }
    }

    #if canImport(Darwin)
    private static let selfUsage = RUSAGE_SELF
    #else
    // Glibc imports RUSAGE_SELF as an enum case where getrusage takes its raw value.
    private static let selfUsage = __rusage_who_t(RUSAGE_SELF.rawValue)
    #endif

    /// The process's largest resident size so far.
    static func peakKilobytes() -> Int {
        var usage = rusage()
        guard getrusage(selfUsage, &usage) == 0 else { return 0 }
        #if canImport(Darwin)
        return Int(usage.ru_maxrss) / 1024  // bytes on Darwin
        #else
        return Int(usage.ru_maxrss)  // kilobytes on Linux
        #endif
    }

    /// One line per phase, in the order they finished: "  decode   123.4 ms   peak 61 MB"; then the notes.
    public func report() -> String {
        let phases = lock.withLock { $0 }
        let width = phases.map(\.name.count).max() ?? 0
        let lines = phases.map { phase in
            let milliseconds = Double(phase.nanoseconds) / 1_000_000
            let padded = phase.name + String(repeating: " ", count: width - phase.name.count)
            return "  \(padded)  \(String(format: "%8.1f", milliseconds)) ms   peak \(phase.peakKilobytes / 1024) MB"
        }
        return (lines + notes.withLock { $0 }.map { "  " + $0 }).joined(separator: "\n") + "\n"
    }
}
