import ArgumentParser
import Foundation
import TallyCore
import TallyRunner

/// --data and --skip-bad-rows: the files that tally run and tally diff --data load, one source each.
struct DataOptions: ParsableArguments {
    @Option(name: .long, parsing: .singleValue, help: ArgumentHelp("""
        A source's rows: SOURCE=PATH, once per source (a source given twice loads both files). PATH is a CSV file \
        with a header row (.csv), JSON Lines (.jsonl, .ndjson) or an SQLite database holding the source's table \
        (
        """ + Dialect.embeddedDatabaseExtensions.map { "." + $0 }.joined(separator: ", ") + ").",
        valueName: "source=path"))
    var data: [String] = []

    @Flag(name: .long, help: "Leave out rows that do not fit their source's columns (and say how many) instead of failing.")
    var skipBadRows = false

    /// The --data arguments, each naming a source of the catalog (a usage error of `command` otherwise).
    func arguments(in catalog: CheckedCatalog, command: ParsableCommand.Type) throws -> [DataSourceArgument] {
        // Each file by device and inode, with the argument that gave it: the same file given twice (by two paths,
        // or twice by one) would load every row twice and double every number.
        var given: [String: String] = [:]
        return try data.map { text in
            let argument: DataSourceArgument
            do {
                argument = try DataSourceArgument(parsing: text)
            } catch {
                throw UsageFailure.report("\(error)", command: command)
            }
            guard catalog.catalog.sources[argument.source] != nil else {
                let names = catalog.catalog.sources.keys.sorted()
                throw UsageFailure.report("--data \(text): no source \(argument.source); the project's sources are "
                                          + names.joined(separator: ", ") + DidYouMean.clause(for: argument.source, among: names),
                                          command: command)
            }
            // Said now, not only when a definition that needs it runs: a typo must not pass because nothing ran.
            guard FileManager.default.fileExists(atPath: argument.path) else {
                throw UsageFailure.report("--data \(text): no file \(argument.path)", command: command)
            }
            var status = stat()
            if stat(argument.path, &status) == 0 {
                let identity = "\(argument.source) \(status.st_dev) \(status.st_ino)"
                if let earlier = given[identity] {
                    throw UsageFailure.report("--data \(text): the same file as --data \(earlier); each file is loaded "
                                              + "once (given twice, its rows would count twice)", command: command)
                }
                given[identity] = text
            }
            return argument
        }
    }

    /// A session with every file the views need loaded; bad rows fail it unless --skip-bad-rows. Files for sources
    /// the views do not read are not loaded (and a note says so). `label` names the command in messages.
    func session(for views: [CheckedView], catalog: CheckedCatalog, command: ParsableCommand.Type,
                 label: String) throws -> RunSession {
        try session(loading: try arguments(in: catalog, command: command), for: views, catalog: catalog,
                    command: command, label: label)
    }

    /// A session loading the given files (each of a source the catalog declares). `quiet` leaves out the warnings
    /// and skipped rows (when a second load of the same files would repeat them); rows that fail still print.
    /// `skipped` hears of each file whose bad rows --skip-bad-rows left out, as a sentence (for a report that
    /// must say its numbers leave them out).
    func session(loading arguments: [DataSourceArgument], for views: [CheckedView], catalog: CheckedCatalog,
                 command: ParsableCommand.Type, label: String, quiet: Bool = false,
                 skipped: (String) -> Void = { _ in }) throws -> RunSession {
        let terminal = isatty(STDERR_FILENO) != 0
        let session = try RunSession(catalog: catalog, terminal: terminal) { StandardError.write($0) }
        do {
            try session.requireData(arguments, for: views)
        } catch let missing as RunSession.MissingData {
            throw UsageFailure.report(missing.description, command: command)
        }
        let read = Set(session.sourcesRead(by: views))
        var failed = false
        for argument in arguments {
            guard read.contains(argument.source) else {
                if !quiet {
                    StandardError.write("\(label): note: \(argument.path) is not loaded: no definition asked for reads "
                                      + "source \(argument.source)\n")
                }
                continue
            }
            let loaded: TableLoader.Loaded
            do {
                loaded = try session.load(argument)
            } catch let failure as TableLoader.Failure {
                StandardError.write("\(label): error: \(failure.description)\n")
                throw ExitCode(1)
            }
            if !quiet { for warning in loaded.warnings { StandardError.write(warning + "\n") } }
            guard loaded.bad.count > 0 else { continue }
            let rows = Report.plural(loaded.bad.count, "bad row")
            if skipBadRows {
                skipped("\(rows) of \(loaded.path) left out (--skip-bad-rows): \(loaded.rows) loaded.")
                if quiet { continue }
                StandardError.write("\(label): skipped \(rows) of \(loaded.path) (\(loaded.rows) loaded):\n"
                                  + loaded.bad.listing + "\n")
            } else {
                StandardError.write("\(label): error: \(rows) in \(loaded.path):\n" + loaded.bad.listing + "\n")
                failed = true
            }
        }
        if failed {
            StandardError.write("\(label): fix the rows above, or pass --skip-bad-rows to leave them out\n")
            throw ExitCode(1)
        }
        return session
    }
}
