/// A pull request's link as tally.yaml's `links.pull_request` template spells it. What check accepts as one and
/// what the docs label "#N" are this one answer.
enum PullRequestLink {
    /// The number of a link made from the template: its text up to `{number}`, then a pull request's number, then
    /// the end or a path, query or fragment of the page (`/files`, `#issuecomment-1`); nil for any other link.
    static func number(in link: String, template: String) -> String? {
        guard let placeholder = template.range(of: "{number}") else { return nil }
        let head = String(template[..<placeholder.lowerBound])
        guard hasPrefix(link, head) else { return nil }
        let rest = link.dropFirst(head.count)
        let digits = rest.prefix { $0.isASCII && $0.isNumber }
        guard isNumber(digits) else { return nil }
        let after = rest.dropFirst(digits.count)
        return after.isEmpty || "/#?".contains(after.first!) ? String(digits) : nil
    }

    /// A pull request's number: digits, the first not 0 (`#0` and `#007` name no pull request as written).
    static func isNumber(_ digits: Substring) -> Bool {
        guard let first = digits.first, first != "0" else { return false }
        return digits.allSatisfy { $0.isASCII && $0.isNumber }
    }

    /// Whether a link starts with a prefix of the project's: GitHub reads a repository's owner and name in any
    /// case (`https://github.com/Sourcegraph/Sourcegraph/`), so those two segments compare so; the rest, and any
    /// other host's links, compare exactly.
    static func hasPrefix(_ link: String, _ prefix: String) -> Bool {
        if link.hasPrefix(prefix) { return true }
        let github = "https://github.com/"
        guard prefix.hasPrefix(github), link.hasPrefix(github) else { return false }
        let prefixParts = prefix.dropFirst(github.count).split(separator: "/", omittingEmptySubsequences: false)
        let linkParts = link.dropFirst(github.count).split(separator: "/", omittingEmptySubsequences: false)
        guard prefixParts.count >= 2, linkParts.count >= prefixParts.count else { return false }
        for (index, part) in prefixParts.enumerated() {
            let same = index < 2 ? part.lowercased() == linkParts[index].lowercased() : part == linkParts[index]
            // The prefix's last segment may end mid-segment ("pull/" ends in an empty one; a template may not).
            let isLast = index == prefixParts.count - 1
            if !(same || (isLast && linkParts[index].hasPrefix(part))) { return false }
        }
        return true
    }
}
