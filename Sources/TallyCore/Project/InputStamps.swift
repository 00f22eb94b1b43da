/// The project's files as the last run that kept a cache read them: each file's size, hash and stamp, so that the
/// next run takes a file that still has its stamp as those bytes without opening it (DeferredRead): a stamp is one
/// `fstatat`. At 10,000 definitions paged out of memory (as a machine does with files idle for a while), reading
/// them was 0.76–0.80 s of a one-edit build's 1.3–1.6 s; taking them by their stamps, 0.13–0.15 s.
///
/// The output cache's fifth file (`.inputs`), a record line per file (as generated files' records are), under the
/// boot its stamps were taken in: in another boot, none is taken. A stamp is kept only when it is settled
/// (FileStamp.settled), which is what makes it tell every later change of the file.
struct InputStamps: Sendable {
    static let formatLine = "tally input stamps 1"

    /// Each file's record, by its path in the project.
    let records: [String: OutputRecord]

    /// The records kept in this cache; empty when there are none, they are damaged or of another boot.
    init(in cache: OutputCache) {
        records = OutputCache.readChecked(cache.inputsFile, formatLine: Self.formatLine) {
            reader, _ -> [String: OutputRecord]? in
            guard reader.bootLine() == true, reader.word("inputs"), let count = reader.decimalLine() else { return nil }
            var records: [String: OutputRecord] = [:]
            // A record line takes 20 bytes at least: room for no more than the file holds.
            records.reserveCapacity(min(count, reader.buffer.count / 20))
            for _ in 0..<count {
                guard let record = reader.record(), record.stamp != nil else { return nil }
                records[record.path] = record
            }
            return reader.atEnd ? records : nil
        } ?? [:]
    }

    /// Keeps `records` (each file's, with its stamp when it is settled) in the cache, unless they are the ones it
    /// holds: `readNow` are those of the files read in this run, the others having been taken as `old` holds them.
    /// Best effort, as every cache file.
    static func keep(_ records: [OutputRecord], readNow: [OutputRecord], in cache: OutputCache, replacing old: InputStamps) {
        // A name with a line break would end its line early: such a file is never kept.
        func keepable(_ record: OutputRecord) -> Bool { !record.path.contains(byte: UInt8(ascii: "\n")) }
        let stamped = records.filter { $0.stamp != nil && keepable($0) }
        // The same files as before, each read now as kept or still unsettled: nothing to write.
        guard stamped.count != old.records.count || readNow.contains(where: { record in
            guard keepable(record) else { return false }
            return record.stamp == nil ? old.records[record.path] != nil : old.records[record.path] != record
        }) else { return }
        cache.writeChecked(cache.inputsFile, formatLine: formatLine) { text, feed in
            text.addBootLine()
            text.add("inputs \(stamped.count)\n")
            // In the order the project lists its files (sorted), as they came.
            for record in stamped {
                text.add(record)
                text.handOver(to: feed)
            }
        }
    }
}

extension OutputCache {
    /// This project's input stamps (InputStamps).
    var inputsFile: String { String(file.dropLast(".outputs".count)) + ".inputs" }
}
