import Testing
@testable import TallyCore

/// A check of another version of a project (diff's base) reuses what the first check decoded from identical files,
/// and finds exactly what a check of its own would.
@Suite struct DecodeReuseTests {
    @Test func reusedDecodingsFindWhatAFreshCheckFinds() throws {
        var head = GroupJobsTests.project
        head["definitions/z/views.yaml"] = head["definitions/z/views.yaml"]! + "\nowners: [growth]\n"
        var base = GroupJobsTests.project
        // Other settings at the base: decoding a definition does not read them, so its decoding is still reused.
        base["tally.yaml"] = base["tally.yaml"]!.replacingOccurrences(of: "5.5.0", with: "5.4.0")
        // The base differs in one definition, and has a problem of its own there.
        base["definitions/z/saves.yaml"] = base["definitions/z/saves.yaml"]!.replacingOccurrences(of: "grain: day", with: "grain: fortnight")
        let headResult = Compiler.check(ProjectFiles.fromMemory(head.mapValues { Array($0.utf8) }), keepingDecoded: true)
        #expect(!headResult.diagnostics.hasErrors, "\(headResult.diagnostics.sorted().map(\.message))")
        #expect(headResult.catalog?.definition("views")?.owners == ["growth"])
        let baseFiles = ProjectFiles.fromMemory(base.mapValues { Array($0.utf8) })
        let fresh = Compiler.check(baseFiles)
        let reused = Compiler.check(baseFiles, reusing: headResult)
        #expect(fresh.diagnostics.hasErrors)
        #expect(reused.diagnostics.sorted() == fresh.diagnostics.sorted())
        #expect(reused.catalog?.definitions.map(\.id.value) == fresh.catalog?.definitions.map(\.id.value))
        let shared = try #require(headResult.catalog?.definition("share"))
        // The same bytes: the same decoded definition. Other bytes (views gained owners in head): decoded anew.
        #expect(reused.catalog?.definition("share") === shared)
        #expect(reused.catalog?.definition("views") !== headResult.catalog?.definition("views"))
        #expect(reused.catalog?.definition("views")?.owners.isEmpty == true)
    }
}
