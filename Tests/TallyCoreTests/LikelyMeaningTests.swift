import Foundation
import Testing
@testable import TallyCore

/// Messages that name what was most likely meant.
@Suite struct LikelyMeaningTests {
    @Test func aColumnTypeByAnotherToolsNameSuggestsTallys() {
        var files = CorpusTests.base
        let path = "definitions/sources/team_seats.yaml"
        files[path] = Array(String(decoding: files[path]!, as: UTF8.self)
            .replacingOccurrences(of: "seats: {type: integer", with: "seats: {type: BIGINT").utf8)
        let lines = PinnedDiagnosticsTests.lines(Compiler.check(ProjectFiles.fromMemory(files)).diagnostics.diagnostics)
        #expect(lines == ["definitions/sources/team_seats.yaml:8:17: error[D005]: 'type' cannot be 'BIGINT'; did you "
                              + "mean 'integer'?"], "\(lines)")
    }

    @Test func anIdTooLongIsSaidToBeTooLong() {
        var files = CorpusTests.base
        let long = String(repeating: "a", count: 60) + "_long"
        files["definitions/corpus/\(long).yaml"] = files["definitions/corpus/base_count.yaml"]!
        let lines = PinnedDiagnosticsTests.lines(Compiler.check(ProjectFiles.fromMemory(files)).diagnostics.diagnostics
            .filter { $0.code == .invalidName })
        #expect(lines == ["definitions/corpus/\(long).yaml:1:1: error[D006]: definition id '\(long)' is 65 characters "
                              + "long; ids and names have at most 64"], "\(lines)")
        // Too long and not snake_case either: the whole rule is said.
        let both = String(repeating: "a", count: 64) + "-x"
        files["definitions/corpus/\(both).yaml"] = files["definitions/corpus/base_count.yaml"]!
        let second = Compiler.check(ProjectFiles.fromMemory(files)).diagnostics.diagnostics
            .filter { $0.code == .invalidName && $0.message.contains(both) }.map(\.message)
        #expect(second.count == 1 && second[0].contains("is not snake_case"), "\(second)")
    }

    @Test func aFileInAFolderBelowItsPlaceIsToldWhereToGo() {
        #expect(UnreadFilePlace.suggestion(for: "definitions/sources/old/x.yaml")
                    == "definitions/sources/ holds no folders; move it to definitions/sources/x.yaml")
        #expect(UnreadFilePlace.suggestion(for: "definitions/product/old/x.yaml")
                    == "group folders hold no folders; move it to definitions/product/x.yaml")
    }
}
