import Foundation

/// A project's generated/: proving it current (`tally check`) and replacing it (`tally build`). When the output
/// cache has an entry for exactly these inputs and this generator, and generated/ hashes to what it records, the
/// answer is known without decoding or rendering: the entry's problems are reported again. Otherwise the project
/// is checked and everything rendered and compared, and the cache learns the result.
public struct GeneratedOutput: Sendable {
    public let root: URL
    public let cache: OutputCache?

    public init(root: URL, cache: OutputCache?) {
        self.root = root.standardizedFileURL
        self.cache = cache
    }

    var writer: OutputWriter { OutputWriter(target: root.appendingPathComponent("generated")) }
    var tree: GeneratedTree { GeneratedTree(path: writer.target.path) }
    /// Where a build's work folder is (OutputWriter), for check to say what one left there is.
    public var workFolder: URL { writer.workFolder }

    public struct CheckReport: Sendable {
        public var diagnostics: [Diagnostic]
        /// True when the cache answered: nothing was rendered.
        public var fromCache: Bool
    }

    public enum BuildReport: Equatable, Sendable {
        /// `warning`: as below (files in generated/ that are not tally's, kept).
        case unchanged(files: Int, fromCache: Bool, warning: String? = nil)
        /// `warning`: problems that did not stop the build, a line each (the old tree could not be deleted; files
        /// in generated/ that are not tally's were kept).
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

    /// Starts reading the last build's jobs and proving their files in generated/, for `lookUp` to hand to the
    /// render (JobProofs): called before the project is read, whose reading leaves a core idle a third of the time
    /// at 10,000 definitions. Nil without a cache. A build calls it once it holds the lock.
    public func startProofs() -> JobProofs? {
        cache.map { JobProofs(cache: $0, root: tree.path) }
    }

    /// What the cache knows of these inputs: their key, and the earlier check's result when generated/ still
    /// matches it file for file. Inputs with problems of their own (a misplaced file, an unreadable one) are
    /// never answered from the cache, since the key covers only the files read. `proofs`: from `startProofs`, for
    /// a run that then renders; stopped when the cache answers.
    public func lookUp(_ inputs: ProjectFiles, proofs: JobProofs? = nil) -> CacheLookup {
        guard let cache else { return CacheLookup(key: nil, proven: nil) }
        let (key, hashes) = PhaseTimes.shared.measure("cache key") {
            let hashes = inputs.contentHashes
            return (OutputCache.key(forHashed: zip(inputs.files, hashes).map { ($0.path, $0.text.count, $1) }),
                    hashes)
        }
        PhaseTimes.shared.note("output cache: \(GeneratorIdentity.current)")
        guard let key, inputs.diagnostics.diagnostics.isEmpty else {
            proofs?.stop()
            return CacheLookup(key: nil, proven: nil)
        }
        let proven = PhaseTimes.shared.measure("cache proof") { () -> CacheEntry? in
            guard let entry = cache.entry(for: key),
                  let records = tree.matches(entry, takingStamps: OutputCache.worthStamping(cache.file)) else { return nil }
            // Files read because their stamps were not settled (written moments before the entry) or had moved
            // (touched, copied back) are stamped now: stored, so that the next run need not read them again.
            if records != entry.records {
                var restamped = entry
                restamped.records = records
                cache.store(restamped, for: key)
            }
            return entry
        }
        if proven != nil {
            proofs?.stop()
            return CacheLookup(key: key, proven: proven)
        }
        // Only a run that renders needs the group jobs' keys and the last build's jobs, and only one that decodes,
        // the decoded store. The jobs are read on another thread while the project is read, decoded and validated
        // (also when validation then fails and nothing renders): read after, they were 13 ms of a one-edit build
        // at 10,000 definitions on one core, and their records, held through decoding, stay below the render's
        // peak. That thread then proves their files while a core is idle (JobProofs).
        guard let jobKeys = JobKeys(files: inputs.files, hashes: hashes) else {
            proofs?.stop()
            return CacheLookup(key: key, proven: nil, storeInputs: (cache, inputs.files.map(\.path), hashes))
        }
        let jobs = proofs ?? JobProofs(cache: cache, root: tree.path)
        jobs.begin()
        return CacheLookup(key: key, proven: nil, jobKeys: jobKeys, storeInputs: (cache, inputs.files.map(\.path), hashes),
                           storedJobs: jobs)
    }

    /// What a render takes from the last build: the group jobs the cache holds, whatever inputs they were made from
    /// (an edit leaves most jobs' inputs as they were).
    func reuse(_ lookup: CacheLookup) -> JobReuse? {
        guard let cache, lookup.key != nil, let keys = lookup.jobKeys else { return nil }
        let previous = lookup.storedJobs ?? JobProofs(cache: cache, root: tree.path)
        if lookup.storedJobs == nil { previous.begin() }
        return JobReuse(keys: keys, root: tree.path, previous: previous)
    }

    /// Drift of generated/ from what the checked catalog produces; `checked` is what checking reported, for the
    /// cache to replay.
    public func check(_ catalog: CheckedCatalog, checked: CheckResult, lookup: CacheLookup) -> CheckReport {
        let reuse = reuse(lookup)
        defer { Teardown.skip(reuse as Any) }
        let outcome = PhaseTimes.shared.measure("render and compare") {
            defer { reuse?.renderEnded() }
            return DriftCheck.compare(catalog, with: tree, reusing: reuse, recording: lookup.key != nil)
        }
        if outcome.diagnostics.isEmpty { remember(outcome.records, reuse: reuse, checked: checked, lookup: lookup) }
        return CheckReport(diagnostics: outcome.diagnostics, fromCache: false)
    }

