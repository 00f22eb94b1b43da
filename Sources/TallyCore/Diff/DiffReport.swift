/// `tally diff` output: for a person, for a pull-request comment, for a program.
public struct DiffReport: Sendable {
    public let diff: DefinitionDiff
    public let base: String
    public let sources: [String: SourceText]
    /// The project's folder in its repository, for GitHub annotations (AnnotationPaths).
    public let annotationPrefix: String

    public init(diff: DefinitionDiff, base: String, sources: [String: SourceText], annotationPrefix: String = "") {
        self.diff = diff
        self.base = base
        self.sources = sources
        self.annotationPrefix = annotationPrefix
    }

    public func render(_ format: DiffFormat) -> String {
        switch format {
        case .human: human()
        case .markdown: markdown()
        case .json: json()
        case .github: github()
        }
    }

    /// A field's value before and after, each on one line of about 80 characters at most. Where both are longer,
    /// both start a little before their first difference when they are alike for a while (cut at the same 77
    /// characters, a reworded second line of a rationale read the same on both sides), and each goes on to 10
    /// characters past its last difference: a difference longer than the line keeps its start and its end, the
    /// middle elided (cut at 77, a removed fix link lost its pull request's number).
    private func show(_ before: String?, _ after: String?) -> String {
        // A CR LF pair is one break: replaced whole first, so no carriage return is left to move the cursor.
        func flat(_ value: String) -> [Character] {
            Array(value.replacingAll("\r\n", with: " ").replacingAll("\r", with: " ").replacingAll("\n", with: " "))
        }
        let (old, new) = (before.map(flat), after.map(flat))
        var start = 0
        // How many characters both end with, past their first difference.
        var sameEnd = 0
        if let old, let new, max(old.count, new.count) > 80 {
            let same = zip(old, new).prefix { $0 == $1 }.count
            if same > 40 { start = same - 20 }
            sameEnd = min(zip(old.reversed(), new.reversed()).prefix { $0 == $1 }.count, min(old.count, new.count) - same)
        }
        func cut(_ value: [Character]?) -> String {
            guard let value else { return "(none)" }
            let lead = start > 0 ? "..." : ""
            let room = 80 - lead.count
            let stop = min(value.count, max(value.count - sameEnd + 10, start + room - 3))
            let shown = value[start..<stop]
            let trail = stop < value.count ? "..." : ""
            guard shown.count + trail.count > room else { return lead + String(shown) + trail }
            // The difference runs past the line: its start, then its end with the 10 characters after it.
            let tail = 30
            return lead + String(shown.prefix(room - tail - 6)) + "..." + String(shown.suffix(tail)) + trail
        }
        return cut(old) + " -> " + cut(new)
    }

    /// A change as one line: an itemised field's items ("removed A; added B, C"), any other's values before and
    /// after (`show`).
    private func describe(_ field: DefinitionDiff.FieldChange) -> String {
        guard field.isItemised else { return show(field.before, field.after) }
        return (items(field, went: true) + items(field, went: false)).map { $0.label + " " + $0.items }.joined(separator: "; ")
    }

    /// An itemised field's items that went (`went`), or that came or changed, each kind with its label.
    private func items(_ field: DefinitionDiff.FieldChange, went: Bool) -> [(label: String, items: String)] {
        let kinds = went ? [("removed", field.removed)] : [("added", field.added), ("changed", field.changed)]
        return kinds.filter { !$0.1.isEmpty }.map { ($0.0, $0.1.joined(separator: ", ")) }
    }

    // MARK: human

