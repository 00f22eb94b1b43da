/// Records of a CSV file (RFC 4180: fields separated by commas, quoted with double quotes, "" for a quote inside,
/// line breaks inside quotes; LF or CRLF line ends; a UTF-8 byte order mark is skipped), one at a time.
final class CSVReader: StreamedFile {
    struct Record {
        var fields: [String]
        /// The line the record starts on, from 1.
        var line: Int
        /// Set when the quoting is broken: the fields are then not to be trusted.
        var problem: String?
    }

    let stream: ByteStream
    private var line = 1
    private var field: [UInt8] = []

    init(path: String) throws(ByteStream.Failure) {
        stream = try ByteStream(path: path)
        if try stream.peek() == 0xEF {
            let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
            var matched = 0
            while matched < 3, try stream.peek() == bom[matched] {
                _ = try stream.next()
                matched += 1
            }
            if matched != 3 { field = Array(bom[0..<matched]) }
        }
    }

    /// The next record; empty lines are skipped; nil at the end.
    func next() throws(ByteStream.Failure) -> Record? {
        while true {
            guard let record = try nextRaw() else { return nil }
            if record.fields.count == 1 && record.fields[0].isEmpty && record.problem == nil { continue }
            return record
        }
    }

    private func nextRaw() throws(ByteStream.Failure) -> Record? {
        let start = line
        var fields: [String] = []
        var problem: String?
        var quoted = false
        var wasQuoted = false
        var sawAnything = !field.isEmpty
        func endField() {
            fields.append(String(decoding: field, as: UTF8.self))
            field.removeAll(keepingCapacity: true)
            wasQuoted = false
        }
        while let byte = try stream.next() {
            sawAnything = true
            if quoted {
                if byte == 0x22 {
                    if try stream.peek() == 0x22 {
                        _ = try stream.next()
                        field.append(0x22)
                    } else {
                        quoted = false
                        wasQuoted = true
                    }
                } else {
                    if byte == 0x0A { line += 1 }
                    field.append(byte)
                }
                continue
            }
            switch byte {
            case 0x2C:
                endField()
            case 0x0A:
                line += 1
                endField()
                return Record(fields: fields, line: start, problem: problem)
            case 0x0D where try stream.peek() == 0x0A:
                continue
            case 0x22:
                if field.isEmpty && !wasQuoted {
                    quoted = true
                } else {
                    problem = problem ?? "a quote inside a field that does not start with one (write \"\" inside a quoted field)"
                    field.append(byte)
                }
            default:
                if wasQuoted {
                    problem = problem ?? "text after a closing quote"
                }
                field.append(byte)
            }
        }
        guard sawAnything else { return nil }
        if quoted { problem = problem ?? "a quoted field is not closed before the end of the file" }
        endField()
        return Record(fields: fields, line: start, problem: problem)
    }
}
