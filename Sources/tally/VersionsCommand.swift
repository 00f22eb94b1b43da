import ArgumentParser
import Foundation
import TallyCore

struct VersionsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "versions",
        abstract: "Which definitions exist in a release, which are known broken in it (with reason and fix), which are deprecated; or what an upgrade FROM..TO breaks and fixes.",
        discussion: """
            A definition without 'added' (most metrics) exists from the start. A release after tally.yaml's \
            current_version is answered with what is known up to it, and says so. The answer goes to stdout.
            """
    )

    @Argument(help: "A release such as 3.33.0, 3.33 or v5.2.1, or an upgrade FROM..TO such as 3.30..3.35.")
    var release: String

    @OptionGroup var location: ProjectLocation

    @Option(name: .long, help: "human or json.")
    var format: ReleaseFormat = .human

    @Flag(name: .long, help: .hidden)
    var json = false

    enum ReleaseFormat: String, ExpressibleByArgument, CaseIterable {
        case human, json
    }

    /// One release, or an upgrade from one to a later one.
    enum Question {
        case release(Version)
        case upgrade(Version, Version)
    }

    func question() throws -> Question {
        let parts = release.components(separatedBy: "..")
        let versions = parts.map(Version.init)
        switch (parts.count, versions.first ?? nil, versions.last ?? nil) {
        case (1, let only?, _): return .release(only)
        case (2, let from?, let to?):
            guard from.lowerBound.lexicographicallyPrecedes(to.lowerBound) else {
                throw ValidationError("'\(release)': an upgrade goes from an earlier release to a later one, like 3.30..3.35")
            }
            return .upgrade(from, to)
        default:
            throw ValidationError("'\(release)' is not a release; write one like 3.33.0, 3.33 or v5.2.1, or an upgrade like 3.30..3.35")
        }
    }

    func validate() throws { _ = try question() }

    func run() throws {
        let root = try location.root()
        let cache = OutputCache.forProject(at: root)
        defer { ChangedInputWarning.print() }
        let result = Compiler.check(ProjectReader(root: root, stampsIn: cache).read(), decodedStoreIn: cache)
        let failed = result.catalog == nil || result.diagnostics.hasErrors
        if failed { Report.print(result, format: .human, summaryVerb: "versions", root: nil) }
        let asJSON = json || format == .json
        // With errors there is no answer; JSON still gets its one document, with empty lists and the errors.
        guard !failed || asJSON else { throw ExitCode(1) }
        let catalog = failed ? nil : result.catalog
        let errors = failed ? result.diagnostics.diagnostics.filter { $0.severity == .error } : []
        let text: String
        switch try question() {
        case .release(let version):
            let query = ReleaseQuery(release: version, catalog: catalog)
            text = asJSON ? query.json(diagnostics: errors) : query.human()
        case .upgrade(let from, let to):
            let query = UpgradeQuery(from: from, to: to, catalog: catalog)
            text = asJSON ? query.json(diagnostics: errors) : query.human()
        }
        FileHandle.standardOutput.write(Data(text.utf8))
        if failed { throw ExitCode(1) }
    }
}
