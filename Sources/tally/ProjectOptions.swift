import ArgumentParser
import Foundation
import TallyCore

/// Options every command that reads and reports on a project shares.
struct ProjectOptions: ParsableArguments {
    @OptionGroup var location: ProjectLocation

    static let formatHelp: ArgumentHelp =
        "How to print problems: human, github (workflow annotations) or json (one object a line)."

    @Option(name: .long, help: formatHelp)
    var format: DiagnosticFormat = .human

    @Flag(name: .long, help: "Treat warnings (open or undocumented broken ranges) as errors.")
    var strict = false

    @Flag(name: .long, help: "Print how long each phase (read, decode, validate, cache, render) took, to stderr.")
    var timings = false

    /// Prints the phase times when asked, and says when the output cache could not be stored; called last,
    /// whatever the outcome.
    func reportTimings() {
        if timings {
            PhaseTimes.shared.note(HeapPages.summary())
            FileHandle.standardError.write(Data(("timings:\n" + PhaseTimes.shared.report()).utf8))
        }
        ChangedInputWarning.print()
        if let failure = OutputCache.lastStoreFailure {
            FileHandle.standardError.write(Data(("tally: warning: the output cache was not stored (\(failure)); results "
                                                 + "stay right, but every run renders everything: point $TALLY_CACHE_DIR "
                                                 + "at a folder tally can write\n").utf8))
        }
    }

    func root() throws -> URL { try location.root() }
}

/// The options of the commands that compare or write generated/.
struct OutputOptions: ParsableArguments {
    @Flag(name: .long, help: """
        Render and compare every generated file even when the output cache (kept outside the project, in $TALLY_CACHE_DIR or ~/.cache/tally) holds a proof for these exact inputs and this tally binary.
        """)
    var noCache = false

    func output(root: URL) -> GeneratedOutput {
        let cache = noCache ? nil : OutputCache.forProject(at: root)
        if noCache {
            PhaseTimes.shared.note("output cache: off: --no-cache")
        } else if cache == nil {
            PhaseTimes.shared.note("output cache: off: no $TALLY_CACHE_DIR, $XDG_CACHE_HOME or $HOME to keep it in")
        }
        return GeneratedOutput(root: root, cache: cache)
    }
}

/// Where the project is: --project, or found from the current folder.
struct ProjectLocation: ParsableArguments {
    @Option(name: .long, help: "The project root (the folder with tally.yaml). Default: the nearest one above the current folder.")
    var project: String?

    /// The project root: --project, or the nearest folder upwards holding tally.yaml, as git finds .git.
    func root() throws -> URL {
        let manager = FileManager.default
        if let project {
            let url = URL(fileURLWithPath: project, relativeTo: URL(fileURLWithPath: manager.currentDirectoryPath))
            var isDirectory: ObjCBool = false
            guard manager.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
                throw ValidationError("--project \(project): no such folder")
            }
            guard isDirectory.boolValue else {
                // Naming tally.yaml itself is the likely slip: say which folder was meant.
                let folder = url.deletingLastPathComponent().path
                throw ValidationError("--project \(project) is a file, not a folder; pass the folder holding tally.yaml"
                                          + (url.lastPathComponent == "tally.yaml" ? " (--project \(folder))" : ""))
            }
            let folder = url.standardizedFileURL
            // A folder without tally.yaml is no project: said once, as a usage error, like the search without
            // --project (it was two F002 errors telling to pass the --project that was passed). Any entry of that
            // name counts, a link to nothing too: checking says what is wrong with it.
            guard (try? manager.attributesOfItem(atPath: folder.appendingPathComponent("tally.yaml").path)) != nil else {
                let enclosing = Self.enclosingProject(from: folder.deletingLastPathComponent())
                throw ValidationError("--project \(project): no tally.yaml there; "
                                          + (enclosing.map { "it is inside the project at \($0.path) (--project \($0.path))" }
                                             ?? "pass the folder holding tally.yaml, or make a project there with `tally init`"))
            }
            return folder
        }
        guard let found = Self.enclosingProject(from: URL(fileURLWithPath: manager.currentDirectoryPath).standardizedFileURL)
        else {
            throw ValidationError("no tally.yaml in \(manager.currentDirectoryPath) or any folder above it; run tally "
                                  + "inside a project or pass --project")
        }
        return found
    }

    /// The nearest folder from `start` upwards (`start` included) that holds tally.yaml, as git finds .git; nil when
    /// none does, up to the file system's root.
    static func enclosingProject(from start: URL) -> URL? {
        sequence(first: start) { folder in
            let parent = folder.deletingLastPathComponent()
            return parent.path == folder.path ? nil : parent
        }.first { FileManager.default.fileExists(atPath: $0.appendingPathComponent("tally.yaml").path) }
    }
}

extension DiagnosticFormat: ExpressibleByArgument {}

/// Prints diagnostics where each format belongs: people read stderr, programs read stdout.
enum Report {
    /// `quietWhenClean`: print nothing at all when there is no problem (a build says what it wrote instead).
    /// `root`: the project's folder, which GitHub annotations name files from (nil: from the project itself).
    static func print(_ result: CheckResult, format: DiagnosticFormat, summaryVerb: String, root: URL?,
                      quietWhenClean: Bool = false) {
        if quietWhenClean && result.diagnostics.diagnostics.isEmpty { return }
        print(result.diagnostics.sorted(), sources: result.texts, format: format, root: root)
        let errors = result.diagnostics.errorCount
        let warnings = result.diagnostics.warningCount
        let counts = "\(plural(result.fileCount, "file")), \(plural(result.definitionCount, "definition"))"
        let summary: String
        if errors == 0 && warnings == 0 {
            summary = "tally \(summaryVerb): no problems (\(counts))"
        } else {
            summary = "tally \(summaryVerb): \(plural(errors, "error")), \(plural(warnings, "warning")) (\(counts))"
        }
        FileHandle.standardError.write(Data((summary + "\n").utf8))
    }

    /// The diagnostics alone, in report order as given; `sources` are the texts they quote.
    static func print(_ diagnostics: [Diagnostic], sources: [String: SourceText], format: DiagnosticFormat,
                      root: URL?) {
        // Only annotations need the project's place in its repository.
        let prefix = format == .github ? root.map(AnnotationPaths.prefix(forProjectAt:)) ?? "" : ""
        let handle = format == .human ? FileHandle.standardError : FileHandle.standardOutput
        DiagnosticRenderer(format: format, sources: sources, annotationPrefix: prefix).render(diagnostics) { text in
            handle.write(Data(text.utf8))
        }
    }

    static func plural(_ count: Int, _ noun: String) -> String {
        "\(count) \(noun)\(count == 1 ? "" : "s")"
    }
}