    /// `problems`: with the problems in human form after the changes (not after annotations, which say them).
    private func human(problems showingProblems: Bool = true) -> String {
        var lines: [String] = []
        if diff.isEmpty {
            let below = showingProblems && !diff.diagnostics.diagnostics.isEmpty
            lines.append("no definition changed since \(base)" + (below ? "; problems below" : ""))
        }
        if !diff.settings.isEmpty { lines.append("~ tally.yaml  changed") }
        for field in diff.settings { lines.append("    \(field.field): \(describe(field))") }
        for file in diff.otherFiles {
            let mark = switch file.change { case .added: "+"; case .removed: "-"; case .changed: "~" }
            lines.append("\(mark) \(file.path)  \(file.change.rawValue)")
        }
        for definition in diff.added { lines.append("+ \(definition.id.value)  added (\(definition.file))") }
        for definition in diff.removed {
            // No generated file drops a deleted definition's view (tally no longer knows of it): the reviewer who
            // deploys the change is told to.
            lines.append("- \(definition.id.value)  removed\(definition.deprecated != nil ? " (was deprecated)" : ""); "
                             + "drop its view where it was created when this is deployed")
        }
        for (old, new) in diff.renamed {
            // The old id's view is no longer written, and no file drops it.
            lines.append("~ \(old.id.value) -> \(new.id.value)  renamed (\(new.file)); drop the view \(old.id.value) where it "
                             + "was created when this is deployed")
            // Same events and measure, but its prose (a title) may have changed with the id.
            for field in DefinitionDiff.fieldChanges(old, new) {
                lines.append("    \(field.field): \(describe(field))")
            }
        }
        for changed in diff.changed {
            lines.append("~ \(changed.id)  changed")
            for field in changed.fields {
                lines.append("    \(field.field)\(field.breaking ? " (breaking)" : ""): \(describe(field))")
            }
        }
        for moved in diff.movedByInputs {
            lines.append("~ \(moved.id)  values move: it reads \(moved.inputs.phrased("and"))")
        }
        var text = lines.joined(separator: "\n") + "\n"
        let problems = diff.diagnostics.sorted()
        if showingProblems, !problems.isEmpty {
            text += "\n" + DiagnosticRenderer(format: .human, sources: sources).render(problems)
        }
        if !diff.isEmpty || !problems.isEmpty { text += "\n" + summary(problems) + "\n" }
        return text
    }

    /// The last line: how many definitions changed and how, and how many problems, since 500 changes fill pages
    /// a person does not scroll back through.
    private func summary(_ problems: [Diagnostic]) -> String {
        func count(_ number: Int, _ noun: String) -> String { "\(number) \(noun)\(number == 1 ? "" : "s")" }
        let breaking = diff.changed.filter { $0.fields.contains(where: \.breaking) }.count
        let errors = problems.filter { $0.severity == .error }.count
        return "tally diff since \(base): \(diff.changed.count) changed (\(breaking) breaking), \(diff.added.count) added, "
            + "\(diff.removed.count) removed, \(diff.renamed.count) renamed; "
            + "\(count(errors, "error")), \(count(problems.count - errors, "warning"))"
    }

    /// The annotations, then the changes for the log: the problems once, as annotations (the Actions log shows
    /// each annotation too).
    private func github() -> String {
        DiagnosticRenderer(format: .github, sources: sources, annotationPrefix: annotationPrefix)
            .render(diff.diagnostics.sorted()) + DiagnosticRenderer.withoutCommands(human(problems: false))
    }

    // MARK: markdown

    /// A table cell holding the whole text, shown literally: the `*` of `COUNT(*)`, an underscore or a backtick in
    /// a value must not turn the rest of a row into emphasis or code, and an `@name` must not notify anyone.
    private func cell(_ value: String?) -> String {
        guard let value else { return "(none)" }
        return CommentCell.text(value)
    }

