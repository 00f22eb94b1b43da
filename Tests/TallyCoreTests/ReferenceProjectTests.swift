import Foundation
import Testing
@testable import TallyCore

/// Whole-file reference tests: every project under ReferenceProjects/ is a tally project (tally.yaml, definitions/)
/// whose committed generated/ is exactly what `tally build` writes for it: every dialect's SQL, the docs, the Swift
/// fixtures and the schema. A change in generated output is a failure here, and a reviewable diff of those files
/// once they are rewritten with TALLY_UPDATE_EXPECTED=1.
@Suite struct ReferenceProjectTests {
    static let names: [String] = {
        let folder = TestFiles.referenceProjects.path
        return ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [])
            .filter { FileManager.default.fileExists(atPath: "\(folder)/\($0)/tally.yaml") }.sorted()
    }()

    static func check(_ name: String) -> CheckResult {
        Compiler.check(ProjectReader(root: TestFiles.referenceProject(name)).read())
    }

    @Test func theReferenceProjectsAreThere() {
        #expect(Self.names == ["code_insights", "features", "sql_edge_cases"])
    }

    @Test(arguments: names)
    func generatedTreeEqualsTheCommittedFiles(_ name: String) throws {
        let result = Self.check(name)
        let errors = DiagnosticRenderer(format: .human, sources: result.texts)
            .render(result.diagnostics.sorted().filter { $0.severity == .error })
        #expect(errors == "", "\(name) has errors")
        let catalog = try #require(result.checked)
        var actual: [String: [UInt8]] = [:]
        for file in Generator.files(for: catalog) { actual[file.path] = Array(file.contents.utf8) }
        let folder = TestFiles.referenceProject(name).appendingPathComponent("generated")
        if TestFiles.updating {
            try ReferenceTree.write(actual, to: folder)
            Issue.record("rewrote \(name)/generated (\(actual.count) files); rerun without TALLY_UPDATE_EXPECTED")
            return
        }
        let problems = ReferenceTree.differences(expected: TestFiles.tree(at: folder), actual: actual)
        for problem in problems {
            let advice = "(after a deliberate change, rerun with TALLY_UPDATE_EXPECTED=1 and review the diff)"
            Issue.record("ReferenceProjects/\(name)/generated/\(problem)\n\(advice)")
        }
        #expect(actual.count > 20 && actual.keys.contains("schema/definition.schema.json"))
    }

    /// The tally binary agrees: `tally check` finds each committed tree current, as `tally build` left it.
    @Test(.enabled(if: !TestFiles.updating), arguments: names)
    func tallyCheckFindsTheCommittedTreeCurrent(_ name: String) throws {
        let run = try CLITests.run(["check", "--no-cache", "--project", TestFiles.referenceProject(name).path])
        #expect(run.status == 0, "\(run.stderr)")
    }

    /// Between them, the reference projects use every value of every enumeration of the definition format (each
    /// aggregate, grain, week start, identity and where operator), every key of a definition and of a measure,
    /// a group_by on a JSON field, open and closed broken ranges, a shifted ratio input and formula reference, and
    /// examples: read from the JSON Schema, so a
    /// new aggregate or key fails here until a reference project shows its output.
    @Test func referenceProjectsCoverTheWholeFormat() throws {
        let schema = try #require(try JSONSerialization.jsonObject(with: Data(Generator.definitionSchema().utf8))
            as? [String: Any])
        let properties = try #require(schema["properties"] as? [String: Any])
        let measure = try #require((properties["measure"] as? [String: Any])?["properties"] as? [String: Any])
        let whereItem = try #require(((measure["where"] as? [String: Any])?["items"] as? [String: Any])?["properties"]
            as? [String: Any])

        var used: Set<String> = []
        for name in Self.names {
            let catalog = try #require(Self.check(name).catalog)
            for definition in catalog.definitions {
                let path = TestFiles.referenceProject(name)
                    .appendingPathComponent("definitions/\(definition.group)/\(definition.id.value).yaml")
                let bytes = [UInt8](try Data(contentsOf: path))
                var diagnostics = DiagnosticCollector()
                let root = try #require(YAMLLoader().load(SourceText(path: path.path, bytes: bytes), into: &diagnostics))
                used.formUnion(Self.usage(of: root))
                if definition.measure.inputReferences.contains(where: { $0.periodsAgo != nil }),
                   let grain = catalog.grain(of: definition) {
                    used.insert("shift at grain \(grain.rawValue)")
                }
            }
        }
        var wanted: [String] = properties.keys.map { "key \($0)" } + measure.keys.map { "measure.\($0)" }
            + whereItem.keys.filter { $0 != "field" }.map { "where \($0)" }
        for (key, value) in measure {
            // An optional key's enumeration ends in null (YAML's null, read as the key left out): no option to show.
            for option in (((value as? [String: Any])?["enum"] as? [Any]) ?? []).compactMap({ $0 as? String }) {
                wanted.append("\(key) \(option)")
            }
        }
        wanted += ["group_by on a JSON field", "open broken range", "closed broken range", "examples"]
        // Shifts, at every grain a shift can have.
        let shiftedInput = try #require(((measure["denominator"] as? [String: Any])?["anyOf"] as? [[String: Any]])?
            .compactMap { $0["properties"] as? [String: Any] }.first)
        wanted += shiftedInput.keys.map { "ratio input \($0)" } + ["previous() in an expression"]
        wanted += Grain.allCases.filter { $0 != .total }.map { "shift at grain \($0.rawValue)" }
        for item in wanted.sorted() {
            #expect(used.contains(item), "no reference project has \(item)")
        }
        #expect(wanted.contains("aggregate sql") && wanted.contains("week_start sunday"), "the schema was not read")
    }

    /// What one definition file uses, as labels matching `wanted` above.
    static func usage(of root: YAMLNode) -> Set<String> {
        func entries(_ node: YAMLNode?) -> [YAMLNode.Entry] {
            if case .mapping(let entries)? = node?.content { return entries }
            return []
        }
        func items(_ node: YAMLNode?) -> [YAMLNode] {
            if case .sequence(let items)? = node?.content { return items }
            return []
        }
        func text(_ node: YAMLNode?) -> String? {
            if case .scalar(let scalar)? = node?.content { return scalar.text }
            return nil
        }
        var used: Set<String> = []
        let top = entries(root)
        for entry in top { used.insert("key \(entry.key.value)") }
        let measure = top.first { $0.key.value == "measure" }?.value
        for entry in entries(measure) {
            used.insert("measure.\(entry.key.value)")
            if let value = text(entry.value) { used.insert("\(entry.key.value) \(value)") }
            if ["numerator", "denominator"].contains(entry.key.value) {
                for item in entries(entry.value) { used.insert("ratio input \(item.key.value)") }
            }
            if entry.key.value == "expression", text(entry.value)?.contains("previous(") == true {
                used.insert("previous() in an expression")
            }
            if entry.key.value == "group_by", items(entry.value).contains(where: { text($0)?.contains(".") == true }) {
                used.insert("group_by on a JSON field")
            }
            if entry.key.value == "where" {
                // Operators inside any_of count too, at any depth.
                var filters = items(entry.value)
                while let filter = filters.popLast() {
                    for item in entries(filter) where item.key.value != "field" {
                        used.insert("where \(item.key.value)")
                        if item.key.value == "any_of" { filters += items(item.value) }
                    }
                }
            }
        }
        for range in items(top.first { $0.key.value == "broken" }?.value) {
            used.insert(entries(range).contains { $0.key.value == "through" } ? "closed broken range" : "open broken range")
        }
        if !items(top.first { $0.key.value == "examples" }?.value).isEmpty { used.insert("examples") }
        return used
    }

    // MARK: - The comparison itself can fail

    @Test func missingExtraAndChangedFilesAreEachReported() {
        let expected: [String: [UInt8]] = ["a.sql": Array("one\ntwo\nthree\n".utf8), "gone.md": [], "same": [1]]
        let actual: [String: [UInt8]] = ["a.sql": Array("one\n2\nthree\n".utf8), "new.md": [], "same": [1]]
        #expect(ReferenceTree.differences(expected: expected, actual: actual) == [
            "a.sql differs (- committed, + generated):\n@@ line 1 @@\n  one\n- two\n+ 2\n  three",
            "gone.md is committed but no longer generated",
            "new.md is generated but not committed",
        ])
        #expect(ReferenceTree.differences(expected: expected, actual: expected).isEmpty)
    }

    @Test func lineDiffsShowContextAroundEachChange() {
        let old = (1...20).map { "line \($0)" }
        var new = old
        new[2] = "changed 3"
        new.insert("inserted", at: 15)
        new.removeLast()
        let diff = LineDiff.render(old.map { $0 + "\n" }.joined(), new.map { $0 + "\n" }.joined(), context: 1)
        #expect(diff == """
            @@ line 2 @@
              line 2
            - line 3
            + changed 3
              line 4
            @@ line 15 @@
              line 15
            + inserted
              line 16
            @@ line 19 @@
              line 19
            - line 20
            """)
        #expect(LineDiff.render("a\n", "a") == "@@ line 1 @@\n  a\n+ \\ No newline at end of file")
        let long = LineDiff.render((1...100).map { "\($0)\n" }.joined(), "", context: 0, limit: 5)
        #expect(long == "@@ line 1 @@\n- 1\n- 2\n- 3\n- 4\n... 96 more diff lines")
    }

    @Test func updatingWritesExactlyTheGeneratedTree() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tally-ref-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("stale"), withIntermediateDirectories: true)
        try Data("old".utf8).write(to: folder.appendingPathComponent("stale/old.sql"))
        let files: [String: [UInt8]] = ["sql/x.sql": Array("x\n".utf8), "docs/README.md": Array("# R\n".utf8)]
        try ReferenceTree.write(files, to: folder)
        #expect(TestFiles.tree(at: folder) == files)
    }
}

/// Committed trees against generated ones.
enum ReferenceTree {
    /// One message per path that is missing, extra or changed (with a line diff), sorted by path.
    static func differences(expected: [String: [UInt8]], actual: [String: [UInt8]]) -> [String] {
        Set(expected.keys).union(actual.keys).sorted().compactMap { path in
            switch (expected[path], actual[path]) {
            case (nil, _): return "\(path) is generated but not committed"
            case (_, nil): return "\(path) is committed but no longer generated"
            case let (old?, new?) where old != new:
                let diff = LineDiff.render(String(decoding: old, as: UTF8.self), String(decoding: new, as: UTF8.self))
                return "\(path) differs (- committed, + generated):\n" + diff
            default: return nil
            }
        }
    }

    /// Replaces `folder` with exactly `files`.
    static func write(_ files: [String: [UInt8]], to folder: URL) throws {
        if FileManager.default.fileExists(atPath: folder.path) { try FileManager.default.removeItem(at: folder) }
        for (path, bytes) in files {
            let url = folder.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(bytes).write(to: url)
        }
    }
}

/// A line diff for failure messages: the longest common subsequence of lines, shown as hunks with context.
enum LineDiff {
    enum Line: Equatable {
        case same(String)
        case removed(String)
        case added(String)
    }

    static func render(_ old: String, _ new: String, context: Int = 3, limit: Int = 60) -> String {
        let lines = diff(Self.lines(old), Self.lines(new))
        let changed = lines.indices.filter { if case .same = lines[$0] { return false } else { return true } }
        guard !changed.isEmpty else { return "(the files differ only in bytes that are not valid UTF-8)" }
        // Hunks: runs of changes no more than 2 * context unchanged lines apart, with context on both sides.
        var hunks: [ClosedRange<Int>] = []
        for index in changed {
            let range = max(0, index - context)...min(lines.count - 1, index + context)
            if let last = hunks.last, range.lowerBound <= last.upperBound + 1 {
                hunks[hunks.count - 1] = last.lowerBound...range.upperBound
            } else {
                hunks.append(range)
            }
        }
        // The committed file's line number at each position, for the hunk headers.
        var oldLine = [Int](repeating: 0, count: lines.count)
        var number = 1
        for (index, line) in lines.enumerated() {
            oldLine[index] = number
            if case .added = line { continue }
            number += 1
        }
        var output: [String] = []
        for hunk in hunks {
            output.append("@@ line \(oldLine[hunk.lowerBound]) @@")
            for line in lines[hunk] {
                switch line {
                case .same(let text): output.append("  " + text)
                case .removed(let text): output.append("- " + text)
                case .added(let text): output.append("+ " + text)
                }
            }
        }
        if output.count > limit {
            return (output.prefix(limit) + ["... \(output.count - limit) more diff lines"]).joined(separator: "\n")
        }
        return output.joined(separator: "\n")
    }

    /// A text's lines; a last line without its newline is followed by a line that says so, as in git.
    static func lines(_ text: String) -> [String] {
        guard !text.isEmpty else { return [] }
        var lines = text.components(separatedBy: "\n")
        if lines.last == "" { lines.removeLast() } else { lines.append("\\ No newline at end of file") }
        return lines
    }

    /// Common prefix and suffix kept as they are; the middle by dynamic programming when it is small enough,
    /// else shown as wholly replaced.
    static func diff(_ old: [String], _ new: [String]) -> [Line] {
        var prefix = 0
        while prefix < old.count, prefix < new.count, old[prefix] == new[prefix] { prefix += 1 }
        var suffix = 0
        while suffix < old.count - prefix, suffix < new.count - prefix,
              old[old.count - 1 - suffix] == new[new.count - 1 - suffix] { suffix += 1 }
        let a = Array(old[prefix..<(old.count - suffix)])
        let b = Array(new[prefix..<(new.count - suffix)])
        var middle: [Line] = []
        if a.count * b.count > 4_000_000 {
            middle = a.map(Line.removed) + b.map(Line.added)
        } else {
            // lengths[i][j]: the longest common subsequence of a[i...] and b[j...].
            let width = b.count + 1
            var lengths = [Int32](repeating: 0, count: (a.count + 1) * width)
            for i in stride(from: a.count - 1, through: 0, by: -1) {
                for j in stride(from: b.count - 1, through: 0, by: -1) {
                    lengths[i * width + j] = a[i] == b[j] ? lengths[(i + 1) * width + j + 1] + 1
                        : max(lengths[(i + 1) * width + j], lengths[i * width + j + 1])
                }
            }
            var i = 0
            var j = 0
            while i < a.count || j < b.count {
                if i < a.count, j < b.count, a[i] == b[j] {
                    middle.append(.same(a[i]))
                    i += 1
                    j += 1
                } else if i < a.count, j == b.count || lengths[(i + 1) * width + j] >= lengths[i * width + j + 1] {
                    middle.append(.removed(a[i]))
                    i += 1
                } else {
                    middle.append(.added(b[j]))
                    j += 1
                }
            }
        }
        return old[..<prefix].map(Line.same) + middle + old[(old.count - suffix)...].map(Line.same)
    }
}
