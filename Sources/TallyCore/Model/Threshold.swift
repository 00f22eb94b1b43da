/// A per-person threshold on unique_users (`at_least`): a person counts in a period (or window) only with enough
/// activity in it. Every matching row of the person in the period is activity, known-broken rows included; the
/// threshold says how it is measured.
public struct Threshold: Sendable {
    public enum Kind: Sendable {
        /// Distinct local days (the definition's time zone) with a matching row: `{days: 10}`.
        case days
        /// Matching rows: `{rows: 5}`.
        case rows
        /// Distinct non-NULL values of a column or JSON field in the matching rows: `{distinct: F, count: 2}`.
        case distinct(Located<FieldPath>)
    }

    public var kind: Kind
    /// The least number, a whole number of at least 1; 1 keeps every person a plain unique_users keeps, except
    /// for `distinct`, where it keeps the people with a value.
    public var count: Located<Int>
    /// The `at_least` mapping.
    public var span: SourceSpan

    /// The ranges a count may take: days up to ten years of them, as windows; rows and values up to a billion.
    public static let daysRange = 1...3660
    public static let countRange = 1...1_000_000_000

    /// "at least 10 active days", "at least 5 matching rows", "at least 2 distinct values of properties.feature":
    /// the docs' and the diff's wording, the field left for the caller to format.
    public func label(field: (FieldPath) -> String = \.description) -> String {
        let n = count.value
        switch kind {
        case .days: return "at least \(n) active day\(n == 1 ? "" : "s")"
        case .rows: return "at least \(n) matching row\(n == 1 ? "" : "s")"
        case .distinct(let path):
            return "at least \(n) distinct value\(n == 1 ? "" : "s") of \(field(path.value))"
        }
    }
}
