/// Builds the SELECT of one definition's view in one dialect. Output columns are named exactly as DESIGN.md
/// fixes them, so a query over a view reads the same on every engine.
struct ViewBuilder {
    let dialect: Dialect
    let sql: any SQLDialect

    /// What it reads: tables and views by name, unless a dbt model or unit test needs them otherwise.
    var relations = Relations.tables
    /// The dataset or schema tally's views are created in and named by (ProjectSettings.viewSchema): BigQuery's
    /// `bigquery.dataset`, since BigQuery resolves no name inside a view against a default dataset.
    var viewSchema: String?

    init(dialect: Dialect, relations: Relations = .tables, viewSchema: String? = nil) {
        self.dialect = dialect
        self.sql = dialect.sql
        self.relations = relations
        self.viewSchema = viewSchema
    }

    /// The builder of a catalog's views in `dialect`, in the schema tally.yaml names for it.
    init(dialect: Dialect, settings: ProjectSettings) {
        self.init(dialect: dialect, viewSchema: settings.viewSchema(for: dialect))
    }

    /// Whether a row of the definition's source may have no local day though it has a time: a zone other than UTC
    /// on a dialect whose offsets end (SQLite's, 1970-2100). Such a row ends no data and makes no period.
    func localDayMayBeNull(_ definition: Definition, source: Source) -> Bool {
        sql.localDayCanBeNull && !definition.measure.timeZone(over: source).isUTC
    }

    /// A view of tally's as a statement names it: in `viewSchema` where there is one.
    func viewName(_ id: String) -> String {
        viewSchema.map { sql.table($0 + "." + id) } ?? quoted(id)
    }

    func select(for view: CheckedView) -> String {
        let body = averagedOverDays(measureSelect(view), view: view)
        guard let fill = view.definition.measure.fill?.value, fill != .omit, let grain = view.grain else { return body }
        return grain == .total ? filledTotal(body, view: view, fill: fill)
            : filledSelect(body, view: view, fill: fill, grain: grain)
    }

    private func measureSelect(_ view: CheckedView) -> String {
        let definition = view.definition
        if let window = definition.measure.window?.value, case .source(let source, _) = view.reads {
            return windowedSelect(view, window: window, source: source)
        }
        switch (definition.measure.kind, view.reads) {
        case (.count, .source(let source, _)): return countSelect(view, source: source)
        case (.uniqueUsers, .source(let source, _)): return uniqueUsersSelect(view, source: source)
        case (.firstTimeUsers, .source(let source, _)): return firstTimeUsersSelect(view, source: source)
        case (.growthAccounting, .source(let source, let timestamp?)):
            return growthAccountingSelect(view, source: source, timestamp: timestamp)
        case (.retention(let retention), .source(let source, let timestamp?)):
            return retentionSelect(definition, retention, source: source, timestamp: timestamp)
        case (.funnel(let funnel), .source(let source, let timestamp?)):
            return funnelSelect(view, funnel, source: source, timestamp: timestamp)
        case (.ratio, .inputs(let inputs)), (.formula, .inputs(let inputs)):
            return DerivedViewBuilder(builder: self).select(for: view, inputs: inputs)
        case (.sql(let query), .query):
            return sqlSelect(query, of: definition)
        case (.sum(let values), .source(let source, _)): return sumSelect(view, values: values, source: source)
        case (.average(let values), .source(let source, _)):
            return foldedSelect(view, values: values, source: source) { "AVG(\(sql.toDouble($0)))" }
        case (.min(let values), .source(let source, _)):
            return foldedSelect(view, values: values, source: source) { "MIN(\($0))" }
        case (.max(let values), .source(let source, _)):
            return foldedSelect(view, values: values, source: source) { "MAX(\($0))" }
        case (.countDistinct(let values), .source(let source, _)):
            return countDistinctSelect(view, values: values, source: source)
        case (.median(let values), .source(let source, _)):
            return percentileSelect(view, values: values, fraction: 0.5, source: source)
        case (.percentile(let percentile), .source(let source, _)):
            return percentileSelect(view, values: percentile.values, fraction: percentile.fraction.value, source: source)
        case (.count, _), (.uniqueUsers, _), (.firstTimeUsers, _), (.growthAccounting, _), (.retention, _), (.funnel, _),
             (.ratio, _), (.formula, _), (.sql, _),
             (.sum, _), (.average, _), (.min, _), (.max, _), (.countDistinct, _), (.median, _), (.percentile, _):
            // CheckedCatalog.resolve pairs each measure with what it reads; no other pairing is ever made.
            preconditionFailure("\(definition.id.value): a \(definition.measure.aggregate.rawValue) view resolved without its reads")
        }
    }

