extension String {
    /// The word with its indefinite article: "an integer column", "a text column".
    var withArticle: String {
        guard let first = first?.lowercased() else { return self }
        return ("aeiou".contains(first) ? "an " : "a ") + self
    }
}

extension Array where Element == String {
    /// Items as a message says them: "a", "a and b", "a, b and c" (or "or").
    func phrased(_ conjunction: String) -> String {
        count <= 1 ? joined() : dropLast().joined(separator: ", ") + " \(conjunction) " + last!
    }
}
