/// Event names in definitions are exact names or globs where `*` matches any run of characters.
public enum EventPattern {
    public static func isGlob(_ pattern: String) -> Bool {
        // Asked for every event of every view: answered from the bytes when they settle it (no `*` byte, or an
        // ASCII pattern, where no combining mark can follow the `*`), without Foundation's string search.
        guard pattern.containsByte(where: { $0 == 0x2A }) else { return false }
        if !pattern.containsByte(where: { $0 >= 0x80 }) { return true }
        return pattern.contains("*")
    }

    public static func matches(_ pattern: String, _ name: String) -> Bool {
        guard isGlob(pattern) else { return pattern == name }
        let pieces = pattern.split(separator: "*", omittingEmptySubsequences: false).map(String.init)
        var rest = Substring(name)
        for (index, piece) in pieces.enumerated() {
            if index == 0 {
                guard rest.hasPrefix(piece) else { return false }
                rest = rest.dropFirst(piece.count)
            } else if index == pieces.count - 1 {
                return piece.isEmpty || (rest.hasSuffix(piece) && rest.count >= piece.count)
            } else if !piece.isEmpty {
                guard let range = rest.firstRange(of: piece) else { return false }
                rest = rest[range.upperBound...]
            }
        }
        return rest.isEmpty
    }
}
