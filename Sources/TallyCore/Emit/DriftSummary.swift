/// What `tally check` says when generated/ is out of date. One stale tree is one problem with one fix, so it is
/// one error naming the files and `tally build`; each file's diff (often hundreds of lines after one new
/// definition) is for `--verbose`.
public enum DriftSummary {
    static let codes: Set<DiagnosticCode> = [.generatedDrift, .generatedMissing, .generatedExtra]

    /// The drift findings folded into one (or, for one file, the finding without its diff); other diagnostics
    /// pass through.
    public static func brief(_ diagnostics: [Diagnostic], folder: String = "generated") -> [Diagnostic] {
        // A file that is not tally's is said on its own: a build keeps it, so "run `tally build`" would not fix it.
        let drift = diagnostics.filter { codes.contains($0.code) && !ForeignFiles.isFinding($0) }
        let others = diagnostics.filter { !codes.contains($0.code) || ForeignFiles.isFinding($0) }
        guard let first = drift.first else { return diagnostics }
        guard drift.count > 1 else {
            var only = first
            if only.detail != nil {
                only.detail = nil
                only.message += "; `tally check --verbose` shows the diff"
            }
            return others + [only]
        }
        func count(_ code: DiagnosticCode) -> Int { drift.filter { $0.code == code }.count }
        var parts: [String] = []
        if count(.generatedDrift) > 0 { parts.append(plural(count(.generatedDrift), "file differs", "files differ")) }
        if count(.generatedMissing) > 0 { parts.append(plural(count(.generatedMissing), "file is missing", "files are missing")) }
        if count(.generatedExtra) > 0 {
            parts.append(plural(count(.generatedExtra), "file is left over", "files are left over"))
        }
        let notes = drift.map { finding -> Diagnostic.Note in
            let state = switch finding.code {
            case .generatedMissing: "missing"
            case .generatedExtra: "left over"
            default: "differs"
            }
            return Diagnostic.Note("\(state): \(finding.span.file)")
        }
        let code = [DiagnosticCode.generatedDrift, .generatedMissing, .generatedExtra].first { count($0) > 0 }!
        let summary = Diagnostic(code,
                                 "\(folder)/ is out of date with the definitions (" + parts.joined(separator: ", ")
                                     + "); run `tally build` (`tally check --verbose` shows each file's diff)",
                                 at: .folder(folder), notes: notes)
        return others + [summary]
    }

    private static func plural(_ count: Int, _ one: String, _ many: String) -> String {
        "\(count) \(count == 1 ? one : many)"
    }
}
