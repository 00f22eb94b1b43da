import CTallySupport
import Foundation

/// XXH64 of some bytes: how the output cache recognises inputs and generated files without keeping them.
struct ContentHash: Hashable, Sendable {
    let value: UInt64

    init(value: UInt64) {
        self.value = value
    }

    init(_ bytes: UnsafeRawBufferPointer, seed: UInt64 = 0) {
        value = tally_xxh64(bytes.baseAddress, bytes.count, seed)
    }

    init(_ bytes: [UInt8], seed: UInt64 = 0) {
        self = bytes.withUnsafeBytes { ContentHash($0, seed: seed) }
    }

    init(_ text: String) {
        var text = text
        self = text.withUTF8 { ContentHash(UnsafeRawBufferPointer($0)) }
    }

    /// Sixteen lowercase hex digits.
    var hex: String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}

/// Builds one key from many fields: each is framed by its length, so no two different field lists hash alike by
/// running into each other.
struct KeyHasher {
    private var bytes: [UInt8] = []

    mutating func add(_ field: [UInt8]) {
        add(UInt64(field.count))
        bytes += field
    }

    /// The text's bytes, framed as `add(_ field:)` frames them, copied from its contiguous storage (an Array made
    /// of each text first was most of the 76 million instructions of hashing the docs index's facts of 10,000
    /// definitions).
    mutating func add(_ text: String) {
        var text = text
        text.withUTF8 { utf8 in
            add(UInt64(utf8.count))
            bytes.append(contentsOf: utf8)
        }
    }

    mutating func add(_ number: UInt64) {
        withUnsafeBytes(of: number.littleEndian) { bytes += $0 }
    }

    /// 128 bits as 32 hex digits: two XXH64s under different seeds.
    func finish() -> String {
        let (first, second) = finishPair()
        return first.hex + second.hex
    }

    /// The same 128 bits as two hashes, for a key held by the thousand (no String each).
    func finishPair() -> (ContentHash, ContentHash) {
        (ContentHash(bytes, seed: 0), ContentHash(bytes, seed: 0x7461_6C6C_79))
    }
}

/// One 64-bit hash of many fields, each framed by its length, hashed as they come: what a whole-catalog file reads
/// of every definition (its facts), which names that file's inputs. KeyHasher lays every field out first and hashes
/// them under two seeds; for the 150,000 fields of a 10,000-definition catalog's facts that was half the cost of
/// rendering the file they stand for.
struct FactHasher {
    private var hasher = ContentHasher()

    mutating func add(_ number: UInt64) {
        withUnsafeBytes(of: number.littleEndian) { hasher.update($0) }
    }

    mutating func add(_ text: String) {
        var text = text
        text.withUTF8 { utf8 in
            add(UInt64(utf8.count))
            hasher.update(UnsafeRawBufferPointer(utf8))
        }
    }

    /// A text or its absence, never alike: an absent one is a lone zero, a present one a one and its text.
    mutating func add(optional text: String?) {
        guard let text else { return add(UInt64(0)) }
        add(UInt64(1))
        add(text)
    }

    /// Texts in order, framed by their count.
    mutating func add(_ texts: some Collection<String>) {
        add(UInt64(texts.count))
        for text in texts { add(text) }
    }

    /// Sixteen hex digits.
    func finish() -> String { hasher.finish().hex }
}

/// A ContentHash of bytes handed over in pieces (a file written in parts): equal to the hash of the pieces laid
/// end to end.
struct ContentHasher {
    private var state = tally_xxh64_state()

    init(seed: UInt64 = 0) {
        tally_xxh64_reset(&state, seed)
    }

    mutating func update(_ bytes: UnsafeRawBufferPointer) {
        tally_xxh64_update(&state, bytes.baseAddress, bytes.count)
    }

    func finish() -> ContentHash {
        var state = state
        return ContentHash(value: tally_xxh64_digest(&state))
    }
}
