/// Spark SQL (Apache Spark 4, Databricks, EMR, Dataproc): backquoted names, backslash escapes in strings, JSON held
/// as STRING text, TIMESTAMP read in a session whose time zone is UTC. Spark 4 runs in ANSI mode, where a CAST of
/// malformed text fails the whole query: every read of JSON or a version goes through functions that give NULL
/// instead (get_json_object, from_json, try_cast, try_element_at).
struct SparkDialect: SQLDialect {
    func identifier(_ name: String) -> String { name.enclosed(in: 0x60, escape: 0x60) { $0 == 0x60 } }
    func table(_ name: String) -> String { StandardSQL.dottedTable(name, identifier: identifier) }

    /// Spark strings take backslash escapes; a control character is written as \u00XX, as Spark has no \x.
    func literal(_ text: String) -> String {
        StandardSQL.backslashLiteral(text) { value in
            let hex = String(value, radix: 16)
            return "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
        }
    }

    func boolean(_ flag: Bool) -> String { flag ? "TRUE" : "FALSE" }
    var nullBoolean: String { "CAST(NULL AS BOOLEAN)" }

    func toDouble(_ expression: String) -> String { "CAST(\(expression) AS DOUBLE)" }
    func toText(_ expression: String) -> String { "CAST(\(expression) AS STRING)" }
    func toInteger(_ expression: String) -> String { "CAST(\(expression) AS BIGINT)" }

    /// from_utc_timestamp moves an instant to the zone's wall-clock time (DST included); to_date then takes its
    /// day in the session time zone, which must be UTC (as tally's Spark event_logs are read).
    func localDate(_ column: String, type: ColumnType, zone: TimeZoneName) -> String {
        if type == .date { return column }
        return zone.isUTC ? "to_date(\(column))" : "to_date(from_utc_timestamp(\(column), \(literal(zone.identifier))))"
    }

    func periodStart(_ column: String, type: ColumnType, grain: Grain, weekStart: WeekStart, zone: TimeZoneName) -> String {
        let day = localDate(column, type: type, zone: zone)
        // trunc of a DATE is a DATE; its weeks start on Monday.
        switch (grain, weekStart) {
        case (.day, _): return day
        case (.week, .monday): return "trunc(\(day), 'WEEK')"
        case (.week, .sunday): return "date_sub(trunc(date_add(\(day), 1), 'WEEK'), 1)"
        case (.year, _): return "trunc(\(day), 'YEAR')"
        default: return "trunc(\(day), 'MM')"
        }
    }

    func addDays(_ date: String, _ days: String) -> String { "date_add(\(date), CAST(\(days) AS INT))" }

    /// unix_micros counts an instant from 1970-01-01 UTC; a date is its midnight UTC (unix_date: days since then),
    /// so neither depends on the session's zone.
    func epochMilliseconds(_ column: String, type: ColumnType) -> String {
        type == .date ? "(CAST(unix_date(\(column)) AS BIGINT) * 86400000)"
            : "CAST(ROUND(unix_micros(\(column)) / 1000.0) AS BIGINT)"
    }

    func dayCount(from first: String, through last: String) -> String { "(datediff(\(last), \(first)) + 1)" }

    func shiftDays(_ date: String, by days: Int) -> String { "date_add(\(date), \(days))" }

    /// The per-period LATERAL form is for PostgreSQL's index range scans; Spark has no index to use, and limits
    /// correlated subqueries in FROM.
    var joinsLaterally: Bool { false }

    func shiftPeriods(_ date: String, by periods: Int, grain: Grain) -> String {
        let step = StandardSQL.periodStep(grain)
        switch step.unit {
        case "month": return "add_months(\(date), \(step.count * periods))"
        case "year": return "add_months(\(date), \(12 * step.count * periods))"
        default: return shiftDays(date, by: step.count * periods)
        }
    }

    /// sequence fails on a last bound before the first: that case gets a NULL bound, and a NULL sequence explodes
    /// to no rows, as NULL bounds (a table without rows) do.
    func periodSeries(from first: String, through last: String, grain: Grain) -> String {
        let step = StandardSQL.periodStep(grain)
        let (start, end) = (identifier("first"), identifier("last"))
        return "SELECT explode(sequence(\(start), CASE WHEN \(end) >= \(start) THEN \(end) END, "
            + "INTERVAL \(step.count) \(step.unit.uppercased()))) AS \(identifier("period_start"))\n"
            + "    FROM (SELECT \(first) AS \(start), \(last) AS \(end)) AS \(identifier("bounds"))"
    }

