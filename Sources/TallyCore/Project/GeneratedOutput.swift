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
        /// `warning`: a problem that did not stop the build (the old tree could not be deleted).
        case written(files: Int, changed: Int, removed: Int, warning: String? = nil)
    }

    /// Takes the project's build lock (waiting for another build of the same project to finish; `waiting` is
    /// called first if so), then finishes or undoes a swap of generated/ that a killed build left behind. A build
    /// calls it before anything else reads generated/, and holds the lock until it is done.
    public func beginBuild(waiting: () -> Void = {}) throws -> BuildLock {
        let lock = try BuildLock(folder: root.path, waiting: waiting)
        try writer.recover()
        return lock
    }

    /// Starts looking for a cached proof of these inputs on another thread, so that hashing generated/ overlaps
    /// decoding the definitions; `check` and `build` wait for it.
    public func startProof(of inputs: ProjectFiles) -> CacheProof {
        CacheProof(key: { OutputCache.key(for: inputs.files) }, cache: cache, tree: tree)
    }

    /// Drift of generated/ from what the checked catalog produces.
    public func check(_ catalog: CheckedCatalog, proof: CacheProof) -> CheckReport {
        if proof.records() != nil { return CheckReport(diagnostics: [], fromCache: true) }
        let outcome = PhaseTimes.shared.measure("render and compare") { DriftCheck.compare(catalog, with: tree) }
        if let key = proof.key, outcome.diagnostics.isEmpty {
            cache?.store(CacheEntry(records: outcome.records), for: key)
        }
        return CheckReport(diagnostics: outcome.diagnostics, fromCache: false)
    }

    /// Makes generated/ what the checked catalog produces, writing nothing when it already is.
    public func build(_ catalog: CheckedCatalog, proof: CacheProof) throws -> BuildReport {
        if let proven = proof.records() { return .unchanged(files: proven.count, fromCache: true) }
        // Until the new tree is in place, the entry would describe a tree that may not be there.
        cache?.clear()
        let written = try PhaseTimes.shared.measure("render and write") {
            try writer.write { consume in Generator.render(catalog, consume) }
        }
        let records = written.records
        if let key = proof.key { cache?.store(CacheEntry(records: records), for: key) }
        switch written.outcome {
        case .unchanged: return .unchanged(files: records.count, fromCache: false)
        case .written(let changed, let removed):
            return .written(files: records.count, changed: changed, removed: removed, warning: written.warning)
        }
    }
}

/// The cache's answer for one set of inputs, worked out in the background: the records, when generated/ matches
/// them file for file.
public final class CacheProof: @unchecked Sendable {
    private let work = DispatchGroup()
    // Written once by the background work before it leaves `work`, read only after waiting on it.
    private var computedKey: String?
    private var proven: [OutputRecord]?

    /// `key` is worked out in the background too: without a build id it hashes tally's own binary.
    init(key: @escaping @Sendable () -> String?, cache: OutputCache?, tree: GeneratedTree) {
        guard let cache else { return }
        work.enter()
        Thread.detachNewThread { [self] in
            computedKey = PhaseTimes.shared.measure("cache key") { key() }
            PhaseTimes.shared.note("output cache: \(GeneratorIdentity.current)")
            if let key = computedKey {
                proven = PhaseTimes.shared.measure("cache proof") {
                    cache.entry(for: key).flatMap { tree.matches($0) }
                }
            }
            work.leave()
        }
    }

    /// The key of these inputs and this generator; nil without a cache or where the generator has no identity.
    var key: String? {
        work.wait()
        return computedKey
    }

    func records() -> [OutputRecord]? {
        work.wait()
        return proven
    }
}

extension OutputCache {
    /// The key of a project's files, as read.
    static func key(for files: [ProjectFiles.File]) -> String? {
        key(for: files.map { (path: $0.path, bytes: $0.text.bytes) })
    }
}
