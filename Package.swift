// swift-tools-version: 6.0
import Foundation
import PackageDescription

/// generated/swift is tally's own output (the TallyFixtures target). It is built and tested when present; the
/// tally executable never depends on it, so a stale, broken or deleted generated/ cannot stop `swift run tally
/// build` from writing it anew.
let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
let hasFixtures = FileManager.default.fileExists(atPath: packageRoot.appendingPathComponent("generated/swift").path)

let package = Package(
    name: "tally",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "tally", targets: ["tally"]),
        .library(name: "TallyCore", targets: ["TallyCore"]),
        .plugin(name: "tally-build", targets: ["TallyBuildPlugin"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CYAML",
            pkgConfig: "yaml-0.1",
            providers: [.apt(["libyaml-dev"])]
        ),
        .systemLibrary(
            name: "CSQLite",
            pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"])]
        ),
        .target(name: "CTallySupport"),
        .target(
            name: "TallyCore",
            dependencies: ["CYAML", "CTallySupport"]
        ),
        .executableTarget(
            name: "tally",
            dependencies: [
                "TallyCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .plugin(
            name: "TallyBuildPlugin",
            capability: .command(
                intent: .custom(verb: "tally-build", description: "Rebuild generated/ from definitions/ with tally build"),
                permissions: [.writeToPackageDirectory(reason: "tally build writes the package's generated/ folder")]
            ),
            dependencies: ["tally"]
        ),
        // The fuzz target (scripts/fuzz); in an ordinary build, a replayer of its corpus.
        .executableTarget(
            name: "TallyFuzz",
            dependencies: ["TallyCore", "CTallySupport"],
            path: "Fuzz/TallyFuzz"
        ),
        .testTarget(
            name: "TallyCoreTests",
            // The executable is a dependency so that `swift test` builds it for the CLI tests.
            dependencies: ["TallyCore", "tally", "CSQLite"] + (hasFixtures ? ["TallyFixtures"] : []),
            exclude: ["Corpus", "ReferenceProjects", "Fixtures"],
            swiftSettings: hasFixtures ? [.define("TALLY_FIXTURES")] : []
        ),
    ],
    swiftLanguageModes: [.v6]
)

if hasFixtures {
    package.targets.append(.target(name: "TallyFixtures", path: "generated/swift"))
}
