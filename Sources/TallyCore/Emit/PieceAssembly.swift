import Foundation

/// Collects the pieces group jobs hand in for files that span every group (views.sql, Catalog.swift), and hands the files over
/// when the last job is in, each made of its pieces as parts: no file is ever joined into a second copy. A rendered
/// piece waits in a scratch file of its assembled file, not in memory (every dialect's views.sql, 12 MB each at
/// 10,000 definitions, held through the whole render, were the peak of a build's memory); a piece that a job took
/// from generated/ waits as where it lay in the file's last version. Each file is put together from one read of
/// its scratch file and, if pieces are taken from it, one of its last version: from front to back through one
/// chunk, its pieces becoming stretches the writer copies (LaidStretches), or, when a piece is not where it was
/// laid, whole into memory to search it.
final class PieceAssembly: Sendable {
    private let files: [AssembledFile]
    private let catalog: CheckedCatalog
    /// Where the last versions lie and who is told where each piece is laid (nil when nothing is cached).
    private let reuse: JobReuse?
    private let state: Locked<State>
    /// How many views the catalog has: each assembled file has a place for each.
    private let viewCount: Int
    /// Each assembled file's head, made early by `prepareHeads` while both cores render: made when the last group
    /// job puts the files together, the heads (a DROP line per view where a dialect needs them) were 16 ms at
    /// 10,000 definitions on one core while the other, its jobs taken from generated/, had nothing to do.
    private let heads = Locked<[String: String]>([:])

    private struct State {
        var remainingJobs: Int
        /// Each assembled file's rendered pieces, waiting; a file whose scratch file cannot be made or written
        /// keeps them in memory.
        var scratch: [String: ScratchFile?] = [:]
        /// Each assembled file's pieces by position: an array with a place for every view, since nearly every view
        /// has a piece (a dictionary of 10,000 pieces cost twice the memory).
        var pieces: [String: [FilePiece?]] = [:]
    }

    init(emitters: [any Emitter], catalog: CheckedCatalog, jobs: Int, reuse: JobReuse?) {
        files = emitters.flatMap { $0.assembledFiles() }
        self.catalog = catalog
        self.reuse = reuse
        state = Locked(State(remainingJobs: jobs))
        viewCount = catalog.views.count
    }

    /// A file's pieces in the order it lays them, from its places by position.
    private func ordered(_ places: [FilePiece?], for file: AssembledFile) -> [FilePiece] {
        switch file.order {
        case .dependency: return places.compactMap { $0 }
        case .catalog: return places.isEmpty ? [] : catalog.positionsByGroup.compactMap { places[$0] }
        }
    }

    /// Takes one group job's pieces; for the last job, hands over every assembled file. A job's rendered texts for
    /// one file get one place in its scratch file under the lock and are written there together outside it, in
    /// one call (a call per piece was 30,000 system calls at 10,000 definitions), so that jobs do not wait on each
    /// other's writes; texts that cannot be written wait in memory.
    func add(_ pieces: [FilePiece], emit: ([GeneratedFile]) -> Void) {
        var pieces = pieces
        // Each path's text pieces, in order, with the total of their bytes.
        var byPath: [(path: String, indices: [Int], count: Int)] = []
        for index in pieces.indices {
            guard case .text(let text) = pieces[index].content else { continue }
            let path = pieces[index].path
            if let at = byPath.firstIndex(where: { $0.path == path }) {
                byPath[at].indices.append(index)
                byPath[at].count += text.utf8.count
            } else {
                byPath.append((path, [index], text.utf8.count))
            }
        }
        let places = state.withLock { state -> [(indices: [Int], count: Int, file: ScratchFile, offset: Int)] in
            byPath.compactMap { group in
                if state.scratch[group.path] == nil { state.scratch[group.path] = .some(ScratchFile()) }
                guard case .some(.some(let file)) = state.scratch[group.path] else { return nil }
                return (group.indices, group.count, file, file.reserve(group.count))
            }
        }
        for place in places {
            var bytes: [UInt8] = []
            bytes.reserveCapacity(place.count)
            var ranges: [Range<Int>] = []
            for index in place.indices {
                guard case .text(let text) = pieces[index].content else { continue }
                let start = bytes.count
                bytes.append(contentsOf: text.utf8)
                ranges.append(start..<bytes.count)
            }
            let written = bytes.withUnsafeBytes { place.file.write($0, at: place.offset) }
            guard written else { continue }
            for (index, range) in zip(place.indices, ranges) {
                let hash = bytes[range].withUnsafeBytes { ContentHash($0) }
                pieces[index].content = .scratch(offset: place.offset + range.lowerBound, length: range.count,
                                                 hash: hash)
            }
        }
        let last = state.withLock { state -> Bool in
            // Each assembled file's places taken out once and put back.
            var byFile = FewPathSlots<[FilePiece?]>()
            for piece in pieces {
                let slot = byFile.slot(piece.path) {
                    state.pieces.removeValue(forKey: piece.path) ?? Array(repeating: nil, count: viewCount)
                }
                byFile.values[slot][piece.position] = piece
            }
            for (path, places) in zip(byFile.paths, byFile.values) { state.pieces[path] = places }
            state.remainingJobs -= 1
            return state.remainingJobs == 0
        }
        if last { assembleAll(emit: emit) }
    }

