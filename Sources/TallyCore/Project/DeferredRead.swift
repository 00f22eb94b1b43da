/// A project file taken on its stamp's word (InputStamps): its size and hash are the ones recorded when a run last
/// read it, and its bytes are read only when something asks for them, once.
///
/// Should the file have changed between the stamp's check and that read (an editor saving while tally runs), the
/// bytes read are not the ones the run took it for: they are used (a file that can no longer be read, or has grown
/// past the size limit, as no bytes), and from then on the run stores nothing in the output cache
/// (OutputCache.inputChanged), which would otherwise keep them under the hash of the bytes before.
final class DeferredRead: Sendable {
    /// The file as last read: its path in the project, size and hash.
    let record: OutputRecord
    /// The project's root, which the path is relative to.
    let root: String
    /// The most bytes a project file may have (ProjectReader.maxBytes).
    let limit: Int
    /// The cache whose stamp vouched for the file: told, should the file not read as stamped.
    let cache: OutputCache
    private let read = Locked<[UInt8]?>(nil)

    init(_ record: OutputRecord, root: String, limit: Int, cache: OutputCache) {
        self.record = record
        self.root = root
        self.limit = limit
        self.cache = cache
    }

    var bytes: [UInt8] {
        read.withLock { read in
            if let read { return read }
            // Not through a link: the stamp was a plain file's.
            let found = Disk.readFile(root + "/" + record.path, limit: limit, following: false)
            if !record.holds(found) { cache.inputChanged(record.path) }
            guard case .bytes(let bytes) = found else {
                read = []
                return []
            }
            read = bytes
            return bytes
        }
    }

    var isRead: Bool { read.withLock { $0 != nil } }
}
