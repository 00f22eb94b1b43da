/// Every stage adds what it finds here and goes on, so one run reports all the problems of a project at once.
public struct DiagnosticCollector: Sendable {
    public private(set) var diagnostics: [Diagnostic] = []

    public init() {}

    public mutating func emit(_ diagnostic: Diagnostic) {
        diagnostics.append(diagnostic)
    }

    public mutating func emit(_ code: DiagnosticCode, _ message: String, at span: SourceSpan,
                              notes: [Diagnostic.Note] = []) {
        emit(Diagnostic(code, message, at: span, notes: notes))
    }

    public mutating func append(contentsOf other: DiagnosticCollector) {
        diagnostics.append(contentsOf: other.diagnostics)
    }

    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }
    public var errorCount: Int { diagnostics.count { $0.severity == .error } }
    public var warningCount: Int { diagnostics.count { $0.severity == .warning } }

    /// Sorted and without exact repeats (two rules may reach the same fact).
    public func sorted() -> [Diagnostic] {
        var seen = Set<Diagnostic>()
        return diagnostics.sorted().filter { seen.insert($0).inserted }
    }

    /// `--strict`: a warning is a problem the project has chosen not to tolerate.
    public mutating func promoteWarningsToErrors() {
        for index in diagnostics.indices where diagnostics[index].severity == .warning {
            diagnostics[index].severity = .error
        }
    }
}
