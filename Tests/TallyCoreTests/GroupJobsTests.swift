import Foundation
import Testing
@testable import TallyCore

/// Group jobs render each view once for every output made from it; views.sql is put together from their pieces.
@Suite struct GroupJobsTests {
    /// A daily count of one event, with an example of one row when `example` is set.
    static func dailyCount(_ title: String, event: String, example: Bool = false) -> String {
        """
        kind: metric
        title: \(title)
        definition: \(event) events per day.
        rationale: Volume.
        source: {table: event_logs}
        events: [\(event)]
        measure: {aggregate: count, grain: day}
        """ + (example ? """

        examples:
          - name: one \(event)
            given:
              event_logs:
                - {name: \(event), user_id: 1, timestamp: "2024-01-01T10:00:00Z"}
            expect:
              - {period_start: "2024-01-01", known_broken: false, value: 1}
        """ : "")
    }

    /// CheckedCatalogTests' settings (with every dialect) and source, and two groups of their own.
    static let project: [String: String] = {
        var files = CheckedCatalogTests.base.filter { !$0.key.hasPrefix("definitions/core/") }
        files["tally.yaml"] = files["tally.yaml"]!.replacingOccurrences(
            of: "dialects: [postgres, sqlite]",
            with: "dialects: [\(Dialect.allCases.map(\.rawValue).joined(separator: ", "))]")
        // Group a's ratio reads group z's counts: dependency order is not group order.
        files["definitions/a/group.yaml"] = "title: A\nintroduction: Ratios.\n"
        files["definitions/a/share.yaml"] = """
            kind: metric
            title: Share
            definition: Saves per view.
            rationale: Conversion.
            measure: {aggregate: ratio, numerator: saves, denominator: views}
            """
        files["definitions/z/group.yaml"] = "title: Z\nintroduction: Counts.\n"
        files["definitions/z/saves.yaml"] = dailyCount("Saves", event: "Save", example: true)
        files["definitions/z/views.yaml"] = dailyCount("Views", event: "View")
        return files
    }()

    static func checked(_ files: [String: String]) throws -> CheckedCatalog {
        let result = Compiler.check(ProjectFiles.fromMemory(files.mapValues { Array($0.utf8) }))
        #expect(!result.diagnostics.hasErrors, "\(result.diagnostics.sorted().map(\.message))")
        return try #require(result.checked)
    }

