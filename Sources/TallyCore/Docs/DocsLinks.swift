/// The links the docs build from tally.yaml's templates: Event Code searches and pull requests.
struct DocsLinks: Sendable {
    let settings: ProjectSettings

    /// An Event Code as the docs list it.
    struct Code: Sendable {
        var name: String
        var description: String?
        /// nil for a glob with no text to search for (`*`).
        var url: String?
    }

    /// `event_codes` when given, else `events`.
    func eventCodes(of definition: Definition) -> [Code] {
        if definition.eventCodes.isEmpty {
            return definition.events.map { event in
                Code(name: event.value, description: nil, url: searchLink(event.value, in: definition))
            }
        }
        return definition.eventCodes.map { code in
            Code(name: code.name.value, description: code.description,
                 url: code.link?.value ?? eventLink(code.search ?? code.name.value, in: definition))
        }
    }

    /// The link of an event named in a funnel: its Event Code's when it has one, else the template's.
    func funnelEventLink(_ name: String, in definition: Definition) -> String {
        if let code = definition.eventCodes.first(where: { $0.name.value == name }) {
            return code.link?.value ?? eventLink(code.search ?? name, in: definition)
        }
        return eventLink(name, in: definition)
    }

    /// What code search can find of an event: the name, or a glob's longest run of text (`Export*` is found as
    /// `Export`; the search engine knows no `*`); nil when the glob has no run of three characters (`*`).
    static func searchText(_ event: String) -> String? {
        guard event.contains("*") else { return event }
        let runs = event.split(whereSeparator: { $0 == "*" })
        let longest = runs.max { $0.count < $1.count }.map(String.init) ?? ""
        return longest.count >= 3 ? longest : nil
    }

    /// The link that searches for an event's name, or a glob's text (nil for a glob with none, such as `*`).
    func searchLink(_ event: String, in definition: Definition) -> String? {
        Self.searchText(event).map { eventLink($0, in: definition) }
    }

    /// The definition's `event_code_link`, else tally.yaml's `links.event_code`, with `{event}` replaced.
    func eventLink(_ search: String, in definition: Definition) -> String {
        let template = definition.eventCodeLink?.value ?? settings.eventCodeLink.value
        return template.replacingAll("{event}", with: MarkdownText.queryValue(search))
    }

    /// A pull request as written in `prs` or `fix`: "#123" expands through `links.pull_request` and shows as
    /// "#123"; a full URL is kept as written and shows as "#N" when it is a /pull/N URL.
    func pullRequest(_ text: String) -> (label: String, url: String) {
        let trimmed = MarkdownText.oneLine(text)
        if trimmed.hasPrefix("#") {
            let number = String(trimmed.dropFirst())
            return ("#" + number, settings.pullRequestLink.value.replacingAll("{number}", with: number))
        }
        if let number = PullRequestLink.number(in: trimmed, template: settings.pullRequestLink.value) {
            return ("#" + number, trimmed)
        }
        return (trimmed, trimmed)
    }
}
