import Foundation

/// A file tally generates, with the definition files it comes from (named in its header).
public struct GeneratedFile: Sendable, Equatable {
    /// Relative to generated/.
    public var path: String
    /// The text, in the parts it was rendered in, to be written one after another: a file made of every view
    /// (views.sql, 15 MB at 10,000 definitions) is handed over as its views, so it never exists twice in memory.
    private(set) var parts: [Part]
    /// For a file a group job took from generated/ instead of rendering it (JobReuse): what it was just proven to
    /// hold there, and the generated/ it lies in, at the record's path. Its text is not in memory; it is the file at
    /// that place. The folder, not the file's whole path: 30,000 such paths put together for a one-edit build at
    /// 10,000 definitions, and again by the writer to compare them, were 2% of its instructions.
    /// Two properties, not one optional pair: reading the record copied the pair, root and all, 121,000 times in a
    /// one-edit build at 10,000 definitions (26 million instructions).
    private var provenRecord: OutputRecord?
    private var provenRoot: String?
    /// For a file with stretches of its last version among its parts: the hash of all its bytes, taken as they were
    /// proven (`init(path:parts:provenHash:differsFrom:)`), and the last version's path, which it was found to
    /// differ from on the way.
    private var provenHash: ContentHash?
    private var provenDifferentFrom: String?

    /// Text rendered now, or bytes of the file's last version that are still what belongs there (a view's text in
    /// views.sql, kept from the last build without being copied into a String).
    enum Part: Sendable, Equatable {
        case text(String)
        case bytes(ArraySlice<UInt8>)
        /// A stretch of the file's last version, proven to hold what belongs there (PieceAssembly), not in memory.
        case laid(LastVersion, Range<Int>)

        var count: Int {
            switch self {
            case .text(let text): text.utf8.count
            case .bytes(let bytes): bytes.count
            case .laid(_, let range): range.count
            }
        }

        /// The part's bytes in one buffer: a stretch of a last version is read whole for it (zeros where it cannot
        /// be read), so files are handed over a chunk at a time by `GeneratedFile.forEachPart` instead, whose callers
        /// that write or compare check the bytes against the hash proven.
        func withBytes<Result>(_ body: (UnsafeRawBufferPointer) throws -> Result) rethrows -> Result {
            switch self {
            case .text(var text): try text.withUTF8 { try body(UnsafeRawBufferPointer($0)) }
            case .bytes(let bytes): try bytes.withUnsafeBytes(body)
            case .laid(let version, let range):
                try (version.bytes(in: range) ?? [UInt8](repeating: 0, count: range.count)).withUnsafeBytes(body)
            }
        }
    }

    public init(path: String, contents: String) {
        self.path = path
        parts = [.text(contents)]
    }

    init(path: String, parts: [String]) {
        self.init(path: path, parts: parts.map(Part.text))
    }

    init(path: String, parts: [Part]) {
        self.path = path
        self.parts = parts
    }

    /// A file made in part of stretches of its last version, with the hash of all its bytes as they were proven
    /// while it was put together: the writer checks what it writes against it, so that a last version changed by
    /// another program since is never copied unseen. `differsFrom`: the last version's path, when the file was
    /// found to differ from it then (the writer does not read it again to compare).
    init(path: String, parts: [Part], provenHash: ContentHash, differsFrom: String? = nil) {
        self.init(path: path, parts: parts)
        self.provenHash = provenHash
        provenDifferentFrom = differsFrom
    }

    /// The file at `record`'s path under `root`, proven moments ago to hold what `record` says.
    init(proven record: OutputRecord, under root: String) {
        path = record.path
        parts = []
        provenRecord = record
        provenRoot = root
    }

    /// Where the file it was proven by lies; nil for one rendered now.
    private var provenLocation: String? {
        guard let provenRecord, let provenRoot else { return nil }
        return String(concatenating: provenRoot, "/", provenRecord.path)
    }

