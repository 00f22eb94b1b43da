import Foundation

/// A project's generated/: proving it current (`tally check`) and replacing it (`tally build`). When the output
/// cache has an entry for exactly these inputs and this generator, and generated/ hashes to what it records, the
/// answer is known without rendering; otherwise everything is rendered and compared, and the cache learns the
/// result.
public struct GeneratedOutput: Sendable {
    public let root: URL
    public let cache: OutputCache?

    public init(root: URL, cache: OutputCache?) {
        self.root = root.standardizedFileURL
        self.cache = cache
    }

    var writer: OutputWriter { OutputWriter(target: root.appendingPathComponent("generated")) }
    var tree: GeneratedTree { GeneratedTree(path: writer.target.path) }

    public struct CheckReport: Sendable {
        public var diagnostics: [Diagnostic]
        /// True when the cache answered: nothing was rendered.
        public var fromCache: Bool
    }

    public enum BuildReport: Equatable, Sendable {
        case unchanged(files: Int, fromCache: Bool)
        case written(files: Int, changed: Int, removed: Int)
    }

    /// Finishes or undoes a swap of generated/ that a killed build left behind. A build calls it before anything
    /// else reads generated/.
    public func recoverInterruptedBuild() throws { try writer.recover() }

    /// Starts looking for a cached proof of these inputs on another thread, so that hashing generated/ overlaps
    /// decoding the definitions; `check` and `build` wait for it.
    public func startProof(of inputs: ProjectFiles) -> CacheProof {
        CacheProof(key: cache != nil ? OutputCache.key(for: inputs.files) : nil, cache: cache, tree: tree)
    }

    /// Drift of generated/ from what the checked catalog produces.
    public func check(_ catalog: Catalog, proof: CacheProof) -> CheckReport {
        if proof.records() != nil { return CheckReport(diagnostics: [], fromCache: true) }
        let outcome = PhaseTimes.shared.measure("render and compare") { DriftCheck.compare(catalog, with: tree) }
        if let key = proof.key, outcome.diagnostics.isEmpty { cache?.store(outcome.records, for: key) }
        return CheckReport(diagnostics: outcome.diagnostics, fromCache: false)
    }

    /// Makes generated/ what the checked catalog produces, writing nothing when it already is.
    public func build(_ catalog: Catalog, proof: CacheProof) throws -> BuildReport {
        if let proven = proof.records() { return .unchanged(files: proven.count, fromCache: true) }
        // Until the new tree is in place, the entry would describe a tree that may not be there.
        cache?.clear()
        let (outcome, records) = try PhaseTimes.shared.measure("render and write") {
            try writer.write { consume in Generator.render(catalog, consume) }
        }
        if let key = proof.key { cache?.store(records, for: key) }
        switch outcome {
        case .unchanged: return .unchanged(files: records.count, fromCache: false)
        case .written(let changed, let removed): return .written(files: records.count, changed: changed, removed: removed)
        }
    }
}

/// The cache's answer for one set of inputs, worked out in the background: the records, when generated/ matches
/// them file for file.
public final class CacheProof: @unchecked Sendable {
    let key: String?
    private let done = DispatchSemaphore(value: 0)
    // Written once by the background work before `done` is signalled, read only after waiting on it.
    private var proven: [OutputRecord]?
    private let finished = Locked(false)

    init(key: String?, cache: OutputCache?, tree: GeneratedTree) {
        self.key = key
        guard let key, let cache else {
            done.signal()
            return
        }
        Thread.detachNewThread { [self] in
            proven = PhaseTimes.shared.measure("cache proof") {
                guard let entry = cache.entry(for: key), tree.matches(entry) else { return nil }
                return entry.records
            }
            done.signal()
        }
    }

    func records() -> [OutputRecord]? {
        finished.withLock { isFinished in
            if !isFinished {
                done.wait()
                isFinished = true
            }
        }
        return proven
    }
}
