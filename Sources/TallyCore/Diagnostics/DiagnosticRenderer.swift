public enum DiagnosticFormat: String, CaseIterable, Sendable {
    case human
    case github
    case json
}

/// Turns diagnostics into text for a person, a GitHub Actions log or a program.
public struct DiagnosticRenderer: Sendable {
    public var format: DiagnosticFormat
    /// The text of each file, by project-relative path, to quote the offending line.
    public var sources: [String: SourceText]
    /// Put in front of each file of a GitHub annotation: the project's folder in its repository (AnnotationPaths).
    public var annotationPrefix: String

    public init(format: DiagnosticFormat, sources: [String: SourceText], annotationPrefix: String = "") {
        self.format = format
        self.sources = sources
        self.annotationPrefix = annotationPrefix
    }

    public func render(_ diagnostics: [Diagnostic]) -> String {
        var output = ""
        render(diagnostics) { output += $0 }
        return output
    }

    /// The same text, handed to `write` in pieces of about 64 KB as it is made (GitHub annotations, which are
    /// counted and capped, whole): a check reporting 40,000 drifted files with their diffs (every definition
    /// changed, dbt and LookML exported, at 10,000 definitions) held the whole report twice at once, as text and as
    /// the bytes written, and peaked at 154 MB where 150 MB is the goal.
    public func render(_ diagnostics: [Diagnostic], to write: (String) -> Void) {
        if format == .github { return write(githubAnnotations(diagnostics)) }
        var pending = ""
        for diagnostic in diagnostics {
            pending += format == .json ? json(diagnostic) : human(diagnostic)
            if pending.utf8.count >= 1 << 16 {
                write(pending)
                pending = ""
            }
        }
        if !pending.isEmpty { write(pending) }
    }

    // MARK: human

    private func human(_ diagnostic: Diagnostic) -> String {
        let span = diagnostic.span
        var text = "\(place(span)): \(diagnostic.severity.rawValue)[\(diagnostic.code.rawValue)]: "
            + "\(diagnostic.message)\n"
        text += excerpt(span)
        if let detail = diagnostic.detail {
            text += detail.split(separator: "\n", omittingEmptySubsequences: false).map { "    " + $0 }
                .joined(separator: "\n") + "\n"
        }
        for note in diagnostic.notes {
            if let noteSpan = note.span {
                text += "\(place(noteSpan)): note: \(note.message)\n"
                text += excerpt(noteSpan)
            } else {
                text += "  = note: \(note.message)\n"
            }
        }
        return text
    }

    private func place(_ span: SourceSpan) -> String {
        span.isFolder ? span.file : "\(span.file):\(span.start.line):\(span.start.column)"
    }

    /// The line a span starts on and a caret run under the span (to the end of that line if the span goes on).
    private func excerpt(_ span: SourceSpan) -> String {
        guard let line = sources[span.file]?.line(span.start.line) else { return "" }
        // Tabs become one space and control characters their visible symbols (U+2400...), so the caret lines up
        // and a NUL byte cannot hide in the terminal.
        var scalars = Array(line.unicodeScalars).map { scalar -> Unicode.Scalar in
            if scalar == "\t" { return " " }
            if scalar.value < 0x20 { return Unicode.Scalar(0x2400 + scalar.value)! }
            return scalar
        }
        let start = max(0, min(span.start.column - 1, scalars.count))
        var end = span.end.line == span.start.line ? span.end.column - 1 : scalars.count
        end = max(start + 1, min(end, max(scalars.count, start + 1)))
        // Keep very long lines (minified YAML) readable: a window around the caret.
        var caretStart = start
        var prefix = ""
        let window = 100
        if scalars.count > window * 2 {
            let from = max(0, start - window / 2)
            let to = min(scalars.count, from + window)
            prefix = from > 0 ? "…" : ""
            scalars = Array(scalars[from..<to])
            caretStart = start - from + (prefix.isEmpty ? 0 : 1)
            end = min(end - from + (prefix.isEmpty ? 0 : 1), caretStart + window)
        }
        let gutter = String(span.start.line)
        let blank = String(repeating: " ", count: gutter.count)
        var lineText = prefix
        lineText.unicodeScalars.append(contentsOf: scalars)
        let caret = String(repeating: " ", count: caretStart) + "^"
            + String(repeating: "~", count: max(0, end - caretStart - 1))
        return " \(gutter) | \(lineText)\n \(blank) | \(caret)\n"
    }

    // MARK: github

    /// Annotations GitHub shows of one kind (error, warning) per step; it drops the others without a word.
    static let annotationsShownPerStep = 10
    /// Notes one annotation carries: a drift of 20,000 files had made one annotation of 1.35 MB.
    static let notesPerAnnotation = 20

    /// Each diagnostic as an annotation while GitHub shows them: past the first nine of a kind, one annotation
    /// says how many more there are, and they follow in the step's log as `tally check` prints them, so that none
    /// is silently dropped.
    private func githubAnnotations(_ diagnostics: [Diagnostic]) -> String {
        var output = ""
        var rest: [Diagnostic] = []
        for severity in [Severity.error, .warning] {
            let ofKind = diagnostics.filter { $0.severity == severity }
            let fits = ofKind.count <= Self.annotationsShownPerStep
            let shown = fits ? ofKind : Array(ofKind.prefix(Self.annotationsShownPerStep - 1))
            rest += ofKind.dropFirst(shown.count)
            for diagnostic in shown { output += github(diagnostic) }
            if !fits {
                let more = ofKind.count - shown.count
                output += "::\(severity == .error ? "error" : "warning") title=\(escapeProperty("tally: \(more) more"))::"
                    + escapeData("\(more) more \(severity.rawValue)s are not annotated, since GitHub shows "
                                     + "\(Self.annotationsShownPerStep) of a kind per step: each is in this step's log, "
                                     + "below the annotations") + "\n"
            }
        }
        if !rest.isEmpty { output += Self.withoutCommands(rest.sorted().map(human).joined()) }
        return output
    }

