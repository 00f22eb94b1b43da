import Foundation
import Testing
@testable import TallyCore

/// A file of one kind in the place of another (a definition among the sources, a source or a group's page in a
/// group folder, a definition as group.yaml) is one F004 error saying where it belongs, not an error per key.
@Suite struct MisplacedContentTests {
    static let definition = "definitions/corpus/base_count.yaml"
    static let source = "definitions/sources/team_seats.yaml"
    static let group = "definitions/corpus/group.yaml"

    /// Every diagnostic of the base project with `file` copied to `path`, as code, line:column and message.
    static func misplaced(_ file: String, at path: String) -> [String] {
        var files = CorpusTests.base
        files[path] = files[file]!
        return Compiler.check(ProjectFiles.fromMemory(files)).diagnostics.sorted().map { diagnostic in
            "\(diagnostic.span.file):\(diagnostic.span.start.line):\(diagnostic.span.start.column) "
                + "\(diagnostic.code.rawValue) \(diagnostic.message)"
        }
    }

    @Test func eachKindInTheWrongPlaceIsOneError() {
        #expect(Self.misplaced(Self.definition, at: "definitions/sources/copied.yaml") == [
            "definitions/sources/copied.yaml:1:1 F004 this file is a definition ('kind'), but the files in "
                + "definitions/sources/ are sources: move it to a group folder, as definitions/<group>/<id>.yaml",
        ])
        #expect(Self.misplaced(Self.group, at: "definitions/sources/copied.yaml").first?.hasPrefix(
            "definitions/sources/copied.yaml:2:1 F004 this file is a group's page ('introduction'), but the files in "
                + "definitions/sources/ are sources: move it to its folder's group.yaml") == true)
        #expect(Self.misplaced(Self.source, at: "definitions/corpus/copied.yaml") == [
            "definitions/corpus/copied.yaml:1:1 F004 this file is a source ('table'), but the files of a group folder, "
                + "other than group.yaml, are definitions: move it to definitions/sources/<name>.yaml",
        ])
        #expect(Self.misplaced(Self.definition, at: "definitions/extra/group.yaml") == [
            "definitions/extra/group.yaml:1:1 F004 this file is a definition ('kind'), but a folder's group.yaml holds "
                + "its group's title and introduction: move it to a group folder, as definitions/<group>/<id>.yaml",
        ])
    }

    @Test func filesInTheirPlaceAreDecodedAsBefore() {
        #expect(Compiler.check(ProjectFiles.fromMemory(CorpusTests.base)).diagnostics.diagnostics.isEmpty)
    }
}
