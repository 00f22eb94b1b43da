import Foundation
import Testing
@testable import TallyCore

/// Each definition's own diagnostics are taken from the last run when nothing they read has changed
/// (ValidationStore): a check that takes them reports exactly what a check without the store reports, and an edit
/// validates again only the edited definition and the definitions that read it.
@Suite(.serialized) struct ValidationStoreTests {
    /// The project's diagnostics from a check with the stores (which validates what changed and keeps it), then from
    /// one that takes every definition's, each against a check without them.
    @discardableResult
    static func checksAgree(_ root: URL, cache: OutputCache, _ step: String, unloadable: Set<String> = [],
                            sourceLocation: SourceLocation = #_sourceLocation) throws -> [Diagnostic] {
        let project = ProjectReader(root: root).read()
        let fresh = Compiler.check(project).diagnostics.diagnostics
        for run in ["validating what changed", "taking every definition's"] {
            let store = try #require(DecodedStore(cache: cache, hashes: project.contentHashes))
            let stored = Compiler.check(project, store: store).diagnostics.diagnostics
            #expect(stored == fresh, "\(step), \(run)", sourceLocation: sourceLocation)
        }
        let catalog = try #require(Compiler.check(project).catalog)
        let keys = try #require(Self.store(root, cache: cache, unloadable: unloadable)).keys(of: catalog)
        #expect(keys.values.allSatisfy { $0.key == nil || $0.kept }, "\(step): every definition with a key is kept",
                sourceLocation: sourceLocation)
        return fresh
    }

    /// The store as the next check would read it, with the ids of the files that do not load.
    static func store(_ root: URL, cache: OutputCache, unloadable: Set<String> = []) -> ValidationStore? {
        let project = ProjectReader(root: root).read()
        return InputHashes(files: project.files, hashes: project.contentHashes).map { inputs in
            ValidationStore(cache: cache, stored: ValidationStore.read(from: cache), inputs: inputs, unloadable: unloadable)
        }
    }

    /// `tally diff` checks the base after the work tree, and takes the work tree's diagnostics for each base
    /// definition whose file, and the files its rules read, are the work tree's: the base then reports what a fresh
    /// check of it reports, errors of unchanged files included. An edit of tally.yaml reaches every key.
    @Test func theBaseOfADiffTakesTheWorkTreesDiagnostics() throws { try IncrementalBuildTests.withBuiltProject { root, cache in
        // The base: an input grouped, which gives three definitions that read it errors.
        try IncrementalBuildTests.edit(root, "definitions/usage/daily_searches.yaml") {
            $0.replacingOccurrences(of: "grain: day}", with: "grain: day, group_by: [app_version]}")
        }
        let base = ProjectReader(root: root).read()
        let fresh = Compiler.check(base).diagnostics.diagnostics
        #expect(Set(fresh.filter { $0.severity == .error }.map(\.span.file)).count >= 3)
        let definitions = base.files.count { if case .definition = $0.role { true } else { false } }
        func baseCheck(_ step: String) throws -> Int {
            let head = Compiler.check(ProjectReader(root: root).read(), decodedStoreIn: cache, keepingDecoded: true)
            let checked = Compiler.check(base, reusing: head)
            #expect(checked.diagnostics.diagnostics == fresh, "\(step)")
            return try #require(checked.validatedNow, "\(step): the work tree's diagnostics were lent")
        }
        #expect(try baseCheck("the same files") == 0)
        // A definition no other reads, edited in the work tree: only the base's version of it is validated.
        try IncrementalBuildTests.edit(root, "definitions/usage/legacy_opens.yaml") {
            $0.replacingOccurrences(of: "title: Legacy opens", with: "title: Legacy app opens")
        }
        #expect(try baseCheck("a definition edited") == 1)
        // The input the three read, as it was: they and it are validated, every other base definition taken.
        try IncrementalBuildTests.edit(root, "definitions/usage/daily_searches.yaml") {
            $0.replacingOccurrences(of: ", group_by: [app_version]", with: "")
        }
        let reached = try baseCheck("the input edited")
        #expect(reached >= 4 && reached < definitions / 2, "\(reached)")
        try IncrementalBuildTests.edit(root, "tally.yaml") {
            $0.replacingOccurrences(of: "current_version: \"2.4.0\"", with: "current_version: \"2.5.0\"")
        }
        #expect(try baseCheck("tally.yaml edited") == definitions)
    } }

    /// Edits that give unchanged files problems, and take them away: a definition that ratios, a formula and
    /// comparisons read, tally.yaml, a source. Each run's diagnostics are a fresh check's.
    @Test func takenDiagnosticsAreWhatAFreshCheckFinds() throws { try IncrementalBuildTests.withBuiltProject { root, cache in
        #expect(try Self.checksAgree(root, cache: cache, "as built").allSatisfy { $0.severity != .error })

        // Grouped, it differs from the inputs it is paired with: errors in four files that did not change.
        let dailySearches = "definitions/usage/daily_searches.yaml"
        try IncrementalBuildTests.edit(root, dailySearches) {
            $0.replacingOccurrences(of: "grain: day}", with: "grain: day, group_by: [app_version]}")
        }
        let grouped = try Self.checksAgree(root, cache: cache, "an input grouped")
        let files = Set(grouped.filter { $0.severity == .error }.map(\.span.file))
        #expect(files.isSuperset(of: ["definitions/usage/searches_per_open.yaml", "definitions/usage/opens_minus_searches.yaml",
                                      "definitions/growth/daily_searches_vs_week_before.yaml"]))
        try IncrementalBuildTests.edit(root, dailySearches) { $0.replacingOccurrences(of: ", group_by: [app_version]", with: "") }
        #expect(try Self.checksAgree(root, cache: cache, "the input as it was").allSatisfy { $0.severity != .error })

        // An earlier current version: every definition added or broken later than it is now wrong.
        try IncrementalBuildTests.edit(root, "tally.yaml") { $0.replacingOccurrences(of: "current_version: \"2.4.0\"", with: "current_version: \"1.0.0\"") }
        #expect(try Self.checksAgree(root, cache: cache, "an earlier release").count > 3)
        try IncrementalBuildTests.edit(root, "tally.yaml") { $0.replacingOccurrences(of: "current_version: \"1.0.0\"", with: "current_version: \"2.4.0\"") }
        try Self.checksAgree(root, cache: cache, "the release as it was")

        // A source's field taken away: the definitions grouped or filtered by it, unchanged, are wrong.
        let appEvents = "definitions/sources/app_events.yaml"
        try IncrementalBuildTests.edit(root, appEvents) { $0.replacingOccurrences(of: "{plan: public, ", with: "{") }
        #expect(try Self.checksAgree(root, cache: cache, "a source's field removed").contains { $0.severity == .error })

        // The replacement a deprecated definition names, taken away: the deprecated one, unchanged, is now wrong.
        let weeklyPeople = root.appendingPathComponent("definitions/usage/weekly_people.yaml")
        let people = try String(contentsOf: weeklyPeople, encoding: .utf8)
        try FileManager.default.removeItem(at: weeklyPeople)
        #expect(try Self.checksAgree(root, cache: cache, "a replacement removed")
            .contains { $0.span.file == "definitions/usage/legacy_opens.yaml" && $0.severity == .error })
        try people.write(to: weeklyPeople, atomically: false, encoding: .utf8)
        try Self.checksAgree(root, cache: cache, "the replacement back")

        // One id in two groups, the copy in an earlier group with a group_by of its own: an error, and the copy is now
        // the definition its readers (unchanged, in later groups) resolve to, so theirs are found again.
        let copy = root.appendingPathComponent("definitions/growth/daily_searches.yaml")
        try (try String(contentsOf: root.appendingPathComponent(dailySearches), encoding: .utf8))
            .replacingOccurrences(of: "grain: day}", with: "grain: day, group_by: [app_version]}")
            .replacingOccurrences(of: "title: Daily searches", with: "title: Daily searches, grouped")
            .write(to: copy, atomically: false, encoding: .utf8)
        let twice = try Self.checksAgree(root, cache: cache, "one id in two groups")
        #expect(twice.contains { $0.code == .duplicateName })
        #expect(twice.contains { $0.span.file == "definitions/usage/searches_per_open.yaml" && $0.severity == .error })
        try FileManager.default.removeItem(at: copy)
        try Self.checksAgree(root, cache: cache, "the copy removed")

        // An input that no longer loads: the references to it are not reported again, and come back when it does.
        let dailyOpens = "definitions/usage/daily_opens.yaml"
        let opens = try String(contentsOf: root.appendingPathComponent(dailyOpens), encoding: .utf8)
        try "kind: [metric\n".write(to: root.appendingPathComponent(dailyOpens), atomically: false, encoding: .utf8)
        try Self.checksAgree(root, cache: cache, "an input that does not load", unloadable: ["daily_opens"])
        try opens.write(to: root.appendingPathComponent(dailyOpens), atomically: false, encoding: .utf8)
        try Self.checksAgree(root, cache: cache, "the input back")
    } }

    /// A definition's key is made of what its rules read: a title edit changes the keys of the edited definition and
    /// of the five that read it (a ratio, a formula, two comparisons and a filled series), and of no other.
    @Test func anEditChangesTheKeysOfWhatReadsIt() throws { try IncrementalBuildTests.withBuiltProject { root, cache in
        func keys() throws -> [String: (key: ValidationStore.Key?, kept: Bool)] {
            let catalog = try #require(Compiler.check(ProjectReader(root: root).read()).catalog)
            return try #require(Self.store(root, cache: cache)).keys(of: catalog)
        }
        let before = try keys()
        #expect(before.count > 60)
        #expect(before.values.allSatisfy { $0.key != nil && $0.kept })
        try IncrementalBuildTests.edit(root, "definitions/usage/daily_searches.yaml") {
            $0.replacingOccurrences(of: "title: Daily searches", with: "title: Searches a day")
        }
        let after = try keys()
        let changed = Set(after.filter { id, entry in before[id]?.key != entry.key }.keys)
        #expect(changed == ["daily_searches", "searches_per_open", "opens_minus_searches", "daily_searches_vs_week_before",
                            "daily_searches_vs_month_before", "searches_per_open_filled"])
        #expect(after.filter { !$0.value.kept }.count == changed.count, "the others are kept under their keys")
    } }

    /// A reference that does not resolve gives no key, nor does one reached through an input: its message suggests
    /// among every id, which any file may change.
    @Test func aDefinitionReachingAMissingOneHasNoKey() throws { try IncrementalBuildTests.withBuiltProject { root, cache in
        // A formula of the ratio, so that the ratio's inputs are reached through it.
        try ("kind: metric\ntitle: Searches per open, and one\ndefinition: The ratio plus one.\nrationale: A chain.\n"
             + "measure: {aggregate: formula, expression: searches_per_open + 1}\n")
            .write(to: root.appendingPathComponent("definitions/usage/searches_per_open_and_one.yaml"), atomically: false,
                   encoding: .utf8)
        func keys() throws -> [String: (key: ValidationStore.Key?, kept: Bool)] {
            let catalog = try #require(Compiler.check(ProjectReader(root: root).read()).catalog)
            return try #require(Self.store(root, cache: cache)).keys(of: catalog)
        }
        let chained = try keys()
        try IncrementalBuildTests.edit(root, "definitions/usage/daily_opens.yaml") { $0 + "\n" }
        let inputEdited = try keys()
        #expect(chained["searches_per_open_and_one"]?.key != nil)
        #expect(inputEdited["searches_per_open_and_one"]?.key != chained["searches_per_open_and_one"]?.key,
                "an input of its input is part of its key")

        try IncrementalBuildTests.edit(root, "definitions/usage/searches_per_open.yaml") {
            $0.replacingOccurrences(of: "denominator: daily_opens", with: "denominator: daily_openz")
        }
        let missing = try keys()
        #expect(missing["searches_per_open"]?.key == nil)
        #expect(missing["searches_per_open_and_one"]?.key == nil, "it reads the ratio")
        #expect(missing["searches_per_open_filled"]?.key != nil, "it reads daily_opens itself")
        #expect(missing["daily_opens"]?.key != nil)
    } }

    /// A file damaged anywhere is no store: every definition is validated, and the file is written anew.
    @Test func aDamagedFileIsNoStore() throws { try IncrementalBuildTests.withBuiltProject { root, cache in
        var bytes = try #require(FileManager.default.contents(atPath: cache.validatedFile))
        #expect(ValidationStore.read(from: cache).count > 60)
        bytes[bytes.count / 2] ^= 0x01
        try bytes.write(to: URL(fileURLWithPath: cache.validatedFile))
        #expect(ValidationStore.read(from: cache).isEmpty)
        try Self.checksAgree(root, cache: cache, "after damage")
        #expect(ValidationStore.read(from: cache).count > 60)
    } }
}

extension ValidationStore {
    /// Each definition's key, by id, and whether the store holds an entry under it.
    func keys(of catalog: Catalog) -> [String: (key: ValidationStore.Key?, kept: Bool)] {
        var keys: [String: (key: ValidationStore.Key?, kept: Bool)] = [:]
        for definition in catalog.definitions {
            let key = key(of: definition, in: catalog)
            keys[definition.id.value] = (key, key.flatMap(kept) != nil)
        }
        return keys
    }
}
