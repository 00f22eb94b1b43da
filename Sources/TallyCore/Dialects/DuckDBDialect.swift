/// DuckDB: standard quoting and strings, TIMESTAMPTZ instants placed in zones by its ICU time-zone data, the JSON
/// type read by JSONPath, and regular expressions. No indexes: DuckDB skips row groups by their min/max, so the
/// period filter is served by loading rows in timestamp order (docs/format.md).
struct DuckDBDialect: SQLDialect {
    func identifier(_ name: String) -> String { StandardSQL.identifier(name) }
    func table(_ name: String) -> String { StandardSQL.dottedTable(name, identifier: identifier) }
    func literal(_ text: String) -> String { StandardSQL.literal(text) }
    func boolean(_ flag: Bool) -> String { flag ? "TRUE" : "FALSE" }
    var nullBoolean: String { "CAST(NULL AS BOOLEAN)" }

    func toDouble(_ expression: String) -> String { "CAST(\(expression) AS DOUBLE)" }
    func toText(_ expression: String) -> String { "CAST(\(expression) AS VARCHAR)" }
    func toInteger(_ expression: String) -> String { "CAST(\(expression) AS BIGINT)" }

    /// timezone(zone, timestamptz) is the wall-clock time of the instant in the zone, DST included, whatever the
    /// session's TimeZone (which a plain cast to DATE would use).
    func localDate(_ column: String, type: ColumnType, zone: TimeZoneName) -> String {
        type == .date ? column : "CAST(timezone(\(literal(zone.identifier)), \(column)) AS DATE)"
    }

    func periodStart(_ column: String, type: ColumnType, grain: Grain, weekStart: WeekStart, zone: TimeZoneName) -> String {
        let day = localDate(column, type: type, zone: zone)
        // date_trunc of a DATE gives a TIMESTAMP; weeks are ISO weeks, from Monday.
        switch (grain, weekStart) {
        case (.day, _): return day
        case (.week, .sunday): return "(CAST(date_trunc('week', \(day) + 1) AS DATE) - 1)"
        default: return "CAST(date_trunc('\(grain.rawValue)', \(day)) AS DATE)"
        }
    }

    func addDays(_ date: String, _ days: String) -> String { "(\(date) + CAST(\(days) AS INTEGER))" }

    /// epoch_us of an instant counts from 1970-01-01 UTC whatever the session's zone; a date is its midnight UTC.
    func epochMilliseconds(_ column: String, type: ColumnType) -> String {
        type == .date ? "(CAST(\(column) - DATE '1970-01-01' AS BIGINT) * 86400000)"
            : "CAST(ROUND(epoch_us(\(column)) / 1000) AS BIGINT)"
    }

    func dayCount(from first: String, through last: String) -> String { "(\(last) - \(first) + 1)" }

    func shiftDays(_ date: String, by days: Int) -> String { StandardSQL.shiftDaysArithmetically(date, by: days) }

    /// The per-period LATERAL form is for PostgreSQL's index range scans; DuckDB has no such index to use.
    var joinsLaterally: Bool { false }

    func shiftPeriods(_ date: String, by periods: Int, grain: Grain) -> String {
        StandardSQL.shiftPeriodsByInterval(date, by: periods, grain: grain)
    }

    /// generate_series over NULL bounds gives no rows.
    func periodSeries(from first: String, through last: String, grain: Grain) -> String {
        StandardSQL.generatedSeries(from: first, through: last, grain: grain, identifier: identifier)
    }

    /// json_extract_string gives a string's text, a number's or true/false's JSON text, as PostgreSQL's ->> does.
    func jsonText(_ column: String, path: [String]) -> String {
        "json_extract_string(\(column), \(pointer(path)))"
    }

    /// A JSON Pointer (/a/b, ~ and / escaped), not a JSONPath: DuckDB reads a quoted JSONPath member "*" as a
    /// wildcard, which turns the result into a list.
    private func pointer(_ path: [String]) -> String {
        literal(path.map { "/" + $0.replacingAll("~", with: "~0").replacingAll("/", with: "~1") }.joined())
    }

    func glob(_ column: String, _ pattern: GlobPattern) -> String {
        // LIKE is case-sensitive in DuckDB and % spans newlines; the escape character is named, as DuckDB has none
        // by default.
        "\(column) LIKE \(literal(StandardSQL.likePattern(pattern))) ESCAPE '\\'"
    }

    func wholePart(_ expression: String) -> String { "FLOOR(\(expression))" }
    var percentileAggregate: (@Sendable (_ value: String, _ fraction: String) -> String)? {
        { value, fraction in "quantile_cont(\(value), \(fraction))" }
    }

    /// TRY_CAST, not CAST: the key is computed for every row, valid or not, and must never fail the query.
    func versionKey(_ column: String) -> (valid: String?, key: String) {
        let key = StandardSQL.versionKeyBySplitting("ltrim(\(column), 'v')", cast: "TRY_CAST")
        return ("regexp_full_match(\(column), \(literal(StandardSQL.versionRegex)))", key)
    }

    func knownBroken(key: String, bounds: [String]) -> String {
        StandardSQL.knownBrokenByCase(key: key, bounds: bounds, dialect: self)
    }

    func jsonString(_ column: String, path: [String]) -> String {
        "(CASE WHEN json_type(\(column), \(pointer(path))) = 'VARCHAR' THEN \(jsonText(column, path: path)) END)"
    }

    func nullSafeEquals(_ left: String, _ right: String) -> String { "\(left) IS NOT DISTINCT FROM \(right)" }

    /// DuckDB's default collation is binary: text orders by its bytes.
    func ordered(_ expression: String, type: ColumnType) -> String { expression }

    /// The regular expression keeps out what TRY_CAST would still read as a number (NaN, inf, white space).
    func jsonNumber(_ column: String, path: [String]) -> String {
        let text = jsonText(column, path: path)
        return "(CASE WHEN regexp_full_match(\(text), \(literal(StandardSQL.jsonNumberRegex))) THEN TRY_CAST(\(text) AS DOUBLE) END)"
    }

    func createView(_ name: String, select: String) -> String { StandardSQL.createOrReplaceView(name, select: select) }
    /// Views bind their inputs when queried, so CREATE OR REPLACE replaces one in place.
    func dropViews(_ ids: [String]) -> String? { nil }
    var nameBytes: Int? { nil }
    var createIndex: (@Sendable (_ name: String, _ table: String, _ expressions: [String]) -> String)? { nil }

    func columnType(_ type: ColumnType) -> String {
        switch type {
        case .text: "VARCHAR"
        case .integer: "BIGINT"
        case .float: "DOUBLE"
        case .boolean: "BOOLEAN"
        case .timestamp: "TIMESTAMPTZ"
        case .date: "DATE"
        case .json: "JSON"
        }
    }

    func typedLiteral(_ value: ExampleValue, type: ColumnType) -> String {
        StandardSQL.castLiteral(value, type: type, dialect: self)
    }
}
