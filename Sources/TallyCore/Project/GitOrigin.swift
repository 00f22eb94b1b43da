import Foundation

/// The GitHub repository a folder's git clone came from, for `tally init`: the repository its links are made in,
/// taken from git's `origin` rather than left as a placeholder to fix before the first pull request.
public enum GitOrigin {
    /// https://github.com/OWNER/NAME for a remote URL of a GitHub repository, in any form git clones it by (HTTPS,
    /// with or without a user or `.git`; `git@github.com:OWNER/NAME`; `ssh://` and `git://`); nil for any other
    /// host, or for a result `ProjectTemplate.isRepositoryURL` refuses.
    public static func repository(fromRemote remote: String) -> String? {
        var rest = remote.trimmingCharacters(in: .whitespacesAndNewlines)
        let scp = "git@github.com:"
        if rest.hasPrefix(scp) {
            rest = String(rest.dropFirst(scp.count))
        } else {
            guard let scheme = ["https://", "http://", "ssh://", "git://", "git+ssh://"].first(where: rest.hasPrefix)
            else { return nil }
            rest = String(rest.dropFirst(scheme.count))
            // A user (and token) before the host: `git@`, `x-access-token:...@`.
            if let at = rest.firstIndex(of: "@"), rest[..<at].firstIndex(of: "/") == nil {
                rest = String(rest[rest.index(after: at)...])
            }
            guard rest.lowercased().hasPrefix("github.com/") else { return nil }
            rest = String(rest.dropFirst("github.com/".count))
        }
        while rest.hasSuffix("/") { rest.removeLast() }
        if rest.hasSuffix(".git") { rest.removeLast(4) }
        let url = "https://github.com/" + rest
        return ProjectTemplate.isRepositoryURL(url) ? url : nil
    }

    /// The repository of `folder`'s clone (the nearest folder of it that exists: `tally init` may make the rest),
    /// as its config says it (`git remote get-url` gives it after `url.*.insteadOf` rewrites, such as a mirror's
    /// local path); nil without git, a clone, an origin, or one on GitHub.
    public static func repository(of folder: URL) -> String? {
        var existing = folder.standardizedFileURL
        while !FileManager.default.fileExists(atPath: existing.path), existing.path != "/" {
            existing.deleteLastPathComponent()
        }
        guard let result = try? Subprocess.run("/usr/bin/env", ["git", "-C", existing.path, "config", "--get", "remote.origin.url"],
                                               input: ""),
              result.status == 0 else { return nil }
        return repository(fromRemote: result.stdout)
    }
}