    /// `errorsLine` says what the errors stand in the way of.
    private func markdown(errorsLine: String = "to fix before merging") -> String {
        var lines = ["### tally: definitions changed since \(CommentCell.code(base))", ""]
        let problems = diff.diagnostics.sorted()
        let errors = problems.filter { $0.severity == .error }
        if diff.isWhollyEmpty && problems.isEmpty { return (lines + ["No definition changed.", ""]).joined(separator: "\n") }
        if !errors.isEmpty {
            lines.append("**\(errors.count) problem\(errors.count == 1 ? "" : "s") \(errorsLine).**")
            lines.append("")
        }
        // Problems first: what must be fixed is what a reviewer must not miss, and what a long comment keeps.
        if !problems.isEmpty {
            lines += ["#### Problems", ""]
            for problem in problems {
                let place = "\(problem.span.file):\(problem.span.start.line)"
                lines.append("- \(problem.severity == .error ? "❌" : "⚠️") `\(problem.code.rawValue)` \(cell(problem.message)) (\(CommentCell.code(place)))")
            }
            lines.append("")
        }
        if !diff.added.isEmpty || !diff.removed.isEmpty || !diff.renamed.isEmpty {
            lines += ["| Change | Definition | |", "| --- | --- | --- |"]
            for definition in diff.added { lines.append("| added | `\(definition.id.value)` | \(cell(definition.title.value)) |") }
            for definition in diff.removed {
                lines.append("| removed | `\(definition.id.value)` | \(definition.deprecated != nil ? "was deprecated" : "**not deprecated**"); "
                                 + "drop its view where it was created when this is deployed (no generated file drops it) |")
            }
            for (old, new) in diff.renamed {
                let fields = DefinitionDiff.fieldChanges(old, new).map { "\($0.field): \($0.before ?? "(none)") → \($0.after ?? "(none)")" }
                lines.append("| renamed | `\(old.id.value)` → `\(new.id.value)` | \(cell(fields.joined(separator: "\n"))) |")
            }
            lines.append("")
        }
        for changed in diff.changed { lines += fieldTable("`\(changed.id)`", changed.fields) }
        if !diff.movedByInputs.isEmpty {
            lines += ["Values also move for what reads those whose rows change: "
                          + diff.movedByInputs.map { moved in
                              "`\(moved.id)` (reads " + moved.inputs.map { "`\($0)`" }.phrased("and") + ")"
                          }.joined(separator: ", ") + ".", ""]
        }
        if !diff.settings.isEmpty { lines += fieldTable("`tally.yaml`", diff.settings) }
        if !diff.otherFiles.isEmpty {
            // Pointed to only where there are problems to read: with none, no view changed for these files.
            let files = diff.otherFiles.map { CommentCell.code($0.path) + " " + $0.change.rawValue }
            lines += ["Other files: " + files.joined(separator: ", ") + "."
                          + (problems.isEmpty ? "" : " What they change in the views is under Problems."), ""]
        }
        return lines.joined(separator: "\n")
    }

    /// A heading and a table of the fields that changed, each before and after (or its items that came and went).
    private func fieldTable(_ heading: String, _ fields: [DefinitionDiff.FieldChange]) -> [String] {
        var lines = ["#### \(heading)", "", "| Field | Before | After |", "| --- | --- | --- |"]
        for field in fields {
            let name = field.breaking ? "**\(field.field)** (breaking)" : field.field
            guard field.isItemised else {
                lines.append("| \(name) | \(cell(field.before)) | \(cell(field.after)) |")
                continue
            }
            // Which items went (before) and which came or changed (after), not the whole lists.
            func text(_ parts: [(label: String, items: String)], _ none: String) -> String {
                parts.isEmpty ? none : parts.map { $0.label + ": " + $0.items }.joined(separator: "; ")
            }
            lines.append("| \(name) | \(cell(text(items(field, went: true), "(none removed)"))) | "
                             + "\(cell(text(items(field, went: false), "(none added)"))) |")
        }
        return lines + [""]
    }

    /// What GitHub keeps of a comment: it refuses one longer than 65,536 characters, so a longer report is cut
    /// at a line, well under that however characters are counted, with a note saying how to see the rest.
    public static let commentLimit = 60_000

