/// generated/sql/<dialect>/: one view per definition, views.sql creating them all in dependency order, and for
/// dialects that write indexes, the indexes the views rely on.
public struct SQLEmitter: Sendable {
    public let catalog: CheckedCatalog

    public init(catalog: CheckedCatalog) {
        self.catalog = catalog
    }

    public func files() -> [GeneratedFile] { jobs().flatMap { $0.render() } }

    /// One job per dialect: a dialect's views.sql holds all its views, so its files are rendered together.
    func jobs() -> [RenderJob] {
        let ordered = catalog.views
        return catalog.settings.dialects.map { dialect in
            RenderJob(streaming: { emit in files(for: dialect, ordered: ordered, emit: emit) })
        }
    }

    /// A view as views.sql holds it: headed by its definition's id and file.
    private func statement(_ checked: CheckedView, view: String) -> String {
        "-- \(checked.id): \(checked.definition.file)\n" + view
    }

    /// The recorded breaking changes, so that whoever reads the view's SQL knows its rows changed meaning, and when.
    private func changes(_ definition: Definition) -> [String] {
        guard !definition.changes.isEmpty else { return [] }
        return ["Changes to this view's rows:"] + definition.changes.map { change in
            // One comment line each: a line break in the text would end the comment and leave SQL behind.
            let text = change.description.value.split(whereSeparator: \.isNewline).joined(separator: " ")
            return "- \(change.version.value.text): \(text)" + (change.pr.map { " (\($0.value))" } ?? "")
        }
    }

    /// `tally show`: the view of one definition with the views it reads first, each headed by its file, as
    /// views.sql writes them.
    public func script(for view: CheckedView, dialect: Dialect) -> String {
        let builder = ViewBuilder(dialect: dialect)
        return view.withInputs.map { statement($0, view: createView($0, builder: builder)) }.joined(separator: "\n")
    }

    /// Hands the view files over a batch at a time, and views.sql and indexes.sql last, so that a job holds
    /// views.sql and one batch, not a dialect's whole tree.
    private func files(for dialect: Dialect, ordered: [CheckedView], emit: ([GeneratedFile]) -> Void) {
        let builder = ViewBuilder(dialect: dialect)
        let drops = ordered.reversed().compactMap { builder.sql.dropView(builder.quoted($0.id)) }
        let allFiles = ordered.map(\.definition.file)
        var all = comment(GeneratedHeader.lines(from: allFiles)
                          + ["Creates every view, inputs before the ratios and formulas that read them."])
        if !drops.isEmpty { all += drops.joined(separator: "\n") + "\n\n" }
        let headerSize = all.utf8.count
        var reserved = 0
        var largest = 0
        var batch: [GeneratedFile] = []
        for (index, checked) in ordered.enumerated() {
            let definition = checked.definition
            let view = createView(checked, builder: builder)
            batch.append(GeneratedFile(path: Self.viewPath(of: definition, in: dialect),
                                       contents: comment(GeneratedHeader.lines(from: [definition.file]) + changes(definition))
                                           + view))
            let piece = (index > 0 ? "\n" : "") + statement(checked, view: view)
            largest = max(largest, piece.utf8.count)
            // Grown to what the views so far say the whole will take, and an eighth more, from the sixteenth view on:
            // growing by doubling would hold two copies of a large views.sql at once. The largest view is left out
            // of the average and one step is at most 16 times what is written, so one huge hand-written view early
            // on cannot reserve gigabytes.
            if index >= 15, all.utf8.count + piece.utf8.count > reserved {
                let written = all.utf8.count + piece.utf8.count
                let average = (written - headerSize - largest) / index
                reserved = min(written + average * (ordered.count - index - 1) * 9 / 8, written * 16)
                all.reserveCapacity(reserved)
            }
            all += piece
            if batch.count == Self.batchSize {
                emit(batch)
                batch = []
            }
        }
        batch.append(GeneratedFile(path: "sql/\(dialect.rawValue)/views.sql", contents: all))
        if let indexes = indexes(dialect, allFiles: allFiles) { batch.append(indexes) }
        emit(batch)
    }

    /// A definition's view file under generated/, for this emitter and for the docs that link it.
    static func viewPath(of definition: Definition, in dialect: Dialect) -> String {
        "sql/\(dialect.rawValue)/\(definition.group)/\(definition.id.value).sql"
    }

    /// Files per hand-over: enough to keep locking rare, few enough to hold little.
    static let batchSize = 64

    func createView(_ view: CheckedView, builder: ViewBuilder) -> String {
        builder.sql.createView(builder.quoted(view.id), select: builder.select(for: view))
    }

    /// One index per (source, event column, period expression) that some view groups by, so that a view filtered
    /// on period_start and its events is answered from the index; nil for a dialect that writes no indexes.
    private func indexes(_ dialect: Dialect, allFiles: [String]) -> GeneratedFile? {
        let sql = dialect.sql
        guard let createIndex = sql.createIndex else { return nil }
        var seen: Set<String> = []
        var statements: [String] = []
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
            let period = ViewBuilder.periodStart(of: source, timestamp: timestamp, grain: grain, weekStart: weekStart,
                                                 zone: zone, sql: sql)
            var suffix = grain == .week ? "week_\(weekStart.rawValue)" : grain.rawValue
            // One index per zone: its period expression differs.
            if !zone.isUTC { suffix += "_" + Self.indexName(zone) }
            let table = source.table(for: dialect)
            let base = "tally_\(table.replacingAll(".", with: "_"))_\(suffix)"
            // Exact event names use (event, period); globs and all-event views use the period alone.
            let exact = !byDay && !definition.events.isEmpty && !definition.events.contains { EventPattern.isGlob($0.value) }
            let keys: [(String, [String])] = exact && source.eventName != nil
                ? [(base, [sql.identifier(source.eventName!.value), "(\(period))"])]
                : [(base + "_any", ["(\(period))"])]
            for (name, columns) in keys where seen.insert(name).inserted {
                statements.append(createIndex(name, table, columns))
            }
        }
        let header = comment(GeneratedHeader.lines(from: allFiles)
                             + ["Indexes whose expressions equal the views' period_start, so a view filtered to one",
                                "period reads the index instead of the whole table."])
        return GeneratedFile(path: "sql/\(dialect.rawValue)/indexes.sql", contents: header + statements.joined(separator: "\n") + "\n")
    }

    /// A zone in an index name: America/Los_Angeles → america_los_angeles.
    static func indexName(_ zone: TimeZoneName) -> String {
        String(zone.identifier.lowercased().map { $0.isLetter || $0.isNumber ? $0 : "_" })
    }

    private func comment(_ lines: [String]) -> String {
        lines.map { "-- " + $0 }.joined(separator: "\n") + "\n\n"
    }
}
