import Foundation
import Testing
@testable import TallyCore

/// A dialect is named only where it is defined (Sources/TallyCore/Dialects/, with its registry) and, outside it, in
/// the registry of the engines that prove each dialect and those engines' own code: the tests' runners, and the
/// PostgreSQL engine that tally test and the tests share (PostgreSQL's admin database and user are called postgres). Every other Swift file works for any dialect, so adding one
/// touches no other file. Comments are not code and are left out.
@Suite struct DialectNamesTests {
    static let allowed = ["Sources/TallyCore/Dialects/", "Tests/TallyCoreTests/Engines/EngineRegistry.swift",
                          "Tests/TallyCoreTests/Engines/ExternalEngines.swift", "Sources/TallyRunner/PostgresEngine.swift"]

    /// A dialect case (`.postgres`, `Dialect.sqlite`), a generated path segment (`sql/bigquery/`) or a string that
    /// is exactly a dialect's name.
    static func namesADialect(_ line: Substring) -> Bool {
        let code = line.range(of: "//").map { line[..<$0.lowerBound] } ?? line
        for dialect in Dialect.allCases.map(\.rawValue) {
            var searchStart = code.startIndex
            while let found = code.range(of: dialect, range: searchStart..<code.endIndex) {
                searchStart = found.upperBound
                let before = found.lowerBound > code.startIndex ? code[code.index(before: found.lowerBound)] : " "
                let after = found.upperBound < code.endIndex ? code[found.upperBound] : " "
                if after.isLetter || after.isNumber || after == "_" { continue }
                // `.postgres` as a member, but not `server.postgresHost` or `data.sqlite` after a word.
                if before == "." {
                    let owner = code[..<code.index(before: found.lowerBound)].last
                    if owner == nil || !(owner!.isLetter || owner!.isNumber || owner == "_") || code[..<found.lowerBound].hasSuffix("Dialect.") {
                        return true
                    }
                }
                if before == "/" && after == "/" { return true }
                if before == "\"" && after == "\"" { return true }
            }
        }
        return false
    }

    @Test func theScanSeesEachWayOfNamingADialect() {
        #expect(Self.namesADialect("let d: Dialect = .postgres"))
        #expect(Self.namesADialect("for x in [Dialect.sqlite] {"))
        #expect(Self.namesADialect("path: \"sql/bigquery/views.sql\""))
        #expect(Self.namesADialect("if name == \"sqlite\" {"))
        #expect(!Self.namesADialect("// .postgres in a comment"))
        #expect(!Self.namesADialect("let host = server.postgresHost"))
        #expect(!Self.namesADialect("try run(database: \"postgres_db\")"))
    }

    @Test func onlyTheDialectFilesAndTheEngineRegistryNameADialect() throws {
        let root = TestFiles.packageRoot
        var offenders: [String] = []
        for folder in ["Sources", "Tests", "Fuzz", "Plugins"] {
            let base = root.appendingPathComponent(folder)
            guard let walker = FileManager.default.enumerator(atPath: base.path) else { continue }
            for case let relative as String in walker where relative.hasSuffix(".swift") {
                let path = "\(folder)/\(relative)"
                // Generated Swift (the reference projects' expected trees) is tally's output, not its code.
                if Self.allowed.contains(where: { path.hasPrefix($0) }) || path.hasSuffix("DialectNamesTests.swift")
                    || path.contains("/generated/") { continue }
                let text = try String(contentsOf: base.appendingPathComponent(relative), encoding: .utf8)
                for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
                where Self.namesADialect(line) {
                    offenders.append("\(path):\(number + 1): \(line.trimmingCharacters(in: .whitespaces))")
                }
            }
        }
        #expect(offenders.isEmpty, "dialects named outside Dialects/ and EngineRegistry.swift:\n\(offenders.joined(separator: "\n"))")
    }
}
