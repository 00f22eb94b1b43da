/// BigQuery (GoogleSQL): backquoted names, backslash escapes in strings, JSON_VALUE, regular expressions.
struct BigQueryDialect: SQLDialect {
    func identifier(_ name: String) -> String {
        name.enclosed(in: 0x60, escape: 0x5C) { $0 == 0x60 || $0 == 0x5C }
    }

    /// `dataset.table` is one backquoted path in BigQuery.
    func table(_ name: String) -> String { identifier(name) }

    /// BigQuery strings take backslash escapes.
    func literal(_ text: String) -> String { StandardSQL.backslashLiteral(text, control: StandardSQL.hexEscape) }

    func boolean(_ flag: Bool) -> String { flag ? "TRUE" : "FALSE" }
    var nullBoolean: String { "CAST(NULL AS BOOL)" }

    func toDouble(_ expression: String) -> String { "CAST(\(expression) AS FLOAT64)" }
    func toText(_ expression: String) -> String { "CAST(\(expression) AS STRING)" }
    func toInteger(_ expression: String) -> String { "CAST(\(expression) AS INT64)" }

    /// DATE(timestamp, zone) is the civil date of the instant in the zone, DST included.
    func localDate(_ column: String, type: ColumnType, zone: TimeZoneName) -> String {
        if type == .date { return column }
        return zone.isUTC ? "DATE(\(column))" : "DATE(\(column), \(literal(zone.identifier)))"
    }

    func periodStart(_ column: String, type: ColumnType, grain: Grain, weekStart: WeekStart, zone: TimeZoneName) -> String {
        let day = localDate(column, type: type, zone: zone)
        switch (grain, weekStart) {
        case (.day, _): return day
        // The casts are no-ops in BigQuery; they keep period_start a DATE in engines that read BigQuery SQL.
        case (.week, .monday): return "CAST(DATE_TRUNC(\(day), WEEK(MONDAY)) AS DATE)"
        // Written through Monday weeks so that every engine reading BigQuery SQL agrees on Sunday weeks.
        case (.week, .sunday):
            return "CAST(DATE_SUB(DATE_TRUNC(DATE_ADD(\(day), INTERVAL 1 DAY), WEEK(MONDAY)), INTERVAL 1 DAY) AS DATE)"
        case (.year, _): return "CAST(DATE_TRUNC(\(day), YEAR) AS DATE)"
        default: return "CAST(DATE_TRUNC(\(day), MONTH) AS DATE)"
        }
    }

    func addDays(_ date: String, _ days: String) -> String { "CAST(DATE_ADD(\(date), INTERVAL \(days) DAY) AS DATE)" }

    func epochMilliseconds(_ column: String, type: ColumnType) -> String {
        type == .date ? "UNIX_MILLIS(TIMESTAMP(\(column)))" : "CAST(ROUND(UNIX_MICROS(\(column)) / 1000) AS INT64)"
    }

    func dayCount(from first: String, through last: String) -> String { "(DATE_DIFF(\(last), \(first), DAY) + 1)" }

    func shiftDays(_ date: String, by days: Int) -> String {
        "CAST(DATE_ADD(\(date), INTERVAL \(days) DAY) AS DATE)"
    }

    /// Correlated subqueries in FROM are limited to UNNEST.
    var joinsLaterally: Bool { false }

    func shiftPeriods(_ date: String, by periods: Int, grain: Grain) -> String {
        let step = StandardSQL.periodStep(grain)
        return "CAST(DATE_ADD(\(date), INTERVAL \(step.count * periods) \(step.unit.uppercased())) AS DATE)"
    }

    func periodSeries(from first: String, through last: String, grain: Grain) -> String {
        let step = StandardSQL.periodStep(grain)
        return "SELECT \(identifier("period_start"))\n    FROM UNNEST(GENERATE_DATE_ARRAY(\(first), \(last), "
            + "INTERVAL \(step.count) \(step.unit.uppercased()))) AS \(identifier("period_start"))"
    }

    func jsonText(_ column: String, path: [String]) -> String {
        "JSON_VALUE(\(column), \(literal(StandardSQL.jsonPath(path))))"
    }

