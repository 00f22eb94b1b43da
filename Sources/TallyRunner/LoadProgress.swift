import Foundation

/// A progress line for a load that takes a while: nothing for the first few seconds (a small file loads
/// silently), then the bytes and rows read: once a second rewritten in place on a terminal, every ten seconds a
/// line of its own in a log.
final class LoadProgress {
    private let label: String
    private let write: (String) -> Void
    private let start = Date()
    private let quiet: TimeInterval
    private var lastShown: Date?
    private var shown = false
    private let terminal: Bool

    init(label: String, terminal: Bool, quiet: TimeInterval = 3, write: @escaping (String) -> Void) {
        self.label = label
        self.terminal = terminal
        self.quiet = quiet
        self.write = write
    }

    /// Called now and then during a load (every few thousand rows: asking the clock each row costs).
    func update(bytes: Int, of size: Int, rows: Int) {
        let now = Date()
        guard now.timeIntervalSince(start) >= quiet, lastShown.map({ now.timeIntervalSince($0) >= (terminal ? 1 : 10) }) ?? true
        else { return }
        lastShown = now
        shown = true
        let percent = size > 0 ? " (\(min(100, bytes * 100 / size))%)" : ""
        let line = "loading \(label): \(Self.megabytes(bytes)) of \(Self.megabytes(size))\(percent), \(rows) rows"
        write(terminal ? "\r" + line + "\u{1B}[K" : line + "\n")
    }

    /// Ends the progress line, if one was shown, with the totals and the time taken.
    func finish(rows: Int) {
        guard shown else { return }
        let seconds = String(format: "%.1f", Date().timeIntervalSince(start))
        let line = "loading \(label): \(rows) rows in \(seconds) s"
        write(terminal ? "\r" + line + "\u{1B}[K\n" : line + "\n")
    }

    private static func megabytes(_ bytes: Int) -> String {
        String(format: "%.1f MB", Double(bytes) / 1_000_000)
    }
}
