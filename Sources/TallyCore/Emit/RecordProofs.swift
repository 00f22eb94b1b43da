#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Proving recorded files by name in their open folder (FolderCursor): a job's files, and generated/ as a whole
/// for the cache's proof.
extension OutputRecord {
    /// Each record, as proven of its file under `root` (`proven`), stopping at the first whose file does not hold
    /// what it records; each folder opened once for its run of records (FolderCursor), all read into one buffer.
    /// `before`: the wall clock before any file is read, which a stamp taken after its read is settled against.
    /// `takingStamps`: false where the files read are known to be too new for their stamps to be settled (those of
    /// a cache file written less than the settling time ago: `worthStamping`), which spares an fstat each.
    static func allHeld(_ records: some Sequence<OutputRecord>, under root: String, before: Int64 = Disk.now(),
                        takingStamps: Bool = true) -> [OutputRecord]? {
        var cursor = FolderCursor(root: root)
        var buffer = ProofBuffer()
        let trusting = StampTrust.allows(under: root)
        let taking = trusting && takingStamps ? before : nil
        var proven: [OutputRecord] = []
        proven.reserveCapacity(records.underestimatedCount)
        for record in records {
            let (folder, name) = cursor.locate(record.path)
            // A folder that cannot be opened holds no file that can be proven.
            guard let folder,
                  let held = record.proven(named: name, in: folder, buffer: &buffer, trusting: trusting,
                                           takingStampBefore: taking) else {
                return nil
            }
            proven.append(held)
        }
        return proven
    }

    /// This record, when the plain file (not a link) named `name` in the open folder holds exactly what it records,
    /// with the stamp the file has now when that is settled; nil when it does not hold them.
    ///
    /// A file that still has the recorded stamp holds them without being read (FileStamp.settled). Any other is
    /// read: its size is not asked of fstat, but one byte more than recorded is asked of the read, which gives
    /// exactly the recorded count only for a file of that size. Nor its kind: O_NOFOLLOW refuses a link, pread
    /// refuses a folder (EISDIR) and a pipe (ESPIPE), O_NONBLOCK keeps a pipe or device from holding the open up,
    /// and a device that reads the recorded bytes holds them (one whose first read gives exactly those and stops
    /// short, whatever it would give after, as Disk.fill takes a short read at the recorded size for the end);
    /// its stamp is then asked of the open file, which a device has none of.
    /// `trusting`: whether a recorded stamp is taken (StampTrust); `takingStampBefore`: the clock before the read,
    /// for a file that is read to be stamped anew, or nil.
    func proven(named name: String, in folder: OpenFolder, buffer: inout ProofBuffer, trusting: Bool,
                takingStampBefore before: Int64?) -> OutputRecord? {
        if trusting, let stamp, FileStamp.of(name, in: folder.descriptor) == stamp { return self }
        let descriptor = openat(folder.descriptor, name, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOFOLLOW)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        let room = buffer.room(size + 1)
        let read = Disk.fill(room, from: descriptor, at: 0, expectedCount: size)
        guard read.failure == nil && read.filled == size
            && ContentHash(UnsafeRawBufferPointer(rebasing: room[..<size])) == hash else { return nil }
        var held = self
        held.stamp = before.flatMap { before in
            FileStamp.of(descriptor: descriptor)?.standing(forSize: size, before: before)
        }
        return held
    }
}

extension OutputCache {
    /// Whether the files a cache file describes may be old enough to stamp: not when the file was written less than
    /// the settling time ago, since it was written after them. Spares an fstat per proven file in the builds that
    /// follow one that wrote every file (30,000 at 10,000 definitions, 50,000 more with exports), none of whose
    /// stamps could be settled yet.
    static func worthStamping(_ path: String) -> Bool {
        guard let written = Disk.stamp(of: path)?.modified else { return false }
        return written <= Disk.now() - FileStamp.settling
    }
}
