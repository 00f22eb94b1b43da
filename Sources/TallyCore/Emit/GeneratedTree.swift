import Dispatch

/// generated/ as it is on disk.
struct GeneratedTree: Sendable {
    /// The folder itself.
    let path: String

    /// Relative paths of everything in it that is not a folder, sorted; empty when it does not exist.
    func files() -> [(path: String, kind: Disk.Kind)] { Disk.files(under: path) ?? [] }

    /// Whether the tree holds exactly the entry's files, byte for byte: no file missing, none extra, none a link
    /// or anything but a plain file. A file whose stamp is the one recorded, and changed before the entry was
    /// written, is unchanged (a write would have moved its ctime); any other file is read and its size and XXH64
    /// compared. Files are checked on both cores.
    func matches(_ entry: CacheEntry) -> Bool {
        let present = files()
        guard present.count == entry.records.count else { return false }
        let expected = entry.records.sorted { $0.path < $1.path }
        for (file, record) in zip(present, expected) where file.kind != .regular || file.path != record.path {
            return false
        }
        let mismatches = Locked(0)
        let root = path
        DispatchQueue.concurrentPerform(iterations: expected.count) { index in
            let record = expected[index]
            let location = root + "/" + record.path
            if let recorded = record.stamp, recorded.changed < entry.writtenAt, Disk.stamp(of: location) == recorded {
                return
            }
            let same: Bool
            if case .bytes(let bytes) = Disk.readFile(location, limit: record.size) {
                same = bytes.count == record.size && ContentHash(bytes) == record.hash
            } else {
                same = false
            }
            if !same { mismatches.withLock { $0 += 1 } }
        }
        return mismatches.withLock { $0 } == 0
    }
}
