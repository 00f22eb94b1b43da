/// Each input file's content hash by path, and one hash of everything that is not a definition (tally.yaml, sources,
/// group.yaml) with the generator's identity: what the keys of the work kept between runs are made of (JobKeys for
/// the group jobs and docs pages, ValidationStore for each definition's own diagnostics). Made once per run.
struct InputHashes: Sendable {
    private let hashes: [String: ContentHash]
    /// The hash of every file that is not a definition, of the generator and of the output cache's layout.
    let common: [UInt8]
    /// The same, with tally.yaml as the jobs that render read it (SettingsAsRendered): the group jobs' and docs
    /// pages' keys are made of it.
    let rendered: [UInt8]

    /// `inputs`: every file read, its hash, and whether it is a definition; `settingsAsRendered`: tally.yaml's hash
    /// as the jobs that render read it, when that differs from its own. nil when the generator cannot be
    /// identified (then nothing is cached at all).
    init?(inputs: [(path: String, hash: ContentHash, isDefinition: Bool)],
          settingsAsRendered: (path: String, hash: ContentHash)? = nil, generator: GeneratorIdentity = .current) {
        guard let generatorBytes = generator.keyBytes else { return nil }
        var hashes: [String: ContentHash] = [:]
        hashes.reserveCapacity(inputs.count)
        var common = KeyHasher()
        var rendered = KeyHasher()
        common.add(OutputCache.formatLine)
        common.add(generatorBytes)
        rendered.add(OutputCache.formatLine)
        rendered.add(generatorBytes)
        // Only the files that are not definitions are hashed in order, so only they are sorted: sorting the 10,000
        // definitions' paths as well was 5 million instructions of a view edit's build, on one core.
        var others: [(path: String, hash: ContentHash)] = []
        for file in inputs {
            hashes[file.path] = file.hash
            if !file.isDefinition { others.append((file.path, file.hash)) }
        }
        for file in others.sorted(by: { $0.path < $1.path }) {
            common.add(file.path)
            common.add(file.hash.value)
            rendered.add(file.path)
            let asRendered = settingsAsRendered.flatMap { $0.path == file.path ? $0.hash : nil } ?? file.hash
            rendered.add(asRendered.value)
        }
        self.hashes = hashes
        self.common = Array(common.finish().utf8)
        self.rendered = Array(rendered.finish().utf8)
    }

    /// Adds each file's path and hash to a key; false when one was not among the inputs.
    func add(_ files: some Sequence<String>, to hasher: inout KeyHasher) -> Bool {
        files.allSatisfy { add($0, to: &hasher) }
    }

    /// Adds a file's path and hash to a key; false when it was not among the inputs.
    func add(_ file: String, to hasher: inout KeyHasher) -> Bool {
        guard let hash = hashes[file] else { return false }
        hasher.add(file)
        hasher.add(hash.value)
        return true
    }
}
