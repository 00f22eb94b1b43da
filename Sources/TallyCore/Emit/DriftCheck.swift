/// `tally check`'s comparison of generated/ with what the definitions produce, entirely in memory.
public enum DriftCheck {
    public static func diagnostics(expected: [GeneratedFile], actual: [String: [UInt8]],
                                   folder: String = "generated") -> [Diagnostic] {
        if actual.isEmpty && !expected.isEmpty {
            return [Diagnostic(.generatedMissing,
                               "\(folder)/ is missing or empty; run `tally build` to generate \(expected.count) files",
                               at: .startOf(folder))]
        }
        var found: [Diagnostic] = []
        let wanted = Dictionary(expected.map { ($0.path, $0.contents) }, uniquingKeysWith: { first, _ in first })
        for path in wanted.keys.sorted() {
            let shown = "\(folder)/\(path)"
            guard let bytes = actual[path] else {
                found.append(Diagnostic(.generatedMissing, "\(shown) is missing; run `tally build`",
                                        at: .startOf(shown)))
                continue
            }
            guard !bytes.elementsEqual(wanted[path]!.utf8) else { continue }
            let diff = LineDiff.unified(old: String(decoding: bytes, as: UTF8.self), new: wanted[path]!, label: shown)
            let place = SourcePosition(line: diff.firstLine, column: 1)
            found.append(Diagnostic(.generatedDrift,
                                    "\(shown) differs from what the definitions produce (edited by hand, or a "
                                        + "definition changed without `tally build`)",
                                    at: SourceSpan(file: shown, start: place, end: place), detail: diff.text))
        }
        for path in actual.keys.sorted() where wanted[path] == nil {
            let shown = "\(folder)/\(path)"
            found.append(Diagnostic(.generatedExtra,
                                    "\(shown) is not produced by any definition; `tally build` removes it",
                                    at: .startOf(shown)))
        }
        return found
    }
}
