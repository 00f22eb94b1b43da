/// Pull-request links (`prs`, `changes[].pr`, `broken[].fix`) written as full URLs point into the project's
/// repository and at a pull request, as `links.pull_request` spells one: a reader who follows a fix link lands
/// on the change that fixed the data, not on a commit, an issue or another project. "#12345" is expanded from
/// the template, so it is right by construction.
extension Validator {
    mutating func checkPullRequestLinks(_ definition: Definition) {
        let links = definition.prs.map { ($0, "PR link") }
            + definition.changes.compactMap { change in change.pr.map { ($0, "'changes' pr link") } }
            + definition.broken.compactMap { range in range.fix.map { ($0, "fix link") } }
        let repository = catalog.settings.repository.value
        let prefix = repository.hasSuffix("/") ? repository : repository + "/"
        let template = catalog.settings.pullRequestLink.value
        // A repository tally.yaml gives wrongly is its own error; every link measured against it would be another.
        guard ProjectTemplate.isRepositoryURL(repository) else { return }
        // Links the decoder refused (not a URL at all) are its errors already.
        for (link, what) in links where ValueChecks.isWellFormedURL(link.value) {
            // A link written http:// is the same page, but said; GitHub reads owners and names in any case.
            let scheme = link.value.prefix { $0 != ":" }.lowercased()
            let overHTTP = scheme == "http"
                && PullRequestLink.hasPrefix("https://" + link.value.drop { $0 != ":" }.dropFirst(3), prefix)
            let sameRepository = PullRequestLink.hasPrefix(link.value, prefix)
            if overHTTP {
                emit(.invalidLink, "\(what) \(link.value) is written with http://; write https://, as tally.yaml's "
                         + "repository is", at: link.span)
            } else if !sameRepository {
                emit(.fixLinkOtherRepository,
                     "\(what) \(link.value) is not in this project's repository \(repository) (tally.yaml 'repository')",
                     at: link.span)
            } else if !Self.isPullRequest(link.value, template: template) {
                emit(.invalidLink,
                     "\(what) \(link.value) is not a pull request; link one like "
                         + template.replacingAll("{number}", with: "12345") + ", or write \"#12345\"",
                     at: link.span)
            }
        }
    }

    /// Whether a link is a pull request as the template spells one; any link is, for a template without
    /// `{number}`.
    static func isPullRequest(_ link: String, template: String) -> Bool {
        !template.contains("{number}") || PullRequestLink.number(in: link, template: template) != nil
    }
}
