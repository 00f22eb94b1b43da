import Foundation
import Testing
@testable import TallyCore

/// The bad-input corpus: each case is one file added to a valid base project; everything tally reports for it
/// is compared whole with the case's .expected file (codes, line:column, messages, quoted lines and carets).
@Suite struct CorpusTests {
    static let cases: [String] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: TestFiles.corpus.appendingPathComponent("cases").path)) ?? []
        return names.filter { $0.hasSuffix(".yaml") }.map { String($0.dropLast(5)) }.sorted()
    }()

    static let base = TestFiles.tree(at: TestFiles.corpus.appendingPathComponent("base"))

    @Test func baseProjectIsClean() {
        let (result, text) = checkRendered(Self.base)
        #expect(text == "")
        #expect(result.definitionCount == 2)
    }

    @Test func corpusHasACaseForEveryRuleItCanReach() {
        // Covered elsewhere: the disk reader's rules (F00x, Y003) by ProjectReaderTests, drift (G00x) by
        // BuildTests, `tally diff` (C00x) by DiffTests, and `tally import` (I00x) by ImportDiagnosticsTests.
        let onDisk: Set<DiagnosticCode> = [.unreadableFile, .missingDirectory, .pathOutsideProject, .misplacedFile,
                                           .fileTooLarge, .generatedDrift, .generatedMissing, .generatedExtra,
                                           // tally build's, when it cannot write: BuildTests.
                                           .generatedUnwritable,
                                           .removedWithoutDeprecation, .renamedWithoutDeprecation,
                                           .unrecordedBreakingChange, .brokenRangeAdded, .brokenRangeWidened,
                                           .rangeClosedWithoutFix, .unreadableAtBase, .brokenRangeRemoved, .changeEntryRemoved,
                                           .pageNotImportable,
                                           .pageTextNotImported, .importTODO, .importedIDTaken, .importTargetExists,
                                           .importWriteFailed,
                                           // tally test's: TestAndShowCommandTests.
                                           .exampleFailed, .exampleDidNotRun,
                                           // Unreachable through validation by design: CheckedCatalogTests.
                                           .unresolvedReference,
                                           // Needs an input the base project lacks: CompositionRulesTests.
                                           .inputWithoutPeriods,
                                           // Needs a source with known_events: KnownEventsTests.
                                           .eventNotKnown,
                                           // Needs a deprecated input besides the case: PinnedDiagnosticsTests.
                                           .readsDeprecated]
        let text = Self.cases.map { name in
            (try? String(contentsOf: expectedURL(name), encoding: .utf8)) ?? ""
        }.joined()
        let reported = Set(DiagnosticCode.allCases.filter { text.contains("[\($0.rawValue)]") })
        for code in DiagnosticCode.allCases where !onDisk.contains(code) {
            #expect(reported.contains(code), "no corpus case reports \(code.rawValue) (\(code.summary))")
        }
        #expect(Self.cases.count >= 40)
    }

    /// A case named for a rule (d001_unknown_key) reports that rule: a case that stopped reaching its rule, or
    /// reaches it only by way of another error, fails here even when its .expected file was rewritten. Cases named
    /// otherwise pin something beside a rule, and are listed.
    @Test func everyCaseReportsTheRuleItIsNamedFor() throws {
        let unnamed = ["y000_bom_crlf"]  // BOM and CRLF keep lines and columns
        for name in Self.cases {
            guard let code = DiagnosticCode(rawValue: String(name.prefix(4)).uppercased()) else {
                #expect(unnamed.contains(name), "\(name) is not named for a rule (d001_...)")
                continue
            }
            let expected = try String(contentsOf: expectedURL(name), encoding: .utf8)
            #expect(expected.contains("[\(code.rawValue)]: "), "\(name) does not report \(code.rawValue)")
        }
    }

    @Test(arguments: cases)
    func corpusCase(_ name: String) throws {
        let caseURL = TestFiles.corpus.appendingPathComponent("cases/\(name).yaml")
        let bytes = [UInt8](try Data(contentsOf: caseURL))
        var files = Self.base
        files[Self.placement(of: name, bytes: bytes)] = bytes
        let (_, text) = checkRendered(files)
        let expectedURL = expectedURL(name)
        if TestFiles.updating {
            try Data(text.utf8).write(to: expectedURL)
            Issue.record("updated \(name).expected; rerun without TALLY_UPDATE_EXPECTED")
            return
        }
        let expected = try String(contentsOf: expectedURL, encoding: .utf8)
        #expect(text == expected, "\(name): diagnostics differ from \(name).expected")
        #expect(!text.isEmpty, "\(name): a corpus case must produce at least one diagnostic")
    }

    /// A case goes to definitions/corpus/<name>.yaml unless its first line says `# path: <where>`.
    static func placement(of name: String, bytes: [UInt8]) -> String {
        let firstLine = String(decoding: bytes.prefix { $0 != 0x0A }, as: UTF8.self)
        if firstLine.hasPrefix("# path: ") { return String(firstLine.dropFirst(8)) }
        return "definitions/corpus/\(name).yaml"
    }
}

private func expectedURL(_ name: String) -> URL {
    TestFiles.corpus.appendingPathComponent("cases/\(name).expected")
}
