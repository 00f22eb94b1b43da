/// What a project or a definition says about the rules: tally.yaml's `rules` raises a warning to an error or
/// turns it off for the whole project; a definition's `no_lint` silences a named warning there, with a reason.
/// Errors stay errors: each one means tally cannot produce views it can vouch for (and P001/P002 protect data),
/// so no setting lowers or silences one.
public enum RuleLevel: String, CaseIterable, Sendable {
    case error, warning, off
}

public struct RuleOverride: Sendable {
    public var code: Located<DiagnosticCode>
    public var level: Located<RuleLevel>
}

/// A warning a definition chooses not to hear, and why.
public struct LintException: Sendable {
    public var rule: Located<DiagnosticCode>
    public var reason: Located<String>
}

public enum RuleSettings {
    /// The diagnostics as the project configured them: overrides applied, definitions' exceptions honoured.
    public static func apply(_ overrides: [RuleOverride], exceptions: [String: [LintException]],
                             to diagnostics: DiagnosticCollector) -> DiagnosticCollector {
        guard !overrides.isEmpty || !exceptions.isEmpty else { return diagnostics }
        let levels = Dictionary(overrides.map { ($0.code.value, $0.level.value) }) { _, last in last }
        var result = DiagnosticCollector()
        for var diagnostic in diagnostics.diagnostics {
            // Only the rule's own warnings are configurable; an error never is.
            if diagnostic.severity == .warning {
                if exceptions[diagnostic.span.file]?.contains(where: { $0.rule.value == diagnostic.code }) == true { continue }
                switch levels[diagnostic.code] {
                case .off?: continue
                case .error?: diagnostic.severity = .error
                case .warning?, nil: break
                }
            }
            result.emit(diagnostic)
        }
        return result
    }

    /// The entries of `no_lint` that silence none of these diagnostics, each with its definition's file: stale
    /// once the warning went, they would silence its return unseen. Warnings `tally check` cannot report (those of
    /// `tally diff`, C, and of `tally import`, I) are left alone: their entries are for those commands.
    static func unusedExceptions(_ exceptions: [String: [LintException]], among diagnostics: DiagnosticCollector)
        -> [(file: String, exception: LintException)] {
        guard !exceptions.isEmpty else { return [] }
        var reported: Set<String> = []
        for diagnostic in diagnostics.diagnostics where diagnostic.severity == .warning {
            reported.insert(diagnostic.span.file + "\u{0}" + diagnostic.code.rawValue)
        }
        return exceptions.keys.sorted().flatMap { file in
            exceptions[file]!.filter { exception in
                let code = exception.rule.value.rawValue
                return !code.hasPrefix("C") && !code.hasPrefix("I") && !reported.contains(file + "\u{0}" + code)
            }.map { (file, $0) }
        }
    }

    /// A rule code as written; an unknown one is reported with the closest code, or a pointer to `tally rules`
    /// (the list is too long to quote).
    static func code(_ text: Located<String>, context: DecodeContext) -> Located<DiagnosticCode>? {
        if let code = DiagnosticCode(rawValue: text.value) { return Located(code, at: text.span) }
        let codes = DiagnosticCode.allCases.map(\.rawValue)
        context.emit(.unknownValue,
                     "'\(text.value)' is not a rule code"
                         + (DidYouMean.suggestion(for: text.value, among: codes).map { "; did you mean '\($0)'?" }
                            ?? "; `tally rules` lists them"),
                     at: text.span)
        return nil
    }

    /// Why a rule cannot be configured, or nil when it can (its default is a warning).
    static func refusal(_ code: DiagnosticCode) -> String? {
        guard code.defaultSeverity == .error else { return nil }
        if code == .privateData || code == .restrictedData {
            return "\(code.rawValue) protects data classified private or restricted; it cannot be lowered or silenced"
        }
        return "\(code.rawValue) is an error: tally cannot produce views it can vouch for past it, so it cannot be "
            + "lowered or silenced (only warnings can be raised to errors or turned off)"
    }
}
