/// The project `tally init` makes: tally.yaml, one source, one group, one definition with an example, and the
/// shipped workflow. It passes `tally check` once `tally build` has written generated/, and its example passes
/// `tally test`, so a new user starts from something green and changes one thing at a time.
public struct ProjectTemplate: Sendable {
    public var name: String
    /// https://github.com/OWNER/NAME: tally.yaml's `repository`, which fix and pull-request links must lie in.
    public var repository: String

    public static let group = "product"
    public static let definition = "searches_count"
    public static let source = "events"
    public static let examplePath = "definitions/\(group)/\(definition).yaml"

    public init(name: String, repository: String) {
        self.name = name
        self.repository = repository
    }

    /// What tally.yaml's `repository` must look like (its decoder and `tally init` both ask this): exactly
    /// https://github.com/OWNER/NAME, no trailing slash and no `.git` (a clone URL), since links are built by
    /// appending to it and GitHub's pull request pages have no `.git` in them. OWNER and NAME are made of what
    /// GitHub allows in them (letters, digits, `-` and `_`, the `_` of a managed user's name; in a repository's
    /// name also `.`): a space, a quote, a `?query` or a `#fragment` would break every link made from it. The JSON
    /// Schema's pattern says the same (`repositoryPattern`).
    public static func isRepositoryURL(_ text: String) -> Bool {
        let parts = text.dropFirst("https://github.com/".count).split(separator: "/", omittingEmptySubsequences: false)
        func made(of part: Substring, extra: String) -> Bool {
            !part.isEmpty && part.unicodeScalars.allSatisfy { scalar in
                ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
                    || scalar == "-" || extra.unicodeScalars.contains(scalar)
            }
        }
        return text.hasPrefix("https://github.com/") && parts.count == 2 && made(of: parts[0], extra: "_")
            && made(of: parts[1], extra: "._") && parts[1] != "." && parts[1] != ".." && !parts[1].hasSuffix(".git")
    }

    /// What `isRepositoryURL` takes, for messages refusing what it does not.
    public static let repositoryForm = "https://github.com/OWNER/NAME, in letters, digits, '-' and '_' (and '.' in "
        + "NAME), with no trailing slash, '.git', query or fragment"

    /// `isRepositoryURL` as a JSON Schema pattern, without lookaheads, which some validators (RE2's) cannot
    /// compile: a name not ending in `.git`, as what ends it in a letter other than t, or in t after other than i,
    /// and so on. It takes the names `.` and `..`, which GitHub has none of.
    public static let repositoryPattern = "^https://github\\.com/[A-Za-z0-9_-]+/([A-Za-z0-9._-]{1,3}|[A-Za-z0-9._-]*"
        + "([A-Za-su-z0-9._-]|[A-Za-hj-z0-9._-]t|[A-Za-fh-z0-9._-]it|[A-Za-z0-9_-]git))$"

    public enum Failure: Error, Equatable {
        /// Project files that exist already; nothing was written.
        case exist([String])
        case cannotWrite(String)
    }

    /// Writes every file into `root` (created if missing), or none.
    public func write(into root: String) throws(Failure) {
        do throws(NewFiles.Failure) {
            try NewFiles.write(files, into: root)
        } catch {
            switch error {
            case .exist(let paths): throw .exist(paths)
            case .cannotWrite(let reason): throw .cannotWrite(reason)
            }
        }
    }

    public var files: [(path: String, text: String)] {
        [("tally.yaml", settings), ("definitions/sources/\(Self.source).yaml", sourceFile),
         ("definitions/\(Self.group)/group.yaml", groupFile), (Self.examplePath, definitionFile),
         (ShippedWorkflow.path, ShippedWorkflow.text)]
    }

    private var repositoryPath: String { String(repository.dropFirst("https://github.com/".count)) }

    var settings: String {
        """
        \(SettingsSchema.document.modeline(depth: 0))
        name: \(ImportYAML.isPlain(name, flow: false) ? name : ImportYAML.doubleQuoted(name))
        # The release your product is at: broken ranges and versions after it are refused.
        current_version: "1.0.0"
        repository: "\(repository)"
        dialects: [postgres, sqlite]
        links:
          event_code: "https://github.com/search?q=repo%3A\(repositoryPath.replacingSlashes)+%22{event}%22&type=code"
          pull_request: "\(repository)/pull/{number}"

        """
    }

    var sourceFile: String {
        """
        \(SourceSchema.document.modeline(depth: 2))
        # The table your product logs events to. Every column a definition reads is declared with its type and
        # classification; private and restricted columns can never be counted or grouped by.
        table: \(Self.source)
        description: One row per event the product logs.
        timestamp: timestamp
        event_name: name
        # The events the product logs: a definition naming another (a typo, mostly) gets a warning with the closest
        # name. Add each new event here.
        known_events: [SearchSubmitted]
        version: version
        identity: {user_id: user_id}
        columns:
          name:
            type: text
            classification: public
            description: The event's name, e.g. SearchSubmitted.
          user_id:
            type: integer
            classification: pseudonymous
            description: The signed-in user who did it.
          timestamp:
            type: timestamp
            classification: public
            description: When it happened (UTC).
          version:
            type: text
            classification: public
            description: The product release that logged it.

        """
    }

    var groupFile: String {
        """
        \(GroupSchema.document.modeline(depth: 2))
        title: Product usage
        introduction: >-
          How people use the product. tally writes this page from the definitions in this folder, one section each.

        """
    }

    var definitionFile: String {
        """
        \(DefinitionSchema.document.modeline(depth: 2))
        kind: metric
        title: Weekly searches
        definition: Number of searches submitted each week (weeks start Monday 00:00 UTC).
        rationale: Shows whether people search more or less from week to week.
        source: {table: \(Self.source)}
        events: [SearchSubmitted]
        measure: {aggregate: count, grain: week, week_start: monday}
        examples:
          - name: two searches in one week and one in the next; a page view is not a search
            given:
              \(Self.source):
                - {name: SearchSubmitted, user_id: 1, timestamp: "2024-01-01T10:00:00Z", version: "1.0.0"}
                - {name: SearchSubmitted, user_id: 2, timestamp: "2024-01-03T10:00:00Z", version: "1.0.0"}
                - {name: PageViewed, user_id: 1, timestamp: "2024-01-03T11:00:00Z", version: "1.0.0"}
                - {name: SearchSubmitted, user_id: 1, timestamp: "2024-01-08T09:00:00Z", version: "1.0.0"}
            expect:
              - {period_start: "2024-01-01", known_broken: false, value: 2}
              - {period_start: "2024-01-08", known_broken: false, value: 1}

        """
    }
}

private extension String {
    var replacingSlashes: String { split(separator: "/").joined(separator: "%2F") }
}
