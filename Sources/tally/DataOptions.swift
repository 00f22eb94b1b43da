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
    /// `caveat` hears, as a sentence, of each file whose bad rows --skip-bad-rows left out and of each source
    /// read that no row was loaded into (for a report that must say what its numbers leave out).
    func session(loading arguments: [DataSourceArgument], for views: [CheckedView], catalog: CheckedCatalog,
                 command: ParsableCommand.Type, label: String, quiet: Bool = false,
                 caveat: (String) -> Void = { _ in }) throws -> RunSession {
        let terminal = isatty(STDERR_FILENO) != 0
        let session = try RunSession(catalog: catalog, terminal: terminal) { StandardError.write($0) }
        do {
            try session.requireData(arguments, for: views)
        } catch let missing as RunSession.MissingData {
            throw UsageFailure.report(missing.description, command: command)
        }
        let read = Set(session.sourcesRead(by: views))
        var failed = false
        // Rows loaded per source read, over all its files: a source may be given several.
        var loadedRows: [String: (rows: Int, paths: [String])] = [:]
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
            loadedRows[argument.source, default: (0, [])].rows += loaded.rows
            loadedRows[argument.source, default: (0, [])].paths.append(loaded.path)
            guard loaded.bad.count > 0 else { continue }
            let rows = Report.plural(loaded.bad.count, "bad row")
            if skipBadRows {
                caveat("Bad rows: \(rows) of \(loaded.path) left out (--skip-bad-rows): \(loaded.rows) loaded.")
                if quiet { continue }
                StandardError.write("\(label): skipped \(rows) of \(loaded.path) (\(loaded.rows) loaded):\n"
                                  + loaded.bad.listing + "\n")
            } else {
                StandardError.write("\(label): error: \(rows) in \(loaded.path):\n" + loaded.bad.listing + "\n")
                failed = true
            }
        }
        // A source given only files of no rows (a CSV of its header alone, an empty JSON Lines file or table) is
        // said: the views that read it show no value, which would read like a result.
        for (source, loaded) in loadedRows.sorted(by: { $0.key < $1.key }) where loaded.rows == 0 && !failed {
            let sentence = "no row of source \(source) was loaded (from \(loaded.paths.joined(separator: ", "))), so "
                + "the definitions reading it run on no rows"
            caveat(sentence.prefix(1).uppercased() + sentence.dropFirst() + ".")
            if !quiet { StandardError.write("\(label): warning: \(sentence)\n") }
        }
        if failed {
            StandardError.write("\(label): fix the rows above, or pass --skip-bad-rows to leave them out\n")
            throw ExitCode(1)
        }
        return session
    }
}
