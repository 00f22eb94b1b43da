public enum Severity: String, Sendable, Comparable {
    case error
    case warning

    public static func < (lhs: Severity, rhs: Severity) -> Bool {
        lhs == .error && rhs == .warning
    }
}

/// One problem found in a project, located so that a person can go straight to it.
public struct Diagnostic: Hashable, Sendable {
    public struct Note: Hashable, Sendable {
        public var message: String
        public var span: SourceSpan?

        public init(_ message: String, at span: SourceSpan? = nil) {
            self.message = message
            self.span = span
        }
    }

    public var severity: Severity
    public var code: DiagnosticCode
    public var message: String
    public var span: SourceSpan
    public var notes: [Note]
    /// Lines shown as they are under the message, such as a diff.
    public var detail: String?

    public init(_ code: DiagnosticCode, _ message: String, at span: SourceSpan, severity: Severity? = nil,
                notes: [Note] = [], detail: String? = nil) {
        self.code = code
        self.message = message
        self.span = span
        self.severity = severity ?? code.defaultSeverity
        self.notes = notes
        self.detail = detail
    }
}

extension Diagnostic: Comparable {
    /// Report order: by file, then place, then code, so output is stable whatever order rules ran in.
    public static func < (lhs: Diagnostic, rhs: Diagnostic) -> Bool {
        if lhs.span != rhs.span { return lhs.span < rhs.span }
        if lhs.code != rhs.code { return lhs.code.rawValue < rhs.code.rawValue }
        return lhs.message < rhs.message
    }
}
