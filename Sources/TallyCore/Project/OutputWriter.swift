import CTallySupport
import Foundation

/// Replaces generated/ as a whole. The new tree is written beside it, then swapped in: with one atomic exchange
/// where the system has one (Linux renameat2), else with two renames that a later run completes if the process
/// was killed between them. So generated/ is always either wholly old or wholly new, and nothing outside it is
/// touched.
public struct OutputWriter: Sendable {
    public let target: URL
    private var targetPath: String { target.path }
    private var staging: String { sibling("tally-new") }
    private var retired: String { sibling("tally-old") }

    public enum Outcome: Equatable, Sendable {
        case unchanged
        case written(changed: Int, removed: Int)
    }

    public init(target: URL) {
        self.target = target.standardizedFileURL
    }

    private func sibling(_ suffix: String) -> String {
        target.deletingLastPathComponent().path + "/.\(target.lastPathComponent).\(suffix)"
    }

    /// Finishes or undoes a swap that a killed run left behind.
    public func recover() throws {
        if Disk.exists(retired) {
            // The new tree was complete before the first rename, so a swap in progress is completed.
            if !Disk.exists(targetPath), Disk.exists(staging) {
                try Disk.move(staging, to: targetPath)
            } else if !Disk.exists(targetPath) {
                try Disk.move(retired, to: targetPath)
            }
            try Disk.remove(retired)
        }
        // A staging tree without a retired one never started its swap: it may be partial.
        try Disk.remove(staging)
    }

    /// What generated/ holds now, by relative path.
    public func current() -> [String: [UInt8]] {
        var files: [String: [UInt8]] = [:]
        for file in GeneratedTree(path: targetPath).files() {
            if case .bytes(let bytes) = Disk.readFile(targetPath + "/" + file.path) { files[file.path] = bytes }
        }
        return files
    }

    public func write(_ files: [GeneratedFile]) throws -> Outcome {
        try write { consume in consume(files) }.outcome
    }

    /// Writes every file `produce` hands over into a new tree, comparing each with the one it replaces as it
    /// goes, so no file is held longer than its job. The new tree is swapped in only when some byte differs.
    func write(_ produce: (@escaping @Sendable ([GeneratedFile]) -> Void) -> Void) throws
        -> (outcome: Outcome, records: [OutputRecord]) {
        try recover()
        let stagingPath = staging
        let oldPath = targetPath
        try Disk.makeDirectories(stagingPath)
        let state = Locked(WriteState())
        produce { files in
            for file in files {
                guard state.withLock({ $0.failure == nil }) else { return }
                var contents = file.contents
                let outcome = contents.withUTF8 { buffer in
                    Self.place(UnsafeRawBufferPointer(buffer), at: file.path, in: stagingPath, replacing: oldPath)
                }
                state.withLock { $0.add(outcome) }
            }
        }
        let written = state.withLock { $0 }
        if let failure = written.failure {
            try? Disk.remove(stagingPath)
            throw failure
        }
        let produced = Set(written.records.map(\.path))
        let removed = GeneratedTree(path: oldPath).files().filter { !produced.contains($0.path) }.count
        guard written.changed > 0 || removed > 0 else {
            try Disk.remove(stagingPath)
            return (.unchanged, written.oldRecords)
        }
        try swapIn(stagingPath)
        return (.written(changed: written.changed, removed: removed), written.records)
    }

    private func swapIn(_ stagingPath: String) throws {
        if Disk.exists(targetPath) {
            if tally_exchange_paths(stagingPath, targetPath) == 0 {
                // generated/ is now the new tree; the staging name holds the old one.
                try Disk.remove(stagingPath)
                return
            }
            try Disk.move(targetPath, to: retired)
        }
        try Disk.move(stagingPath, to: targetPath)
        try Disk.remove(retired)
    }

    /// Writes one file into the new tree and says whether the old tree had exactly these bytes there.
    private static func place(_ bytes: UnsafeRawBufferPointer, at path: String, in stagingPath: String,
                              replacing oldPath: String) -> Result<Placed, DiskError> {
        let destination = stagingPath + "/" + path
        let written: FileStamp
        do throws(DiskError) {
            do throws(DiskError) {
                written = try Disk.writeFile(bytes, to: destination)
            } catch where error.code == ENOENT {
                try Disk.makeDirectories(String(destination[..<destination.lastIndex(of: "/")!]))
                written = try Disk.writeFile(bytes, to: destination)
            }
        } catch {
            return .failure(error)
        }
        var oldStamp: FileStamp?
        var same = false
        if case .bytes(let old) = Disk.readFile(oldPath + "/" + path, limit: bytes.count, stamp: &oldStamp),
           old.count == bytes.count {
            same = old.withUnsafeBytes { bytes.count == 0 || memcmp($0.baseAddress!, bytes.baseAddress!, bytes.count) == 0 }
        }
        let record = OutputRecord(path: path, size: bytes.count, hash: ContentHash(bytes), stamp: written)
        return .success(Placed(record: record, oldStamp: same ? oldStamp : nil))
    }
}

/// One file written into the new tree. Its record carries the new file's stamp; `oldStamp` is the old tree's
/// file, when it held the same bytes, for when the old tree stays.
private struct Placed {
    var record: OutputRecord
    var oldStamp: FileStamp?
}

private struct WriteState {
    var placed: [Placed] = []
    var failure: DiskError?

    var records: [OutputRecord] { placed.map(\.record) }
    var changed: Int { placed.count { $0.oldStamp == nil } }

    /// The records as of the old tree, for when nothing changed and it stays.
    var oldRecords: [OutputRecord] {
        placed.map { placed in
            var record = placed.record
            record.stamp = placed.oldStamp
            return record
        }
    }

    mutating func add(_ outcome: Result<Placed, DiskError>) {
        switch outcome {
        case .success(let file): placed.append(file)
        case .failure(let error): if failure == nil { failure = error }
        }
    }
}