    /// Makes each assembled file's head, for `assembleAll` to take.
    func prepareHeads() {
        for file in files {
            let head = file.head()
            heads.withLock { $0[file.path] = head }
        }
    }

    /// Hands over every assembled file, each its head and then its pieces in position order, a line break between
    /// each two, dropping each path's pieces once its file is written or compared: in the lanes AssemblyLanes shares
    /// them out in, the first here and the second on a thread of its own (`emit` is called from both). Called once
    /// all group jobs are in.
    func assembleAll(emit: ([GeneratedFile]) -> Void) {
        let sizes = files.map { file -> Int in
            var status = stat()
            guard let reuse, lstat(reuse.root + "/" + file.path, &status) == 0 else { return 0 }
            return Int(status.st_size)
        }
        // Without the output cache nothing is taken from generated/ (a build with no cache renders every piece, and
        // so do the emitters' files() that tests read, which hand the files over in order): one lane.
        // Pieces a job could not write to a scratch file wait in memory, uncounted: then one lane too.
        let lanes = reuse == nil ? [Array(files.indices)] : AssemblyLanes.split(sizes: sizes, rendered: state.withLock {
            $0.scratch.values.contains { $0 == nil } ? Int.max : $0.scratch.values.reduce(0) { $0 + ($1?.size ?? 0) }
        })
        withoutActuallyEscaping(emit) { emit in
            let handOver = HandOver(emit)
            let others = lanes.dropFirst().map { lane in
                OwnThread { [self] in assemble(lane.map { (files[$0], sizes[$0]) }, emit: handOver.emit!) }
            }
            assemble(lanes[0].map { (files[$0], sizes[$0]) }, emit: emit)
            // The lanes done, `emit` is let go before it is given back: the thread's closure, which holds the box,
            // may be released a moment after its work signals.
            for other in others { other.take() }
            handOver.emit = nil
        }
    }

    /// `emit` handed to the second lane's thread, in a box emptied once the thread's work is done. Sendable because
    /// the render's `consume` is called from every job's thread already; set before the thread starts and emptied
    /// after it is waited for.
    private final class HandOver: @unchecked Sendable {
        var emit: (([GeneratedFile]) -> Void)?
        init(_ emit: @escaping ([GeneratedFile]) -> Void) { self.emit = emit }
    }

