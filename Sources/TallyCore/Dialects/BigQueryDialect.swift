/// BigQuery (GoogleSQL): backquoted names, backslash escapes in strings, JSON_VALUE, regular expressions.
struct BigQueryDialect: SQLDialect {
    func identifier(_ name: String) -> String {
        "`" + name.replacingAll("\\", with: "\\\\").replacingAll("`", with: "\\`") + "`"
    }

    /// `dataset.table` is one backquoted path in BigQuery.
    func table(_ name: String) -> String { identifier(name) }

    func literal(_ text: String) -> String {
        // BigQuery strings take backslash escapes, so backslashes, quotes and line breaks are escaped.
        var output = "'"
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": output += "\\\\"
            case "'": output += "\\'"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                output += "\\x" + (hex.count == 1 ? "0" : "") + hex
            default: output.unicodeScalars.append(scalar)
            }
        }
        return output + "'"
    }

    func boolean(_ flag: Bool) -> String { flag ? "TRUE" : "FALSE" }
    var nullBoolean: String { "CAST(NULL AS BOOL)" }

    func toDouble(_ expression: String) -> String { "CAST(\(expression) AS FLOAT64)" }
    func toText(_ expression: String) -> String { "CAST(\(expression) AS STRING)" }
    func toInteger(_ expression: String) -> String { "CAST(\(expression) AS INT64)" }

    func utcDate(_ column: String, type: ColumnType) -> String { type == .date ? column : "DATE(\(column))" }

    func periodStart(_ column: String, type: ColumnType, grain: Grain, weekStart: WeekStart) -> String {
        let day = utcDate(column, type: type)
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

    func shiftDays(_ date: String, by days: Int) -> String {
        "CAST(DATE_ADD(\(date), INTERVAL \(days) DAY) AS DATE)"
    }

    /// Correlated subqueries in FROM are limited to UNNEST.
    var joinsLaterally: Bool { false }

    func periodSeries(from first: String, through last: String, grain: Grain) -> String {
        let step = StandardSQL.periodStep(grain)
        return "SELECT \(identifier("period_start"))\n    FROM UNNEST(GENERATE_DATE_ARRAY(\(first), \(last), "
            + "INTERVAL \(step.count) \(step.unit.uppercased()))) AS \(identifier("period_start"))"
    }

    func jsonText(_ column: String, path: [String]) -> String {
        "JSON_VALUE(\(column), \(literal(StandardSQL.jsonPath(path))))"
    }

    func glob(_ column: String, _ pattern: String) -> String {
        // A regular expression: BigQuery's LIKE has no ESCAPE clause that other engines read the same way.
        let pieces = pattern.split(separator: "*", omittingEmptySubsequences: false).map(String.init)
        let regex = "^" + pieces.map(StandardSQL.regexEscaped).joined(separator: ".*") + "$"
        return "REGEXP_CONTAINS(\(column), \(literal(regex)))"
    }

    func number(fromText text: String) -> String {
        "CASE WHEN REGEXP_CONTAINS(\(text), \(literal(StandardSQL.numberPattern))) THEN CAST(\(text) AS FLOAT64) END"
    }
    func wholePart(_ expression: String) -> String { "FLOOR(\(expression))" }
    /// BigQuery's PERCENTILE_CONT is a window function only, not an aggregate.
    var percentileAggregate: (@Sendable (_ value: String, _ fraction: String) -> String)? { nil }

    func versionKey(_ column: String) -> (valid: String, key: String) {
        func part(_ index: Int) -> String {
            let capture = (1...3).map { $0 == index ? "([0-9]{1,3})" : "[0-9]{1,3}" }
            let regex = index == 1
                ? "^v?([0-9]{1,3})(?:\\.[0-9]{1,3}){0,2}$"
                : index == 2 ? "^v?[0-9]{1,3}\\.([0-9]{1,3})(?:\\.[0-9]{1,3})?$"
                : "^v?\(capture[0])\\.\(capture[1])\\.\(capture[2])$"
            return "CAST(REGEXP_EXTRACT(\(column), \(literal(regex))) AS INT64)"
        }
        let key = "(\(part(1)) * 1000000 + COALESCE(\(part(2)), 0) * 1000 + COALESCE(\(part(3)), 0))"
        let pattern = "^v?([0-9]{1,3})(\\.([0-9]{1,3}))?(\\.([0-9]{1,3}))?$"
        return ("REGEXP_CONTAINS(\(column), \(literal(pattern)))", key)
    }

    func knownBroken(key: String, bounds: [String]) -> String {
        StandardSQL.knownBrokenByCase(key: key, bounds: bounds, dialect: self)
    }

    func nullSafeEquals(_ left: String, _ right: String) -> String { "\(left) IS NOT DISTINCT FROM \(right)" }

    func createView(_ name: String, select: String) -> String { "CREATE OR REPLACE VIEW \(name) AS\n\(select);\n" }
    /// CREATE OR REPLACE replaces a view in place, whatever its columns were.
    func dropView(_ name: String) -> String? { nil }
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
