extension Array where Element == String {
    /// Items as a message says them: "a", "a and b", "a, b and c" (or "or").
    func phrased(_ conjunction: String) -> String {
        count <= 1 ? joined() : dropLast().joined(separator: ", ") + " \(conjunction) " + last!
    }
}
