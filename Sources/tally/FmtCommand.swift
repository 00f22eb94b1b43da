import ArgumentParser
import Foundation
import TallyCore

struct FmtCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fmt",
        abstract: "Put definition files in canonical form: keys in the documented order, versions quoted.",
        discussion: """
            Top-level keys go in the order of the definition format (kind, title, type, definition, ...), a \
            measure's keys in the measure's order, and every version (added, from, through, deprecated.version, \
            a change's version) becomes a double-quoted string. Whole lines move, so every comment stays above the \
            key it was written over; nothing else changes. Formatting twice changes nothing more. A file with YAML \
            errors is reported and left as written; each file is replaced atomically. The names of the files \
            changed (with --check: that would change) go to stdout, problems and the summary to stderr. Exit \
            status: 0, or 1 when a file has errors or, with --check, when a file is not formatted; 64 for a named \
            file that is not a definition.
            """
    )

    @Argument(help: "Definition files (definitions/<group>/<id>.yaml). Default: every definition of the project.")
    var files: [String] = []

    @Flag(name: .long, help: "Change nothing; list the files that are not formatted and exit 1 if there are any (for CI).")
    var check = false

    @OptionGroup var location: ProjectLocation

    func run() throws {
        let targets: [(path: String, shown: String)]
        if files.isEmpty {
            targets = try projectDefinitions()
        } else {
            // The project's root is found once, not once per file named.
            let root = try location.root().resolvingSymlinksInPath().path + "/"
            // A file named twice (also by way of a linked folder) is formatted and counted once.
            var named: Set<String> = []
            targets = try files.map { try namedDefinition($0, root: root) }
                .filter { named.insert($0.resolved).inserted }
                .map { ($0.path, $0.shown) }
        }
        var changed = 0
        var failed = 0
        for target in targets {
            // A link would be replaced by a plain file, and a FIFO would block the read: only plain files.
            let kind = (try? FileManager.default.attributesOfItem(atPath: target.path))?[.type] as? FileAttributeType
            guard kind == .typeRegular, let data = FileManager.default.contents(atPath: target.path) else {
                let why = kind == .typeSymbolicLink ? "it is a symbolic link; name the file it points to"
                    : kind == nil ? "no such file" : kind == .typeRegular ? "cannot read it" : "it is not a plain file"
                FileHandle.standardError.write(Data("\(target.shown): error: left as written: \(why)\n".utf8))
                failed += 1
                continue
            }
            let source = SourceText(path: target.shown, bytes: [UInt8](data))
            switch DefinitionFormatter.format(source) {
            case .unchanged:
                continue
            case .refused(let diagnostics):
                Report.print(diagnostics, sources: [target.shown: source], format: .human, root: nil)
                FileHandle.standardError.write(Data("\(target.shown): left as written: fix its YAML first\n".utf8))
                failed += 1
            case .unsafe(let reason):
                FileHandle.standardError.write(Data("\(target.shown): error: left as written: \(reason)\n".utf8))
                failed += 1
            case .formatted(let text):
                if !check {
                    do {
                        try FileReplacement.replace(target.path, with: text)
                    } catch {
                        FileHandle.standardError.write(Data("\(target.shown): error: \(error.description)\n".utf8))
                        failed += 1
                        continue
                    }
                }
                changed += 1
                print(target.shown)
            }
        }
        let verb = check ? "would reformat" : "reformatted"
        var summary = "tally fmt: \(verb) \(changed) of \(Report.plural(targets.count, "file"))"
        if failed > 0 { summary += "; \(failed) left as written with errors" }
        if check && changed > 0 { summary += "; run `tally fmt`" }
        FileHandle.standardError.write(Data((summary + "\n").utf8))
        if failed > 0 || (check && changed > 0) { throw ExitCode(1) }
    }

    /// Every definitions/<group>/<id>.yaml of the project, by path from its root.
    private func projectDefinitions() throws -> [(path: String, shown: String)] {
        let root = try location.root()
        let definitions = root.appendingPathComponent("definitions")
        let manager = FileManager.default
        var found: [(path: String, shown: String)] = []
        for group in ((try? manager.contentsOfDirectory(atPath: definitions.path)) ?? []).sorted()
        where !group.hasPrefix(".") {
            let folder = definitions.appendingPathComponent(group)
            for name in ((try? manager.contentsOfDirectory(atPath: folder.path)) ?? []).sorted() where !name.hasPrefix(".") {
                // Which files are definitions is the project layout's rule, as check reads it.
                let shown = "definitions/\(group)/\(name)"
                guard case .definition? = ProjectFiles.role(of: shown) else { continue }
                found.append((folder.appendingPathComponent(name).path, shown))
            }
        }
        return found
    }

    /// A file named on the command line, refused unless it is one of the project's definitions
    /// (definitions/<group>/<id>.yaml under the project's root): the order fmt applies is the definition format's,
    /// and would scramble a source, a group, tally.yaml or any other YAML (a hook passing every changed file).
    /// `resolved`: the file's path with every link resolved, which tells two names of one file apart from two files.
    private func namedDefinition(_ path: String, root: String) throws -> (path: String, shown: String, resolved: String) {
        let file = URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
        guard file.hasPrefix(root), case .definition? = ProjectFiles.role(of: String(file.dropFirst(root.count))) else {
            // A name that is no file at all is most likely mistyped: said as such, not as a file of another kind.
            guard (try? FileManager.default.attributesOfItem(atPath: path)) != nil else {
                throw ValidationError("\(path): no such file; tally fmt formats the project's definitions "
                                      + "(definitions/<group>/<id>.yaml)")
            }
            throw ValidationError("\(path) is not a definition file of this project (definitions/<group>/<id>.yaml); "
                                  + "tally fmt formats definitions only")
        }
        return (path, path, file)
    }
}
