import Foundation
import Testing
@testable import TallyCore

/// A build after an edit takes the group jobs and docs pages the edit cannot reach from generated/ (JobReuse) instead
/// of rendering them. Whatever the edit, the tree it leaves must be byte for byte the one a build from nothing makes, and a job
/// is taken only when its files and pieces on disk are still the ones recorded.
@Suite(.serialized) struct IncrementalBuildTests {
    /// The features reference project (every measure, six dialects, dbt and LookML exports, ratios and formulas
    /// reading definitions of other groups) in a temporary folder, without its generated/.
    static func project() throws -> URL {
        let source = TestFiles.referenceProject("features")
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("tally-incremental-\(UUID().uuidString)")
        for (path, bytes) in TestFiles.tree(at: source) where !path.hasPrefix("generated/") {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(bytes).write(to: url)
        }
        return root
    }

    /// What a build from nothing writes for the project as it is now.
    static func freshTree(_ root: URL) throws -> [String: [UInt8]] {
        let checked = try #require(Compiler.check(ProjectReader(root: root).read()).checked)
        var tree: [String: [UInt8]] = [:]
        for file in Generator.files(for: checked) { tree[file.path] = Array(file.contents.utf8) }
        return tree
    }

    /// How many jobs (group jobs and docs pages) a check of the project as it is now takes from generated/, and of
    /// how many.
    static func reusedJobs(_ root: URL, cache: OutputCache) throws -> (reused: Int, jobs: Int) {
        let project = ProjectReader(root: root).read()
        let output = GeneratedOutput(root: root, cache: cache)
        var lookup = output.lookUp(project)
        // A lookup the cache answered has no job keys (nothing renders); this check renders anyway, to count.
        if lookup.jobKeys == nil {
            lookup.jobKeys = JobKeys(files: project.files, hashes: project.contentHashes)
        }
        let checked = try #require(Compiler.check(project).checked)
        let reuse = try #require(output.reuse(lookup))
        _ = DriftCheck.compare(checked, with: output.tree, reusing: reuse)
        return (reuse.reusedJobs, try #require(reuse.jobRecords()).count)
    }

    static func edit(_ root: URL, _ path: String, _ change: (String) -> String) throws {
        let url = root.appendingPathComponent(path)
        let text = try String(contentsOf: url, encoding: .utf8)
        let changed = change(text)
        #expect(changed != text, "the edit of \(path) changed nothing")
        try changed.write(to: url, atomically: false, encoding: .utf8)
    }

    /// Builds with the cache and compares generated/ with a build from nothing.
    static func buildMatchesFresh(_ root: URL, cache: OutputCache, _ step: String,
                                  sourceLocation: SourceLocation = #_sourceLocation) throws {
        _ = try OutputCacheTests.build(root, cache: cache)
        let built = BuildTests.tree(root)
        let fresh = try freshTree(root)
        #expect(built.keys.sorted() == fresh.keys.sorted(), "\(step): other files", sourceLocation: sourceLocation)
        for (path, bytes) in fresh where built[path] != bytes {
            Issue.record("\(step): generated/\(path) differs from a build from nothing", sourceLocation: sourceLocation)
        }
    }

    /// The features project built once with a cache of its own; both are removed afterwards, the cache's folder
    /// with its group jobs.
    static func withBuiltProject(_ body: (_ root: URL, _ cache: OutputCache) throws -> Void) throws {
        let root = try project()
        let cache = OutputCacheTests.temporaryCache()
        defer {
            try? FileManager.default.removeItem(at: root)
            OutputCacheTests.remove(cache)
        }
        try buildMatchesFresh(root, cache: cache, "first build")
        try body(root, cache)
    }

    /// Bumping current_version, every release's edit of tally.yaml, renders the two docs files that read it again
    /// (versions.md shows it; the index shares its facts) and takes every other job from generated/. Written over
    /// two lines, it reaches every job, as any other byte of tally.yaml does.
    @Test func aCurrentVersionBumpRendersOnlyWhatShowsIt() throws { try Self.withBuiltProject { root, cache in
        try Self.edit(root, "tally.yaml") {
            $0.replacingOccurrences(of: "current_version: \"2.4.0\"", with: "current_version: \"2.5.0\" # released")
        }
        let bumped = try Self.reusedJobs(root, cache: cache)
        #expect(bumped.jobs > 10)
        #expect(bumped.reused == bumped.jobs - 2)
        try Self.buildMatchesFresh(root, cache: cache, "current_version bumped")
        let versions = try String(contentsOf: root.appendingPathComponent("generated/docs/versions.md"), encoding: .utf8)
        #expect(versions.contains("2.5.0"))

        try Self.edit(root, "tally.yaml") {
            $0.replacingOccurrences(of: "current_version: \"2.5.0\" # released", with: "current_version:\n  \"2.6.0\"")
        }
        #expect(try Self.reusedJobs(root, cache: cache).reused == 0)
        try Self.buildMatchesFresh(root, cache: cache, "current_version over two lines")
    } }

    @Test func everyEditLeavesTheTreeABuildFromNothingMakes() throws { try Self.withBuiltProject { root, cache in
        let dailySearches = "definitions/usage/daily_searches.yaml"

        // Prose of a definition that formulas and ratios of two other groups read: its group's job and theirs render
        // again, and so do those three groups' dbt models and LookML views, and four docs pages: its own, those two
        // groups' (they link to it), and billing's, which links to another definition of its page (whose anchor may
        // follow from the titles above it); the others are taken.
        try Self.edit(root, dailySearches) { $0.replacingOccurrences(of: "title: Daily searches", with: "title: Searches a day") }
        // The docs index, versions.md and the LookML model show its title: they render again too. (The Swift catalog
        // shows it as well, in a piece its group's job renders.)
        let afterTitle = try Self.reusedJobs(root, cache: cache)
        let rendered = 3 + 3 + 3 + 4
        #expect(afterTitle.jobs > rendered + 3)
        #expect(afterTitle.reused == afterTitle.jobs - rendered - 3)
        try Self.buildMatchesFresh(root, cache: cache, "title edited")

        // Its SQL: none of those three shows events; OpenApp is another definition's event already, so
        // EventName.swift is taken too.
        try Self.edit(root, dailySearches) { $0.replacingOccurrences(of: "events: [Search]", with: "events: [Search, OpenApp]") }
        #expect(try Self.reusedJobs(root, cache: cache).reused == afterTitle.jobs - rendered)
        try Self.buildMatchesFresh(root, cache: cache, "events edited")

        // What the index and versions.md show of a definition besides its title (DocsIndexFacts), each alone.
        let searchesByPlan = "definitions/usage/searches_by_plan.yaml"
        let deprecation = "deprecated: {version: \"2.3\", reason: Counted devices <b>twice</b>., replaced_by: weekly_people}\n"
        let facts: [(file: String, old: String, new: String, step: String)] = [
            (searchesByPlan, "reason: \"counted twice | on retries\"", "reason: \"counted twice | on every retry\"",
             "a broken range's reason"),
            (searchesByPlan, "through: \"2.1.3\"", "through: \"2.1.2\"", "a broken range's end"),
            (searchesByPlan, "{from: \"2.3\", reason", "{from: \"2.3.1\", reason", "a broken range's start"),
            ("definitions/usage/daily_opens.yaml", "fix: \"#15\"", "fix: \"#17\"", "a broken range's fix"),
            (searchesByPlan, "added: \"2.0\"", "added: \"1.9\"", "the version added"),
            (searchesByPlan, "type: frontend_event", "type: backend_capture", "the type"),
            ("definitions/usage/legacy_opens.yaml", "deprecated: {version: \"2.4\"", "deprecated: {version: \"2.3\"",
             "the version deprecated"),
            // What the Swift catalog (put together from pieces: CatalogSource.swift) and EventName.swift show besides those.
            ("definitions/growth/weekly_searches.yaml", "{aggregate: count, grain: week}",
             "{aggregate: unique_users, grain: week}", "the aggregate"),
            ("definitions/usage/legacy_opens.yaml", "{aggregate: count, grain: month}",
             "{aggregate: count, grain: month, group_by: [event]}", "a group column added"),
            (searchesByPlan, "events: [Search, SearchAgain]", "events: [Search, SearchAgain, SearchThird]",
             "an exact event added"),
            ("definitions/usage/weekly_people.yaml", "exclude_events: [OpenFailed]", "exclude_events: [OpenFailedTwice]",
             "an excluded event"),
            ("definitions/usage/search_retention.yaml", "cohort_events: [SignUp]", "cohort_events: [SignUpAgain]",
             "a cohort event"),
            ("definitions/usage/weekly_people.yaml", "owners: [growth]", "owners: [growth, search]", "the owners"),
            // A source's schema on a dialect of the dbt export: the models read it through a dbt source of its own.
            ("definitions/sources/app_events.yaml", ", duckdb: analytics.app_events}", "}", "a source's schema dropped"),
            // What the LookML model (LookMLEmitter.modelFacts) shows besides those.
            (searchesByPlan, "definition: Search and SearchAgain events", "definition: Search and SearchAgain log events",
             "the definition's text"),
            ("definitions/usage/legacy_opens.yaml", deprecation, "", "the deprecation removed"),
            ("definitions/usage/legacy_opens.yaml", "added: \"1.0\"\n", "added: \"1.0\"\n" + deprecation, "the deprecation back"),
            ("definitions/usage/legacy_opens.yaml", "reason: Counted devices", "reason: Counts devices",
             "the deprecation's reason"),
            // A ping needs a type and a metric has none: the kind never changes alone.
            (searchesByPlan, "kind: ping\ntitle: Searches by plan\ntype: backend_capture\n", "kind: metric\ntitle: Searches by plan\n",
             "the kind"),
            (searchesByPlan, "  - {from: \"2.3.1\", reason: SearchAgain is not logged on desktop}\n", "", "a broken range removed"),
        ]
        for fact in facts {
            try Self.edit(root, fact.file) { $0.replacingOccurrences(of: fact.old, with: fact.new) }
            try Self.buildMatchesFresh(root, cache: cache, fact.step)
        }
        // A definition's id (its file's name) and its group (its folder), which every file made from every
        // definition shows: renamed, moved to another group, and back.
        let moves = [("definitions/usage/first_searchers.yaml", "definitions/usage/first_searchers_renamed.yaml", "renamed"),
                     ("definitions/usage/first_searchers_renamed.yaml", "definitions/growth/first_searchers_renamed.yaml",
                      "moved to another group"),
                     ("definitions/growth/first_searchers_renamed.yaml", "definitions/usage/first_searchers.yaml", "back")]
        for (from, to, step) in moves {
            try FileManager.default.moveItem(at: root.appendingPathComponent(from), to: root.appendingPathComponent(to))
            try Self.buildMatchesFresh(root, cache: cache, "a definition " + step)
        }

        // Its days: Los Angeles days for it and the other input of its ratios, whose views, docs, dbt models and
        // LookML views in two other groups say so (LookML's label of the day), then UTC again.
        let dailyOpens = "definitions/usage/daily_opens.yaml"
        for file in [dailySearches, dailyOpens] {
            try Self.edit(root, file) { $0.replacingOccurrences(of: "grain: day}", with: "grain: day, time_zone: America/Los_Angeles}") }
        }
        try Self.buildMatchesFresh(root, cache: cache, "inputs' days moved")
        let lookML = root.appendingPathComponent("generated/lookml/trends/searches_per_open_filled.view.lkml")
        #expect(try String(contentsOf: lookML, encoding: .utf8).contains("(America/Los_Angeles days)"))
        for file in [dailySearches, dailyOpens] {
            try Self.edit(root, file) { $0.replacingOccurrences(of: "grain: day, time_zone: America/Los_Angeles}", with: "grain: day}") }
        }
        try Self.buildMatchesFresh(root, cache: cache, "inputs' days back")

        // A definition added to a group moves every later view in views.sql; then taken away again.
        let added = "definitions/usage/daily_searches_again.yaml"
        let copy = try String(contentsOf: root.appendingPathComponent(dailySearches), encoding: .utf8)
            .replacingOccurrences(of: "title: Searches a day", with: "title: Searches a day, again")
        try copy.write(to: root.appendingPathComponent(added), atomically: false, encoding: .utf8)
        try Self.buildMatchesFresh(root, cache: cache, "definition added")
        try FileManager.default.removeItem(at: root.appendingPathComponent(added))
        try Self.buildMatchesFresh(root, cache: cache, "definition removed")

        // A source, a group's settings and tally.yaml reach every job.
        try Self.edit(root, "definitions/sources/app_events.yaml") {
            $0.replacingOccurrences(of: "default: \"2.1.0\"", with: "default: \"2.0.0\"")
        }
        #expect(try Self.reusedJobs(root, cache: cache).reused == 0)
        try Self.buildMatchesFresh(root, cache: cache, "source edited")
        try Self.edit(root, "definitions/growth/group.yaml") { $0 + "\n" }
        try Self.buildMatchesFresh(root, cache: cache, "group settings edited")
        let dialects = "dialects: [postgres, sqlite, bigquery, duckdb, spark, snowflake]"
        try Self.edit(root, "tally.yaml") { $0.replacingOccurrences(of: dialects, with: "dialects: [postgres, sqlite, duckdb]") }
        try Self.buildMatchesFresh(root, cache: cache, "dialects dropped")
        try Self.edit(root, "tally.yaml") { $0.replacingOccurrences(of: "dialects: [postgres, sqlite, duckdb]", with: dialects) }
        try Self.buildMatchesFresh(root, cache: cache, "dialects back")

        // A deprecated definition's docs link to its replacement, here moved to another group's page; then that
        // page's definitions change the link: the replacement's title, and a title above it on its page that makes
        // its anchor another (two equal headings: the second gets "-1").
        try Self.edit(root, "definitions/usage/legacy_opens.yaml") {
            $0.replacingOccurrences(of: "replaced_by: weekly_people", with: "replaced_by: weekly_searches")
        }
        try Self.buildMatchesFresh(root, cache: cache, "replacement in another group")
        try Self.edit(root, "definitions/growth/weekly_searches.yaml") {
            $0.replacingOccurrences(of: "title: Weekly searches", with: "title: Searches a week")
        }
        try Self.buildMatchesFresh(root, cache: cache, "replacement's title")
        try Self.edit(root, "definitions/growth/monthly_searches.yaml") {
            $0.replacingOccurrences(of: "title: Monthly searches", with: "title: Searches a week")
        }
        try Self.buildMatchesFresh(root, cache: cache, "replacement's anchor")
    } }

    /// A job is taken only when what it recorded is on disk unchanged, and a view's text in views.sql only when it
    /// still hashes as recorded: a view file edited by hand, a fixtures file deleted, a view's text in views.sql
    /// edited by hand, a docs page edited by hand are each put right by the next build, though no input of their job
    /// changed.
    @Test func aJobWhoseFilesChangedOnDiskRendersAgain() throws { try Self.withBuiltProject { root, cache in
        let dialect = Dialect.allCases[0].rawValue
        let generated = root.appendingPathComponent("generated")
        let viewFile = "sql/\(dialect)/growth/weekly_searches.sql"
        let before = try Self.reusedJobs(root, cache: cache)
        #expect(before.reused == before.jobs)

        try Self.edit(generated, viewFile) { $0 + "-- edited by hand\n" }
        // A view of a third group, whose job's own files are untouched; the same length, so that only that view's
        // text differs, not where the later ones lie.
        try Self.edit(generated, "sql/\(dialect)/views.sql") {
            $0.replacingOccurrences(of: "-- daily_searches:", with: "-- daily_searcheS:")
        }
        try FileManager.default.removeItem(at: generated.appendingPathComponent("swift/Fixtures/snapshots.swift"))
        try Self.edit(generated, "docs/people.md") { $0.replacingOccurrences(of: "# ", with: "#  ") }
        try Self.edit(generated, "dbt/models/billing/seats.sql") { $0 + "-- edited by hand\n" }
        try FileManager.default.removeItem(at: generated.appendingPathComponent("lookml/trends/active_plans.view.lkml"))
        let tampered = try Self.reusedJobs(root, cache: cache)
        #expect(tampered.reused == tampered.jobs - 5,
                "growth's and snapshots' jobs, people's page, billing's dbt models and trends' LookML views render again")

        // An edit elsewhere: the build that follows puts all four right.
        try Self.edit(root, "definitions/usage/daily_opens.yaml") { $0 + "\n# edited\n" }
        try Self.buildMatchesFresh(root, cache: cache, "tampered, then another definition edited")
        #expect(try Self.reusedJobs(root, cache: cache).reused == before.jobs)
    } }

