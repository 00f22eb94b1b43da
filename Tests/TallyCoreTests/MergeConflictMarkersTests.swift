import Foundation
import Testing
@testable import TallyCore

/// Git's conflict markers are found where a merge leaves them, and only there.
@Suite struct MergeConflictMarkersTests {
    @Test(arguments: [
        ("a: 1\n<<<<<<< HEAD\nb: 2\n=======\nb: 3\n>>>>>>> feature\n", 2),
        ("<<<<<<<\n", 1),
        (">>>>>>> theirs\r\n", 1),
        ("a: 1\nb: 2\n", nil),
        ("a: \"<<<<<<< HEAD\"\n", nil),
        ("a: 1\n  <<<<<<< indented\n", nil),
        ("<<<<<<<< eight\n", nil),
        ("<<<<<< six\n", nil),
    ] as [(String, Int?)])
    func theFirstMarkerLineIsFound(text: String, line: Int?) {
        #expect(MergeConflictMarkers.firstLine(in: Array(text.utf8)) == line)
    }

    /// A generated file merged by hand is said as a merge to finish, at its first marker.
    @Test func aGeneratedFileWithMarkersIsSaidAsAMerge() throws {
        let root = try BuildTests.project()
        defer { try? FileManager.default.removeItem(at: root) }
        #expect(try CLITests.run(["build", "--project", root.path]).status == 0)
        let file = root.appendingPathComponent("generated/docs/corpus.md")
        let text = try String(contentsOf: file, encoding: .utf8)
        try text.replacingOccurrences(of: "\n# ", with: "\n<<<<<<< HEAD\n=======\n>>>>>>> other\n# ")
            .write(to: file, atomically: false, encoding: .utf8)
        let run = try CLITests.run(["check", "--verbose", "--project", root.path])
        #expect(run.status == 1)
        #expect(run.stderr.contains("generated/docs/corpus.md:10:1: error[G001]: generated/docs/corpus.md holds a merge conflict's markers: generated files "
                                        + "are not merged by hand; finish the merge in the definitions, then run `tally build`"),
                "\(run.stderr)")
    }
}
