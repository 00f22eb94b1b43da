/// PostgreSQL: standard quoting, JSONB, regular expressions, and indexes on the views' period expressions.
struct PostgresDialect: SQLDialect {
    func identifier(_ name: String) -> String { StandardSQL.identifier(name) }
    func table(_ name: String) -> String { StandardSQL.dottedTable(name, identifier: identifier) }
    func literal(_ text: String) -> String { StandardSQL.literal(text) }
    func boolean(_ flag: Bool) -> String { flag ? "TRUE" : "FALSE" }
    var nullBoolean: String { "CAST(NULL AS BOOLEAN)" }

    func toDouble(_ expression: String) -> String { "CAST(\(expression) AS DOUBLE PRECISION)" }
    func toText(_ expression: String) -> String { "CAST(\(expression) AS TEXT)" }
    func toInteger(_ expression: String) -> String { "CAST(\(expression) AS INTEGER)" }

    /// A timestamp column is a TIMESTAMPTZ (an instant, as the example tables create it): AT TIME ZONE gives its
    /// wall-clock time in the zone, from the server's time-zone database, DST included, whatever the session's
    /// TimeZone. timezone(text, timestamptz) is immutable, so the period expressions can be indexed.
    func localDate(_ column: String, type: ColumnType, zone: TimeZoneName) -> String {
        type == .date ? column : "CAST(\(column) AT TIME ZONE \(literal(zone.identifier)) AS DATE)"
    }

    func periodStart(_ column: String, type: ColumnType, grain: Grain, weekStart: WeekStart, zone: TimeZoneName) -> String {
        let instant = type == .date
            ? String(concatenating: "CAST(", column, " AS TIMESTAMP)")
            : String(concatenating: "(", column, " AT TIME ZONE ", literal(zone.identifier), ")")
        switch (grain, weekStart) {
        case (.day, _): return type == .date ? column : String(concatenating: "CAST(date_trunc('day', ", instant, ") AS DATE)")
        case (.week, .sunday):
            return String(concatenating: "CAST(date_trunc('week', ", instant, " + INTERVAL '1 day') - INTERVAL '1 day' AS DATE)")
        default: return String(concatenating: "CAST(date_trunc('", grain.rawValue, "', ", instant, ") AS DATE)")
        }
    }

    func addDays(_ date: String, _ days: String) -> String { "(\(date) + \(days))" }

    /// EXTRACT(EPOCH) is exact (numeric, from PostgreSQL 14) for an instant, and a date's midnight whatever the
    /// session's zone.
    func epochMilliseconds(_ column: String, type: ColumnType) -> String {
        "CAST(ROUND(EXTRACT(EPOCH FROM \(column)) * 1000) AS BIGINT)"
    }

    func dayCount(from first: String, through last: String) -> String { "(\(last) - \(first) + 1)" }

    func shiftDays(_ date: String, by days: Int) -> String { StandardSQL.shiftDaysArithmetically(date, by: days) }

    var joinsLaterally: Bool { true }

    func shiftPeriods(_ date: String, by periods: Int, grain: Grain) -> String {
        StandardSQL.shiftPeriodsByInterval(date, by: periods, grain: grain)
    }

    func periodSeries(from first: String, through last: String, grain: Grain) -> String {
        StandardSQL.generatedSeries(from: first, through: last, grain: grain, identifier: identifier)
    }

    func jsonText(_ column: String, path: [String]) -> String {
        if path.count == 1 { return "(\(column) ->> \(literal(path[0])))" }
        return "(\(column) #>> ARRAY[\(path.map(literal).joinedInOneCopy(separator: ", "))])"
    }

    func glob(_ column: String, _ pattern: GlobPattern) -> String {
        // LIKE is case-sensitive in PostgreSQL; backslash is its default escape.
        "\(column) LIKE \(literal(StandardSQL.likePattern(pattern)))"
    }

    func wholePart(_ expression: String) -> String { "FLOOR(\(expression))" }
    var percentileAggregate: (@Sendable (_ value: String, _ fraction: String) -> String)? {
        { value, fraction in "percentile_cont(\(fraction)) WITHIN GROUP (ORDER BY \(value))" }
    }

