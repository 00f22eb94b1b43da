extension Diagnostic {
    /// The diagnostic as an item of a JSON document's `diagnostics` list (`tally diff` and `tally versions`): where
    /// it is, its severity, code and message. Check and test print one fuller object per line instead
    /// (DiagnosticRenderer).
    var documentJSON: JSONValue {
        .object([("file", .string(span.file)), ("line", .integer(span.start.line)),
                 ("column", .integer(span.start.column)), ("severity", .string(severity.rawValue)),
                 ("code", .string(code.rawValue)), ("message", .string(message))])
    }
}
