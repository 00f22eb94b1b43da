import Foundation

/// The GitHub repository a folder's git clone came from, for `tally init`: the repository its links are made in,
/// taken from git's `origin` rather than left as a placeholder to fix before the first pull request.
public enum GitOrigin {
    /// https://github.com/OWNER/NAME for a remote URL of a GitHub repository, in any form git clones it by (HTTPS,
    /// with or without a user or `.git`; `git@github.com:OWNER/NAME`; `ssh://`, with or without a port, and
    /// `git://`), the host in any case; nil for any other host (an SSH alias too), or for a result
    /// `ProjectTemplate.isRepositoryURL` refuses.
    public static func repository(fromRemote remote: String) -> String? {
        var rest = Substring(remote.trimmingCharacters(in: .whitespacesAndNewlines))
        if let scheme = ["https://", "http://", "ssh://", "git://", "git+ssh://"].first(where: {
            rest.lowercased().hasPrefix($0)
        }) {
            rest = rest.dropFirst(scheme.count)
            // A user (and token) before the host: `git@`, `x-access-token:...@`.
            if let at = rest.firstIndex(of: "@"), !rest[..<at].contains("/") { rest = rest[rest.index(after: at)...] }
            guard let slash = rest.firstIndex(of: "/") else { return nil }
            let host = rest[..<slash].lowercased()
            guard host == "github.com" || host.hasPrefix("github.com:") else { return nil }
            rest = rest[rest.index(after: slash)...]
        } else {
            // The scp-like form git takes for SSH: [user@]host:path.
            if let at = rest.firstIndex(of: "@") { rest = rest[rest.index(after: at)...] }
            guard rest.lowercased().hasPrefix("github.com:") else { return nil }
            rest = rest.dropFirst("github.com:".count)
            while rest.hasPrefix("/") { rest = rest.dropFirst() }
        }
        while rest.hasSuffix("/") { rest = rest.dropLast() }
        if rest.lowercased().hasSuffix(".git") { rest = rest.dropLast(4) }
        let url = "https://github.com/" + rest
        return ProjectTemplate.isRepositoryURL(url) ? url : nil
    }

    /// The URL of `folder`'s git origin (of the nearest folder of it that exists: `tally init` may make the rest),
    /// as its config says it: `git remote get-url` gives it after `url.*.insteadOf` rewrites, such as a mirror's
    /// local path. nil without git, a clone or an origin.
    public static func remote(of folder: URL) -> String? {
        var existing = folder.standardizedFileURL
        while !FileManager.default.fileExists(atPath: existing.path), existing.path != "/" {
            existing.deleteLastPathComponent()
        }
        guard let result = try? Subprocess.run("/usr/bin/env", ["git", "-C", existing.path, "config", "--get", "remote.origin.url"],
                                               input: ""),
              result.status == 0 else { return nil }
        let remote = result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        return remote.isEmpty ? nil : remote
    }
}
