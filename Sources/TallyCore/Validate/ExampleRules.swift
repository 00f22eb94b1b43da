/// Examples name only sources the definition reads, columns those sources have, and the view's own columns.
extension Validator {
    mutating func checkExamples(_ definition: Definition) {
        guard !definition.examples.isEmpty else { return }
        let readable = catalog.sourcesRead(by: definition)
        let outputs = catalog.outputColumns(of: definition)
        let outputTypes = self.outputTypes(of: definition)
        // A group_by entry already reported (a typo) makes the view's columns unknown: checking expected rows
        // against them would repeat that one mistake once per row. checkReferences, run before for the same
        // definition, records it, so no diagnostics are searched.
        let shapeKnown = !groupByFailed.contains(definition.id.value)
        for example in definition.examples {
            for (sourceName, rows) in example.given {
                guard readable.contains(sourceName.value) else {
                    emit(.exampleUnknownSource,
                         "example gives rows for '\(sourceName.value)', which this definition does not read"
                             + (readable.isEmpty ? "" : " (it reads \(readable.joined(separator: ", ")))")
                             + suggest(sourceName.value, among: readable),
                         at: sourceName.span)
                    continue
                }
                guard let source = catalog.sources[sourceName.value] else { continue }
                for row in rows { checkGivenRow(row, source: source) }
            }
            for row in example.expect where shapeKnown {
                var named: Set<String> = []
                for (column, value) in row.cells {
                    named.insert(column.value)
                    guard outputs.contains(column.value) else {
                        emit(.exampleUnknownOutput,
                             "the view has no column '\(column.value)'; its columns are \(outputs.joined(separator: ", "))"
                                 + suggest(column.value, among: outputs),
                             at: column.span)
                        continue
                    }
                    if let type = outputTypes[column.value], let problem = ExampleTypes.mismatch(value.value, type) {
                        emit(.exampleValueType, "expected '\(column.value)': \(problem)", at: value.span)
                    }
                }
                let missing = outputs.filter { !named.contains($0) }
                if !missing.isEmpty {
                    emit(.exampleMissingOutput,
                         "expected row leaves out \(missing.joined(separator: ", ")); give every column of the view "
                             + "(null where the view gives NULL)",
                         at: row.span)
                }
            }
        }
    }

    private mutating func checkGivenRow(_ row: ExampleRow, source: Source) {
        for (column, value) in row.cells {
            guard let declared = source.column(column.value) else {
                emit(.exampleUnknownColumn,
                     "source '\(source.name)' has no column '\(column.value)'"
                         + suggest(column.value, among: source.columns.map(\.name.value)),
                     at: column.span)
                continue
            }
            if let problem = ExampleTypes.mismatch(value.value, declared.type.value) {
                emit(.exampleValueType, "column '\(column.value)': \(problem)", at: value.span)
            }
        }
    }

    /// The view's typed columns; group columns take their values' own types and are not checked here.
    private func outputTypes(of definition: Definition) -> [String: ColumnType] {
        var types: [String: ColumnType] = [:]
        for column in catalog.shape(of: definition) where types[column.name] == nil {
            if let type = column.type { types[column.name] = type }
        }
        return types
    }
}

/// Whether an example value can stand in a column of a type.
public enum ExampleTypes {
    static func mismatch(_ value: ExampleValue, _ type: ColumnType) -> String? {
        switch (type, value) {
        case (_, .null): return nil
        case (.text, .string): return nil
        case (.text, _):
            return "a text column takes text; quote the value so YAML keeps it as written"
        case (.integer, .integer): return nil
        case (.float, .integer), (.float, .float): return nil
        case (.integer, _), (.float, _):
            return "\(type.rawValue.withArticle) column takes a number, found \(describe(value))"
        case (.boolean, .bool): return nil
        case (.boolean, _): return "a boolean column takes true or false, found \(describe(value))"
        case (.json, .object), (.json, .list): return nil
        case (.json, _): return "a json column takes a mapping or a list, found \(describe(value))"
        case (.date, .string(let text)):
            if isDate(text) { return nil }
            if let reason = impossibleDate(text) { return "'\(text)' is no date: \(reason)" }
            return "a date column takes \"YYYY-MM-DD\", found '\(text)'"
        case (.timestamp, .string(let text)):
            if isTimestamp(text) { return nil }
            if let reason = impossibleDate(String(text.prefix(10))) { return "'\(text)' is no instant: \(reason)" }
            return "a timestamp column takes \"YYYY-MM-DDTHH:MM:SSZ\" (UTC), found '\(text)'"
        case (.date, _), (.timestamp, _):
            return "\(type.rawValue.withArticle) column takes a quoted date, found \(describe(value))"
        }
    }

    static func describe(_ value: ExampleValue) -> String {
        switch value {
        case .null: "null"
        case .bool(let flag): "the boolean \(flag)"
        case .integer(let number): "the number \(number)"
        case .float(let number): "the number \(number)"
        case .string(let text): "the text '\(text)'"
        case .list: "a list"
        case .object: "a mapping"
        }
    }

    /// A day of the calendar as YYYY-MM-DD: 2024-02-30 is refused here rather than by an engine's cast.
    static func isDate(_ text: String) -> Bool { dateParts(text) != nil && impossibleDate(text) == nil }

    /// Year, month and day of text in the shape YYYY-MM-DD, whether or not that day exists.
    private static func dateParts(_ text: String) -> (year: Int, month: Int, day: Int)? {
        let scalars = Array(text.unicodeScalars)
        guard scalars.count == 10, scalars[4] == "-", scalars[7] == "-",
              [0, 1, 2, 3, 5, 6, 8, 9].allSatisfy({ ("0"..."9").contains(scalars[$0]) }) else { return nil }
        return (Int(String(text.prefix(4)))!, Int(String(text.dropFirst(5).prefix(2)))!, Int(String(text.suffix(2)))!)
    }

    /// Why text written as YYYY-MM-DD names no day ("there is no month 13", "February 2021 has 28 days"); nil
    /// when it is not in that shape at all, or is a real date.
    public static func impossibleDate(_ text: String) -> String? {
        guard let (year, month, day) = dateParts(text) else { return nil }
        if year < 1 { return "there is no year 0" }
        guard (1...12).contains(month) else { return "there is no month \(month)" }
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
        guard (1...days).contains(day) else {
            let name = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
                        "October", "November", "December"][month - 1]
            return day == 0 ? "there is no day 0" : "\(name) \(year) has \(days) days"
        }
        return nil
    }

    /// UTC instants as event_logs examples write them: 2021-06-07T10:00:00Z, with optional fractional seconds
    /// (at most 6 digits, the microseconds every engine keeps).
    static func isTimestamp(_ text: String) -> Bool {
        guard text.count >= 20, text.hasSuffix("Z"), isDate(String(text.prefix(10))) else { return false }
        let time = Array(text.dropFirst(10).dropLast().unicodeScalars)
        guard time.count >= 9, time[0] == "T", time[3] == ":", time[6] == ":" else { return false }
        let clock = [1, 2, 4, 5, 7, 8]
        guard clock.allSatisfy({ ("0"..."9").contains(time[$0]) }) else { return false }
        func number(_ at: Int) -> Int { Int(time[at].value - 0x30) * 10 + Int(time[at + 1].value - 0x30) }
        guard number(1) <= 23, number(4) <= 59, number(7) <= 59 else { return false }
        if time.count > 9 {
            guard time[9] == ".", (11...16).contains(time.count),
                  time[10...].allSatisfy({ ("0"..."9").contains($0) }) else {
                return false
            }
        }
        return true
    }
}
