import Foundation
import Testing
@testable import TallyCore

/// The output cache keys on the generator's identity: the build id where the binary has one (Linux), else a hash
/// of the binary's own bytes (macOS), so the cache works, and is never fooled by a rebuilt tally, on both.
@Suite struct GeneratorIdentityTests {
    static func temporaryFile(_ bytes: [UInt8]) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("tally-identity-\(UUID().uuidString)")
        try Data(bytes).write(to: url)
        return url
    }

    @Test func aBuildIDIsUsedWhenThereIsOne() {
        let identity = GeneratorIdentity.resolve(buildID: [1, 2, 3]) {
            Issue.record("the binary's file is not read when there is a build id")
            return nil
        }
        #expect(identity == .buildID([1, 2, 3]))
        #expect(identity.keyBytes == Array("build-id ".utf8) + [1, 2, 3] + GeneratorIdentity.libyamlBytes)
        #expect(String(decoding: GeneratorIdentity.libyamlBytes, as: UTF8.self).hasPrefix(" libyaml 0."))
    }

    @Test func withoutABuildIDTheBinarysBytesAreHashed() throws {
        var bytes = (0..<100_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let file = try Self.temporaryFile(bytes)
        defer { try? FileManager.default.removeItem(at: file) }
        let first = GeneratorIdentity.resolve(buildID: nil) { file.path }
        guard case .fileHash(let path, let hex) = first else {
            Issue.record("\(first)")
            return
        }
        #expect(path == file.path && hex.count == 32)
        #expect(GeneratorIdentity.resolve(buildID: nil) { file.path } == first, "the same bytes, the same identity")
        // One byte of the binary differs: another generator, another key.
        bytes[77_777] ^= 1
        try Data(bytes).write(to: file)
        let second = GeneratorIdentity.resolve(buildID: nil) { file.path }
        #expect(second != first)
        let inputs = [(path: "tally.yaml", bytes: Array("a: 1\n".utf8))]
        #expect(OutputCache.key(for: inputs, generator: first) != OutputCache.key(for: inputs, generator: second))
        #expect(OutputCache.key(for: inputs, generator: first) != nil)
    }

    @Test func noIdentityMeansNoKeyAndSaysWhy() {
        let unnamed = GeneratorIdentity.resolve(buildID: nil) { nil }
        #expect(unnamed.keyBytes == nil)
        #expect(OutputCache.key(for: [], generator: unnamed) == nil)
        #expect(unnamed.description.hasPrefix("off: the binary has no build id"))
        let unreadable = GeneratorIdentity.resolve(buildID: nil) { "/nonexistent/tally" }
        #expect(unreadable.description == "off: the binary has no build id and /nonexistent/tally cannot be read")
    }

    #if os(Linux)
    /// The file that names this code is the running test binary, read through the kernel's link to it.
    @Test func theCodeFileIsTheRunningBinary() throws {
        #expect(GeneratorIdentity.codeFile() == "/proc/self/exe")
        let size = Disk.withMappedFile("/proc/self/exe") { $0.count }
        let binary = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        let attributes = try FileManager.default.attributesOfItem(atPath: binary.path)
        #expect(size == (attributes[.size] as? Int))
    }
    #endif

    /// The real binary, made to skip its build id: a check after a build is answered by the cache, and
    /// `--timings` says what the cache is keyed by. A key by build id is another key.
    @Test func theFallbackServesTheCacheEndToEnd() throws {
        let root = try CLITests.project()
        defer { try? FileManager.default.removeItem(at: root) }
        let cacheFolder = root.appendingPathComponent(".test-cache")
        let byFile = ["TALLY_CACHE_IDENTITY": "file", "TALLY_CACHE_DIR": cacheFolder.path]
        let build = try CLITests.run(["build", "--project", root.path, "--timings"], environment: byFile)
        #expect(build.status == 0, "\(build.stderr)")
        #expect(build.stderr.contains("output cache: keyed by a hash of the bytes of "))
        let check = try CLITests.run(["check", "--project", root.path, "--timings"], environment: byFile)
        #expect(check.status == 0)
        #expect(!check.stderr.contains("render and compare"), "proven by the cache: \(check.stderr)")
        #if os(Linux)
        let byBuildID = try CLITests.run(["check", "--project", root.path, "--timings"],
                                         environment: ["TALLY_CACHE_DIR": cacheFolder.path])
        #expect(byBuildID.stderr.contains("output cache: keyed by the binary's GNU build id"))
        #expect(byBuildID.stderr.contains("render and compare"), "another generator identity, another key")
        #endif
        let off = try CLITests.run(["check", "--project", root.path, "--timings", "--no-cache"])
        #expect(off.stderr.contains("output cache: off: --no-cache"))
    }
}