    /// Puts one lane's files together, one after another. `lane`: each file with the size of its last version.
    private func assemble(_ lane: [(file: AssembledFile, size: Int)], emit: ([GeneratedFile]) -> Void) {
        // Each last version of the lane is read into the same memory (Disk.readStampedFile(_:into:)), made once at
        // the largest's size: grown file by file (10, 16 and 11 MB at 10,000 definitions), the second read was into
        // new memory again.
        var room: [UInt8] = []
        let roomSize = min(lane.map(\.size).max() ?? 0, 1 << 30)
        for (file, _) in lane {
            let (waiting, scratch) = state.withLock {
                ($0.pieces.removeValue(forKey: file.path) ?? [], $0.scratch.removeValue(forKey: file.path) ?? nil)
            }
            let pieces = ordered(waiting, for: file)
            let head = heads.withLock { $0.removeValue(forKey: file.path) } ?? file.head()
            if let unchanged = unchangedFile(file.path, head: head, pieces: pieces,
                                             tail: file.laidTail(afterPieces: !pieces.isEmpty)) {
                emit([unchanged])
                continue
            }
            let readAt = Disk.now()
            let waits = pieces.contains { if case .scratch = $0.content { true } else { false } }
            let waited = waits ? scratch?.readAll() : nil
            if let laid = laidStretches(of: file, head: head, pieces: pieces, waited: waited) {
                reuse?.place(laid.placed, in: file.path)
                emit([laid.sameAsLast
                      ? found(file.path, size: laid.size, hash: laid.hash, stamp: laid.stamp, readAt: readAt)
                      : GeneratedFile(path: file.path, parts: laid.parts, provenHash: laid.hash,
                                      differsFrom: laid.lastVersionPath)])
                continue
            }
            let (last, stamp) = lastVersion(of: file.path, for: pieces, room: &room, roomSize: roomSize)
            var parts: [GeneratedFile.Part] = [.text(head)]
            parts.reserveCapacity(pieces.count * 2 + 1)
            var offset = head.utf8.count
            var search = PieceSearch()
            var placed: [JobReuse.Placement] = []
            placed.reserveCapacity(reuse == nil ? 0 : pieces.count)
            var sameAsLast = last.map { Self.holds(.text(head), at: 0, in: $0) } ?? false
            for (index, piece) in pieces.enumerated() {
                if index > 0 {
                    parts.append(.text("\n"))
                    sameAsLast = sameAsLast && Self.holds(.text("\n"), at: offset, in: last!)
                    offset += 1
                }
                let part = self.part(piece, last: last, waited: waited, file: file, laid: offset, search: &search)
                if reuse != nil { placed.append(JobReuse.placement(piece, at: offset, part: part)) }
                if sameAsLast {
                    // A piece taken from the last version where it lay is its bytes there; any other (rendered
                    // again, as an edited definition's group's are, or taken from elsewhere) is compared.
                    let inPlace = if case .recorded = piece.content, case .bytes(let bytes) = part {
                        bytes.startIndex == offset
                    } else { false }
                    sameAsLast = inPlace || Self.holds(part, at: offset, in: last!)
                }
                parts.append(part)
                offset += part.count
            }
            if let tail = file.laidTail(afterPieces: !pieces.isEmpty) {
                let part = GeneratedFile.Part.text(tail)
                sameAsLast = sameAsLast && Self.holds(part, at: offset, in: last!)
                parts.append(part)
                offset += part.count
            }
            reuse?.place(placed, in: file.path)
            // The same bytes as the last version, which was just read: that file, found current.
            if let last, sameAsLast, offset == last.count, reuse != nil {
                emit([found(file.path, size: last.count, hash: last.withUnsafeBytes { ContentHash($0) }, stamp: stamp,
                            readAt: readAt)])
            } else {
                emit([GeneratedFile(path: file.path, parts: parts)])
            }
        }
    }

    /// The file at `path` in generated/, just read (at `readAt`) and found to hold the new version: handed over as
    /// found current, as a file taken from generated/ is, so the writer neither reads it again to compare (three
    /// views.sql, 36 MB at 10,000 definitions, on the one core a prose edit's build has left at its end) nor holds
    /// its parts. Its stamp, taken after the read, is kept when it is settled.
    private func found(_ path: String, size: Int, hash: ContentHash, stamp: FileStamp?,
                       readAt: Int64) -> GeneratedFile {
        let reuse = reuse!
        let settled = StampTrust.allows(under: reuse.root) ? stamp?.standing(forSize: size, before: readAt) : nil
        let record = OutputRecord(path: path, size: size, hash: hash, stamp: settled)
        reuse.keptAssembled(record)
        return GeneratedFile(proven: record, under: reuse.root)
    }

