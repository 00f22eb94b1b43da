import Dispatch

/// generated/ as it is on disk.
struct GeneratedTree: Sendable {
    /// The folder itself.
    let path: String

    /// Relative paths of everything in it that is not a folder, sorted; empty when it does not exist.
    func files() -> [(path: String, kind: Disk.Kind)] { Disk.files(under: path) ?? [] }

    /// Whether the tree holds exactly these files, byte for byte as far as size and XXH64 tell: no file missing,
    /// none extra, none a link or anything but a plain file. Files are hashed on both cores.
    func matches(_ records: [OutputRecord]) -> Bool {
        let present = files()
        guard present.count == records.count else { return false }
        let expected = records.sorted { $0.path < $1.path }
        for (file, record) in zip(present, expected) where file.kind != .regular || file.path != record.path {
            return false
        }
        let mismatches = Locked(0)
        let root = path
        DispatchQueue.concurrentPerform(iterations: expected.count) { index in
            let record = expected[index]
            let same: Bool
            if case .bytes(let bytes) = Disk.readFile(root + "/" + record.path, limit: record.size) {
                same = bytes.count == record.size && ContentHash(bytes) == record.hash
            } else {
                same = false
            }
            if !same { mismatches.withLock { $0 += 1 } }
        }
        return mismatches.withLock { $0 } == 0
    }
}
