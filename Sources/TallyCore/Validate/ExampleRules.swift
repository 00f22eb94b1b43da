/// Examples name only sources the definition reads, columns those sources have, and the view's own columns.
extension Validator {
    mutating func checkExamples(_ definition: Definition) {
        guard !definition.exampleList.isEmpty else { return }
        let readable = catalog.sourcesRead(by: definition)
        // The view's shape once, for both its names and its types.
        let shape = catalog.shape(of: definition)
        let outputs = shape.map(\.name)
        // Group columns by what they group by: an expected 5 for a text column had matched the text "5".
        let outputTypes = Self.outputTypes(of: shape).merging(catalog.groupColumnTypes(of: definition)) { typed, _ in typed }
        // A group_by entry already reported (a typo) makes the view's columns unknown: checking expected rows
        // against them would repeat that one mistake once per row. checkReferences, run before for the same
        // definition, records it, so no diagnostics are searched.
        let shapeKnown = !groupByFailed
        // A source the definition names that does not exist is its own error (R001, with its did-you-mean), and so is
        // a `source:` without its table (D002, or D001 for a misspelled `table`): until it is fixed, which sources an
        // example may give rows for is not known, and saying the definition does not read the one it meant misleads.
        let tableMissing = definition.source.table == nil && !definition.measure.aggregate.isDerived
        let readsUnknown = tableMissing || readable.contains { catalog.sources[$0] == nil }
        for example in definition.examples {
            for (sourceName, rows) in example.given {
                guard readable.contains(sourceName.value) else {
                    if readsUnknown { continue }
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
                for (column, value) in row.cells {
                    guard outputs.contains(column.value) else {
                        emit(.exampleUnknownOutput,
                             "the view has no column '\(column.value)'; its columns are \(outputs.joined(separator: ", "))"
                                 + suggest(column.value, among: outputs),
                             at: column.span)
                        continue
                    }
                    // A view's float columns are said as number columns: its value is one whatever the aggregate,
                    // a count's reads as a whole number, and "a float column" sent a trial's author looking for a float.
                    if let type = outputTypes[column.value],
                       let problem = ExampleTypes.mismatch(value.value, type, saidAs: type == .float ? "a number column" : nil) {
                        emit(.exampleValueType, "expected '\(column.value)': \(problem)", at: value.span)
                    }
                }
                // A row names a few columns: compared, not hashed into a set (which was a third of this rule).
                let missing = outputs.filter { output in !row.cells.contains { $0.column.value == output } }
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

    /// The view's typed columns; group columns (typed by what they group by) are not among them.
    private static func outputTypes(of shape: [ViewColumn]) -> [String: ColumnType] {
        var types: [String: ColumnType] = [:]
        for column in shape where types[column.name] == nil {
            if let type = column.type { types[column.name] = type }
        }
        return types
    }
}

/// Whether an example value can stand in a column of a type.
public enum ExampleTypes {
    /// `saidAs`: how a message names a number column, where not by its type ("a float column").
    static func mismatch(_ value: ExampleValue, _ type: ColumnType, saidAs: String? = nil) -> String? {
        if let problem = unrepresentable(value) { return problem }
        switch (type, value) {
        case (_, .null): return nil
        case (.text, .string): return nil
        case (.text, _):
            return "a text column takes text; quote the value so YAML keeps it as written"
        case (.integer, .integer): return nil
        case (.float, .integer), (.float, .float): return nil
        case (.integer, .float):
            return "an integer column takes a whole number, found \(describe(value))"
        case (.integer, _), (.float, _):
            return "\(saidAs ?? type.rawValue.withArticle + " column") takes a number, found \(describe(value))"
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

    /// What no engine's column can hold, in a value or anywhere inside it: a number beyond a float's range (YAML
    /// reads 1e400 as infinity, which the fixtures wrote as `inf`, SQLite read as a column name and JSON as null),
    /// or text holding the NUL character, which PostgreSQL's text refuses and which ended SQLite's literal.
    static func unrepresentable(_ value: ExampleValue) -> String? {
        switch value {
        case .float(let number) where !number.isFinite:
            return "the number is beyond a float's range (about ±1.8e308)"
        case .string(let text) where text.utf8.contains(0):
            return "text cannot hold the NUL character (U+0000), which no engine's text keeps"
        case .list(let items): return items.lazy.compactMap(unrepresentable).first
        case .object(let fields): return fields.lazy.compactMap { unrepresentable($0.1) }.first
        default: return nil
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
    static func isDate(_ text: String) -> Bool {
        var copy = text
        return copy.withUTF8 { isDate($0) }
    }

    // Dates and instants are read from their bytes: every example row's timestamps are checked, and reading them
    // through arrays of scalars and substrings (twice each) was a hundredth of a 10,000-definition check.
    private static func isDate(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let (year, month, day) = dateParts(bytes) else { return false }
        return impossibleDate(year: year, month: month, day: day) == nil
    }

    /// Year, month and day of text in the shape YYYY-MM-DD, whether or not that day exists.
    private static func dateParts(_ bytes: UnsafeBufferPointer<UInt8>) -> (year: Int, month: Int, day: Int)? {
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
              let year = number(bytes, 0..<4), let month = number(bytes, 5..<7), let day = number(bytes, 8..<10)
        else { return nil }
        return (year, month, day)
    }

    /// The decimal number the ASCII digits at `range` write; nil if any byte there is not a digit.
    private static func number(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Int? {
        var value = 0
        for index in range {
            let digit = bytes[index] &- UInt8(ascii: "0")
            guard digit < 10 else { return nil }
            value = value * 10 + Int(digit)
        }
        return value
    }

    /// Why text written as YYYY-MM-DD names no day ("there is no month 13", "February 2021 has 28 days"); nil
    /// when it is not in that shape at all, or is a real date.
    public static func impossibleDate(_ text: String) -> String? {
        var copy = text
        guard let (year, month, day) = copy.withUTF8({ dateParts($0) }) else { return nil }
        return impossibleDate(year: year, month: month, day: day)
    }

    private static func impossibleDate(year: Int, month: Int, day: Int) -> String? {
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
        var copy = text
        return copy.withUTF8 { bytes in
            // YYYY-MM-DD, T, HH:MM:SS, then . and 1 to 6 digits or nothing, then Z.
            guard bytes.count >= 20, bytes.count <= 27, bytes.count != 21, bytes[bytes.count - 1] == UInt8(ascii: "Z"),
                  isDate(UnsafeBufferPointer(rebasing: bytes[0..<10])), bytes[10] == UInt8(ascii: "T"),
                  bytes[13] == UInt8(ascii: ":"), bytes[16] == UInt8(ascii: ":"),
                  let hours = number(bytes, 11..<13), let minutes = number(bytes, 14..<16),
                  let seconds = number(bytes, 17..<19), hours <= 23, minutes <= 59, seconds <= 59
            else { return false }
            guard bytes.count > 20 else { return true }
            return bytes[19] == UInt8(ascii: ".") && number(bytes, 20..<bytes.count - 1) != nil
        }
    }
}