    /// The file made from stretches of its last version (LaidStretches), when pieces are taken from it and each
    /// lies where it was laid; nil otherwise.
    private func laidStretches(of file: AssembledFile, head: String, pieces: [FilePiece],
                               waited: [UInt8]?) -> LaidStretches? {
        guard let reuse, pieces.contains(where: { if case .recorded = $0.content { true } else { false } }),
              let version = LastVersion(reuse.root + "/" + file.path) else { return nil }
        // Only pieces that are not recorded are made here, which are never searched for.
        var unused = PieceSearch()
        let tail = file.laidTail(afterPieces: !pieces.isEmpty)
        return LaidStretches(version, head: head, pieces: pieces, tail: tail) { piece, laid in
            part(piece, last: nil, waited: waited, file: file, laid: laid, search: &unused)
        }
    }

    /// Whether `bytes` hold the part's bytes at `offset`.
    private static func holds(_ part: GeneratedFile.Part, at offset: Int, in bytes: ArraySlice<UInt8>) -> Bool {
        part.withBytes { expected in
            guard fits(offset, expected.count, in: bytes) else { return false }
            guard expected.count > 0 else { return true }
            return bytes.withUnsafeBytes { memcmp($0.baseAddress! + offset, expected.baseAddress!, expected.count) == 0 }
        }
    }

    /// The file as generated/ holds it, read into `room` (made at `roomSize` when it is empty), with its stamp as it
    /// was read, when pieces are to be taken from it.
    private func lastVersion(of path: String, for pieces: [FilePiece], room: inout [UInt8],
                             roomSize: Int) -> (bytes: ArraySlice<UInt8>?, stamp: FileStamp?) {
        guard let reuse, pieces.contains(where: { if case .recorded = $0.content { true } else { false } }) else {
            return (nil, nil)
        }
        if room.isEmpty {
            // Not zeroed first: every byte used is read into it (16 MB of memset, 5 ms, on the build's one busy core).
            room = [UInt8](unsafeUninitializedCapacity: roomSize) { block, initialized in
                // A room made on another thread than the main one is a mapping of its own (a block over glibc's
                // threshold), which HeapPages.preferHuge's advice does not reach: the second lane's 11 MB were read
                // into 4 KB pages, 2,800 faults, at the build's end.
                HeapPages.advise(UnsafeMutableRawBufferPointer(block))
                initialized = roomSize
            }
        }
        guard let (count, stamp) = Disk.readStampedFile(reuse.root + "/" + path, into: &room) else { return (nil, nil) }
        return (room[..<count], stamp)
    }

