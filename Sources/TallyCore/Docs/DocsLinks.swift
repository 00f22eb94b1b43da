/// The links the docs build from tally.yaml's templates: Event Code searches and pull requests.
struct DocsLinks: Sendable {
    let settings: ProjectSettings

    /// An Event Code as the docs list it.
    struct Code: Sendable {
        var name: String
        var description: String?
        var url: String
    }

    /// `event_codes` when given, else `events`.
    func eventCodes(of definition: Definition) -> [Code] {
        if definition.eventCodes.isEmpty {
            return definition.events.map { Code(name: $0.value, description: nil, url: eventLink($0.value, in: definition)) }
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
