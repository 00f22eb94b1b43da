/// What other tools write into generated/ when they run there, and tally leaves alone: dbt, run in generated/dbt/
/// as a dbt project is, writes its artifacts (target/), logs (logs/) and packages (dbt_packages/) beside the
/// project file. They are not tally's output: `tally check` does not report them as left over, a build neither
/// deletes them nor counts them, and a build that swaps in a whole new tree moves them into it (while the dbt
/// export is on: without it, its folder goes and they go with it). The dbt export's .gitignore keeps them out of
/// commits.
enum ToolArtifacts {
    /// Paths relative to generated/, each a file or a folder taken whole.
    static let paths: Set<String> = ["dbt/target", "dbt/logs", "dbt/dbt_packages"]

    /// Moves them from generated/ into the new tree about to be swapped in, where their folder is in it: a rename
    /// each. Best effort, and a build killed before the swap loses them: they are the tools' caches, made again
    /// when the tools run.
    static func move(from old: String, into new: String) {
        for path in paths.sorted() where Disk.kind(of: old + "/" + path) != nil {
            let parent = path.lastSlash.map { String(path[..<$0]) } ?? ""
            guard Disk.kind(of: new + "/" + parent) == .directory else { continue }
            try? Disk.move(old + "/" + path, to: new + "/" + path)
        }
    }

    /// Asked of every path in generated/ (30,000 at 10,000 definitions): the prefix first, so that nearly all are
    /// answered without hashing.
    static func owns(_ path: String) -> Bool { path.utf8.starts(with: "dbt/".utf8) && paths.contains(path) }

    /// The dbt export's .gitignore lines.
    static var gitignore: String {
        paths.filter { $0.hasPrefix("dbt/") }.sorted().map { "/" + $0.dropFirst("dbt/".count) + "/" }.joined(separator: "\n") + "\n"
    }
}
