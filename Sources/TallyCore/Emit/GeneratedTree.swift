import Dispatch

/// generated/ as it is on disk.
struct GeneratedTree: Sendable {
    /// The folder itself.
    let path: String

    /// Relative paths of everything in it that is not a folder, sorted; empty when it does not exist.
    func files() -> [(path: String, kind: Disk.Kind)] { Disk.files(under: path) ?? [] }

    /// What a proof found: nil when the tree differs from the entry; else the records, with fresh stamps for the
    /// files that had to be hashed (`refreshed`), so that the next run can trust them.
    struct Match {
        var records: [OutputRecord]
        var refreshed: Bool
    }

    /// Whether the tree holds exactly the entry's files, byte for byte: no file missing, none extra, none a link
    /// or anything but a plain file. A file whose stamp is the recorded one, which the entry trusts, is unchanged
    /// (any write moves the ctime); any other file is read, and its size and XXH64 compared. Files are checked on
    /// both cores.
    func matches(_ entry: CacheEntry) -> Match? {
        let present = files()
        guard present.count == entry.records.count else { return nil }
        let expected = entry.records.sorted { $0.path < $1.path }
        for (file, record) in zip(present, expected) where file.kind != .regular || file.path != record.path {
            return nil
        }
        let state = Locked((mismatches: 0, fresh: [Int: FileStamp]()))
        let root = path
        DispatchQueue.concurrentPerform(iterations: expected.count) { index in
            let record = expected[index]
            let location = root + "/" + record.path
            if let recorded = record.stamp, entry.trusts(recorded), Disk.stamp(of: location) == recorded { return }
            var stamp: FileStamp?
            if case .bytes(let bytes) = Disk.readFile(location, limit: record.size, following: false, stamp: &stamp),
               bytes.count == record.size, ContentHash(bytes) == record.hash {
                state.withLock { $0.fresh[index] = stamp }
            } else {
                state.withLock { $0.mismatches += 1 }
            }
        }
        let (mismatches, fresh) = state.withLock { $0 }
        guard mismatches == 0 else { return nil }
        var records = expected
        for (index, stamp) in fresh { records[index].stamp = stamp }
        return Match(records: records, refreshed: !fresh.isEmpty)
    }
}