    /// The file as the last render left it, when its stamp shows it untouched since (JobReuse.lastAssembled) and
    /// each piece lies where it goes: a taken piece where it was laid, a rendered one where the bytes after its line
    /// break hash as it does (a read of each). Nothing else of it is read: a prose edit's build at 10,000
    /// definitions had read and hashed the three views.sql (36 MB) to find them the same, and compared the
    /// re-rendered group's pieces with them.
    ///
    /// Taken pieces need no read: the stamp says the file holds the bytes the last render laid, and each piece
    /// recorded at an offset was laid there then, after the head or a line break, as every piece is.
    /// `tail`: the file's tail as laid after these pieces (AssembledFile.laidTail), if it has one.
    private func unchangedFile(_ path: String, head: String, pieces: [FilePiece], tail: String?) -> GeneratedFile? {
        guard let reuse, StampTrust.allows(under: reuse.root), let last = reuse.lastAssembled(path),
              let stamp = last.stamp else { return nil }
        let location = reuse.root + "/" + path
        let descriptor = open(location, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOFOLLOW)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        guard FileStamp.of(descriptor: descriptor) == stamp else { return nil }
        func bytes(at offset: Int, count: Int) -> [UInt8]? {
            guard offset >= 0, count >= 0, offset + count <= last.size else { return nil }
            var bytes = [UInt8](repeating: 0, count: count)
            let read = bytes.withUnsafeMutableBytes { Disk.fill($0, from: descriptor, at: offset) }
            return read.failure == nil && read.filled == count ? bytes : nil
        }
        // Compared with memcmp: through the head's UTF-8 view, a byte at a time, the three heads (a DROP line per
        // view) were 18 million instructions of a prose edit's build at 10,000 definitions.
        guard let laidHead = bytes(at: 0, count: head.utf8.count), Self.holds(.text(head), at: 0, in: laidHead[...]) else {
            return nil
        }
        var offset = head.utf8.count
        var placed: [JobReuse.Placement] = []
        placed.reserveCapacity(pieces.count)
        for (index, piece) in pieces.enumerated() {
            let lineBreak = index > 0 ? 1 : 0
            offset += lineBreak
            /// The hash of the bytes a rendered piece of `length` bytes would lie on, when a line break comes
            /// before them (after the head, none does).
            func laidHash(_ length: Int) -> ContentHash? {
                guard let laid = bytes(at: offset - lineBreak, count: lineBreak + length),
                      lineBreak == 0 || laid[0] == 0x0A else { return nil }
                return laid.withUnsafeBytes { ContentHash(UnsafeRawBufferPointer(rebasing: $0[lineBreak...])) }
            }
            let length: Int, hash: ContentHash
            switch piece.content {
            case .recorded(let recorded, let recordedLength, let recordedHash):
                guard recorded == offset else { return nil }
                (length, hash) = (recordedLength, recordedHash)
            case .scratch(_, let scratchLength, let scratchHash):
                // Compared by hash with the bytes where it goes: the scratch file need not be read.
                (length, hash) = (scratchLength, scratchHash)
                guard laidHash(length) == hash else { return nil }
            case .text(let text):
                (length, hash) = (text.utf8.count, ContentHash(text))
                guard laidHash(length) == hash else { return nil }
            }
            placed.append((piece, offset, length, hash))
            offset += length
        }
        if let tail {
            guard let bytes = bytes(at: offset, count: tail.utf8.count), Self.holds(.text(tail), at: 0, in: bytes[...]) else {
                return nil
            }
            offset += tail.utf8.count
        }
        guard offset == last.size else { return nil }
        reuse.place(placed, in: path)
        reuse.keptAssembled(last)
        return GeneratedFile(proven: last, under: reuse.root)
    }

    /// A piece's text: as rendered, its bytes in the scratch file, or its bytes in the last version where `search`
    /// finds them hashing as recorded, where they were laid or where another build moved them (else, were the file
    /// edited since, or the scratch file unreadable, rendered now). `laid`: where it goes in the file being made.
    private func part(_ piece: FilePiece, last: ArraySlice<UInt8>?, waited: [UInt8]?, file: AssembledFile, laid: Int,
                      search: inout PieceSearch) -> GeneratedFile.Part {
        switch piece.content {
        case .text(let text):
            return .text(text)
        case .scratch(let offset, let length, _):
            if let waited, Self.fits(offset, length, in: waited) { return .bytes(waited[offset..<offset + length]) }
            return .text(file.piece(catalog.view(piece.viewID)!))
        case .recorded(let offset, let length, let hash):
            if let last, let found = search.locate(offset: offset, length: length, hash: hash, laid: laid, in: last) {
                return .bytes(last[found..<found + length])
            }
            reuse?.pieceRendered()
            return .text(file.piece(catalog.view(piece.viewID)!))
        }
    }

    /// Whether `offset..<offset + length` lies inside `bytes`, for any two numbers.
    static func fits(_ offset: Int, _ length: Int, in bytes: some Collection<UInt8>) -> Bool {
        offset >= 0 && length >= 0 && length <= bytes.count && offset <= bytes.count - length
    }
}
