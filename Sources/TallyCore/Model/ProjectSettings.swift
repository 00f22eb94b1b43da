public enum Dialect: String, CaseIterable, Sendable, Comparable {
    case postgres
    case sqlite
    case bigquery

    public static func < (lhs: Dialect, rhs: Dialect) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// tally.yaml.
public struct ProjectSettings: Sendable {
    public var file: String
    public var name: String?
    public var currentVersion: Located<Version>
    public var repository: Located<String>
    public var dialects: [Dialect]
    public var eventCodeLink: Located<String>
    public var pullRequestLink: Located<String>
}
