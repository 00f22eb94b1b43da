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
            // Never a name to try that may be the one that failed (origin/main, in a repository without a remote).
            throw Failure(description: "'\(ref)' is not a commit in this repository"
                          + (remotes.isEmpty ? ", which has no remote to fetch it from: name one of its branches, tags "
                                + "or commits (`git branch --all` lists the branches)"
                             : " (try `git fetch`, or another name: `git branch --all` lists the branches)"))
        }
        let sha = String(decoding: commit.output, as: UTF8.self).trimmingWhitespace()
        // The project may sit in a folder of its repository: paths from git are relative to the repository.
        let prefix = String(decoding: try git(["rev-parse", "--show-prefix"]).output, as: UTF8.self).trimmingWhitespace()
        let listing = try git(["ls-tree", "-r", "-z", "--full-tree", sha, "--",
                               prefix + "tally.yaml", prefix + "definitions"])
        guard listing.status == 0 else { throw Failure(description: "git ls-tree failed at \(ref)") }
        let blobs = Self.blobs(listed: listing.output).filter { $0.path.hasPrefix(prefix) }
        guard !blobs.isEmpty else { return nil }
        // Asked for by object name, not as `<commit>:<path>`: git walks the trees from the commit down for each
        // path so named, and at 10,000 definitions that took 0.64 s of a diff's 1.1 s; by name, 0.04 s.
        let input = blobs.map { $0.object + "\n" }.joined()
        let batch = try git(["cat-file", "--batch"], input: Data(input.utf8))
        var texts: [String: [UInt8]] = [:]
        var bytes = batch.output[...]
        for path in blobs.map(\.path) {
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

    /// The files of a `git ls-tree -z` listing (`<mode> <type> <object>\t<path>`, each ended by NUL), with their
    /// objects: blobs only, since a submodule's entry (a commit) holds no file.
    static func blobs(listed output: Data) -> [(object: String, path: String)] {
        output.split(separator: 0).compactMap { entry in
            guard let tab = entry.firstIndex(of: 0x09) else { return nil }
            let fields = entry[..<tab].split(separator: 0x20)
            guard fields.count == 3, fields[1].elementsEqual("blob".utf8) else { return nil }
            return (String(decoding: fields[2], as: UTF8.self), String(decoding: entry[(tab + 1)...], as: UTF8.self))
        }
    }

    /// `files(at:)` and `projectFolder()`, read in the background while the caller reads and checks the work tree
    /// (at 10,000 definitions, 0.83 → 0.48 s for a diff); the function returned waits for them, and throws what
    /// they threw. Called once.
    public func reading(_ ref: String) -> @Sendable () throws -> (files: ProjectFiles?, folder: String) {
        let read = Background { Result { (try files(at: ref), try projectFolder()) } }
        return { try read.take().get() }
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
