import ArgumentParser
import Foundation
import TallyCore
import TallyRunner

struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run definitions on data files and print their rows.",
        discussion: """
            Loads each --data file into its source's table in an embedded SQLite database, by the source's declared \
            columns, and prints the rows of each definition's view (the SQL of generated/sql/sqlite). A column the \
            file does not give takes its declared default, else NULL; an empty CSV field is '' in a text column and \
            NULL in any other; a file's column the source does not declare is not loaded (a warning says so). A row \
            whose value does not fit its column's type fails the run, named at file:line (the first 10, and how \
            many); --skip-bad-rows leaves such rows out instead. Rows go to stdout; warnings, bad rows and progress \
            to stderr. Exit status: 0, 1 when the data cannot be loaded or bad rows fail it, 64 for usage errors.
            """
    )

    @Argument(help: "The definitions to run, by id.")
    var ids: [String]

    @OptionGroup var dataOptions: DataOptions

    @Option(name: .long, help: "Keep periods starting on or after this day (YYYY-MM-DD).")
    var from: String?

    @Option(name: .long, help: "Keep periods starting on or before this day (YYYY-MM-DD).")
    var to: String?

    @Option(name: .long, help: "table (for people), csv (a header and the rows, nothing else; one definition) or json (one document).")
    var format: RowFormat = .table

    @Option(name: .long, help: ArgumentHelp("Also draw the definition's value over time as an SVG line chart in this file.",
                                            valueName: "file.svg"))
    var chart: String?

    @OptionGroup var location: ProjectLocation

    func validate() throws {
        if ids.isEmpty { throw ValidationError("name a definition to run, e.g. tally run weekly_searches --data ...") }
        // A definition named twice runs and prints once (namedViews), so it counts once here too.
        if format == .csv && Set(ids).count > 1 {
            throw ValidationError("--format csv prints one definition's rows; name one, or use --format json")
        }
        if chart != nil && Set(ids).count > 1 { throw ValidationError("--chart draws one definition; name one") }
        if let chart {
            // Said before any data is loaded or row printed: an SVG named .png opens as a broken image.
            guard chart.lowercased().hasSuffix(".svg") else {
                throw ValidationError("--chart \(chart): the chart is an SVG drawing; name the file .svg")
            }
            let folder = URL(fileURLWithPath: chart).deletingLastPathComponent().path
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue else {
                throw ValidationError("--chart \(chart): no folder \(folder) to write it in")
            }
        }
    }

    func run() throws {
        let periods: PeriodFilter
        do { periods = try PeriodFilter(from: from, to: to) } catch { throw UsageFailure.report("\(error)", command: Self.self) }
        let root = try location.root()
        let cache = OutputCache.forProject(at: root)
        defer { ChangedInputWarning.print() }
        let result = Compiler.check(ProjectReader(root: root, stampsIn: cache).read(), decodedStoreIn: cache)
        defer { Teardown.skip(result) }
        guard let catalog = result.checked else {
            Report.print(result, format: .human, summaryVerb: "run", root: nil)
            throw ExitCode(1)
        }
        let views = try catalog.namedViews(ids, for: Self.self)
        for view in views {
            if let missing = RunSession.withoutEmbeddedQuery(view) {
                StandardError.write("tally run: error: \(missing.id)" + (missing.id == view.id ? "" : " (read by \(view.id))")
                                    + " is an sql measure without a query for \(Dialect.embedded.rawValue), the engine "
                                    + "tally run uses; add one to run it\n")
                throw ExitCode(1)
            }
        }
        if chart != nil, let view = views.first { try ChartWriting.requireChartable(view) }
        // Known from the arguments alone: said before any data is read (it came after loading a 17 MB file).
        do {
            for view in views { _ = try periods.column(in: view) }
        } catch let invalid as PeriodFilter.Invalid {
            throw UsageFailure.report(invalid.description, command: Self.self)
        }
        let session = try dataOptions.session(for: views, catalog: catalog, command: Self.self, label: "tally run")
        var results: [RunResult] = []
        var failed = false
        for view in views {
            do {
                results.append(try session.run(view, periods: periods))
            } catch let invalid as PeriodFilter.Invalid {
                throw UsageFailure.report(invalid.description, command: Self.self)
            } catch let failure as SQLiteDatabase.Failure {
                // The engine refused the view on this data (a sum past 64 bits): said as the run's error, exit 1,
                // and the other definitions' rows still printed (they were dropped with it).
                StandardError.write("tally run: error: \(failure.description)\n")
                failed = true
            }
        }
        // Nothing when every definition was refused: an empty report would read as definitions without rows.
        if !results.isEmpty { FileHandle.standardOutput.write(Data(RowFormatter.render(results, as: format).utf8)) }
        if let chart, let rows = results.first { try ChartWriting.write(rows, to: chart, label: "tally run") }
        if failed { throw ExitCode(1) }
    }

}

extension RowFormat: ExpressibleByArgument {}