    // MARK: shared pieces

    func quoted(_ name: String) -> String { sql.identifier(name) }

    /// The rows a definition counts: its events, minus exclusions, through its where filters.
    /// `exclude_events` are taken out of `events`; a retention's cohort events are matched without them
    /// (`excluding: false`), so an install can start a cohort and still not count as a return.
    func rowFilter(_ definition: Definition, source: Source, events: [Located<String>],
                   excluding: Bool = true) -> [String] {
        var conditions: [String] = []
        if let eventColumn = source.eventName.map({ quoted($0.value) }) {
            if let match = eventMatch(eventColumn, events.map(\.value)) { conditions.append(match) }
            if excluding, let excluded = eventMatch(eventColumn, definition.excludeEvents.map(\.value)) {
                conditions.append("NOT \(excluded)")
            }
        }
        let filters = FilterSQL(builder: self)
        for filter in definition.measure.filters { conditions.append(filters.condition(filter, source: source)) }
        return conditions
    }

    /// Whether the event column matches any of `patterns`; nil when every event does.
    func eventMatch(_ column: String, _ patterns: [String]) -> String? {
        // `*` is every event: no condition at all, so the planner is free to use a period index.
        guard !patterns.isEmpty, !patterns.contains("*") else { return nil }
        let exact = patterns.filter { !EventPattern.isGlob($0) }
        var alternatives: [String] = []
        if exact.count == 1 { alternatives.append(String(concatenating: column, " = ", sql.literal(exact[0]))) }
        if exact.count > 1 {
            alternatives.append(String(concatenating: column, " IN (", exact.map(sql.literal).joinedInOneCopy(separator: ", "), ")"))
        }
        alternatives += patterns.filter(EventPattern.isGlob).map { sql.glob(column, GlobPattern(event: $0)) }
        return alternatives.count == 1 ? alternatives[0] : "(" + alternatives.joinedInOneCopy(separator: " OR ") + ")"
    }

    /// Rows written by a person: never the backend's, and with an identity of the chosen kind.
    func peopleFilter(_ definition: Definition, source: Source) -> [String] {
        var conditions: [String] = []
        if let anonymous = source.anonymousID.map({ quoted($0.value) }) {
            conditions.append("COALESCE(\(anonymous), '') <> 'backend'")
        }
        if let registered = registered(source) {
            if definition.measure.identityMode == .userOrAnonymous, let anonymous = source.anonymousID {
                conditions.append("(\(registered) OR COALESCE(\(quoted(anonymous.value)), '') <> '')")
            } else {
                conditions.append(registered)
            }
        }
        return conditions
    }

    /// Whether a row's user id is a registered user's: not 0 (nor NULL, which compares as unknown). A text user id
    /// (an export that wrote ids as strings) is not registered when empty or "0" either: compared with the integer
    /// 0 it failed on PostgreSQL, Spark and DuckDB, and on SQLite counted every empty id as one user.
    func registered(_ source: Source) -> String? {
        guard let name = source.userID?.value else { return nil }
        let user = quoted(name)
        guard source.column(name)?.type.value == .text else { return "\(user) <> 0" }
        return "(\(user) <> '' AND \(user) <> '0')"
    }

    /// One value per person: the registered user id, or for user_or_anonymous the anonymous id of rows without
    /// one (prefixed so that the two kinds of id can never collide).
    func identity(_ definition: Definition, source: Source) -> String {
        guard let user = source.userID.map({ quoted($0.value) }) else { return "NULL" }
        guard definition.measure.identityMode == .userOrAnonymous, let anonymous = source.anonymousID else {
            return user
        }
        return "CASE WHEN \(registered(source)!) THEN 'u:' || \(sql.toText(user)) ELSE 'a:' || \(quoted(anonymous.value)) END"
    }

    /// The release a row was logged by as one comparable number, or NULL when the version is not a release (dev
    /// and branch builds) or the source has none. Computed once, in the innermost layer of every event view.
    /// Without broken ranges only whether it is a release matters (knownBroken tests IS NULL), so the number is
    /// not worked out: 0 stands for every release, and each row is spared the parsing.
    func versionKey(_ source: Source, of column: String? = nil, for definition: Definition) -> String? {
        guard let versionColumn = source.version.map({ quoted($0.value) }) else { return nil }
        let (valid, key) = Self.versionKey(column ?? versionColumn, in: dialect)
        let number = definition.broken.isEmpty ? "0" : key
        // A key that is NULL for anything but a release is its own test: written once, not once per test.
        guard let valid else {
            return definition.broken.isEmpty ? String(concatenating: "CASE WHEN ", key, " IS NOT NULL THEN 0 END") : key
        }
        return String(concatenating: "CASE WHEN ", valid, " THEN ", number, " END")
    }

