/// The settled stamps of a project's input files (tally.yaml and definitions/), each with the size and content
/// hash its bytes had when it was read: ProjectReader takes a file that still has its stamp as those bytes without
/// reading it (SourceText's deferred bytes), which the decoded store then serves. Kept beside the output cache
/// entry, a fifth file per project; like the others, a file that cannot be read or trusted is none.
///
/// At 10,000 definitions, reading the project was 65–80 ms of a one-edit build (10,000 files opened, read and
/// closed); proving them by their stamps is one fstatat each.
extension OutputCache {
    static let inputsFormatLine = "tally input stamps 1"

    var inputsFile: String { String(file.dropLast(".outputs".count)) + ".inputs" }

    /// Each input's record by its path, stamped; empty when there are none or they cannot be read.
    func storedInputs() -> [String: OutputRecord] {
        Self.readChecked(inputsFile, formatLine: Self.inputsFormatLine) { reader, _ -> [String: OutputRecord]? in
            guard reader.word("inputs"), let count = reader.decimalLine() else { return nil }
            var records: [String: OutputRecord] = [:]
            records.reserveCapacity(min(count, reader.buffer.count / 20))
            for _ in 0..<count {
                guard let record = reader.record() else { return nil }
                if record.stamp != nil { records[record.path] = record }
            }
            return reader.atEnd ? records : nil
        } ?? [:]
    }

    /// Replaces the stored inputs, atomically; best effort.
    func storeInputs(_ records: [OutputRecord]) {
        let stamped = records.filter { $0.stamp != nil && !$0.path.contains(byte: UInt8(ascii: "\n")) }
        writeChecked(inputsFile, formatLine: Self.inputsFormatLine) { text, feed in
            text.add("inputs \(stamped.count)\n")
            for record in stamped.sorted(by: { $0.path < $1.path }) {
                text.add(record)
                text.handOver(to: feed)
            }
        }
    }
}