    /// Text for a GitHub Actions log that the runner reads as text only: between `::stop-commands::` and its token,
    /// since a line of it may start with `::` (a key written with a line break and `::warning file=...` in it made
    /// an annotation of the author's). The token is the text's own hash, which no text can hold.
    public static func withoutCommands(_ text: String) -> String {
        guard !text.isEmpty else { return text }
        var hasher = KeyHasher()
        hasher.add(text)
        let token = "tally-" + hasher.finish().prefix(16)
        return "::stop-commands::\(token)\n" + text + (text.hasSuffix("\n") ? "" : "\n") + "::\(token)::\n"
    }

    private func github(_ diagnostic: Diagnostic) -> String {
        let span = diagnostic.span
        let command = diagnostic.severity == .error ? "error" : "warning"
        var message = diagnostic.message
        if let detail = diagnostic.detail { message += "\n" + detail }
        // A note's place from the repository's root too, as the annotation's file is.
        for note in diagnostic.notes.prefix(Self.notesPerAnnotation) {
            message += "\n" + (note.span.map { annotationPrefix + place($0) + ": " } ?? "") + "note: " + note.message
        }
        if diagnostic.notes.count > Self.notesPerAnnotation {
            message += "\n… and \(diagnostic.notes.count - Self.notesPerAnnotation) more notes: run the command with "
                + "--format human to see them all"
        }
        // A folder has no lines: its annotation names the path alone.
        let lines = span.isFolder ? [] : ["line=\(span.start.line)", "col=\(span.start.column)",
                                          "endLine=\(span.end.line)", "endColumn=\(span.end.column)"]
        let properties = (["file=\(escapeProperty(annotationPrefix + span.file))"] + lines
                          + ["title=\(escapeProperty("tally \(diagnostic.code.rawValue)"))"]).joined(separator: ",")
        return "::\(command) \(properties)::\(escapeData(message))\n"
    }

    private func escapeData(_ text: String) -> String {
        text.replacingAll("%", with: "%25").replacingAll("\r", with: "%0D").replacingAll("\n", with: "%0A")
    }

    private func escapeProperty(_ text: String) -> String {
        escapeData(text).replacingAll(":", with: "%3A").replacingAll(",", with: "%2C")
    }

    // MARK: json

    private func json(_ diagnostic: Diagnostic) -> String { diagnostic.documentJSON.serialized() + "\n" }
}

extension String {
    /// Every occurrence of `target` replaced, matched by bytes when `target` is ASCII. Its callers escape text for
    /// machines (SQL, LookML, Markdown tables, annotations), which read bytes or scalars: a quote followed by a
    /// combining mark is one Character, which the standard `replacing` passes over, and so it left the quote
    /// unescaped. An ASCII byte never occurs inside another character's UTF-8, so the text stays valid.
    func replacingAll(_ target: String, with replacement: String) -> String {
        if target.utf8.count == 1, let byte = target.utf8.first, !contains(byte: byte) { return self }
        return replacingASCII(target, with: replacement) ?? replacing(target, with: replacement)
    }

    /// The replacement by bytes, for an ASCII `target`; nil for any other.
    private func replacingASCII(_ target: String, with replacement: String) -> String? {
        var text = self
        var pattern = target
        return text.withUTF8 { bytes -> String? in
            pattern.withUTF8 { needle -> String? in
                guard !needle.isEmpty, !needle.contains(where: { $0 >= 0x80 }) else { return nil }
                var output = ""
                var copied = 0
                while let found = bytes.firstIndex(ofBytes: needle, from: copied) {
                    output += String(decoding: UnsafeBufferPointer(rebasing: bytes[copied..<found]), as: UTF8.self)
                    output += replacement
                    copied = found + needle.count
                }
                if copied == 0 { return self }
                output += String(decoding: UnsafeBufferPointer(rebasing: bytes[copied...]), as: UTF8.self)
                return output
            }
        }
    }

    /// The text between two `quote` bytes, each byte for which `escaped` is true written after an `escape` byte
    /// (a doubled quote, a backslash escape), made in one String of its exact size. SQL names and strings are
    /// quoted tens of thousands of times in a large project, and building each from a scan, a replacement and two
    /// appends was 2% of a check. By bytes, as `replacingAll`; `escaped` must be true only for ASCII bytes.
    func enclosed(in quote: UInt8, escape: UInt8, escaped: (UInt8) -> Bool) -> String {
        var text = self
        return text.withUTF8 { bytes in
            var count = bytes.count + 2
            for byte in bytes where escaped(byte) { count += 1 }
            return String(unsafeUninitializedCapacity: count) { output in
                var written = 0
                output[written] = quote
                written += 1
                for byte in bytes {
                    if escaped(byte) {
                        output[written] = escape
                        written += 1
                    }
                    output[written] = byte
                    written += 1
                }
                output[written] = quote
                return written + 1
            }
        }
    }
}