    /// The dialect's version key of a column, built once per process: about 1,500 characters that every view
    /// reading versions repeats, and building them anew was a thirtieth of rendering a large project.
    static func versionKey(_ column: String, in dialect: Dialect) -> (valid: String?, key: String) {
        let name = dialect.rawValue + " " + column
        if let known = versionKeys.withLock({ $0[name] }) { return known }
        let built = dialect.sql.versionKey(column)
        versionKeys.withLock { $0[name] = built }
        return built
    }

    private static let versionKeys = Locked<[String: (valid: String?, key: String)]>([:])

    /// known_broken from the version key: true inside a broken range, false outside, NULL for an unknown version
    /// or a source without versions. The ranges are sorted and disjoint (validated), so their bounds form one
    /// ascending list and a key is inside a range exactly when an odd number of bounds lie at or below it.
    /// How the bounds are tested is the dialect's choice.
    func knownBroken(_ definition: Definition, source: Source) -> String {
        guard source.version != nil else { return sql.nullBoolean }
        let key = quoted("version_key")
        var bounds: [String] = []
        for range in definition.broken {
            let lower = Self.number(range.lowerBound)
            // A range starting where the one before ends continues it: the healthy stretch between them is empty,
            // and its branch could never be taken.
            if bounds.last == lower { bounds.removeLast() } else { bounds.append(lower) }
            if let upper = range.upperBoundExclusive { bounds.append(Self.number(upper)) }
        }
        if bounds.isEmpty { return "CASE WHEN \(key) IS NOT NULL THEN \(sql.boolean(false)) END" }
        return sql.knownBroken(key: key, bounds: bounds)
    }

    /// The innermost layer: the matching rows with the columns later layers need, each computed once. `extra`
    /// adds columns by name, unquoted, and their expressions. With `versionText`, the version column is passed on
    /// as `version_text` for a later layer to key (windows join rows before they aggregate, and key only the rows
    /// that join); without `keysVersions`, versions are left out.
    func rows(_ view: CheckedView, source: Source, events: [Located<String>], people: Bool,
              extra: [(name: String, expression: String)] = [], extraConditions: [String] = [],
              versionText: Bool = false, keysVersions: Bool = true) -> String {
        let definition = view.definition
        var columns: [(name: String, expression: String)] = []
        for path in definition.measure.groupBy.map(\.value) { columns.append((path.outputName, field(path, source: source))) }
        if people { columns.append(("person", identity(definition, source: source))) }
        if !keysVersions {
            // The view reports no known_broken (funnels): no row needs its version parsed.
        } else if versionText, let version = source.version {
            columns.append(("version_text", quoted(version.value)))
        } else if let key = versionKey(source, for: definition) {
            columns.append(("version_key", key))
        }
        columns += extra
        var conditions = rowFilter(definition, source: source, events: events)
        if people { conditions += peopleFilter(definition, source: source) }
        conditions += extraConditions
        if let snapshot = snapshotDays(view) {
            return snapshotRows(view, reading: snapshot.reading, source: source, timestamp: snapshot.timestamp,
                                columns: columns, conditions: conditions)
        }
        if let period = period(view, source: source) { columns.insert(("period_start", period), at: 0) }
        if columns.isEmpty { columns.append(("row", "1")) }
        return String(concatenating: "SELECT\n        ", selectList(columns).joinedInOneCopy(separator: ",\n        "),
                      "\n    FROM ", from(source, reading: definition.measure), whereClause(conditions, indent: "    "))
    }

    /// `expression AS "name"` for each column.
    func selectList(_ columns: [(name: String, expression: String)]) -> [String] {
        columns.map { String(concatenating: $0.expression, " AS ", quoted($0.name)) }
    }

    /// The condition that a row has a time: the measures that order rows or periods (first_time_users,
    /// growth_accounting, funnel) leave out rows without one, since engines sort NULL first or last as they please
    /// and a NULL period is no period to follow or precede another.
    func hasTime(_ timestamp: String) -> String { quoted(timestamp) + " IS NOT NULL" }

