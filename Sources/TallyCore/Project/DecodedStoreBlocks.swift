import Foundation

/// A run that decoded a few files anew appends their entries to the decoded store as one block, checked by a
/// checksum that continues the last block's, rather than writing the store whole: after a view edit at 10,000
/// definitions, the whole write was 11 MB (17–72 ms of a core, new pages for the kernel to clear and the last
/// version's to free) for one entry of 1 KB. The entries a block replaces stay in the file, unread, until the store
/// is written whole again: when what is no longer read would be more than a fifth of what is, when the file has
/// many blocks, or when an entry would be left for a file gone from the project.
extension DecodedStore {
    /// Blocks one store file may hold: each is read and checked on its own.
    static let blocksLimit = 64

    /// Appends the entries written now (`.written` forms) after the store file as one block, when that file is
    /// still the one read, was read to its end, and every entry it holds is taken again or replaced; true when
    /// appended. False leaves the store to be written whole.
    func appended(_ forms: [Form?], of files: [ProjectFiles.File]) -> Bool {
        guard let stored, let chain, chain.blocks < Self.blocksLimit else { return false }
        // Measured before anything is made: after every definition changed (a branch switch), a block of every
        // entry was 22 MB made at 10,000 definitions, only to be found too large, at the build's peak of memory.
        var takenBytes = 0
        var writtenBytes = 0
        var taken = 0
        var replaced = 0
        var written: [Int] = []
        for (place, (file, form)) in zip(files, forms).enumerated() {
            switch form {
            case .stored(let entry)?:
                taken += 1
                takenBytes += entry.count
            case .written(let payload)?:
                if entries[file.path] != nil { replaced += 1 }
                written.append(place)
                // At most: the entry's head is its path, its length and three numbers of up to 10 bytes each.
                writtenBytes += file.path.utf8.count + 40 + payload.count
            case nil:
                continue
            }
        }
        // What the file would hold that is not read: all but the entries taken from it (the new block is all read,
        // but for its count and its checksum line, 31 bytes at most).
        let unread = stored.bytes.count - takenBytes + 31
        // An entry neither taken nor replaced is of a file gone from the project, or one that now has problems:
        // written whole, the store drops it.
        guard !written.isEmpty, taken + replaced == entries.count,
              unread * OutputCache.blockWasteShare <= takenBytes + writtenBytes else { return false }
        var block = StoreWriter(file: nil, capacity: writtenBytes + 32)
        block.unsigned(UInt64(written.count))
        for place in written {
            guard case .written(let payload)? = forms[place] else { continue }
            writeHead(of: files[place], at: place, payloadCount: payload.count, to: &block)
            payload.withUnsafeBytes { block.raw($0) }
        }
        return PhaseTimes.shared.measure("decoded store write") {
            cache.appendBlock(block.bytes, seed: chain.checksum, to: cache.decodedFile, after: stored.stamp)
        }
    }
}