    /// Jobs making a file from every definition run before the group jobs, also in a build that takes jobs from
    /// generated/: wrapped to be taken, they once lost their mark and ran last, after views.sql's assembly began.
    @Test func wholeCatalogJobsRunBeforeTheGroupJobs() throws { try Self.withBuiltProject { root, cache in
        let project = ProjectReader(root: root).read()
        let output = GeneratedOutput(root: root, cache: cache)
        var lookup = output.lookUp(project)
        lookup.jobKeys = lookup.jobKeys ?? JobKeys(files: project.files, hashes: project.contentHashes)
        let checked = try #require(Compiler.check(project).checked)
        let jobs = Generator.jobs(for: checked, reusing: try #require(output.reuse(lookup)))
        let slices = checked.groups.flatMap { $0.slices(of: Generator.sliceSize) }.count
        let late = jobs.filter { $0.inputs != nil && !$0.isWholeCatalog }.count
        let whole = jobs.indices.filter { jobs[$0].isWholeCatalog }
        // The docs index and versions.md, the Swift event names, the LookML model, the JSON schemas.
        #expect(whole.count == 5)
        #expect(whole.allSatisfy { $0 < jobs.count - late - slices })
    } }

    /// A dbt model keeps `{{ ref('<project>', '…') }}` as Jinja only when it names a view of the catalog, so a hand-written
    /// query that spells one (in a comment, here) changes when a definition of that id comes: the group's models
    /// render again though none of their inputs changed, and every other group's with them.
    @Test func dbtModelsRenderAgainWhenTheViewsTheirTextNamesChange() throws { try Self.withBuiltProject { root, cache in
        let seats = "definitions/billing/seats.yaml"
        try Self.edit(root, seats) {
            $0.replacingOccurrences(of: "WHERE 'from seat_counts' <> '' GROUP BY s.day",
                                    with: "WHERE 'from seat_counts' <> '' /* {{ ref('reference_features', 'searches_later') }} */ GROUP BY s.day")
        }
        try Self.buildMatchesFresh(root, cache: cache, "a query naming a view to come")
        let model = root.appendingPathComponent("generated/dbt/models/billing/seats.sql")
        #expect(try String(contentsOf: model, encoding: .utf8).contains("{{ '{{' }} ref('reference_features', 'searches_later') }}"))

        let copy = try String(contentsOf: root.appendingPathComponent("definitions/usage/daily_searches.yaml"), encoding: .utf8)
            .replacingOccurrences(of: "title: Daily searches", with: "title: Searches, later")
        try copy.write(to: root.appendingPathComponent("definitions/usage/searches_later.yaml"), atomically: false, encoding: .utf8)
        try Self.buildMatchesFresh(root, cache: cache, "the view it names added")
        #expect(try String(contentsOf: model, encoding: .utf8).contains("/* {{ ref('reference_features', 'searches_later') }} */"))
    } }

    /// After another build wrote views.sql (a pull brought a view it changed, longer now), the views of taken
    /// jobs that follow it lie further on: they are found there, none is rendered again, and the build matches a
    /// build from nothing. Looked for only where they had been laid, every one of them was rendered again.
    @Test func viewsMovedByAnotherBuildAreFoundWhereTheyLie() throws { try Self.withBuiltProject { root, cache in
        let other = OutputCacheTests.temporaryCache()
        defer { try? FileManager.default.removeItem(atPath: Disk.parent(of: other.file)) }
        try Self.edit(root, "definitions/growth/monthly_searches.yaml") {
            $0.replacingOccurrences(of: "events: [", with: "events: [OpenApp, ")
        }
        _ = try OutputCacheTests.build(root, cache: other)
        try Self.edit(root, "definitions/usage/legacy_opens.yaml") {
            $0.replacingOccurrences(of: "events: [OpenApp]", with: "events: [OpenApp, OpenAppAgain]")
        }
        let project = ProjectReader(root: root).read()
        let output = GeneratedOutput(root: root, cache: cache)
        var lookup = output.lookUp(project)
        lookup.jobKeys = lookup.jobKeys ?? JobKeys(files: project.files, hashes: project.contentHashes)
        let checked = try #require(Compiler.check(project).checked)
        let reuse = try #require(output.reuse(lookup))
        _ = DriftCheck.compare(checked, with: output.tree, reusing: reuse)
        #expect(reuse.reusedJobs > 0)
        #expect(reuse.piecesRendered == 0)
        try Self.buildMatchesFresh(root, cache: cache, "views moved by another build")
    } }

    /// The last build's jobs are proven on a thread of their own before the render asks (JobProofs): a job whose
    /// files are all there as recorded comes with them, one with a file changed by hand comes without, each job is
    /// taken once, and after `stop` none is. A job proven ahead is not proven again when taken (the build holds the
    /// lock, so nothing of tally's changes generated/ in between): a file edited after that proof does not turn it.
    /// Proven by the render itself instead (no thread), each job gets the same answer. Proofs stopped before they
    /// begin (the cache answered) end their thread without proving.
    @Test(.timeLimit(.minutes(1))) func jobsProvenAheadOfTheRender() throws { try Self.withBuiltProject { root, cache in
        let generated = root.appendingPathComponent("generated")
        let jobs = cache.storedJobs()
        let dialect = Dialect.allCases[0].rawValue
        func job(making path: String) throws -> JobRecord {
            try #require(jobs.first { $0.files.contains { $0.path == path } })
        }
        let growth = try job(making: "sql/\(dialect)/growth/weekly_searches.sql")
        let page = try job(making: "docs/people.md")
        let usage = try job(making: "sql/\(dialect)/usage/daily_opens.sql")
        #expect(Set([growth.key, page.key, usage.key]).count == 3)
        try Self.edit(generated, "sql/\(dialect)/growth/weekly_searches.sql") { $0 + "-- edited by hand\n" }

        let unneeded = JobProofs(cache: cache, root: generated.path)
        unneeded.stop()
        unneeded.waitForProofsAhead()
        #expect(unneeded.take(usage.key) == nil, "stopped before they began")

        let ahead = JobProofs(cache: cache, root: generated.path)
        ahead.begin()
        ahead.waitForProofsAhead()
        try Self.edit(generated, "docs/people.md") { $0.replacingOccurrences(of: "# ", with: "#  ") }
        for proofs in [ahead, JobProofs(jobs: jobs, root: generated.path)] {
            let taken = try #require(proofs.take(growth.key))
            #expect(taken.job == growth)
            #expect(taken.files == nil, "a file of growth's job was edited by hand")
            #expect(proofs.take(growth.key) == nil, "taken once")
            let kept = try #require(proofs.take(usage.key)?.files)
            #expect(kept.map(\.record) == usage.files)
            #expect(kept.map(\.path) == usage.files.map(\.path))
            // Edited after the proofs ahead, before the render proved it itself.
            let pageFiles = try #require(proofs.take(page.key)).files
            #expect((pageFiles != nil) == (proofs === ahead))
            proofs.stop()
            let other = try #require(jobs.first { ![growth.key, page.key, usage.key].contains($0.key) })
            #expect(proofs.take(other.key) == nil, "stopped")
        }
    } }

    /// A views.sql made wholly of the last version's pieces, each where it lay, is that version: handed over as the
    /// file in place (proven), so the writer does not read its megabytes again to compare. Its head edited by hand,
    /// or bytes added at its end, it is made of its parts and written again, its pieces as stretches of the last
    /// version.
    @Test func aViewsFileOfUnmovedPiecesIsTakenWhole() throws { try Self.withBuiltProject { root, cache in
        let generated = root.appendingPathComponent("generated")
        let dialects = try #require(Compiler.check(ProjectReader(root: root).read()).checked).settings.dialects
        #expect(dialects.count >= 3)
        let viewsFiles = Set(dialects.map { "sql/\($0.rawValue)/views.sql" })
        var round = 0
        /// The views.sql files a render after a prose edit hands over as parts (not taken whole), those of them with
        /// stretches of their last version among their parts (LaidStretches), and how many pieces of taken jobs it
        /// rendered.
        func viewsFilesMadeOfParts() throws -> (paths: Set<String>, stretched: Set<String>, piecesRendered: Int) {
            round += 1
            try Self.edit(root, "definitions/usage/daily_opens.yaml") {
                $0.replacingOccurrences(of: "\ndefinition: ", with: "\ndefinition: Edited \(round). ")
            }
            let project = ProjectReader(root: root).read()
            let output = GeneratedOutput(root: root, cache: cache)
            let lookup = output.lookUp(project)
            let checked = try #require(lookup.check(project).checked)
            let reuse = try #require(output.reuse(lookup))
            let files = Locked<[GeneratedFile]>([])
            Generator.render(checked, reusing: reuse) { rendered in files.withLock { $0 += rendered } }
            let views = files.withLock { $0 }.filter { viewsFiles.contains($0.path) }
            #expect(Set(views.map(\.path)) == viewsFiles)
            let stretched = views.filter { $0.parts.contains { if case .laid = $0 { true } else { false } } }
            let madeOfParts = views.filter { !$0.parts.isEmpty }
            return (Set(madeOfParts.map(\.path)), Set(stretched.map(\.path)), reuse.piecesRendered)
        }
        let untouched = try viewsFilesMadeOfParts()
        #expect(untouched.paths == [], "every piece taken where it lay")
        #expect(untouched.piecesRendered == 0)
        try Self.buildMatchesFresh(root, cache: cache, "a prose edit")

        let (head, end) = ("sql/\(dialects[0].rawValue)/views.sql", "sql/\(dialects[1].rawValue)/views.sql")
        try Self.edit(generated, head) { $0.replacingOccurrences(of: "Generated by tally", with: "Generated by tallY") }
        try Self.edit(generated, end) { $0 + "-- added by hand\n" }
        // Every piece still lies where it was laid: each file is its new head or end around stretches of the last
        // version, which are not read into memory.
        let edited = try viewsFilesMadeOfParts()
        #expect(edited.paths == [head, end])
        #expect(edited.stretched == [head, end])
        try Self.buildMatchesFresh(root, cache: cache, "views.sql edited by hand, then a prose edit")
    } }

    /// Build after build, the group jobs file is appended to by a block (LedgerBlock) rather than written whole: a
    /// view that grows moves the pieces after it in every views.sql, and the ledger read back, blocks and all, is the
    /// one a render from nothing writes whole, every piece where it lies.
    @Test func aLedgerOfBlocksIsTheLedgerWrittenWhole() throws { try Self.withBuiltProject { root, cache in
        func unstamped(_ jobs: [JobRecord]) -> [JobRecord] {
            jobs.map { job in
                var job = job
                job.files = job.files.map { record in
                    var record = record
                    record.stamp = nil
                    return record
                }
                return job
            }
        }
        var appended = 0
        for round in 1...3 {
            let before = cache.storedLedger()
            let blocksBefore = try #require(before.chain).blocks
            try Self.edit(root, "definitions/growth/monthly_searches.yaml") {
                $0.replacingOccurrences(of: #"events: \[.*\]"#,
                                        with: "events: [Search, \"Searched\(String(repeating: "x", count: round))*\"]",
                                        options: .regularExpression)
            }
            try Self.buildMatchesFresh(root, cache: cache, "events edit \(round)")
            let stored = cache.storedLedger()
            let blocks = try #require(stored.chain).blocks
            #expect(blocks == 0 || blocks == blocksBefore + 1, "appended to, or written whole")
            if blocks > 0 {
                appended += 1
                // The block appended says how the pieces after the edited view moved.
                let text = try String(contentsOfFile: cache.jobsFile, encoding: .utf8)
                let lastBlock = try #require(text.components(separatedBy: "\nblock ").last)
                #expect(lastBlock.contains("\nshift "), "events edit \(round)")
            }
            // A render from nothing, its ledger in a cache of its own.
            let whole = OutputCacheTests.temporaryCache()
            defer { OutputCacheTests.remove(whole) }
            #expect(try OutputCacheTests.build(root, cache: whole) == .unchanged(files: BuildTests.tree(root).count,
                                                                                  fromCache: false))
            #expect(whole.storedLedger().chain?.blocks == 0)
            #expect(unstamped(stored.jobs) == unstamped(whole.storedLedger().jobs), "events edit \(round)")
            #expect(stored.assembled.map(\.path) == whole.storedLedger().assembled.map(\.path))
            // Jobs the edit left alone whose pieces lie after the edited view's: carried by the block, moved.
            let carried = Set(before.jobs.map(\.key)).intersection(stored.jobs.map(\.key))
            let offsets = { (jobs: [JobRecord]) in
                jobs.filter { carried.contains($0.key) }.flatMap(\.pieces).map(\.offset)
            }
            #expect(!carried.isEmpty && offsets(before.jobs) != offsets(stored.jobs), "events edit \(round)")
        }
        #expect(appended > 0, "an edit's ledger appended")
    } }

    /// The group jobs are kept beside the entry, every job's files and pieces, and read back as written; damaged,
    /// they are none.
    @Test func jobsReadBackFromTheCache() throws {
        let cache = OutputCacheTests.temporaryCache()
        defer { OutputCacheTests.remove(cache) }
        let records = [OutputRecord(path: "sql/a.sql", size: 3, hash: ContentHash(value: 1))]
        let jobs = [
            JobRecord(key: "k-one", files: records + [OutputRecord(path: "swift/Fixtures/g.swift", size: 0,
                                                                   hash: ContentHash(value: 7))],
                      pieces: [PieceRecord(path: "sql/x/views.sql", viewID: "a_view", offset: 120, length: 40,
                                           hash: ContentHash(value: 0xFEDC_BA98_7654_3210))]),
            JobRecord(key: "k-two", files: [], pieces: []),
        ]
        cache.storeJobs(jobs)
        #expect(cache.storedJobs() == jobs)
        let entry = CacheEntry(diagnostics: [], definitionCount: 2, records: records)
        cache.store(entry, for: "key")
        #expect(cache.entry(for: "key") == entry)
        #expect(cache.storedJobs() == jobs, "storing the entry leaves the jobs")
        let text = try String(contentsOfFile: cache.jobsFile, encoding: .utf8)
        try text.replacingOccurrences(of: " 120 ", with: " 121 ").write(toFile: cache.jobsFile, atomically: false,
                                                                         encoding: .utf8)
        #expect(cache.storedJobs() == [])
        try OutputCacheTests.resealed(text.replacingOccurrences(of: "sql/a.sql", with: "sql/../a.sql"))
            .write(toFile: cache.jobsFile, atomically: false, encoding: .utf8)
        #expect(cache.storedJobs() == [])
    }

    /// views.sql's pieces wait in a scratch file that has no name from the moment it is made: bytes read back as
    /// written, and nothing is left in the temporary folder.
    @Test func aScratchFileReadsBackAndLeavesNothing() throws {
        let folder = String(cString: getenv("TMPDIR") ?? strdup("/tmp"))
        let before = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasPrefix("tally-scratch-") }
        let file = try #require(ScratchFile())
        let first = Array("-- first view\n".utf8)
        let second = Array(repeating: UInt8(ascii: "x"), count: 200_000)
        let firstPlace = file.reserve(first.count)
        let secondPlace = file.reserve(second.count)
        #expect((firstPlace, secondPlace) == (0, first.count))
        // Written in any order.
        #expect(second.withUnsafeBytes { file.write($0, at: secondPlace) })
        #expect(first.withUnsafeBytes { file.write($0, at: firstPlace) })
        #expect(file.readAll() == first + second)
        let during = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasPrefix("tally-scratch-") }
        #expect(Set(during) == Set(before))
    }
}
