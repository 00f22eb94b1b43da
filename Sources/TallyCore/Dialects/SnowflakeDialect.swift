/// Snowflake: case-sensitive quoted names, backslash escapes in strings, JSON as VARIANT read by bracket paths,
/// TIMESTAMP_TZ instants placed in zones by CONVERT_TIMEZONE. Nothing depends on session parameters: weeks are
/// computed from DAYOFWEEKISO, not DATE_TRUNC('WEEK'), which follows WEEK_START.
struct SnowflakeDialect: SQLDialect {
    func identifier(_ name: String) -> String { StandardSQL.identifier(name) }
    func table(_ name: String) -> String { StandardSQL.dottedTable(name, identifier: identifier) }

    /// Snowflake strings take backslash escapes.
    func literal(_ text: String) -> String { StandardSQL.backslashLiteral(text, control: StandardSQL.hexEscape) }

    func boolean(_ flag: Bool) -> String { flag ? "TRUE" : "FALSE" }
    var nullBoolean: String { "CAST(NULL AS BOOLEAN)" }

    func toDouble(_ expression: String) -> String { "CAST(\(expression) AS DOUBLE)" }
    func toText(_ expression: String) -> String { "CAST(\(expression) AS VARCHAR)" }
    func toInteger(_ expression: String) -> String { "CAST(\(expression) AS BIGINT)" }

    /// CONVERT_TIMEZONE(zone, timestamp_tz) is the instant's wall-clock time in the zone, DST included, whatever
    /// the session's TIMEZONE.
    func localDate(_ column: String, type: ColumnType, zone: TimeZoneName) -> String {
        type == .date ? column : "CAST(CONVERT_TIMEZONE(\(literal(zone.identifier)), \(column)) AS DATE)"
    }

    func periodStart(_ column: String, type: ColumnType, grain: Grain, weekStart: WeekStart, zone: TimeZoneName) -> String {
        let day = localDate(column, type: type, zone: zone)
        // DAYOFWEEKISO is 1 on Monday through 7 on Sunday, whatever WEEK_START says.
        switch (grain, weekStart) {
        case (.day, _): return day
        case (.week, .monday): return "CAST(DATEADD('day', 1 - DAYOFWEEKISO(\(day)), \(day)) AS DATE)"
        case (.week, .sunday): return "CAST(DATEADD('day', -MOD(DAYOFWEEKISO(\(day)), 7), \(day)) AS DATE)"
        case (.year, _): return "CAST(DATE_TRUNC('YEAR', \(day)) AS DATE)"
        default: return "CAST(DATE_TRUNC('MONTH', \(day)) AS DATE)"
        }
    }

    func addDays(_ date: String, _ days: String) -> String { "CAST(DATEADD('day', \(days), \(date)) AS DATE)" }

    /// EPOCH_MICROSECOND of a TIMESTAMP_TZ counts from 1970-01-01 UTC; a date is its midnight UTC.
    func epochMilliseconds(_ column: String, type: ColumnType) -> String {
        type == .date ? "(DATEDIFF('day', DATE '1970-01-01', \(column)) * 86400000)"
            : "CAST(ROUND(DATE_PART(EPOCH_MICROSECOND, \(column)) / 1000) AS BIGINT)"
    }

    func dayCount(from first: String, through last: String) -> String { "(DATEDIFF('day', \(first), \(last)) + 1)" }

    func shiftDays(_ date: String, by days: Int) -> String { "CAST(DATEADD('day', \(days), \(date)) AS DATE)" }

    /// The per-period LATERAL form is for PostgreSQL's index range scans; Snowflake has no index to use, and
    /// limits correlated subqueries in FROM.
    var joinsLaterally: Bool { false }

    func shiftPeriods(_ date: String, by periods: Int, grain: Grain) -> String {
        let step = StandardSQL.periodStep(grain)
        return "CAST(DATEADD('\(step.unit)', \(step.count * periods), \(date)) AS DATE)"
    }

    /// The offsets 0, step, 2 step ... of the first period (ARRAY_GENERATE_RANGE, flattened); NULL bounds give a
    /// NULL array, which flattens to no rows.
    func periodSeries(from first: String, through last: String, grain: Grain) -> String {
        let step = StandardSQL.periodStep(grain)
        let (start, end, bounds, offset) = (identifier("first"), identifier("last"), identifier("bounds"), identifier("offset"))
        return "SELECT CAST(DATEADD('\(step.unit)', CAST(\(offset).value AS INTEGER), \(bounds).\(start)) AS DATE) "
            + "AS \(identifier("period_start"))\n"
            + "    FROM (SELECT \(first) AS \(start), \(last) AS \(end)) AS \(bounds),\n"
            + "        TABLE(FLATTEN(ARRAY_GENERATE_RANGE(0, DATEDIFF('\(step.unit)', \(bounds).\(start), "
            + "\(bounds).\(end)) + 1, \(step.count)))) AS \(offset)"
    }

