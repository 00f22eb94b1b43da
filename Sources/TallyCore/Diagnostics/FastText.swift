/// Byte scans for the escapers' fast paths: nearly every string in a definition has nothing to escape, and
/// answering that from its UTF-8 bytes is far cheaper than walking its characters.
extension String {
    /// Whether any UTF-8 byte of the string satisfies the predicate.
    func containsByte(where predicate: (UInt8) -> Bool) -> Bool {
        var copy = self
        return copy.withUTF8 { bytes in bytes.contains(where: predicate) }
    }
}
