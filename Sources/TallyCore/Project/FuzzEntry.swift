/// The whole front end (load, decode, validate) on arbitrary bytes, for the fuzzer and for replaying its corpus
/// in tests. The first byte picks which kind of file the rest is, so one corpus reaches every decoder.
public enum FuzzEntry {
    static let base: [String: [UInt8]] = [
        "tally.yaml": Array("""
            current_version: "5.5.0"
            repository: "https://github.com/sourcegraph/sourcegraph"
            dialects: [postgres, sqlite, bigquery]
            links: {event_code: "https://s.example/{event}", pull_request: "https://github.com/sourcegraph/sourcegraph/pull/{number}"}

            """.utf8),
        "definitions/sources/event_logs.yaml": Array("""
            table: event_logs
            description: events
            timestamp: timestamp
            event_name: name
            version: version
            identity: {user_id: user_id, anonymous_id: anonymous_user_id}
            columns:
              id: {type: integer, classification: public}
              name: {type: text, classification: public}
              user_id: {type: integer, classification: pseudonymous}
              anonymous_user_id: {type: text, classification: pseudonymous}
              version: {type: text, classification: public}
              timestamp: {type: timestamp, classification: public}
              argument: {type: json, classification: private, fields: {insightType: public}}

            """.utf8),
        "definitions/fuzz/group.yaml": Array("title: Fuzz\nintroduction: i\n".utf8),
        "definitions/fuzz/other.yaml": Array("""
            kind: metric
            title: Other
            definition: d
            rationale: r
            source: {table: event_logs}
            events: [A]
            measure: {aggregate: unique_users, grain: day}

            """.utf8),
    ]

    /// Runs everything a `tally build` would on the bytes; returns the number of diagnostics.
    @discardableResult
    public static func run(_ bytes: [UInt8]) -> Int {
        let paths = ["definitions/fuzz/input.yaml", "definitions/sources/input.yaml", "definitions/fuzz/group.yaml",
                     "tally.yaml"]
        let path = paths[Int(bytes.first ?? 0) % paths.count]
        var files = base
        files[path] = Array(bytes.dropFirst())
        let result = Compiler.check(ProjectFiles.fromMemory(files))
        let rendered = DiagnosticRenderer(format: .human, sources: result.texts).render(result.diagnostics.sorted())
        if let catalog = result.checked {
            // Emitting must not crash on anything that checked clean.
            _ = Generator.files(for: catalog)
        }
        if path == paths[0] { checkFormatting(files[path]!) }
        return result.diagnostics.diagnostics.count + rendered.count % 2
    }

    /// `tally fmt` on a definition must not crash, and what it formats it must leave alone the second time.
    private static func checkFormatting(_ bytes: [UInt8]) {
        guard case .formatted(let text) = DefinitionFormatter.format(SourceText(path: "input.yaml", bytes: bytes))
        else { return }
        guard case .unchanged = DefinitionFormatter.format(SourceText(path: "input.yaml", bytes: Array(text.utf8))) else {
            fatalError("tally fmt is not idempotent on this input")
        }
    }
}