    func glob(_ column: String, _ pattern: GlobPattern) -> String {
        // A regular expression: BigQuery's LIKE has no ESCAPE clause that other engines read the same way. The s
        // flag lets `.` match a newline, as `*` and `?` do in the other dialects.
        let regex = "(?s)^" + StandardSQL.globRegex(pattern) + "$"
        return "REGEXP_CONTAINS(\(column), \(literal(regex)))"
    }

    func wholePart(_ expression: String) -> String { "FLOOR(\(expression))" }
    /// BigQuery's PERCENTILE_CONT is a window function only, not an aggregate.
    var percentileAggregate: (@Sendable (_ value: String, _ fraction: String) -> String)? { nil }

    func versionKey(_ column: String) -> (valid: String?, key: String) {
        // Every valid version has a major number; a minor or patch it lacks is 0.
        func part(_ index: Int) -> String {
            let number = "CAST(REGEXP_EXTRACT(\(column), \(literal(StandardSQL.versionPartRegex(index)))) AS INT64)"
            return index == 1 ? number : "COALESCE(\(number), 0)"
        }
        let pattern = "^" + StandardSQL.versionRegex + "$"
        return ("REGEXP_CONTAINS(\(column), \(literal(pattern)))", StandardSQL.versionKey(part: part))
    }

    func knownBroken(key: String, bounds: [String]) -> String {
        StandardSQL.knownBrokenByCase(key: key, bounds: bounds, dialect: self)
    }

    /// JSON_VALUE gives strings, numbers and true/false alike as text; the JSON text of the value tells them apart
    /// (a string's starts with a quote). This reads a JSON column, the type json columns have here (columnType).
    func jsonString(_ column: String, path: [String]) -> String {
        let json = "JSON_QUERY(\(column), \(literal(StandardSQL.jsonPath(path))))"
        return "(CASE WHEN STARTS_WITH(TO_JSON_STRING(\(json)), '\"') THEN \(jsonText(column, path: path)) END)"
    }

    func nullSafeEquals(_ left: String, _ right: String) -> String { "\(left) IS NOT DISTINCT FROM \(right)" }

    /// Strings compare by code point, which is the order of their UTF-8 bytes; times are typed.
    func ordered(_ expression: String, type: ColumnType) -> String { expression }

    /// SAFE_CAST gives NULL instead of failing; the regular expression keeps out what it would still read as a
    /// number (NaN, inf, white space).
    func jsonNumber(_ column: String, path: [String]) -> String {
        let text = jsonText(column, path: path)
        let number = "^" + StandardSQL.jsonNumberRegex + "$"
        return "(CASE WHEN REGEXP_CONTAINS(\(text), \(literal(number))) "
            + "THEN SAFE_CAST(\(text) AS FLOAT64) END)"
    }

    func createView(_ name: String, select: String) -> String { StandardSQL.createOrReplaceView(name, select: select) }
    /// CREATE OR REPLACE replaces a view in place, whatever its columns were.
    func dropViews(_ ids: [String]) -> String? { nil }
    var nameBytes: Int? { nil }
    /// BigQuery resolves no name inside a view against a default dataset: a view reading another (a ratio's inputs)
    /// must name its dataset, so the views are created in, and read each other from, the one tally.yaml names.
    var viewSchemaSetting: (key: String, description: String)? {
        ("dataset", "The dataset (or project.dataset) the BigQuery views are created in and read each other from: "
            + "BigQuery resolves no name inside a view against a default dataset.")
    }
    var createIndex: (@Sendable (_ name: String, _ table: String, _ expressions: [String]) -> String)? { nil }

    func columnType(_ type: ColumnType) -> String {
        switch type {
        case .text: "STRING"
        case .integer: "INT64"
        case .float: "FLOAT64"
        case .boolean: "BOOL"
        case .timestamp: "TIMESTAMP"
        case .date: "DATE"
        case .json: "JSON"
        }
    }

    func typedLiteral(_ value: ExampleValue, type: ColumnType) -> String {
        StandardSQL.castLiteral(value, type: type, dialect: self)
    }
}
