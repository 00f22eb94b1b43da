import Foundation

/// Reads a project's definition files as they are at a git ref, straight from git's object store: the work
/// tree is never touched, so `tally diff` works in a dirty checkout.
public struct GitReader: Sendable {
    public let root: URL

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    public init(root: URL) {
        self.root = root
    }

    /// The project's files at `ref`; nil when the ref has no project there yet (no tally.yaml, no definitions/):
    /// the pull request that adds tally to a repository compares with nothing.
    public func files(at ref: String) throws -> ProjectFiles? {
        guard !ref.hasPrefix("-") else { throw Failure(description: "'\(ref)' is not a git ref") }
        let repository = try git(["rev-parse", "--git-dir"])
        guard repository.status == 0 else {
            let said = String(decoding: repository.error, as: UTF8.self).trimmingWhitespace()
            // Anything else git refuses (a repository owned by another user, say) is git's to explain.
            guard said.contains("not a git repository") else {
                throw Failure(description: "git cannot read the repository at \(root.path): \(said)")
            }
            throw Failure(description: "\(root.path) is not in a git repository; tally diff compares the work tree "
                          + "with a commit of its repository")
        }
        let commit = try git(["rev-parse", "--verify", "--quiet", "\(ref)^{commit}"])
        guard commit.status == 0 else {
            // A shallow clone (actions/checkout fetches one commit unless told otherwise) has no history to find it in.
            let shallow = String(decoding: try git(["rev-parse", "--is-shallow-repository"]).output, as: UTF8.self)
                .trimmingWhitespace() == "true"
            // A remote's branch (origin/main) is fetched by name: `git fetch --unshallow` or a plain `git fetch` does
            // not bring a branch a single-branch clone (actions/checkout's) does not track. Only that commit is
            // needed, not the history between.
            let remotes = String(decoding: try git(["remote"]).output, as: UTF8.self).split(separator: "\n")
            let parts = ref.split(separator: "/", maxSplits: 1)
            // Only a plain branch name goes into a refspec: not `main~1`, `main^` or `main@{1}`.
            let plainBranch = parts.count == 2 && !parts[1].contains { "~^@:{}\\ ?*[".contains($0) }
            let fetch = plainBranch && remotes.contains(parts[0])
                ? "git fetch --depth=1 \(parts[0]) \(parts[1]):refs/remotes/\(parts[0])/\(parts[1])" : nil
            if shallow {
                throw Failure(description: "'\(ref)' is not a commit of this shallow clone, which has only the latest "
                              + "history (or the name is wrong): "
                              + (fetch.map { "fetch it (`\($0)`)" } ?? "fetch more (`git fetch --unshallow`)")
                              + ", or use `fetch-depth: 0` for actions/checkout, then diff again")
            }
            if let fetch {
                throw Failure(description: "'\(ref)' is not a commit in this repository (a clone of one branch has no "
                              + "other, or the name is wrong): fetch it (`\(fetch)`), then diff again")
            }
            throw Failure(description: "'\(ref)' is not a commit in this repository (try `git fetch`, or a branch "
                          + "name such as origin/main)")
        }
        let sha = String(decoding: commit.output, as: UTF8.self).trimmingWhitespace()
        // The project may sit in a folder of its repository: paths from git are relative to the repository.
        let prefix = String(decoding: try git(["rev-parse", "--show-prefix"]).output, as: UTF8.self).trimmingWhitespace()
        let listing = try git(["ls-tree", "-r", "-z", "--full-tree", "--name-only", sha, "--",
                               prefix + "tally.yaml", prefix + "definitions"])
        guard listing.status == 0 else { throw Failure(description: "git ls-tree failed at \(ref)") }
        let paths = listing.output.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
            .filter { $0.hasPrefix(prefix) }
        guard !paths.isEmpty else { return nil }
        let input = paths.map { "\(sha):\($0)\n" }.joined()
        let batch = try git(["cat-file", "--batch"], input: Data(input.utf8))
        var texts: [String: [UInt8]] = [:]
        var bytes = batch.output[...]
        for path in paths {
            // Each answer: "<sha> blob <size>\n<content>\n".
            guard let newline = bytes.firstIndex(of: 0x0A) else { break }
            let header = String(decoding: bytes[bytes.startIndex..<newline], as: UTF8.self).split(separator: " ")
            bytes = bytes[(newline + 1)...]
            guard header.count == 3, header[1] == "blob", let size = Int(header[2]) else { continue }
            let content = bytes.prefix(size)
            bytes = bytes.dropFirst(size + 1)
            texts[String(path.dropFirst(prefix.count))] = Array(content)
        }
        return ProjectFiles.fromMemory(texts)
    }

    /// The project's folder in its repository, as git names it: "." at the root.
    public func projectFolder() throws -> String {
        let prefix = String(decoding: try git(["rev-parse", "--show-prefix"]).output, as: UTF8.self).trimmingWhitespace()
        return prefix.isEmpty ? "." : prefix
    }

    private func git(_ arguments: [String], input: Data? = nil) throws -> (status: Int32, output: Data, error: Data) {
        do {
            let result = try Subprocess.run("/usr/bin/env", ["git", "-C", root.path] + arguments, input: input ?? Data())
            return (result.status, result.stdout, result.stderr)
        } catch {
            throw Failure(description: "cannot run git: \(error)")
        }
    }
}
