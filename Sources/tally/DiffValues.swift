import ArgumentParser
import Foundation
import TallyCore
import TallyRunner

/// tally diff --data: runs the changed definitions at the base ref and in the working tree on the same files and
/// says which values moved, as Markdown for the pull request (and with --chart-dir an SVG of both series each).
struct DiffValues {
    var base: String
    var dataOptions: DataOptions
    var chartDirectory: String?

    /// `arguments`: the --data arguments, checked against `head` (DataOptions.arguments) before the report is made,
    /// so that a usage error comes alone. `renamed`: new id → id at the base, for the definitions `tally diff`
    /// found renamed.
    func markdown(base baseCatalog: CheckedCatalog?, head: CheckedCatalog, arguments: [DataSourceArgument],
                  renamed: [String: String] = [:]) throws -> String {
        var notes = ["Data: " + arguments.map { CommentCell.code("\($0.source)=\($0.path)") }.joined(separator: ", ") + "."]
        guard let baseCatalog else {
            notes.append("The definitions at \(CommentCell.code(base)) have errors, so no value is compared.")
            return ValueDiffReport(base: base, diffs: [], notes: notes).markdown()
        }
        let (changedIDs, addedIDs) = ChangedDefinitions.compare(base: baseCatalog, head: head, renamed: renamed)
        let given = Set(arguments.map(\.source))
        /// Why a definition cannot run on embedded SQLite with the files given (`views`: its view on each side).
        func notRun(_ views: [(view: CheckedView, catalog: CheckedCatalog)]) -> String? {
            if views.contains(where: { RunSession.withoutEmbeddedQuery($0.view) != nil }) {
                return "an sql measure it needs has no query for \(Dialect.embedded.rawValue)."
            }
            let reads = views.reduce(into: Set<String>()) { $0.formUnion($1.catalog.catalog.sourcesRead(by: $1.view.definition)) }
            let missing = reads.subtracting(given).sorted()
            return missing.isEmpty ? nil : "no --data for " + missing.joined(separator: ", ") + "."
        }
        // New definitions are run in the working tree alone: a reviewer sees what a new metric gives before it lands.
        var addedViews: [CheckedView] = []
        for id in addedIDs {
            guard let view = head.view(id) else { continue }
            if let reason = notRun([(view, head)]) {
                notes.append("`\(id)` is new but is not run: " + reason)
            } else {
                addedViews.append(view)
            }
        }
        var runnable: [(base: String, head: String)] = []
        for ids in changedIDs {
            guard let new = head.view(ids.head), let old = baseCatalog.view(ids.base) else { continue }
            if let reason = notRun([(new, head), (old, baseCatalog)]) {
                notes.append("`\(ids.head)` changed but is not run: " + reason)
            } else {
                runnable.append(ids)
            }
        }
        guard !runnable.isEmpty || !addedViews.isEmpty else {
            return ValueDiffReport(base: base, diffs: [], notes: notes).markdown()
        }
        let headViews = runnable.compactMap { head.view($0.head) }
        let baseViews = runnable.compactMap { baseCatalog.view($0.base) }
        // Rows left out are said in the report too: stderr alone, a comment's numbers read as the whole sample.
        let headSession = try dataOptions.session(loading: arguments, for: headViews + addedViews, catalog: head,
                                                  command: DiffCommand.self, label: "tally diff",
                                                  caveat: { notes.append(CommentCell.text($0)) })
        var diffs: [ValueDiff] = []
        if !runnable.isEmpty {
            let baseArguments = arguments.filter { baseCatalog.catalog.sources[$0.source] != nil }
            // The same files again: their warnings and skipped rows were just said.
            let baseSession = try dataOptions.session(loading: baseArguments, for: baseViews, catalog: baseCatalog,
                                                      command: DiffCommand.self, label: "tally diff (\(base))", quiet: true)
            for (old, new) in zip(baseViews, headViews) {
                let before = try baseSession.run(old)
                let after = try headSession.run(new)
                let diff = ValueDiff(old: before, new: after)
                diffs.append(diff)
                // Only where the values moved: two equal lines show nothing the report's "Same values" does not.
                if let chartDirectory, !diff.changes.isEmpty || diff.columnsChanged != nil {
                    try chart(before, after, in: chartDirectory)
                }
            }
        }
        var report = ValueDiffReport(base: base, diffs: diffs, notes: notes)
        report.added = try addedViews.map { try headSession.run($0) }
        return report.markdown()
    }

    /// An SVG of both series, when the view has periods and kept its columns; otherwise a note on stderr.
    private func chart(_ old: RunResult, _ new: RunResult, in folder: String) throws {
        guard old.columns == new.columns, new.columns.contains("period_start") else {
            StandardError.write("tally diff: note: no chart of \(new.id): "
                              + (old.columns == new.columns ? "it has no period_start" : "its columns changed") + "\n")
            return
        }
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            StandardError.write("tally diff: error: cannot make the --chart-dir folder \(folder): \(error.localizedDescription)\n")
            throw ExitCode(1)
        }
        let merged = ComparisonRows.merge(old: old, new: new, base: base)
        try ChartWriting.write(merged, to: URL(fileURLWithPath: folder).appendingPathComponent("\(new.id).svg").path,
                               label: "tally diff")
    }
}
