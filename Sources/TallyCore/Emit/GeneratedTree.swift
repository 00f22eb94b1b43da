/// generated/ as it is on disk.
struct GeneratedTree: Sendable {
    /// The folder itself.
    let path: String

    /// Relative paths of everything in it that is not a folder, sorted, but what other tools own there
    /// (ToolArtifacts); empty when it does not exist.
    func files() -> [(path: String, kind: Disk.Kind)] { Disk.files(under: path, skipping: ToolArtifacts.owns) ?? [] }

    /// The same, in no particular order.
    func filesInAnyOrder() -> [(path: String, kind: Disk.Kind)] {
        Disk.filesInAnyOrder(under: path, skipping: ToolArtifacts.owns) ?? []
    }

    /// A symbolic link stands where generated/ should be: its files may be current, but they live elsewhere and a
    /// write would go through it. Check reports it, the cache never proves it, build replaces it with a folder.
    var isLink: Bool { Disk.kind(of: path) == .symbolicLink }

    /// Something neither a folder nor a link stands where generated/ should be (a file someone made): reported,
    /// and never deleted to make room.
    var isOccupied: Bool {
        guard let kind = Disk.kind(of: path) else { return false }
        return kind != .directory && kind != .symbolicLink
    }

    /// The entry's records, each with its file's stamp now (OutputRecord.proven), when the tree holds exactly its
    /// files, byte for byte: no file missing, none extra, none a link or anything but a plain file, and each one's
    /// size and XXH64 the recorded ones. Files are proven on both cores, in runs of up to `proofRun` sorted paths,
    /// so that each run finds a folder's files by name in it.
    /// `takingStamps`: as OutputRecord.allHeld has it.
    func matches(_ entry: CacheEntry, takingStamps: Bool = true) -> [OutputRecord]? {
        guard !isLink else { return nil }
        let present = files()
        guard present.count == entry.records.count else { return nil }
        let expected = entry.records.sorted { $0.path < $1.path }
        for (file, record) in zip(present, expected) where file.kind != .regular || file.path != record.path {
            return nil
        }
        let root = path
        let held = parallelMap(runs(of: expected.count, size: Self.proofRun)) { run in
            OutputRecord.allHeld(expected[run], under: root, takingStamps: takingStamps)
        }
        var proven: [OutputRecord] = []
        proven.reserveCapacity(expected.count)
        for run in held {
            guard let run else { return nil }
            proven += run
        }
        return proven
    }

    /// How many files one iteration of `matches` proves: 600 runs at 10,000 definitions, enough for both cores to
    /// finish together.
    static let proofRun = 50
}
