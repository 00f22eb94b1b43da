import ArgumentParser
import Foundation
import TallyCore

struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Start a project: tally.yaml, a source, a group, a definition with an example, and the GitHub workflow.",
        discussion: """
            Writes into DIR (created if missing; default: the current folder) and prints what to do next. The new \
            project passes `tally check` once `tally build` has written generated/, and its example passes \
            `tally test`. Nothing is ever overwritten: if any of the files exists, nothing is written at all. \
            Exit status: 0 when the project was written, 1 when a file exists or cannot be written.
            """
    )

    @Argument(help: "The folder of the new project (default: the current folder).")
    var directory = "."

    @Option(name: .long, help: "The project's GitHub repository, https://github.com/OWNER/NAME: tally.yaml's repository and links. Default: the GitHub repository of the folder's git origin, else https://github.com/example/<folder name>, to change before the first pull request.")
    var repository: String?

    func validate() throws {
        if let repository, !ProjectTemplate.isRepositoryURL(repository) {
            throw ValidationError("--repository \(repository): give the GitHub repository as "
                + ProjectTemplate.repositoryForm)
        }
    }

    /// A path as a shell reads it back whole: quoted when it holds anything but plain path characters.
    static func shellWord(_ path: String) -> String {
        let plain = path.unicodeScalars.allSatisfy { scalar in
            scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || "/._-+,:@%".unicodeScalars.contains(scalar)
        }
        return plain && !path.isEmpty ? path : "'" + path.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    func run() throws {
        let manager = FileManager.default
        let root = URL(fileURLWithPath: directory, relativeTo: URL(fileURLWithPath: manager.currentDirectoryPath))
            .standardizedFileURL
        // Inside another project's definitions/, its tally.yaml would be read as a definition of that project (an
        // error per key), and its files as that project's.
        if let outer = ProjectLocation.enclosingProject(from: root.deletingLastPathComponent()),
           root.path.hasPrefix(outer.appendingPathComponent("definitions").path + "/") {
            FileHandle.standardError.write(Data(("tally init: nothing was written: \(root.path) is inside the definitions/ "
                + "of the project at \(outer.path), which would read the new project's files as its own; make it "
                + "outside that folder\n").utf8))
            throw ExitCode(1)
        }
        let name = root.lastPathComponent.isEmpty || root.path == "/" ? "analytics" : root.lastPathComponent
        let origin = repository == nil ? GitOrigin.remote(of: root) : nil
        let fromOrigin = origin.flatMap(GitOrigin.repository(fromRemote:))
        let template = ProjectTemplate(name: name,
                                       repository: repository ?? fromOrigin ?? "https://github.com/example/\(slug(name))")
        do {
            try template.write(into: root.path)
        } catch {
            switch error {
            case .exist(let paths):
                for path in paths {
                    FileHandle.standardError.write(Data("\(shown(path)): error: the file already exists; tally init never overwrites a file\n".utf8))
                }
                FileHandle.standardError.write(Data("tally init: nothing was written (\(paths.count) of the new project's \(template.files.count) files \(paths.count == 1 ? "exists" : "exist"))\n".utf8))
            case .cannotWrite(let reason):
                FileHandle.standardError.write(Data("tally init: nothing was written: \(reason)\n".utf8))
            }
            throw ExitCode(1)
        }
        let here = directory == "." ? "" : "  cd \(Self.shellWord(directory))\n"
        let repositoryStep = repository != nil ? ""
            : fromOrigin != nil ? "  check tally.yaml's repository, \(template.repository): taken from git's origin\n"
            : "  edit tally.yaml: set repository (and links) to your GitHub repository; it is \(template.repository) for now"
                + (origin.map { " (git's origin, \($0), is no GitHub repository URL tally recognises)" } ?? "") + "\n"
        // GitHub runs only the workflows at the repository's root, and this one expects the project there.
        let folder = AnnotationPaths.prefix(forProjectAt: root)
        let workflowStep = folder.isEmpty ? "" : "  move .github/workflows/tally.yml to the repository's own .github/workflows/ "
            + "(GitHub runs no other), with \(folder) before its paths and --project \(folder.dropLast()) on each tally command\n"
        FileHandle.standardError.write(Data("""
            tally init: wrote a project of \(template.files.count) files in \(root.path):
            \(template.files.map { "  \($0.path)\n" }.joined())
            Next:
            \(here)\(repositoryStep)\(workflowStep)  tally build     # check the definitions and write generated/ (SQL, docs, Swift fixtures, schemas)
              tally test      # run the example of \(ProjectTemplate.examplePath) on embedded SQLite
              tally check     # what the workflow runs on every pull request, with tally test and tally diff
            Before the first pull request, set the repository variable TALLY_REPOSITORY (OWNER/NAME of tally's source)
            under Settings > Secrets and variables > Actions > Variables: the workflow builds tally from it.
            Then add definitions beside \(ProjectTemplate.examplePath) (README: "Adding a definition").

            """.utf8))
    }

    private func shown(_ path: String) -> String { directory == "." ? path : "\(directory)/\(path)" }

    /// A folder name as a repository name: what GitHub keeps of it.
    private func slug(_ name: String) -> String {
        let kept = name.map { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == ".") ? $0 : "-" }
        return String(kept)
    }
}
