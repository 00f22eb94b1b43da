/// The `- Key: value` bullets of a ping: aggregation, event codes (read by EventCodes), PRs, the version added and
/// the broken ranges. Each key has the spellings pings pages use; an unknown key is reported, not guessed at.
extension PageParser {
    /// `- Key: value` or `- **Key:** value`: the key, lowercased without its colon, and the value.
    static func keyValue(_ text: String) -> (key: String, value: String)? {
        let key: String
        let value: Substring
        // Bold or italic, `**Key:**` to `_Key:_`: the longer markers first, or `**` would read as `*`.
        if let found = ["**", "__", "*", "_"].lazy.compactMap({ emphasizedName(text, marker: $0) }).first {
            guard found.colon else { return nil }
            key = found.name
            value = found.rest
        } else if let colon = text.firstIndex(of: ":"), !text[..<colon].contains("["),
                  text[..<colon].count <= 40 {
            key = String(text[..<colon])
            value = text[text.index(after: colon)...]
        } else {
            return nil
        }
        return (InlineMarkdown.collapse(key).lowercased(), InlineMarkdown.collapse(String(value)))
    }

    /// The keys of a ping's bullets, each with the spellings pings pages use.
    enum PingKey {
        case aggregation, eventCodes, prs, added, broken

        init?(_ key: String) {
            switch key {
            case "aggregation", "aggregate", "aggregation period", "grain": self = .aggregation
            case "event code", "event codes", "event", "events", "event name", "event names": self = .eventCodes
            case "prs", "pr", "pull requests", "pull request", "pr(s)": self = .prs
            case "version added", "added", "version(s) added", "added in", "first version": self = .added
            case "version(s) broken", "versions broken", "version broken", "known versions broken", "broken",
                 "broken versions", "known broken versions", "broken in": self = .broken
            default: return nil
            }
        }
    }

    /// `named`: "ping 'Hovers count'", for warnings.
    static func read(_ item: Bullet, into ping: inout ImportedPing, named: String, warn: (String, Line) -> Void) {
        guard let found = keyValue(item.text) else {
            warn("a bullet that is not '- Key: value' in \(named); not imported", item.line)
            return
        }
        let (key, value) = (found.key, found.value)
        func childrenJoined() -> String {
            ([value] + item.children.map(\.text)).filter { !$0.isEmpty }.joined(separator: ", ")
        }
        switch PingKey(key) {
        case .aggregation:
            ping.aggregationText = value
            ping.grain = grain(value)
            if ping.grain == nil {
                warn("aggregation '\(value)' names no grain tally knows (by day, by week, by month, total)", item.line)
            }
            if ping.grain == .week {
                ping.weekStart = weekStart(value)
                if ping.weekStart == nil {
                    warn("aggregation '\(value)' starts its weeks on a day tally's weeks cannot (Monday or Sunday)",
                         item.line)
                }
            }
            for child in item.children { warn("a nested bullet under Aggregation is not imported", child.line) }
        case .eventCodes:
            if !value.isEmpty { readCodes(value, line: item.line, into: &ping, warn: warn) }
            for child in item.children { readCodes(child.text, line: child.line, into: &ping, warn: warn) }
        case .prs:
            for pr in pullRequests(childrenJoined()) {
                // What tally check would refuse is said here, where the page can be fixed: '#0', '#007'.
                if pr.hasPrefix("#") && !PullRequestLink.isNumber(pr.dropFirst()) {
                    warn("'\(pr)' is no pull request (a number does not start with 0); not imported", item.line)
                    continue
                }
                ping.prs.append(withHTTPS(pr))
            }
        case .added:
            ping.addedText = childrenJoined()
            ping.added = addedVersion(ping.addedText!, line: item.line, warn: warn)
        case .broken:
            let (ranges, unread) = InlineMarkdown.brokenRanges(childrenJoined())
            ping.broken += ranges
            if let unread {
                warn("could not read broken ranges from '\(unread)'; write them like 3.31-3.35.0 (reason) "
                         + "([fix PR](url))", item.line)
            }
        case nil:
            // A prose field as a bullet (`- **Definition:** ...`), as pages that head a definition by a bold line
            // write them; its nested bullets are part of its text.
            if let field = field(key) {
                // Labels are read before bullets, so the one kept may come later on the page.
                guard !has(field, ping) else {
                    warn("'\(key)' is given twice in \(named); this one is not imported", item.line)
                    return
                }
                let text = ([value] + markdownList(item.children, indent: 0)).filter { !$0.isEmpty }
                assign(field, text.isEmpty ? nil : text.joined(separator: "\n"), at: item.line, to: &ping, warn: warn)
                return
            }
            warn("'- \(key): ...' is not a field tally import knows (Aggregation, Event Code(s), PRs, Version "
                     + "Added, Version(s) broken, \(knownFields)); not imported", item.line)
        }
    }