    func versionKey(_ column: String) -> (valid: String?, key: String) {
        // One cheap regular-expression test guards split_part, which is cheaper than capturing.
        let key = StandardSQL.versionKeyBySplitting("ltrim(\(column), 'v')", cast: "CAST")
        return ("\(column) ~ \(literal("^" + StandardSQL.versionRegex + "$"))", key)
    }

    /// PostgreSQL pulls the inner layer up and repeats the key expression at every reference, so the key is
    /// referenced once, through width_bucket.
    func knownBroken(key: String, bounds: [String]) -> String {
        "(width_bucket(\(key), ARRAY[\(bounds.joinedInOneCopy(separator: ", "))]) % 2 = 1)"
    }

    /// The cast lets jsonb_typeof read a json column as well as a jsonb one.
    func jsonString(_ column: String, path: [String]) -> String {
        let value = "CAST(\(column) AS JSONB) #> ARRAY[\(path.map(literal).joinedInOneCopy(separator: ", "))]"
        return "(CASE WHEN jsonb_typeof(\(value)) = 'string' THEN \(jsonText(column, path: path)) END)"
    }

    func nullSafeEquals(_ left: String, _ right: String) -> String { "\(left) IS NOT DISTINCT FROM \(right)" }

    /// The "C" collation orders text by its bytes, as the other engines do, whatever the database's locale.
    func ordered(_ expression: String, type: ColumnType) -> String {
        switch type {
        case .text: "(\(expression) COLLATE \"C\")"
        case .integer, .float, .boolean, .timestamp, .date, .json: expression
        }
    }

    /// A regular expression guards the cast, which would fail the query on any other text. NUMERIC takes every
    /// number the guard lets through: at most 1,000 characters with an exponent of at most 4 digits stays far
    /// inside its range.
    func jsonNumber(_ column: String, path: [String]) -> String {
        let text = jsonText(column, path: path)
        let guarded = "^-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][-+]?[0-9]{1,4})?$"
        return "(CASE WHEN length(\(text)) <= 1000 AND \(text) ~ \(literal(guarded)) THEN CAST(\(text) AS NUMERIC) END)"
    }

    func createView(_ name: String, select: String) -> String { StandardSQL.createOrReplaceView(name, select: select) }
    /// One statement dropping every view in the schema the views are then created in (current_schema()): a DROP
    /// per view found each name on the search_path, so a deploy to a new schema dropped the views of another, and
    /// a view of someone else's reading one of them stopped the script halfway, with the views before it dropped.
    /// One DO block is all or nothing. It is one line as far as statement splitters go: no line but its last ends
    /// with a semicolon.
    func dropViews(_ ids: [String]) -> String? {
        guard !ids.isEmpty else { return nil }
        return "DO $$ DECLARE view_name text; BEGIN FOREACH view_name IN ARRAY ARRAY[\n"
            + ids.map { "    " + literal($0) }.joinedInOneCopy(separator: ",\n")
            + "\n] LOOP EXECUTE format('DROP VIEW IF EXISTS %I.%I', current_schema(), view_name); END LOOP; END $$;"
    }
    /// NAMEDATALEN - 1: longer names are cut, at a character, with only a NOTICE.
    var nameBytes: Int? { 63 }
    var createIndex: (@Sendable (_ name: String, _ table: String, _ expressions: [String]) -> String)? {
        { name, table, expressions in
            // PostgreSQL cuts identifiers to nameBytes; cutting here keeps the name the server would use. Names
            // alike in those are told apart before they get here (SQLEmitter.uniquelyNamed).
            "CREATE INDEX IF NOT EXISTS \(identifier(keptName(name)))\n    ON \(self.table(table)) ("
                + expressions.joinedInOneCopy(separator: ", ") + ");"
        }
    }

    func columnType(_ type: ColumnType) -> String {
        switch type {
        case .text: "TEXT"
        case .integer: "BIGINT"
        case .float: "DOUBLE PRECISION"
        case .boolean: "BOOLEAN"
        case .timestamp: "TIMESTAMPTZ"
        case .date: "DATE"
        case .json: "JSONB"
        }
    }

    func typedLiteral(_ value: ExampleValue, type: ColumnType) -> String {
        StandardSQL.castLiteral(value, type: type, dialect: self)
    }
}
