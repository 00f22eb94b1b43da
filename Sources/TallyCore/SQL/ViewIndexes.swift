/// indexes.sql: for each period expression the views filter on, an index on it (after the event column, where views
/// match exact event names), so that a view filtered to one period reads the index instead of the whole table.
extension SQLEmitter {
    /// One index indexes.sql creates.
    struct PlannedIndex: Equatable {
        var name: String
        var table: String
        /// The event column, if any, and the period expression.
        var expressions: [String]
        /// The column its periods are read from: what tells apart two indexes of one table that would otherwise be
        /// named alike (two sources over the table with different timestamp columns).
        var dayColumn: String
    }

    /// What an index holds: views alike in all of it share one index.
    private struct IndexedShape: Hashable {
        var table: String
        var dayColumn: String
        var dayType: ColumnType
        var suffix: String
        var zone: String
        var eventColumn: String
    }

    /// The dialect's indexes.sql; nil for a dialect that writes no indexes.
    func indexes(_ dialect: Dialect) -> GeneratedFile? {
        let sql = dialect.sql
        guard let createIndex = sql.createIndex else { return nil }
        var planned: [PlannedIndex] = []
        // What each index holds, once: views that filter on the same expression share its index, and the period
        // expression is made once per index (made for each of 10,000 views, they were 47 million instructions of a
        // one-edit build).
        var seen: Set<IndexedShape> = []
        for view in catalog.viewsByGroup {
            // Retention and funnels join each person's rows on days or times, not periods; derived and sql views read
            // no table of their own.
            switch view.definition.measure.kind {
            case .count, .uniqueUsers, .firstTimeUsers, .growthAccounting, .sum, .average, .min, .max, .countDistinct, .median,
                 .percentile: break
            case .retention, .funnel, .ratio, .formula, .sql: continue
            }
            // A snapshot read at period end looks its periods' last days up by the day, then reads that day's rows.
            let byDay = view.definition.measure.snapshot?.value == .periodEnd
            guard case .source(let source, let timestamp?) = view.reads, let viewGrain = view.grain,
                  viewGrain != .total || byDay
            else { continue }
            // A windowed view reads its rows by day, whatever periods it reports.
            let grain = view.definition.measure.window == nil && !byDay ? viewGrain : .day
            let definition = view.definition
            let weekStart = view.weekStart
            let zone = definition.measure.timeZone(over: source)
            var suffix = grain == .week ? "week_\(weekStart.rawValue)" : grain.rawValue
            // One index per zone: its period expression differs.
            if !zone.isUTC { suffix += "_" + Self.indexName(zone) }
            let table = source.table(for: dialect)
            // Exact event names use (event, period); globs and all-event views use the period alone.
            let exact = !byDay && !definition.events.isEmpty && !definition.events.contains { EventPattern.isGlob($0.value) }
            let byEvent = exact && source.eventName != nil
            let day = ViewBuilder.periodDay(source: source, timestamp: timestamp, zone: zone)
            let eventColumn = byEvent ? source.eventName!.value : ""
            // A struct, not the fields' texts in an array: printing the day's type into a String for each view was
            // half of this file's 128 million instructions in a one-edit build at 10,000 definitions.
            guard seen.insert(IndexedShape(table: table, dayColumn: day.column, dayType: day.type, suffix: suffix,
                                           zone: zone.identifier, eventColumn: eventColumn)).inserted
            else { continue }
            let base = "tally_\(table.replacingAll(".", with: "_"))_\(suffix)"
            let period = "(" + ViewBuilder.periodStart(of: source, timestamp: timestamp, grain: grain,
                                                       weekStart: weekStart, zone: zone, sql: sql) + ")"
            planned.append(PlannedIndex(name: byEvent ? base : base + "_any", table: table,
                                        expressions: byEvent ? [sql.identifier(eventColumn), period] : [period],
                                        dayColumn: day.column))
        }
        let statements = Self.uniquelyNamed(planned).map { createIndex($0.name, $0.table, $0.expressions) }
        let header = comment(GeneratedHeader.lines(from: catalog.views.map(\.definition.file))
                             + ["Indexes whose expressions equal the views' period_start, so a view filtered to one",
                                "period reads the index instead of the whole table."])
        return GeneratedFile(path: "sql/\(dialect.rawValue)/indexes.sql", contents: header + statements.joinedInOneCopy(separator: "\n") + "\n")
    }

    /// How much of an index name counts: PostgreSQL, the one dialect that writes indexes, keeps a name's first 63
    /// bytes, and its dialect cuts names at 63 characters (the same for the ASCII names of ASCII tables); names alike
    /// in those are one name.
    static let keptLength = 63

    /// The indexes, each under a name of its own. Indexes that would share a name though they hold different
    /// expressions (two sources over one table with different timestamp columns; tables named alike but for a dot;
    /// long names alike in the part that counts) all get their day column's name after it, and those of them still
    /// alike a hash of what they hold: under one name, the second index was never made (its CREATE INDEX IF NOT
    /// EXISTS found the first). Every index of a clash is renamed, not the later ones only, so that which one keeps
    /// a name never depends on the order of definitions; an index no other shares a name with keeps its name.
    static func uniquelyNamed(_ planned: [PlannedIndex]) -> [PlannedIndex] {
        var named = distinct(planned)
        // The positions of indexes whose name another shares, in the part that counts.
        func clashing() -> Set<Int> {
            var positions: [String: [Int]] = [:]
            for (position, index) in named.enumerated() {
                positions[String(index.name.prefix(keptLength)), default: []].append(position)
            }
            return Set(positions.values.filter { $0.count > 1 }.joined())
        }
        let renamed = clashing()
        for position in renamed {
            named[position].name = withSuffix(named[position].name, "_" + indexName(named[position].dayColumn))
        }
        // A clash left now has a renamed index in it (the others' names were each their own): only those move on.
        for position in clashing().intersection(renamed) {
            let index = named[position]
            let holds = ContentHash(([index.table] + index.expressions).joinedInOneCopy(separator: "\n"))
            named[position].name = withSuffix(index.name, "_" + holds.hex.prefix(8))
        }
        return named
    }

    /// A name with a suffix, within the part of a name that counts: a longer one is cut and ends in a hash of all of
    /// it, so that two long names alike at the start stay two.
    static func withSuffix(_ name: String, _ suffix: some StringProtocol) -> String {
        let whole = name + suffix
        guard whole.count > keptLength else { return whole }
        let hash = "_" + ContentHash(whole).hex.prefix(8)
        return String(whole.prefix(keptLength - hash.count)) + hash
    }

    /// The indexes without repeats of one already listed (same name, table and expressions).
    private static func distinct(_ indexes: [PlannedIndex]) -> [PlannedIndex] {
        var kept: [PlannedIndex] = []
        for index in indexes where !kept.contains(index) { kept.append(index) }
        return kept
    }

    /// A zone in an index name: America/Los_Angeles → america_los_angeles.
    static func indexName(_ zone: TimeZoneName) -> String { indexName(zone.identifier) }

    /// A name as part of an index name: lowercase letters and digits, anything else an underscore.
    static func indexName(_ text: String) -> String {
        String(text.lowercased().map { $0.isLetter || $0.isNumber ? $0 : "_" })
    }
}