    /// Makes generated/ what the checked catalog produces, writing nothing when it already is.
    public func build(_ catalog: CheckedCatalog, checked: CheckResult, lookup: CacheLookup) throws -> BuildReport {
        let reuse = reuse(lookup)
        // Until the new tree is in place, the entry would describe a tree that may not be there.
        cache?.clear()
        defer {
            reuse?.renderEnded()
            Teardown.skip(reuse as Any)
        }
        // Each view makes its SQL in each dialect, and the catalog a few hundred more files (docs pages, fixtures,
        // exports grow it further).
        let expected = catalog.views.count * catalog.settings.dialects.count + 512
        let start = PhaseTimes.now()
        // The cache's files are written once generated/ holds the new files, while the emptied work folder is
        // deleted (OutputWriter.putInPlace).
        let written = try writer.write(expectedFiles: expected, whilePlaced: { records in
            PhaseTimes.shared.record("render and write", since: start)
            remember(records, reuse: reuse, checked: checked, lookup: lookup)
        }) { consume in
            Generator.render(catalog, reusing: reuse, consume)
            // No proof is wanted once every job is taken or rendered: the thread stops before the files are placed.
            reuse?.renderEnded()
        }
        let records = written.records
        switch written.outcome {
        case .unchanged: return .unchanged(files: records.count, fromCache: false, warning: written.warning)
        case .written(let changed, let removed):
            return .written(files: records.count, changed: changed, removed: removed, warning: written.warning)
        }
    }

    private func remember(_ records: [OutputRecord], reuse: JobReuse?, checked: CheckResult, lookup: CacheLookup) {
        guard let key = lookup.key, !checked.diagnostics.hasErrors else { return }
        if let reuse { PhaseTimes.shared.note("jobs taken from generated/ (groups and docs pages): \(reuse.reusedJobs)") }
        // The two files on both cores: written one after the other, they were the build's last 35 ms, on one core.
        // The jobs' records are made on the jobs file's core too (30,000 pieces with where they were laid, 8 ms at
        // 10,000 definitions, had been made before either began).
        PhaseTimes.shared.measure("cache write") {
            let entry = CacheEntry(diagnostics: checked.diagnostics.diagnostics,
                                   definitionCount: checked.definitionCount, records: records)
            DispatchQueue.concurrentPerform(iterations: 2) { index in
                if index == 0 {
                    cache?.store(entry, for: key)
                } else if let reuse, let cache {
                    if let chain = reuse.storedChain, let (block, carried) = reuse.ledgerBlock(after: chain),
                       cache.appendJobs(block, carrying: carried, to: chain) {
                        return
                    }
                    if let jobs = reuse.jobRecords() { cache.storeJobs(jobs, assembled: reuse.assembledRecords) }
                }
            }
        }
    }
}

/// The cache's answer for one set of inputs.
public struct CacheLookup: Sendable {
    /// The key of these inputs and this generator; nil without a cache, where the generator has no identity, or
    /// for inputs with problems of their own.
    let key: String?
    /// The earlier check's result, when generated/ matches its records.
    let proven: CacheEntry?
    /// Each group job's key under these inputs.
    var jobKeys: JobKeys? = nil
    /// Where the decoded store is kept, and each input's hash, for a run that decodes. The store is read when the
    /// check runs and let go when it ends: at 10,000 definitions it is 11 MB, which the render does not need.
    var storeInputs: (cache: OutputCache, paths: [String], hashes: [ContentHash])? = nil
    /// The last build's jobs, as the cache holds them, being read and proven.
    var storedJobs: JobProofs? = nil
    /// The check these inputs would get, replayed: nil unless the cache proved generated/ current.
    public func replayed(_ inputs: ProjectFiles) -> CheckResult? {
        guard let proven else { return nil }
        return CheckResult(replaying: proven.diagnostics, definitionCount: proven.definitionCount, of: inputs)
    }

    /// How many files the proof covered; nil when the cache did not prove generated/ current.
    public var provenFiles: Int? { proven?.records.count }

    /// The check of these inputs: replayed when the cache proved them, else run, forgetting the texts no problem
    /// quotes (what follows renders, and holding them costs memory).
    public func check(_ inputs: ProjectFiles) -> CheckResult {
        if let replayed = replayed(inputs) { return replayed }
        // The hashes are of the files looked up: for any other files, no store.
        let store = storeInputs.flatMap { stored in
            stored.paths.elementsEqual(inputs.files.lazy.map(\.path))
                ? DecodedStore(cache: stored.cache, hashes: stored.hashes, inputs: jobKeys?.inputs) : nil
        }
        var result = Compiler.check(inputs, store: store)
        result.forgetUnquotedTexts()
        return result
    }
}

extension OutputCache {
    /// The key of a project's files, as read.
    static func key(for files: [ProjectFiles.File]) -> String? {
        key(for: files.map { (path: $0.path, bytes: $0.text.bytes) })
    }
}

extension InputHashes {
    /// A project's files as read, with each file's hash (parallel to `files`).
    init?(files: [ProjectFiles.File], hashes: [ContentHash]) {
        let settings = files.first { if case .settings = $0.role { true } else { false } }
        self.init(inputs: zip(files, hashes).map { file, hash in
            let isDefinition = if case .definition = file.role { true } else { false }
            return (file.path, hash, isDefinition)
        }, settingsAsRendered: settings.flatMap { file in SettingsAsRendered.hash(of: file.text).map { (file.path, $0) } })
    }
}

extension JobKeys {
    /// The keys of a project's files as read, with each file's hash (parallel to `files`).
    init?(files: [ProjectFiles.File], hashes: [ContentHash]) {
        guard let inputs = InputHashes(files: files, hashes: hashes) else { return nil }
        self.init(inputs: inputs)
    }
}