    /// The version a Version Added text gives; a warning for text beside it, which is not imported ("Android 3.25 /
    /// iOS 3.27" gives 3.25), and for text without a release (a pre-release, like "v3.0.0-rc.1").
    static func addedVersion(_ text: String, line: Line, warn: (String, Line) -> Void) -> String? {
        let (version, unread) = InlineMarkdown.addedVersion(in: text)
        if let version, let unread {
            warn("Version Added '\(unread)' was imported as \(version); the rest of it is not: check the version",
                 line)
        } else if let unread {
            warn("Version Added '\(unread)' holds no release version (like 3.25; a pre-release is none)", line)
        }
        return version
    }

    /// A GitHub link written http:// as tally check wants it, https:// (the same page).
    static func withHTTPS(_ link: String) -> String {
        link.hasPrefix("http://github.com/") ? "https://" + link.dropFirst("http://".count) : link
    }

    static func grain(_ text: String) -> Grain? {
        let first = text.split(separator: ",").first.map { InlineMarkdown.collapse(String($0)).lowercased() } ?? ""
        if first.hasPrefix("total") || first.hasPrefix("all time") || first.hasPrefix("overall")
            || first.hasPrefix("over all time") { return .total }
        let words = first.split(whereSeparator: { !$0.isLetter }).map(String.init)
        if words.contains(where: { ["week", "weekly", "weeks"].contains($0) }) { return .week }
        if words.contains(where: { ["day", "daily", "days"].contains($0) }) { return .day }
        if words.contains(where: { ["month", "monthly", "months"].contains($0) }) { return .month }
        return nil
    }

    /// The day an Aggregation text's weeks start on: the first day it names, by name or by its first three letters
    /// ("weeks start Sunday", "Sunday to Saturday", "Sun-Sat" → Sunday; "Monday to Sunday", "starts Monday, not
    /// Sunday" → Monday); Monday when it names none; nil when it starts them on a day tally's weeks cannot start on
    /// ("Saturday to Friday").
    static func weekStart(_ text: String) -> WeekStart? {
        let days = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
        let words = text.lowercased().split(whereSeparator: { !$0.isLetter }).map { $0.hasSuffix("s") && $0.count > 4 ? String($0.dropLast()) : String($0) }
        guard let first = words.lazy.compactMap({ word in days.first { $0 == word || $0.prefix(3) == word } }).first
        else { return .monday }
        return WeekStart(rawValue: first)
    }

    /// PR links' destinations exactly as written; bare `#123` or URLs when there are no links.
    static func pullRequests(_ text: String) -> [String] {
        let characters = Array(text)
        var found: [String] = []
        func bare(_ piece: ArraySlice<Character>) {
            found += String(piece).split(whereSeparator: { $0 == "," || $0 == ";" || $0.isWhitespace })
                .map(String.init)
                .filter { ($0.hasPrefix("#") && $0.count > 1 && $0.dropFirst().allSatisfy(\.isNumber))
                    || $0.hasPrefix("https://") || $0.hasPrefix("http://") }
        }
        var position = 0
        for link in InlineMarkdown.links(in: text) {
            bare(characters[position..<link.start])
            found.append(link.url)
            position = link.end
        }
        bare(characters[position...])
        return found
    }
}
