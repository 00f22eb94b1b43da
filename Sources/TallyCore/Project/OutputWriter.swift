import CTallySupport
import Foundation

/// Replaces generated/ as a whole. The new tree is written beside it, then swapped in: with one atomic exchange
/// where the system has one (Linux renameat2), else with two renames that a later run completes if the process
/// was killed between them. So generated/ is always either wholly old or wholly new, and nothing outside it is
/// touched.
public struct OutputWriter: Sendable {
    public let target: URL
    private var staging: URL { target.deletingLastPathComponent().appendingPathComponent(".\(target.lastPathComponent).tally-new") }
    private var retired: URL { target.deletingLastPathComponent().appendingPathComponent(".\(target.lastPathComponent).tally-old") }

    public enum Outcome: Equatable, Sendable {
        case unchanged
        case written(changed: Int, removed: Int)
    }

    public init(target: URL) {
        self.target = target.standardizedFileURL
    }

    /// Finishes or undoes a swap that a killed run left behind.
    public func recover() throws {
        let manager = FileManager.default
        if manager.fileExists(atPath: retired.path) {
            // The new tree was complete before the first rename, so a swap in progress is completed.
            if !manager.fileExists(atPath: target.path), manager.fileExists(atPath: staging.path) {
                try manager.moveItem(at: staging, to: target)
            } else if !manager.fileExists(atPath: target.path) {
                try manager.moveItem(at: retired, to: target)
            }
            if manager.fileExists(atPath: retired.path) { try manager.removeItem(at: retired) }
        }
        // A staging tree without a retired one never started its swap: it may be partial.
        if manager.fileExists(atPath: staging.path) { try manager.removeItem(at: staging) }
    }

    /// What generated/ holds now, by relative path.
    public func current() -> [String: [UInt8]] {
        let manager = FileManager.default
        guard let enumerator = manager.enumerator(at: target, includingPropertiesForKeys: [.isRegularFileKey]) else {
            return [:]
        }
        let base = target.path + "/"
        var paths: [String] = []
        while let url = enumerator.nextObject() as? URL {
            guard (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true else { continue }
            let path = url.standardizedFileURL.path
            if path.hasPrefix(base) { paths.append(String(path.dropFirst(base.count))) }
        }
        let root = target
        let contents = parallelMap(paths) { path in
            FileManager.default.contents(atPath: root.appendingPathComponent(path).path).map { [UInt8]($0) }
        }
        var files: [String: [UInt8]] = [:]
        for (path, bytes) in zip(paths, contents) { files[path] = bytes }
        return files
    }

    public func write(_ files: [GeneratedFile]) throws -> Outcome {
        try recover()
        let existing = current()
        let wanted = Dictionary(files.map { ($0.path, Array($0.contents.utf8)) }, uniquingKeysWith: { first, _ in first })
        let changed = wanted.filter { existing[$0.key] != $0.value }.count
        let removed = existing.keys.filter { wanted[$0] == nil }.count
        if changed == 0 && removed == 0 { return .unchanged }

        let manager = FileManager.default
        try manager.createDirectory(at: staging, withIntermediateDirectories: true)
        for path in wanted.keys.sorted() {
            let url = staging.appendingPathComponent(path)
            try manager.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(wanted[path]!).write(to: url)
        }
        if manager.fileExists(atPath: target.path) {
            if tally_exchange_paths(staging.path, target.path) == 0 {
                // generated/ is now the new tree; the staging name holds the old one.
                try manager.removeItem(at: staging)
                return .written(changed: changed, removed: removed)
            }
            try manager.moveItem(at: target, to: retired)
        }
        try manager.moveItem(at: staging, to: target)
        if manager.fileExists(atPath: retired.path) { try manager.removeItem(at: retired) }
        return .written(changed: changed, removed: removed)
    }
}