    /// Whether it is the file at its own path under `root`, as proven there: equal to it without a look.
    func isProven(under root: String) -> Bool {
        guard let provenRecord, let provenRoot else { return false }
        return provenRecord.path == path && provenRoot == root
    }

    /// The whole text.
    public var contents: String {
        get {
            if provenRecord == nil, parts.count == 1, case .text(let text) = parts[0] { return text }
            return String(decoding: bytes, as: UTF8.self)
        }
        set {
            parts = [.text(newValue)]
            provenRecord = nil
            provenRoot = nil
            provenHash = nil
            provenDifferentFrom = nil
        }
    }

    /// The whole text's bytes.
    var bytes: [UInt8] {
        if let provenLocation, case .bytes(let bytes) = Disk.readFile(provenLocation) { return bytes }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(size)
        forEachPart { bytes += $0 }
        return bytes
    }

    /// The text, to be read a range at a time without being put together.
    var byteSource: any ByteSource {
        if let provenRecord, let provenLocation { return FileBytes(path: provenLocation, count: provenRecord.size) }
        return PartBytes(parts)
    }

    /// Its size in bytes.
    var size: Int { provenRecord?.size ?? parts.reduce(0) { $0 + $1.count } }

    /// Hands each part's bytes to `body`, in order: a stretch of the last version a chunk at a time. False when such
    /// a stretch could not all be read (its missing bytes are handed over as zeros).
    @discardableResult
    func forEachPart(_ body: (UnsafeRawBufferPointer) throws -> Void) rethrows -> Bool {
        var buffer = ProofBuffer()
        var complete = true
        for part in parts {
            if case .laid(let version, let range) = part {
                complete = try version.forEachChunk(of: range, buffer: &buffer, body) && complete
            } else {
                try part.withBytes(body)
            }
        }
        return complete
    }

    /// Creates or truncates the file at `path` with this text.
    func write(to path: String) throws(DiskError) {
        if let provenLocation {
            try Disk.copyFile(provenLocation, to: path)
        } else if parts.count == 1, case .text(let text) = parts[0] {
            try Disk.writeFile(text, to: path)
        } else if let provenHash {
            var asProven = false
            try Disk.writeFile(to: path, parts: { feed in asProven = forEachPart(feed, asProven: provenHash) })
            guard asProven else { throw DiskError.changedWhileRead(lastVersionPath) }
        } else {
            try Disk.writeFile(to: path, parts: { forEachPart($0) })
        }
    }

    /// Where the last version its stretches come from lies, for an error.
    private var lastVersionPath: String {
        let paths = parts.compactMap { if case .laid(let version, _) = $0 { version.path } else { nil } }
        return paths.first ?? path
    }

    /// Whether the file at `path` holds exactly this text.
    func matchesFile(at path: String) -> Bool {
        if let provenRecord {
            // Proven where it lies; anywhere else, compared by hash.
            return path == provenLocation || provenRecord.isHeld(at: path)
        }
        guard let provenHash else { return Disk.holds(size: size, at: path, parts: { forEachPart($0) }) }
        // Found to differ from its last version, moments ago: not compared with it again (read and hashed whole,
        // three views.sql and Catalog.swift of the same sizes were 41 MB at 10,000 definitions).
        if path == provenDifferentFrom { return false }
        // Stretches of a last version are compared as they are read now: one changed in place since it was proven
        // would be compared with itself (the same file, at the same path), so what was read must also hash as
        // proven.
        var asProven = false
        let same = Disk.holds(size: size, at: path, parts: { feed in
            asProven = forEachPart(feed, asProven: provenHash)
        })
        return same && asProven
    }

    /// Hands each part's bytes to `body` as `forEachPart` does; whether they were all read and hash as `proven`.
    private func forEachPart(_ body: (UnsafeRawBufferPointer) -> Void, asProven proven: ContentHash) -> Bool {
        var hasher = ContentHasher()
        let complete = forEachPart { bytes in
            hasher.update(bytes)
            body(bytes)
        }
        return complete && hasher.finish() == proven
    }

