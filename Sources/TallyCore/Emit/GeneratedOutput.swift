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

    /// Drift of generated/ from what the checked catalog produces.
    public func check(_ catalog: Catalog, inputs: [String: SourceText]) -> CheckReport {
        let key = cache != nil ? OutputCache.key(for: inputs) : nil
        if provenByCache(key) != nil { return CheckReport(diagnostics: [], fromCache: true) }
        let outcome = PhaseTimes.shared.measure("render and compare") { DriftCheck.compare(catalog, with: tree) }
        if let key, outcome.diagnostics.isEmpty { cache?.store(outcome.records, for: key) }
        return CheckReport(diagnostics: outcome.diagnostics, fromCache: false)
    }

    /// Makes generated/ what the checked catalog produces, writing nothing when it already is.
    public func build(_ catalog: Catalog, inputs: [String: SourceText]) throws -> BuildReport {
        try writer.recover()
        let key = cache != nil ? OutputCache.key(for: inputs) : nil
        if let proven = provenByCache(key) { return .unchanged(files: proven.count, fromCache: true) }
        // Until the new tree is in place, the entry would describe a tree that may not be there.
        cache?.clear()
        let (outcome, records) = try PhaseTimes.shared.measure("render and write") {
            try writer.write { consume in Generator.render(catalog, consume) }
        }
        if let key { cache?.store(records, for: key) }
        switch outcome {
        case .unchanged: return .unchanged(files: records.count, fromCache: false)
        case .written(let changed, let removed): return .written(files: records.count, changed: changed, removed: removed)
        }
    }

    /// The cache's records for `key`, when generated/ matches them file for file.
    private func provenByCache(_ key: String?) -> [OutputRecord]? {
        guard let key, let cache else { return nil }
        return PhaseTimes.shared.measure("cache proof") {
            guard let records = cache.records(for: key), tree.matches(records) else { return nil }
            return records
        }
    }
}
