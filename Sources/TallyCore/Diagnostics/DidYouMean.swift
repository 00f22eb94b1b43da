/// The closest known name to a misspelt one, if it is close enough to be a likely typo.
public enum DidYouMean {
    public static func suggestion(for name: String, among candidates: some Sequence<String>) -> String? {
        // Read twice below (by distance, then shortened names): a sequence may be read only once.
        let candidates = Array(candidates)
        let target = Array(name.lowercased().unicodeScalars)
        var best: (name: String, distance: Int)?
        for candidate in candidates where candidate != name {
            let distance = editDistance(target, Array(candidate.lowercased().unicodeScalars))
            if best == nil || distance < best!.distance || (distance == best!.distance && candidate < best!.name) {
                best = (candidate, distance)
            }
        }
        guard let best else { return nil }
        let allowed = max(1, min(target.count, best.name.count) / 3)
        if best.distance <= allowed { return best.name }
        if let shortened = candidates.filter({ $0 != name }).sorted()
            .first(where: { isShortened(target, Array($0.lowercased().unicodeScalars)) }) {
            return shortened
        }
        return synonyms[name.lowercased()]?.first { candidates.contains($0) }
    }

    /// Other tools' words for tally's keys, which neither spelling distance nor a shortened name finds (asked
    /// last, so a near spelling wins: `is` is one letter from `in`): a funnel's `stages` are its `steps`, a
    /// filter's `column` its `field`.
    static let synonyms: [String: [String]] = [
        "stages": ["steps"], "stage": ["steps"], "column": ["field"], "col": ["field"],
        "eq": ["equals"], "equal": ["equals"], "ne": ["not_equals"], "neq": ["not_equals"],
        "since": ["version", "from"], "until": ["through"], "to": ["through"], "description": ["definition"],
        "filter": ["where"], "filters": ["where"], "dimensions": ["group_by"], "name": ["title"],
        "metric": ["measure"], "aggregation": ["aggregate"], "agg": ["aggregate"],
    ]

    /// Whether one name is the other shortened: the shorter, at least three letters long, starts as the longer does
    /// and has its letters in the same order (`thru` for `through`, `add` for `added`, `fixes` for `fix`). Short
    /// keys are the ones edit distance cannot help with: `fix` allows one edit, and `fixes` is two away.
    static func isShortened(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Bool {
        let (short, long) = a.count <= b.count ? (a, b) : (b, a)
        guard short.count >= 3, short.count < long.count, short.prefix(2) == long.prefix(2) else { return false }
        var rest = long[...]
        for scalar in short {
            guard let found = rest.firstIndex(of: scalar) else { return false }
            rest = rest[(found + 1)...]
        }
        return true
    }

    /// "; did you mean 'x'?" or nothing, to append to a message.
    public static func clause(for name: String, among candidates: some Sequence<String>) -> String {
        suggestion(for: name, among: candidates).map { "; did you mean '\($0)'?" } ?? ""
    }

    /// Optimal string alignment distance: insertions, deletions, substitutions and swaps of neighbours each
    /// cost one, since "titel" for "title" is the commonest slip of all.
    static func editDistance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var table = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { table[i][0] = i }
        for j in 0...b.count { table[0][j] = j }
        for i in 1...a.count {
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                table[i][j] = min(table[i - 1][j] + 1, table[i][j - 1] + 1, table[i - 1][j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    table[i][j] = min(table[i][j], table[i - 2][j - 2] + 1)
                }
            }
        }
        return table[a.count][b.count]
    }
}
