import Foundation

/// Diagnostics as the output cache keeps them: JSON, so messages, details and paths of any text survive, and a
/// code or severity this build does not know reads as no entry at all.
enum StoredDiagnostics {
    private struct Position: Codable {
        var line: Int
        var column: Int
    }

    private struct Span: Codable {
        var file: String
        var start: Position
        var end: Position
    }

    private struct Note: Codable {
        var message: String
        var span: Span?
    }

    private struct Stored: Codable {
        var severity: String
        var code: String
        var message: String
        var span: Span
        var notes: [Note]
        var detail: String?
    }

    /// nil when they cannot be written (then nothing is stored: an empty list would replay as a clean check).
    static func encode(_ diagnostics: [Diagnostic]) -> [UInt8]? {
        let stored = diagnostics.map { diagnostic in
            Stored(severity: diagnostic.severity.rawValue, code: diagnostic.code.rawValue, message: diagnostic.message,
                   span: span(diagnostic.span), notes: diagnostic.notes.map { Note(message: $0.message, span: $0.span.map(span)) },
                   detail: diagnostic.detail)
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(stored)).map(Array.init)
    }

    /// nil when the bytes are not diagnostics this build can read back exactly, or place one before a file's
    /// first line or column (no check produces that, and quoting such a place would fail).
    static func decode(_ bytes: ArraySlice<UInt8>) -> [Diagnostic]? {
        guard let stored = try? JSONDecoder().decode([Stored].self, from: Data(bytes)) else { return nil }
        let spans = stored.flatMap { [$0.span] + $0.notes.compactMap(\.span) }
        guard spans.allSatisfy({ [$0.start, $0.end].allSatisfy { $0.line >= 1 && $0.column >= 1 } }) else { return nil }
        var diagnostics: [Diagnostic] = []
        diagnostics.reserveCapacity(stored.count)
        for item in stored {
            guard let severity = Severity(rawValue: item.severity), let code = DiagnosticCode(rawValue: item.code)
            else { return nil }
            diagnostics.append(Diagnostic(code, item.message, at: span(item.span), severity: severity,
                                          notes: item.notes.map { Diagnostic.Note($0.message, at: $0.span.map(span)) },
                                          detail: item.detail))
        }
        return diagnostics
    }

    private static func span(_ span: SourceSpan) -> Span {
        Span(file: span.file, start: Position(line: span.start.line, column: span.start.column),
             end: Position(line: span.end.line, column: span.end.column))
    }

    private static func span(_ span: Span) -> SourceSpan {
        SourceSpan(file: span.file, start: SourcePosition(line: span.start.line, column: span.start.column),
                   end: SourcePosition(line: span.end.line, column: span.end.column))
    }
}