    @Test func viewsSQLHoldsEachViewsOwnStatementInDependencyOrder() throws {
        let catalog = try Self.checked(Self.project)
        #expect(catalog.views.map(\.id) == ["saves", "views", "share"])
        let files = Dictionary(uniqueKeysWithValues: Generator.files(for: catalog).map { ($0.path, $0.contents) })
        for dialect in catalog.settings.dialects {
            let script = try #require(files["sql/\(dialect.rawValue)/views.sql"])
            var expected: [String] = []
            for view in catalog.views {
                let own = try #require(files[SQLEmitter.viewPath(of: view.definition, in: dialect)])
                // A view's own file is its header comment, a blank line, then the statement views.sql holds.
                let statement = String(try #require(own.range(of: "\n\n").map { own[$0.upperBound...] }))
                expected.append("-- \(view.id): \(view.definition.file)\n" + statement)
            }
            #expect(script.hasSuffix(expected.joined(separator: "\n")), "\(dialect): \(script)")
        }
        // The fixtures carry the same statements.
        let fixtures = try #require(files["swift/Fixtures/z.swift"])
        for dialect in catalog.settings.dialects {
            let statement = SQLEmitter.createView(try #require(catalog.view("saves")), builder: ViewBuilder(dialect: dialect))
            #expect(fixtures.contains(SwiftLiteral.string(statement)), "\(dialect)")
        }
    }

    /// The Swift catalog is put together from the group jobs' pieces too, in catalog order (group, then id), not in
    /// views.sql's dependency order; its tail follows the last entry on the next line, and the head directly when
    /// there is none.
    @Test func theSwiftCatalogListsEachViewsEntryInCatalogOrder() throws {
        let catalog = try Self.checked(Self.project)
        let files = Dictionary(uniqueKeysWithValues: Generator.files(for: catalog).map { ($0.path, $0.contents) })
        let source = try #require(files[SwiftEmitter.catalogPath])
        let entries = SwiftEmitter.catalogEntries(of: catalog.viewsByGroup)
        #expect(catalog.viewsByGroup.map(\.id) == ["share", "saves", "views"])
        #expect(source.contains("= [\n" + entries.joined(separator: "\n") + "\n    ]\n\n    public static func"))
        #expect(entries.allSatisfy { $0.hasPrefix("        DefinitionInfo(\n") && $0.hasSuffix("\n        ),") })

        let empty = try Self.checked(Self.project.filter { !$0.key.hasPrefix("definitions/a/") && !$0.key.hasPrefix("definitions/z/") })
        #expect(empty.views.isEmpty)
        let emptySource = try #require(Generator.files(for: empty).first { $0.path == SwiftEmitter.catalogPath }?.contents)
        #expect(emptySource.hasSuffix("""
            /// Every definition of the project, in group and id order.
            public enum TallyCatalog {
                public static let definitions: [DefinitionInfo] = [
                ]

                public static func definition(_ id: String) -> DefinitionInfo? {
                    definitions.first { $0.id == id }
                }
            }

            """), "\(emptySource)")
    }

    @Test func oneEmitterAloneWritesWhatItWritesAmongAll() throws {
        let catalog = try Self.checked(Self.project)
        let all = Generator.files(for: catalog)
        let sql = SQLEmitter(catalog: catalog).files().sorted { $0.path < $1.path }
        let swift = SwiftEmitter(catalog: catalog).files().sorted { $0.path < $1.path }
        #expect(sql == all.filter { $0.path.hasPrefix("sql/") })
        #expect(swift == all.filter { $0.path.hasPrefix("swift/") })
    }

    /// A group of more views than one job renders is cut into slices, each with its own fixtures file; whichever
    /// order the jobs run in, the files are the same, and views.sql holds every view once, in dependency order.
    @Test func aLargeGroupIsRenderedInSlicesInAnyOrder() throws {
        var files = Self.project.filter { !$0.key.hasPrefix("definitions/a/") }
        let count = Generator.sliceSize * 2 + 5
        for index in 0..<count {
            files["definitions/z/c\(index).yaml"] = Self.dailyCount("Count \(index)", event: "Event\(index)",
                                                                  example: index == 0)
        }
        let catalog = try Self.checked(files)
        // Jobs share their assembly, so each run gets its own.
        func run(_ order: ([RenderJob]) -> [RenderJob]) -> [String: String] {
            var rendered: [String: String] = [:]
            for job in order(Generator.jobs(for: catalog)) {
                for file in job.render() {
                    #expect(rendered[file.path] == nil, "\(file.path) written twice")
                    rendered[file.path] = file.contents
                }
            }
            return rendered
        }
        let forward = run { $0 }
        let backward = run { $0.reversed() }
        #expect(backward.keys.sorted() == forward.keys.sorted())
        #expect(forward.keys.filter { backward[$0] != forward[$0] }.sorted() == [])
        let all = Dictionary(uniqueKeysWithValues: Generator.files(for: catalog).map { ($0.path, $0.contents) })
        #expect(all.keys.filter { forward[$0] != all[$0] }.sorted() == [])
        for dialect in catalog.settings.dialects {
            let script = try #require(forward["sql/\(dialect.rawValue)/views.sql"])
            let headings = script.split(separator: "\n").filter { $0.hasPrefix("-- ") && $0.hasSuffix(".yaml") }
            #expect(headings.map { String($0.dropFirst(3).prefix { $0 != ":" }) } == catalog.views.map(\.id))
        }
        // The slices holding c0 (the first) and saves (ids sort c0…c99, saves, views: the third) have examples.
        #expect(forward.keys.filter { $0.hasPrefix("swift/Fixtures/z") }.sorted()
                    == ["swift/Fixtures/z.part1.swift", "swift/Fixtures/z.part3.swift"])
        #expect(forward["swift/Fixtures/z.part3.swift"]?.contains("static let `z_part3`: [Fixture] = [") == true)
        #expect(forward["swift/Fixtures/z.part3.swift"]?.contains("one Save") == true)
        #expect(forward["swift/Fixtures/All.swift"]?.contains("        + Self.`z_part1`\n        + Self.`z_part3`\n") == true)

        // The fixtures target compiles: two slices' files side by side, each with its own names.
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tally-slices-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        var sources: [String] = []
        for (path, text) in forward where path.hasPrefix("swift/") {
            let file = folder.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: file, atomically: false, encoding: .utf8)
            sources.append(file.path)
        }
        let typecheck = try Subprocess.run("/usr/bin/env", ["swiftc", "-typecheck"] + sources.sorted(), input: "")
        #expect(typecheck.status == 0, "swiftc: \(typecheck.stderr.prefix(2000))")
    }

    @Test func aProjectWithoutDefinitionsStillHasViewsSQL() throws {
        let catalog = try Self.checked(Self.project.filter { !$0.key.hasPrefix("definitions/a") && !$0.key.hasPrefix("definitions/z") })
        #expect(catalog.views.isEmpty)
        let files = Generator.files(for: catalog)
        for dialect in catalog.settings.dialects {
            let script = try #require(files.first { $0.path == "sql/\(dialect.rawValue)/views.sql" })
            #expect(script.contents.hasPrefix("-- Generated by tally from 0 definition files."))
        }
    }
}
