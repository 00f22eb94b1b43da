import Foundation
import Testing

/// TallyCore's lower layers never name what a higher one declares: Project (reading, compiling, writing
/// generated/, the decoded store) uses Store (the decoded store's binary form of a definition) and Emit (rendering,
/// drift, the output cache), which uses FileSystem (POSIX calls) and Support (parallel map, locks, phase timings). A cycle between two folders would make neither understandable alone.
@Suite struct LayeringTests {
    static let sources = TestFiles.packageRoot.appendingPathComponent("Sources/TallyCore")
    /// Lowest first: a folder may name the declarations of the folders before it, not of those after it.
    static let layers = ["Support", "FileSystem", "Emit", "Store", "Project"]

    /// Each Swift file of a folder, with its comments removed (they may name anything).
    static func code(in folder: String) throws -> [(file: String, text: String)] {
        let url = sources.appendingPathComponent(folder)
        let names = try FileManager.default.contentsOfDirectory(atPath: url.path).filter { $0.hasSuffix(".swift") }
        return try names.sorted().map { name in
            let text = try String(contentsOf: url.appendingPathComponent(name), encoding: .utf8)
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
                line.range(of: "//").map { String(line[..<$0.lowerBound]) } ?? String(line)
            }
            return ("\(folder)/\(name)", lines.joined(separator: "\n"))
        }
    }

    /// The names a folder declares at the top level of its files: types, protocols and free functions. Nested
    /// types are reached through these.
    static func declarations(in folder: String) throws -> Set<String> {
        let pattern = try NSRegularExpression(
            pattern: #"^(?:(?:public|internal|private|fileprivate|final|nonisolated)\s+)*"#
                + #"(?:struct|enum|class|protocol|actor|typealias|func)\s+([A-Za-z_][A-Za-z0-9_]*)"#,
            options: [.anchorsMatchLines])
        var names: Set<String> = []
        for (_, text) in try code(in: folder) {
            let range = NSRange(text.startIndex..., in: text)
            for match in pattern.matches(in: text, range: range) {
                names.insert(String(text[Range(match.range(at: 1), in: text)!]))
            }
        }
        return names
    }

    static func uses(_ name: String, in text: String) -> Bool {
        text.range(of: #"\b\#(name)\b"#, options: .regularExpression) != nil
    }

    @Test func noFolderNamesWhatAHigherLayerDeclares() throws {
        for (index, lower) in Self.layers.enumerated() {
            for higher in Self.layers[(index + 1)...] {
                let declared = try Self.declarations(in: higher)
                #expect(!declared.isEmpty, "\(higher)/ declares something")
                for (file, text) in try Self.code(in: lower) {
                    let named = declared.filter { Self.uses($0, in: text) }.sorted()
                    #expect(named.isEmpty, "\(file) names \(named) of \(higher)/")
                }
            }
        }
    }

    /// The check itself sees a use: Project names Emit's Generator, and Emit names FileSystem's Disk.
    @Test func theCheckFindsUsesThatAreThere() throws {
        let emit = try Self.declarations(in: "Emit")
        #expect(emit.contains("Generator") && emit.contains("OutputCache"))
        #expect(try Self.code(in: "Project").contains { Self.uses("Generator", in: $0.text) })
        #expect(try Self.declarations(in: "FileSystem").contains("Disk"))
        #expect(try Self.code(in: "Emit").contains { Self.uses("Disk", in: $0.text) })
        #expect(try Self.declarations(in: "Support").contains("parallelMap"))
    }
}