    /// The Markdown report (with the value tables, if any) cut to fit one pull-request comment; `wholeReport` is
    /// the command that prints all of it.
    public static func fittingAComment(_ markdown: String, wholeReport: String) -> String {
        guard markdown.utf8.count > commentLimit else { return markdown }
        var lines = markdown.split(separator: "\n", omittingEmptySubsequences: false)
        if lines.last?.isEmpty == true { lines.removeLast() }
        var kept = 0
        var size = 0
        // Room for the note.
        while kept < lines.count, size + lines[kept].utf8.count + 1 <= commentLimit - 1_000 {
            size += lines[kept].utf8.count + 1
            kept += 1
        }
        // Never ended on a blank line, a heading, or a table's head without its rows: cut before them, so that the
        // comment ends on something that renders as it does in the whole report.
        while kept > 0 {
            let last = lines[kept - 1]
            let isTableHead = last.hasPrefix("|") && kept < lines.count && lines[kept].hasPrefix("| ---")
            guard last.isEmpty || last.hasPrefix("#") || last.hasPrefix("| ---") || isTableHead else { break }
            kept -= 1
        }
        return lines[..<kept].joined(separator: "\n") + "\n\n**\(lines.count - kept) more lines are not shown:** GitHub "
            + "limits a comment to 65,536 characters. \(CommentCell.code(wholeReport)) prints the whole report.\n"
    }

    // MARK: json

    /// What diff prints when the work tree's definitions have errors: the same shape as a report, no changes,
    /// and the errors as its problems, so a program reading one format always gets one kind of document.
    public static func treeErrors(_ diagnostics: [Diagnostic], base: String, sources: [String: SourceText],
                                  format: DiffFormat, annotationPrefix: String = "") -> String {
        let report = DiffReport(diff: DefinitionDiff(problems: diagnostics), base: base, sources: sources,
                                annotationPrefix: annotationPrefix)
        switch format {
        case .json: return report.json()
        case .markdown:
            return report.markdown(errorsLine: "in the definitions; fix them first")
        case .github:
            return DiagnosticRenderer(format: .github, sources: sources, annotationPrefix: annotationPrefix)
                .render(diagnostics.sorted())
        case .human: return DiagnosticRenderer(format: .human, sources: sources).render(diagnostics.sorted())
        }
    }

    private func json() -> String {
        func definition(_ item: Definition) -> JSONValue {
            .object([("id", .string(item.id.value)), ("file", .string(item.file)), ("title", .string(item.title.value))])
        }
        func optional(_ text: String?) -> JSONValue { text.map(JSONValue.string) ?? .null }
        func fieldJSON(_ field: DefinitionDiff.FieldChange) -> JSONValue {
            var members: [(String, JSONValue)] = [("field", .string(field.field)), ("before", optional(field.before)),
                                                  ("after", optional(field.after)), ("breaking", .bool(field.breaking))]
            if field.isItemised {
                members += [("added", .array(field.added.map(JSONValue.string))),
                            ("removed", .array(field.removed.map(JSONValue.string))),
                            ("changed", .array(field.changed.map(JSONValue.string)))]
            }
            return .object(members)
        }
        let value = JSONValue.object([
            ("base", .string(base)),
            ("added", .array(diff.added.map(definition))),
            ("removed", .array(diff.removed.map(definition))),
            ("renamed", .array(diff.renamed.map { old, new in
                .object([("from", .string(old.id.value)), ("to", .string(new.id.value)), ("file", .string(new.file)),
                         ("fields", .array(DefinitionDiff.fieldChanges(old, new).map(fieldJSON)))])
            })),
            ("changed", .array(diff.changed.map { changed in
                .object([("id", .string(changed.id)), ("file", .string(changed.file)),
                         ("fields", .array(changed.fields.map(fieldJSON)))])
            })),
            ("moved_by_inputs", .array(diff.movedByInputs.map { moved in
                .object([("id", .string(moved.id)), ("inputs", .array(moved.inputs.map(JSONValue.string)))])
            })),
            ("settings", .array(diff.settings.map(fieldJSON))),
            ("files", .array(diff.otherFiles.map { JSONValue.string($0.path) })),
            // Beside `files`, which stays a list of paths for what reads it: how each changed.
            ("file_changes", .array(diff.otherFiles.map { file in
                .object([("path", .string(file.path)), ("change", .string(file.change.rawValue))])
            })),
            ("diagnostics", .array(diff.diagnostics.sorted().map(\.documentJSON))),
        ])
        return value.serialized() + "\n"
    }
}

public enum DiffFormat: String, CaseIterable, Sendable {
    case human, markdown, json, github
}
