import Foundation
import Testing
@testable import TallyCore

/// A required key written with no value must be an error, never a definition left out without a word: `grain: ~`
/// in a count once made the whole definition, and with it its views, docs and fixtures, disappear from a check
/// that passed. Every aggregate of the features project, each of its required measure keys, given as YAML's null
/// and as empty text.
@Suite struct RequiredValuesTests {
    static let project = TestFiles.tree(at: TestFiles.referenceProject("features"))
        .filter { !$0.key.hasPrefix("generated/") }

    /// Each definition file with its aggregate, one per aggregate.
    static func definitionPerAggregate() -> [(path: String, aggregate: Aggregate)] {
        var found: [Aggregate: String] = [:]
        for path in project.keys.sorted() where path.hasPrefix("definitions/") && !path.hasPrefix("definitions/sources/") {
            let text = String(decoding: project[path]!, as: UTF8.self)
            guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix("  aggregate: ") }),
                  let aggregate = Aggregate(rawValue: String(line.dropFirst("  aggregate: ".count))) else { continue }
            if found[aggregate] == nil { found[aggregate] = path }
        }
        return found.map { ($0.value, $0.key) }.sorted { $0.path < $1.path }
    }

    /// The file with the measure's `key` (and whatever is nested under it) given `value` instead.
    static func replacing(_ key: String, with value: String, in text: String) -> String? {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let start = lines.firstIndex(where: { $0.hasPrefix("  \(key):") }) else { return nil }
        var end = start + 1
        while end < lines.count, lines[end].hasPrefix("   ") || lines[end].hasPrefix("  - ") { end += 1 }
        lines.replaceSubrange(start..<end, with: ["  \(key): \(value)"])
        return lines.joined(separator: "\n")
    }

    @Test func theFeaturesProjectHasMostAggregates() {
        #expect(Self.definitionPerAggregate().count >= 12)
    }

    @Test func aRequiredMeasureKeyWithoutAValueIsAnError() throws {
        let (valid, _) = checkRendered(Self.project)
        #expect(!valid.diagnostics.hasErrors)
        var tried = 0
        for (path, aggregate) in Self.definitionPerAggregate() {
            let text = String(decoding: Self.project[path]!, as: UTF8.self)
            for key in DefinitionSchema.measureKeys(for: aggregate).required {
                for value in ["~", "\"\""] {
                    guard let mutated = Self.replacing(key, with: value, in: text) else { continue }
                    var files = Self.project
                    files[path] = Array(mutated.utf8)
                    let (result, rendered) = checkRendered(files)
                    // Said where the key is, as D003 when it is YAML's null.
                    let line = mutated.split(separator: "\n", omittingEmptySubsequences: false)
                        .firstIndex { $0.hasPrefix("  \(key):") }! + 1
                    let there = result.diagnostics.diagnostics.filter {
                        $0.severity == .error && $0.span.file == path && $0.span.start.line == line
                    }
                    #expect(!there.isEmpty, "\(aggregate.rawValue) with '\(key): \(value)' in \(path):\n\(rendered)")
                    if value == "~" { #expect(there.map(\.code) == [.emptyValue], "\(path) \(key): \(rendered)") }
                    tried += 1
                }
            }
        }
        #expect(tried >= 30)
    }

    /// Errors of one file of the project once `edit` changed it, as "line:column code", with everything said.
    static func errors(in path: String, _ edit: (String) -> String) -> ([String], String) {
        var files = project
        files[path] = Array(edit(String(decoding: project[path]!, as: UTF8.self)).utf8)
        let (result, rendered) = checkRendered(files)
        let errors = result.diagnostics.diagnostics.sorted().filter { $0.severity == .error && $0.span.file == path }
        return (errors.map { "\($0.span.start.line):\($0.span.start.column) \($0.code.rawValue)" }, rendered)
    }

    /// Values no engine's column holds are refused where they are written: 1e400 (infinity, which the fixtures
    /// wrote as `inf`, SQLite took for a column name) and text holding NUL (PostgreSQL refuses it, SQLite's literal
    /// ended there); the smallest 64-bit integer, refused as a float before, is an integer.
    @Test func exampleValuesNoEngineHoldsAreRefused() {
        let path = "definitions/trends/average_seats_filled.yaml"
        let (errors, rendered) = Self.errors(in: path) {
            $0.replacingOccurrences(of: "{day: \"2024-03-01\", team: a, seats: 3}",
                                    with: "{day: \"2024-03-01\", team: \"a\\0b\", seats: -1e400}")
              .replacingOccurrences(of: "{day: \"2024-03-03\", team: a, seats: 4}",
                                    with: "{day: \"2024-03-03\", team: a, seats: -9223372036854775808}")
        }
        #expect(errors == ["15:37 E004", "15:52 E004"], "\(rendered)")
        #expect(rendered.contains("column 'seats': the number is beyond a float's range (about ±1.8e308)"))
        #expect(rendered.contains("column 'team': text cannot hold the NUL character (U+0000), which no engine's text keeps"))
    }

    /// A source's column given as empty text is an error at the source: read as left out, it showed only as
    /// problems of the definitions reading it ("source 'app_events' has no 'event_name' column").
    @Test func aSourceColumnGivenEmptyTextIsAnErrorAtTheSource() {
        let path = "definitions/sources/app_events.yaml"
        let (errors, rendered) = Self.errors(in: path) {
            $0.replacingOccurrences(of: "timestamp: occurred_at", with: "timestamp: \"\"\ntime_zone: \" \"")
              .replacingOccurrences(of: "event_name: event", with: "event_name: ''")
        }
        #expect(errors.count == 3 && errors.allSatisfy { $0.hasSuffix("D003") || $0.hasSuffix("D005") }, "\(rendered)")
        #expect(rendered.contains("'timestamp' is empty; name a column, or leave the key out"))
        #expect(rendered.contains("'event_name' is empty; name a column, or leave the key out"))
        #expect(rendered.contains("'time_zone' cannot be empty; name a zone (like Europe/Berlin), or leave the key out"))
    }

    /// An example's `expect:` left empty had passed check as "no rows", and failed only in `tally test`.
    @Test func anExpectLeftEmptyIsAnError() {
        let (errors, rendered) = Self.errors(in: "definitions/billing/large_team_days.yaml") {
            Self.replacing("  expect", with: "", in: $0)!
        }
        #expect(errors == ["26:5 D003"], "\(rendered)")
        #expect(rendered.contains("'expect' is empty; give the rows the view returns, or [] for none"))
    }

    /// Empty text is no choice: `fill: ""` had been read as no fill, which the schema refuses.
    @Test func anOptionalChoiceGivenEmptyTextIsAnError() {
        let (errors, rendered) = Self.errors(in: "definitions/trends/average_seats_filled.yaml") {
            $0.replacingOccurrences(of: "  fill: \"null\"\n", with: "  fill: \"\"\n  week_start: \" \"\n")
        }
        #expect(errors == ["10:9 D005", "11:15 D005"], "\(rendered)")
        #expect(rendered.contains("'fill' cannot be empty; give one of omit, zero, null or leave the key out"))
    }
}
