import TallyCore

/// Records of a CSV file (RFC 4180: fields separated by commas, quoted with double quotes, "" for a quote inside,
/// line breaks inside quotes; LF or CRLF line ends; a UTF-8 byte order mark is skipped), one at a time.
final class CSVReader: StreamedFile {
    struct Record {
        var fields: [String]
        /// The line the record starts on, from 1.
        var line: Int
        /// Set when the quoting is broken: the fields are then not to be trusted.
        var problem: String?
        /// The fields (by index) whose bytes are not UTF-8: read with U+FFFD in their place, two different values
        /// would read as one, so a row that loads such a field is bad.
        var notUTF8: [Int] = []
        /// The column (in characters, from 1) each field starts at, for a record read `measuringColumns`; empty
        /// otherwise.
        var columns: [Int] = []
    }

    let stream: ByteStream
    private var line = 1
    /// Bytes of a partial byte order mark, which belong to the first field.
    private var leftover: [UInt8] = []

    /// `chunk` is the read size (tests make it tiny to put every byte at a chunk's edge).
    init(path: String, chunk: Int = 1 << 20) throws(ByteStream.Failure) {
        stream = try ByteStream(path: path, chunk: chunk)
        let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
        var matched = 0
        while matched < 3, try stream.peek() == bom[matched] {
            try stream.skip()
            matched += 1
        }
        if matched != 3 { leftover = Array(bom[0..<matched]) }
    }

    /// The next record; empty lines are skipped; nil at the end. `measuringColumns`: for the header, whose
    /// warnings point at its fields.
    func next(measuringColumns: Bool = false) throws(ByteStream.Failure) -> Record? {
        while true {
            guard let record = try nextRaw(measuringColumns: measuringColumns) else { return nil }
            if record.fields.count == 1 && record.fields[0].isEmpty && record.problem == nil { continue }
            return record
        }
    }

    private func nextRaw(measuringColumns: Bool) throws(ByteStream.Failure) -> Record? {
        var scanner = RecordScanner(field: leftover)
        scanner.measuring = measuringColumns
        leftover = []
        while !scanner.done {
            guard try stream.scan({ scanner.feed($0) }) else { break }
        }
        let start = line
        line += scanner.newlines
        return scanner.finish(line: start)
    }
}

/// One record's scan, fed a chunk at a time. A struct, so the per-byte loop works on its own fields without the
/// run-time access checks a class's or a captured variable's would need.
private struct RecordScanner {
    /// Where the scan is within a record.
    enum State {
        case fieldStart, unquoted, quoted, quoteInQuoted, afterQuoted, carriageReturn
    }

    var field: [UInt8]
    var fields: [String] = []
    /// The fields whose bytes are not UTF-8, by index.
    var notUTF8: [Int] = []
    var state = State.fieldStart
    var problem: String?
    var newlines = 0
    var sawAnything: Bool
    var done = false
    /// Whether each field's starting column is kept (the header's): counted per field, not per byte.
    var measuring = false
    var columns: [Int] = []
    private var nextColumn = 1
    /// Whether the field being read opened with a quote.
    private var opened = false
    /// Whether the field being read has a byte that is not ASCII, so that only then is it checked as UTF-8.
    private var nonASCII = false

    init(field: [UInt8]) {
        self.field = field
        sawAnything = !field.isEmpty
        nonASCII = field.contains { $0 >= 0x80 }
    }

    private mutating func endField() {
        // Checked only when a byte was not ASCII, and by UTF8Check, not String(validating:), whose generic call
        // looked up type metadata for every field (13% of a 2,000,000-row run).
        if nonASCII && UTF8Check.firstInvalidOffset(in: field) != nil { notUTF8.append(fields.count) }
        nonASCII = false
        fields.append(String(decoding: field, as: UTF8.self))
        if measuring {
            columns.append(nextColumn)
            let text = fields[fields.count - 1]
            let quotes = opened ? 2 + text.utf8.count { $0 == 0x22 } : 0
            nextColumn += text.count + quotes + 1
        }
        opened = false
        field.removeAll(keepingCapacity: true)
    }

    /// Scans bytes up to the end of the record; returns how many it used.
    mutating func feed(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            sawAnything = true
            switch state {
            case .quoted:
                if byte == 0x22 {
                    state = .quoteInQuoted
                } else {
                    if byte == 0x0A { newlines += 1 }
                    if byte >= 0x80 { nonASCII = true }
                    field.append(byte)
                }
                continue
            case .quoteInQuoted:
                if byte == 0x22 {
                    field.append(0x22)
                    state = .quoted
                    continue
                }
                state = .afterQuoted
            case .carriageReturn:
                if byte == 0x0A {
                    newlines += 1
                    endField()
                    done = true
                    return index
                }
                // A carriage return alone is text.
                field.append(0x0D)
                state = .unquoted
            case .fieldStart, .unquoted, .afterQuoted:
                break
            }
            switch byte {
            case 0x2C:
                endField()
                state = .fieldStart
            case 0x0A:
                newlines += 1
                endField()
                done = true
                return index
            case 0x0D:
                state = .carriageReturn
            case 0x22 where state == .fieldStart:
                opened = true
                state = .quoted
            case 0x22:
                problem = problem ?? "a quote inside a field that does not start with one (write \"\" inside a quoted field)"
                field.append(byte)
                state = .unquoted
            default:
                if state == .afterQuoted { problem = problem ?? "text after a closing quote" }
                if byte >= 0x80 { nonASCII = true }
                field.append(byte)
                state = .unquoted
            }
        }
        return index
    }

    /// The record, or nil when the file ended before any byte of it.
    mutating func finish(line: Int) -> CSVReader.Record? {
        if !done {
            guard sawAnything else { return nil }
            if state == .quoted {
                // Every line after the opening quote was read into the field: said, since the rows on them are
                // neither loaded nor counted as bad rows of their own.
                let blankEnd = field.reversed().prefix { $0 == 0x0A || $0 == 0x0D }.count { $0 == 0x0A }
                let last = line + newlines - blankEnd
                problem = problem ?? "a quoted field is not closed before the end of the file"
                    + (last > line ? " (lines \(line)-\(last) were read as this one row; close the quote)" : "")
            }
            endField()
        }
        return CSVReader.Record(fields: fields, line: line, problem: problem, notUTF8: notUTF8, columns: columns)
    }
}
