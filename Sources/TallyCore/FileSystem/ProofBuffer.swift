/// One buffer that files being proven, or stretches of a last version (LastVersion), are read into in turn, grown to
/// the largest; not copyable, since it owns the memory it frees.
struct ProofBuffer: ~Copyable {
    private var bytes = UnsafeMutableRawBufferPointer(start: nil, count: 0)

    /// At least `count` bytes, their contents undefined.
    mutating func room(_ count: Int) -> UnsafeMutableRawBufferPointer {
        if bytes.count < count {
            bytes.deallocate()
            bytes = .allocate(byteCount: max(count, 16 << 10), alignment: 16)
        }
        return UnsafeMutableRawBufferPointer(rebasing: bytes[..<count])
    }

    deinit { bytes.deallocate() }
}