    /// period_start and group columns as later layers see them.
    func keyColumns(_ view: CheckedView, source: Source) -> [String] {
        (hasPeriod(view) ? [quoted("period_start")] : [])
            + view.definition.measure.groupBy.map { quoted($0.value.outputName) }
    }

    static func number(_ parts: [Int]) -> String { String(parts[0] * 1_000_000 + parts[1] * 1000 + parts[2]) }

    /// The calendar day a timestamp (or date) falls on in the definition's time zone.
    func localDay(_ column: String, type: ColumnType, of definition: Definition, source: Source) -> String {
        sql.localDate(column, type: type, zone: definition.measure.timeZone(over: source))
    }

    /// Whether `period` gives the view a period_start: asked by the layers that only name the column, without
    /// building its expression.
    func hasPeriod(_ view: CheckedView) -> Bool {
        guard let grain = view.grain, grain != .total, case .source(_, _?) = view.reads else { return false }
        return true
    }

    func period(_ view: CheckedView, source: Source) -> String? {
        guard let grain = view.grain, grain != .total, case .source(_, let timestamp?) = view.reads else { return nil }
        return Self.periodStart(of: source, timestamp: timestamp, grain: grain, weekStart: view.weekStart,
                                zone: view.definition.measure.timeZone(over: source), sql: sql)
    }

    /// A row's period start in a view: the one expression both the view and the index meant to serve it
    /// (SQLEmitter.indexes) write, since an index is used only when the two are identical.
    static func periodStart(of source: Source, timestamp: Column, grain: Grain, weekStart: WeekStart,
                            zone: TimeZoneName, sql: any SQLDialect) -> String {
        let day = periodDay(source: source, timestamp: timestamp, zone: zone)
        return sql.periodStart(sql.identifier(day.column), type: day.type, grain: grain, weekStart: weekStart, zone: zone)
    }

    /// The column a view's periods are read from: the source's partition_date where its days are the view's
    /// (UTC), so a filter on period_start is a filter on the partition column alone; else the timestamp.
    static func periodDay(source: Source, timestamp: Column, zone: TimeZoneName) -> (column: String, type: ColumnType) {
        if zone.isUTC, let partition = source.partitionDate { return (partition.value, .date) }
        return (timestamp.name.value, timestamp.type.value)
    }

    func whereClause(_ conditions: [String], indent: String = "") -> String {
        guard !conditions.isEmpty else { return "" }
        return String(concatenating: "\n", indent, "WHERE ", conditions.joinedInOneCopy(separator: "\n" + indent + "  AND "))
    }


    // MARK: count

    func countSelect(_ view: CheckedView, source: Source) -> String {
        let definition = view.definition
        let columns = keyColumns(view, source: source)
            + [String(concatenating: knownBroken(definition, source: source), " AS ", quoted("known_broken"))]
        return String(concatenating: "SELECT\n    ",
                      (columns + ["COUNT(*) AS " + quoted("value")]).joinedInOneCopy(separator: ",\n    "),
                      "\nFROM (\n    ", rows(view, source: source, events: definition.events, people: false),
                      "\n) AS ", quoted("matching"), "\nGROUP BY ", ordinals(columns.count))
    }

    func ordinals(_ count: Int) -> String { (1...count).map(String.init).joinedInOneCopy(separator: ", ") }

    // MARK: people

    /// known_broken as a rank, so that one person's rows in a period fold into one flag: true if any row was
    /// known broken, else false if any was known healthy, else NULL.
    func brokenRank(_ expression: String) -> String {
        // One reference to the flag (see knownBroken): true → 2, false → 1, NULL → 0.
        "COALESCE(\(sql.toInteger(expression)) + 1, 0)"
    }

    func brokenFromRank(_ rank: String) -> String {
        "CASE \(rank) WHEN 2 THEN \(sql.boolean(true)) WHEN 1 THEN \(sql.boolean(false)) ELSE \(sql.nullBoolean) END"
    }

    /// Each person is counted once per period and group; they count as known broken if any of their rows was.
    /// So the rows of a period, summed over known_broken, are its distinct people.
    /// With `at_least`, only the people whose rows in the period reach the threshold are counted.
    private func uniqueUsersSelect(_ view: CheckedView, source: Source) -> String {
        let threshold = view.definition.measure.threshold
        return distinctSelect(view, source: source, distinct: "person", alias: "people",
                              rows: rows(view, source: source, events: view.definition.events, people: true,
                                         extra: thresholdColumns(threshold, view: view, source: source)),
                              having: threshold.map(thresholdHaving))
    }

