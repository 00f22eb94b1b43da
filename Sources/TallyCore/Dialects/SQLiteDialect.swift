/// SQLite: dynamic types (booleans are 1 and 0, JSON and times are text), its JSON1 functions, no regular
/// expressions and no time-zone database.
struct SQLiteDialect: SQLDialect {
    func identifier(_ name: String) -> String { StandardSQL.identifier(name) }
    func table(_ name: String) -> String { StandardSQL.dottedTable(name, identifier: identifier) }
    func literal(_ text: String) -> String { StandardSQL.literal(text) }
    func boolean(_ flag: Bool) -> String { flag ? "1" : "0" }
    var nullBoolean: String { "NULL" }

    func toDouble(_ expression: String) -> String { "CAST(\(expression) AS REAL)" }
    func toText(_ expression: String) -> String { "CAST(\(expression) AS TEXT)" }
    func toInteger(_ expression: String) -> String { "CAST(\(expression) AS INTEGER)" }

    func utcDate(_ column: String, type: ColumnType) -> String { "date(\(column))" }

    func periodStart(_ column: String, type: ColumnType, grain: Grain, weekStart: WeekStart) -> String {
        switch (grain, weekStart) {
        case (.day, _): return "date(\(column))"
        case (.week, .monday): return "date(\(column), '-6 days', 'weekday 1')"
        case (.week, .sunday): return "date(\(column), '-6 days', 'weekday 0')"
        case (.year, _): return "date(\(column), 'start of year')"
        default: return "date(\(column), 'start of month')"
        }
    }

    func addDays(_ date: String, _ days: String) -> String { "date(\(date), '+' || \(days) || ' days')" }

    func shiftDays(_ date: String, by days: Int) -> String {
        "date(\(date), '\(days < 0 ? "-" : "+")\(abs(days)) days')"
    }

    var joinsLaterally: Bool { false }

    /// No series function: a recursive query steps from the first period to the last.
    func periodSeries(from first: String, through last: String, grain: Grain) -> String {
        let step = StandardSQL.periodStep(grain)
        let period = identifier("period_start")
        return "WITH RECURSIVE \(identifier("series"))(\(period)) AS (\n"
            + "        SELECT \(first) WHERE \(first) IS NOT NULL\n"
            + "        UNION ALL\n"
            + "        SELECT date(\(period), '+\(step.count) \(step.unit)s') FROM \(identifier("series")) WHERE \(period) < \(last)\n"
            + "    )\n    SELECT \(period) FROM \(identifier("series"))"
    }

    func jsonText(_ column: String, path: [String]) -> String {
        // SQLite's JSON paths misread member names holding quotes, white space or other punctuation; any key
        // but a plain identifier is looked up by json_each, which compares keys byte for byte.
        let plain = path.allSatisfy { key in
            !key.isEmpty && !key.containsByte { !(($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x41 && $0 <= 0x5A)
                                                || ($0 >= 0x61 && $0 <= 0x7A) || $0 == 0x5F) }
        }
        guard !plain else {
            return "json_extract(\(column), \(literal(StandardSQL.jsonPath(path))))"
        }
        return path.reduce(column) { object, key in
            "(SELECT \"member\".\"value\" FROM json_each(\(object)) AS \"member\" WHERE \"member\".\"key\" = \(literal(key)))"
        }
    }

    func glob(_ column: String, _ pattern: String) -> String {
        // SQLite's LIKE ignores case; GLOB does not. Its own special characters go in brackets.
        let glob = pattern.split(separator: "*", omittingEmptySubsequences: false).map { piece in
            var escaped = ""
            for character in piece {
                escaped += character == "[" || character == "?" ? "[\(character)]" : String(character)
            }
            return escaped
        }.joined(separator: "*")
        return "\(column) GLOB \(literal(glob))"
    }

    func number(fromText text: String) -> String {
        // No regular expressions: the characters of a number only, then SQLite's own strict (RFC 8259) JSON
        // reader decides. The nested CASE keeps json_type from ever seeing text that is not JSON.
        "(CASE WHEN \(text) = '' OR \(text) GLOB '*[^-+.0-9eE]*' THEN NULL WHEN json_valid(\(text)) THEN "
            + "CASE WHEN json_type(\(text)) IN ('integer', 'real') THEN CAST(\(text) AS REAL) END END)"
    }
    /// CAST truncates toward zero, which is the floor of a non-negative number; FLOOR needs SQLite's optional
    /// math functions.
    func wholePart(_ expression: String) -> String { "CAST(\(expression) AS INTEGER)" }
    var percentileAggregate: (@Sendable (_ value: String, _ fraction: String) -> String)? { nil }

    func versionKey(_ column: String) -> (valid: String, key: String) {
        // No regular expressions in SQLite: a version is valid when, after the 'v', it is digits and dots that
        // form a JSON array of one to three integers below 1000.
        let bare = "(CASE WHEN substr(\(column), 1, 1) = 'v' THEN substr(\(column), 2) ELSE \(column) END)"
        let array = "('[' || replace(\(bare), '.', ',') || ']')"
        let valid = "(\(bare) <> '' AND trim(\(bare), '0123456789.') = '' AND json_valid(\(array))"
            + " AND json_array_length(\(array)) <= 3"
            + " AND COALESCE(json_extract(\(array), '$[0]'), 0) < 1000"
            + " AND COALESCE(json_extract(\(array), '$[1]'), 0) < 1000"
            + " AND COALESCE(json_extract(\(array), '$[2]'), 0) < 1000)"
        let key = "(json_extract(\(array), '$[0]') * 1000000 + COALESCE(json_extract(\(array), '$[1]'), 0) * 1000"
            + " + COALESCE(json_extract(\(array), '$[2]'), 0))"
        return (valid, key)
    }

    func knownBroken(key: String, bounds: [String]) -> String {
        StandardSQL.knownBrokenByCase(key: key, bounds: bounds, dialect: self)
    }

    func nullSafeEquals(_ left: String, _ right: String) -> String { "\(left) IS \(right)" }

    /// SQLite has no CREATE OR REPLACE VIEW.
    func createView(_ name: String, select: String) -> String {
        "DROP VIEW IF EXISTS \(name);\nCREATE VIEW \(name) AS\n\(select);\n"
    }
    func dropView(_ name: String) -> String? { "DROP VIEW IF EXISTS \(name);" }
    var createIndex: (@Sendable (_ name: String, _ table: String, _ expressions: [String]) -> String)? { nil }

    func columnType(_ type: ColumnType) -> String {
        switch type {
        case .integer, .boolean: "INTEGER"
        case .float: "REAL"
        case .text, .timestamp, .date, .json: "TEXT"
        }
    }

    /// Dynamic typing: a value is written as it is, JSON as its text.
    func typedLiteral(_ value: ExampleValue, type: ColumnType) -> String {
        if value == .null { return "NULL" }
        return type == .json ? literal(ExampleJSON.text(value)) : literal(value)
    }
}
