/// A pull request's link as tally.yaml's `links.pull_request` template spells it. What check accepts as one and
/// what the docs label "#N" are this one answer.
enum PullRequestLink {
    /// The number of a link made from the template: its text up to `{number}`, then digits, then the end or a
    /// path, query or fragment of the page (`/files`, `#issuecomment-1`); nil for any other link.
    static func number(in link: String, template: String) -> String? {
        guard let placeholder = template.range(of: "{number}") else { return nil }
        // GitHub reads owners and names in any case.
        let head = template[..<placeholder.lowerBound]
        guard link.lowercased().hasPrefix(head.lowercased()) else { return nil }
        let rest = link.dropFirst(head.count)
        let digits = rest.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty else { return nil }
        let after = rest.dropFirst(digits.count)
        return after.isEmpty || "/#?".contains(after.first!) ? String(digits) : nil
    }
}
