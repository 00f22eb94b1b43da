import Foundation
import Testing
import TallyCore

/// Package.swift never looks at the working tree: with generated/ present, deleted after the manifest was
/// evaluated (SwiftPM caches that), or never built, the package loads and the tally product is there, so
/// `swift run tally build` can always write generated/ anew.
@Suite struct PackageManifestTests {
    /// What the package needs to load, without .build (so SwiftPM evaluates the manifest afresh) and with a copy
    /// of generated/swift.
    static func copyOfThePackage() throws -> URL {
        let manager = FileManager.default
        let source = TestFiles.packageRoot
        let folder = manager.temporaryDirectory.appendingPathComponent("tally-package-\(UUID().uuidString)")
        for path in ["Package.swift", "Package.resolved", "Sources", "Plugins", "Fuzz/TallyFuzz", "generated/swift"]
        where manager.fileExists(atPath: source.appendingPathComponent(path).path) {
            let target = folder.appendingPathComponent(path)
            try manager.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            try manager.copyItem(at: source.appendingPathComponent(path), to: target)
        }
        try manager.createDirectory(at: folder.appendingPathComponent("Tests/TallyCoreTests"),
                                    withIntermediateDirectories: true)
        let link = source.appendingPathComponent("Tests/TallyFixtures/swift")
        try manager.createDirectory(at: folder.appendingPathComponent("Tests/TallyFixtures"),
                                    withIntermediateDirectories: true)
        try manager.createSymbolicLink(atPath: folder.appendingPathComponent("Tests/TallyFixtures/swift").path,
                                       withDestinationPath: try manager.destinationOfSymbolicLink(atPath: link.path))
        return folder
    }

    /// The targets SwiftPM sees, by name, with their source files.
    static func targets(of package: URL) throws -> (status: Int32, targets: [String: [String]], stderr: String) {
        let run = try Subprocess.run("/usr/bin/env", ["swift", "package", "--package-path", package.path,
                                                             "describe", "--type", "json"], input: "")
        guard run.status == 0 else { return (run.status, [:], run.stderr) }
        let json = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any]
        var targets: [String: [String]] = [:]
        for target in json?["targets"] as? [[String: Any]] ?? [] {
            guard let name = target["name"] as? String else { continue }
            targets[name] = target["sources"] as? [String] ?? []
        }
        return (run.status, targets, run.stderr)
    }

    @Test func thePackageLoadsWithAndWithoutGeneratedSwift() throws {
        let package = try Self.copyOfThePackage()
        defer { try? FileManager.default.removeItem(at: package) }
        let present = try Self.targets(of: package)
        #expect(present.status == 0, "\(present.stderr)")
        #expect(present.targets["TallyFixtures"]?.contains("swift/Catalog.swift") == true, "\(present.targets)")
        #expect(present.targets["tally"]?.isEmpty == false)

        // generated/ deleted after the manifest was evaluated: the same manifest still loads.
        try FileManager.default.removeItem(at: package.appendingPathComponent("generated"))
        let absent = try Self.targets(of: package)
        #expect(absent.status == 0, "\(absent.stderr)")
        #expect(absent.targets["TallyFixtures"]?.isEmpty != false, "no sources: \(absent.targets)")
        #expect(absent.targets["tally"]?.isEmpty == false)
        #expect(present.targets["tally"] == absent.targets["tally"])
    }
}