    /// get_json_object and from_json give a string's text and a number's or true/false's JSON text, as PostgreSQL's
    /// ->> does, and NULL for text that is not JSON. Plain member names go in a JSONPath for get_json_object; any
    /// other is looked up in the object as a map, as Spark's JSONPath has no escapes for quotes or brackets.
    func jsonText(_ column: String, path: [String]) -> String {
        if path.allSatisfy(StandardSQL.isPlainMember) {
            return "get_json_object(\(column), \(literal("$." + path.joinedInOneCopy(separator: "."))))"
        }
        return path.reduce(column) { object, key in
            "try_element_at(from_json(\(object), 'map<string,string>'), \(literal(key)))"
        }
    }

    func glob(_ column: String, _ pattern: GlobPattern) -> String {
        // Spark's LIKE is case-sensitive, its wildcards span newlines, and backslash is its escape.
        "\(column) LIKE \(literal(StandardSQL.likePattern(pattern)))"
    }

    func wholePart(_ expression: String) -> String { "FLOOR(\(expression))" }
    /// percentile interpolates linearly between the two nearest values, as percentile_cont does.
    var percentileAggregate: (@Sendable (_ value: String, _ fraction: String) -> String)? {
        { value, fraction in "percentile(\(value), \(fraction))" }
    }

    /// A regular expression anchored at the text's very end: Java's `$` also matches before a final line break,
    /// so "3.26\n" read as release 3.26 (and known broken) where every other engine reads no release.
    private func toTheEnd(_ regex: String) -> String {
        regex.hasSuffix("$") ? String(regex.dropLast()) + "\\z" : regex + "\\z"
    }

    func versionKey(_ column: String) -> (valid: String?, key: String) {
        // Every valid version has a major number; a minor or patch it lacks is 0.
        func part(_ index: Int) -> String {
            let regex = literal(toTheEnd(StandardSQL.versionPartRegex(index)))
            let number = "try_cast(NULLIF(regexp_extract(\(column), \(regex), 1), '') AS INT)"
            return index == 1 ? number : "COALESCE(\(number), 0)"
        }
        return ("\(column) RLIKE \(literal(toTheEnd("^" + StandardSQL.versionRegex)))", StandardSQL.versionKey(part: part))
    }

    func knownBroken(key: String, bounds: [String]) -> String {
        StandardSQL.knownBrokenByCase(key: key, bounds: bounds, dialect: self)
    }

    /// The field's JSON type, from a VARIANT parsed from the text (try_parse_json: NULL for text that is not JSON).
    func jsonString(_ column: String, path: [String]) -> String {
        let variant = path.reduce("try_parse_json(\(column))") { object, key in
            "try_element_at(try_variant_get(\(object), '$', 'map<string,variant>'), \(literal(key)))"
        }
        return "(CASE WHEN schema_of_variant(\(variant)) = 'STRING' THEN \(jsonText(column, path: path)) END)"
    }

    func nullSafeEquals(_ left: String, _ right: String) -> String { "\(left) <=> \(right)" }

    /// Strings compare by their UTF-8 bytes; times are typed.
    func ordered(_ expression: String, type: ColumnType) -> String { expression }

    /// The regular expression keeps out what try_cast would still read as a number (NaN, Infinity, white space).
    func jsonNumber(_ column: String, path: [String]) -> String {
        let text = jsonText(column, path: path)
        return "(CASE WHEN \(text) RLIKE \(literal(toTheEnd("^" + StandardSQL.jsonNumberRegex))) THEN try_cast(\(text) AS DOUBLE) END)"
    }

    func createView(_ name: String, select: String) -> String { StandardSQL.createOrReplaceView(name, select: select) }
    /// CREATE OR REPLACE replaces a view in place, whatever its columns were.
    func dropViews(_ ids: [String]) -> String? { nil }
    var nameBytes: Int? { nil }
    /// Spark has no indexes: a table partitioned by its date column lets the period filter skip files
    /// (docs/format.md).
    var createIndex: (@Sendable (_ name: String, _ table: String, _ expressions: [String]) -> String)? { nil }

    func columnType(_ type: ColumnType) -> String {
        switch type {
        case .text, .json: "STRING"
        case .integer: "BIGINT"
        case .float: "DOUBLE"
        case .boolean: "BOOLEAN"
        case .timestamp: "TIMESTAMP"
        case .date: "DATE"
        }
    }

    /// JSON is its text; times through a cast to their type.
    func typedLiteral(_ value: ExampleValue, type: ColumnType) -> String {
        if value == .null { return "NULL" }
        if type == .json { return literal(ExampleJSON.text(value)) }
        return StandardSQL.castLiteral(value, type: type, dialect: self)
    }
}