    /// Counts the distinct values of one column of `rows` per period and group, each value once, under known_broken
    /// true if any of its rows was known broken, else false if any was a known release, else NULL.
    /// `having` keeps only the values whose rows meet it (unique_users' `at_least`).
    func distinctSelect(_ view: CheckedView, source: Source, distinct: String, alias: String, rows: String,
                        rowsAlias: String = "matching", having: String? = nil) -> String {
        let keys = keyColumns(view, source: source)
        let outer = keys + ["\(brokenFromRank(quoted("broken_rank"))) AS \(quoted("known_broken"))"]
        return String(concatenating: "SELECT\n    ",
                      (outer + ["COUNT(*) AS " + quoted("value")]).joinedInOneCopy(separator: ",\n    "),
                      "\nFROM (\n    ",
                      perValueSelect(view, source: source, distinct: distinct, rows: rows, rowsAlias: rowsAlias,
                                     having: having),
                      "\n) AS ", quoted(alias), "\nGROUP BY ", ordinals(outer.count))
    }

    /// One row per period, group and distinct value of `rows`, with the highest known_broken rank of its rows.
    func perValueSelect(_ view: CheckedView, source: Source, distinct: String, rows: String,
                        rowsAlias: String = "matching", having: String? = nil) -> String {
        // Averaged over a snapshot's days, a value counts once a day: its days are summed, then divided by them.
        let keys = keyColumns(view, source: source)
            + (snapshotDays(view)?.reading == .periodAverage ? [quoted("snapshot_day")] : [])
        let perValue = keys + [quoted(distinct),
                               "MAX(\(brokenRank(knownBroken(view.definition, source: source)))) AS \(quoted("broken_rank"))"]
        return String(concatenating: "SELECT\n        ", perValue.joinedInOneCopy(separator: ",\n        "),
                      "\n    FROM (\n    ", rows, "\n    ) AS ", quoted(rowsAlias), "\n    GROUP BY ",
                      ordinals(keys.count + 1), having.map { "\n    HAVING " + $0 } ?? "")
    }

    /// The first matching row ever of each person (earliest timestamp, then lowest id) gives the period, groups
    /// and known_broken it is counted under. A row without a time is never the first: engines disagree on where
    /// NULL sorts (first on SQLite, BigQuery and Spark, last on PostgreSQL, DuckDB and Snowflake).
    private func firstTimeUsersSelect(_ view: CheckedView, source: Source) -> String {
        let definition = view.definition
        var order: [String] = []
        var timed: [String] = []
        if let timestamp = source.timestamp {
            order.append(quoted(timestamp.value))
            timed.append(hasTime(timestamp.value))
        }
        if source.column("id") != nil { order.append(quoted("id")) }
        let orderClause = order.isEmpty ? "" : " ORDER BY " + order.joinedInOneCopy(separator: ", ")
        let occurrence = "ROW_NUMBER() OVER (PARTITION BY \(identity(definition, source: source))\(orderClause))"
        let keys = keyColumns(view, source: source)
        let outer = keys + [String(concatenating: knownBroken(definition, source: source), " AS ", quoted("known_broken"))]
        return String(concatenating: "SELECT\n    ",
                      (outer + ["COUNT(*) AS " + quoted("value")]).joinedInOneCopy(separator: ",\n    "),
                      "\nFROM (\n    ",
                      rows(view, source: source, events: definition.events, people: true, extra: [("occurrence", occurrence)],
                           extraConditions: timed),
                      "\n) AS ", quoted("first_events"), "\nWHERE ", quoted("occurrence"), " = 1\nGROUP BY ",
                      ordinals(outer.count))
    }

    // MARK: sql

    /// The author's query, wrapped so the view has exactly the declared columns in the declared order.
    private func sqlSelect(_ measure: Measure.Query, of definition: Definition) -> String {
        // Validation requires a query for every enabled dialect (R-rules), and only enabled dialects render.
        guard let query = measure.queries[dialect]?.value else {
            preconditionFailure("an sql measure without its \(dialect.rawValue) query passed validation")
        }
        let body = readingRelations(query.trimmingWhitespace().trimmingTrailingSemicolons(), of: definition)
        let columns = measure.columns.map { quoted($0.name.value) }.joinedInOneCopy(separator: ", ")
        return "SELECT \(columns)\nFROM (\n\(body)\n) AS \(quoted("authored"))"
    }
}

extension String {
    public func trimmingTrailingSemicolons() -> String {
        var text = self
        while text.hasSuffix(";") || text.last?.isWhitespace == true { text.removeLast() }
        return text
    }
}
