// swift-tools-version: 6.0
import PackageDescription

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
        // Runs what TallyCore compiles: examples and data on embedded SQLite (or an engine the user names).
        .target(
            name: "TallyRunner",
            dependencies: ["TallyCore", "CSQLite"]
        ),
        .executableTarget(
            name: "tally",
            dependencies: [
                "TallyCore",
                "TallyRunner",
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
            dependencies: ["TallyCore", "TallyRunner", "tally", "CSQLite", "TallyFixtures"],
            exclude: ["Corpus", "ReferenceProjects", "Fixtures"]
        ),
        // generated/swift, tally's own output, compiled as the module a user's tests import, so that the tests
        // use it the same way. Its folder holds only the link Tests/TallyFixtures/swift -> ../../generated/swift:
        // the manifest names a folder that always exists and never looks at the working tree, because SwiftPM
        // caches the manifest's evaluation and would not see generated/ appear or go (when this target was
        // declared only if generated/swift existed, deleting generated/ after a build made every `swift build`
        // fail on a target path that was gone). SwiftPM lists the target's sources at every build instead.
        // Without generated/swift (deleted, not built yet) the link dangles: SwiftPM warns that the target has no
        // sources, `swift run tally build` and the tally-build plugin still work (they build only the tally
        // product, which never depends on generated/) and write it anew, and only the tests, which import
        // TallyFixtures, fail to build until then. A generated/swift that does not compile likewise breaks only
        // the tests. PackageManifestTests checks this.
        .target(name: "TallyFixtures", path: "Tests/TallyFixtures"),
    ],
    swiftLanguageModes: [.v6]
)