    /// The field as a VARIANT, by bracket paths, which take any member name.
    private func field(_ column: String, _ path: [String]) -> String {
        column + path.map { "[\(literal($0))]" }.joined()
    }

    /// A VARIANT cast to VARCHAR is a string's text, or a number's or true/false's JSON text, as PostgreSQL's ->>
    /// gives; a missing field is NULL.
    func jsonText(_ column: String, path: [String]) -> String { "CAST(\(field(column, path)) AS VARCHAR)" }

    func glob(_ column: String, _ pattern: GlobPattern) -> String {
        // REGEXP_LIKE matches the whole string; the s parameter lets `.` match a newline, as `*` and `?` must.
        "REGEXP_LIKE(\(column), \(literal(StandardSQL.globRegex(pattern))), 's')"
    }

    func wholePart(_ expression: String) -> String { "FLOOR(\(expression))" }
    var percentileAggregate: (@Sendable (_ value: String, _ fraction: String) -> String)? {
        { value, fraction in "PERCENTILE_CONT(\(fraction)) WITHIN GROUP (ORDER BY \(value))" }
    }

    /// TRY_CAST, not CAST: the key is computed for every row, valid or not, and must never fail the query. The
    /// 'v' is cut by a CASE, not LTRIM(column, 'v'), whose second argument the emulator the tests use drops.
    func versionKey(_ column: String) -> (valid: String?, key: String) {
        let bare = "(CASE WHEN LEFT(\(column), 1) = 'v' THEN SUBSTR(\(column), 2) ELSE \(column) END)"
        let key = StandardSQL.versionKeyBySplitting(bare, cast: "TRY_CAST")
        return ("REGEXP_LIKE(\(column), \(literal(StandardSQL.versionRegex)))", key)
    }

    func knownBroken(key: String, bounds: [String]) -> String {
        StandardSQL.knownBrokenByCase(key: key, bounds: bounds, dialect: self)
    }

    /// A string's JSON text starts with a quote (TO_JSON of the field). IS_VARCHAR would say the same; this form
    /// also runs on the emulator the tests use (README).
    func jsonString(_ column: String, path: [String]) -> String {
        "(CASE WHEN LEFT(TO_JSON(\(field(column, path))), 1) = '\"' THEN \(jsonText(column, path: path)) END)"
    }

    func nullSafeEquals(_ left: String, _ right: String) -> String { "\(left) IS NOT DISTINCT FROM \(right)" }

    /// Without a collation, Snowflake compares text by its UTF-8 bytes.
    func ordered(_ expression: String, type: ColumnType) -> String { expression }

    /// The regular expression keeps out what TRY_TO_DOUBLE would still read as a number (NaN, inf, white space).
    func jsonNumber(_ column: String, path: [String]) -> String {
        let text = jsonText(column, path: path)
        return "(CASE WHEN REGEXP_LIKE(\(text), \(literal(StandardSQL.jsonNumberRegex))) THEN TRY_TO_DOUBLE(\(text)) END)"
    }

    func createView(_ name: String, select: String) -> String { StandardSQL.createOrReplaceView(name, select: select) }
    /// CREATE OR REPLACE replaces a view in place, whatever its columns were.
    func dropViews(_ ids: [String]) -> String? { nil }
    var nameBytes: Int? { nil }
    /// Snowflake has no indexes: a clustering key on the source's date prunes micro-partitions (docs/format.md).
    var createIndex: (@Sendable (_ name: String, _ table: String, _ expressions: [String]) -> String)? { nil }

    func columnType(_ type: ColumnType) -> String {
        switch type {
        case .text: "VARCHAR"
        case .integer: "BIGINT"
        case .float: "DOUBLE"
        case .boolean: "BOOLEAN"
        case .timestamp: "TIMESTAMP_TZ"
        case .date: "DATE"
        case .json: "VARIANT"
        }
    }

    /// JSON through PARSE_JSON: a cast of text to VARIANT would hold the text as one string.
    func typedLiteral(_ value: ExampleValue, type: ColumnType) -> String {
        if value != .null, type == .json { return "PARSE_JSON(\(literal(ExampleJSON.text(value))))" }
        return StandardSQL.castLiteral(value, type: type, dialect: self)
    }

    /// INSERT ... SELECT: Snowflake's VALUES takes constants only, and a JSON value is a PARSE_JSON call.
    func insertHead(into table: String, columns: [String]) -> String {
        "INSERT INTO \(table) (" + columns.joinedInOneCopy(separator: ", ") + ") SELECT "
    }

    var insertEnd: String { "" }
}
