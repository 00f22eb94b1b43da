import Dispatch
import Foundation

/// Ctrl-C or a termination request while a build writes: instead of dying with a half-made tree beside
/// generated/ (which the next build would delete, but `git status` shows until then), the writer stops placing
/// files, rendering skips the jobs not started, the work folders are removed, and the build ends with generated/
/// as it was. A second signal (half a second or more after the first) ends the process at once.
public enum Interruption {
    /// The first signal and when it came (DispatchTime's nanoseconds), set together.
    private static let flag = Locked<(signal: Int32, at: UInt64)?>(nil)
    /// A second signal sooner than this after the first is the same request: GNU timeout signals tally and then its
    /// process group, tally in it, so one timeout was two signals, and the second ended the build at once.
    static let sameRequest: UInt64 = 500_000_000

    /// The signal that asked to stop, if one did.
    public static var signal: Int32? { flag.withLock { $0?.signal } }

    static var requested: Bool { signal != nil }

    /// Takes over SIGINT and SIGTERM until the returned handle is dropped or `restore`d.
    public static func catchSignals() -> Handle { Handle() }

    /// The signal sources, kept alive while they catch.
    public final class Handle: @unchecked Sendable {
        private var sources: [DispatchSourceSignal] = []
        private static let caught: [Int32] = [SIGINT, SIGTERM]

        fileprivate init() {
            for number in Self.caught {
                // Ignored as a signal, delivered to the source instead, so the work can clean up after itself.
                Foundation.signal(number, SIG_IGN)
                let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
                source.setEventHandler {
                    let now = DispatchTime.now().uptimeNanoseconds
                    // nil for the first signal; else how long after the first this one came.
                    let after = Interruption.flag.withLock { current -> UInt64? in
                        guard let first = current else {
                            current = (number, now)
                            return nil
                        }
                        return now - first.at
                    }
                    guard let after, after >= Interruption.sameRequest else { return }
                    FileHandle.standardError.write(Data(("tally: stopped at once by a second signal; run the command "
                                                         + "again (a build finishes or cleans up what this one left)\n").utf8))
                    exit(128 + number)
                }
                source.resume()
                sources.append(source)
            }
        }

        /// Gives the signals their default meaning back.
        public func restore() {
            for source in sources { source.cancel() }
            sources = []
            for number in Self.caught { Foundation.signal(number, SIG_DFL) }
        }

        deinit { restore() }
    }

    /// What a build throws when a signal stopped it before it changed generated/.
    public struct Stopped: Error, CustomStringConvertible {
        public let signal: Int32
        public var description: String { "interrupted; generated/ is as it was" }
    }
}
