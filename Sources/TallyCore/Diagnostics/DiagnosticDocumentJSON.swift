extension Diagnostic {
    /// The diagnostic as JSON: where it starts and ends, its severity, code, message, notes and detail. One shape
    /// for every command: check and test print one per line (DiagnosticRenderer), diff and versions list them
    /// in their documents (diff's lacked the end and the notes, so one reader could not take both).
    var documentJSON: JSONValue {
        var fields: [(String, JSONValue)] = [
            ("file", .string(span.file)),
            ("line", .integer(span.start.line)),
            ("column", .integer(span.start.column)),
            ("end_line", .integer(span.end.line)),
            ("end_column", .integer(span.end.column)),
            ("severity", .string(severity.rawValue)),
            ("code", .string(code.rawValue)),
            ("message", .string(message)),
        ]
        fields.append(("notes", .array(notes.map { note -> JSONValue in
            var fields: [(String, JSONValue)] = [("message", .string(note.message))]
            if let span = note.span {
                fields += [("file", .string(span.file)), ("line", .integer(span.start.line)),
                           ("column", .integer(span.start.column))]
            }
            return .object(fields)
        })))
        if let detail { fields.append(("detail", .string(detail))) }
        return .object(fields)
    }
}
