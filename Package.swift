// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "tally",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "tally", targets: ["tally"]),
        .library(name: "TallyCore", targets: ["TallyCore"]),
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
        .testTarget(
            name: "TallyCoreTests",
            // The executable is a dependency so that `swift test` builds it for the CLI tests.
            dependencies: ["TallyCore", "tally", "CSQLite"],
            exclude: ["Corpus", "SQLProject", "Fixtures"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