    /// What the output cache records of it: for a file taken from generated/, the record it was proven by, stamp
    /// included.
    var record: OutputRecord {
        if let provenRecord, provenRecord.path == path { return provenRecord }
        return OutputRecord(path: path, size: size, hash: hash)
    }

    /// Its content hash, as the output cache records it.
    var hash: ContentHash {
        if let provenRecord { return provenRecord.hash }
        if let provenHash { return provenHash }
        if parts.count == 1, case .text(let text) = parts[0] { return ContentHash(text) }
        var hasher = ContentHasher()
        forEachPart { hasher.update($0) }
        return hasher.finish()
    }

    /// Files are equal when their paths and texts are, however the texts are cut into parts.
    public static func == (lhs: GeneratedFile, rhs: GeneratedFile) -> Bool {
        if lhs.provenRecord == nil, rhs.provenRecord == nil, lhs.parts == rhs.parts { return lhs.path == rhs.path }
        return lhs.path == rhs.path && lhs.contents == rhs.contents
    }
}

enum GeneratedHeader {
    /// The first lines of every generated file: what made it and from what, and nothing that changes between
    /// identical builds (no time, no tally version). Several sources are counted by kind (`counted`).
    static func lines(from sources: [String]) -> [String] {
        let origin = sources.count == 1 ? sources[0] : counted(sources)
        var lines = [String(concatenating: "Generated by tally from ", origin,
                            ". Do not edit: change the definitions and run `tally build`.")]
        if sources.count > 1 && sources.count <= 12 { lines += sources.map { "  " + $0 } }
        return lines
    }

    /// Files counted by kind, as the project's layout tells them apart: "46 definition files and 5 group.yaml
    /// files". A page's group.yaml or a source file counted as a definition file had made a count no listing of
    /// definitions/ gave.
    static func counted(_ sources: [String]) -> String {
        // One look at each path's bytes: three, each through a copy of the String, were 24 million instructions of
        // a one-edit build at 10,000 definitions.
        var groups = 0, sourceFiles = 0, settings = 0
        for var source in sources {
            if source == "tally.yaml" { settings += 1 }
            source.withUTF8 { bytes in
                if bytes.ends(with: "/group.yaml") { groups += 1 }
                if bytes.starts(with: "definitions/sources/") { sourceFiles += 1 }
            }
        }
        let definitions = sources.count - groups - sourceFiles - settings
        let parts = (settings > 0 ? ["tally.yaml"] : [])
            + [(definitions, "definition file"), (groups, "group.yaml file"), (sourceFiles, "source file")]
                .filter { $0.0 > 0 }.map { "\($0.0) \($0.1)" + ($0.0 == 1 ? "" : "s") }
        guard let last = parts.last else { return "0 definition files" }
        return parts.count == 1 ? last : parts.dropLast().joined(separator: ", ") + " and " + last
    }

    /// The lines as `# ` comments, for the formats that comment so (YAML, LookML).
    static func hashComments(_ lines: [String]) -> String {
        lines.map { "# " + $0 }.joinedInOneCopy(separator: "\n") + "\n"
    }
}

/// A name for other tools (a dbt project, a LookML model, a unit test) from free text: lowercase letters, digits and
/// single underscores, starting with a letter ("Sourcegraph analytics" → sourcegraph_analytics). Accented letters
/// keep their letter ("Ünïcode" → unicode; they had been dropped, leaving "n_code").
enum ExportName {
    static func from(_ text: String) -> String {
        var name = ""
        for scalar in text.folding(options: [.diacriticInsensitive], locale: nil).lowercased().unicodeScalars {
            if ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) {
                name.unicodeScalars.append(scalar)
            } else if !name.isEmpty, name.last != "_" {
                name.append("_")
            }
        }
        while name.hasSuffix("_") { name.removeLast() }
        return name.first.map { $0.isLetter } == true ? name : "tally" + (name.isEmpty ? "" : "_" + name)
    }
}
