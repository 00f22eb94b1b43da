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

    func localDate(_ column: String, type: ColumnType, zone: TimeZoneName) -> String {
        "date(" + ([column] + shift(column, type: type, zone: zone)).joinedInOneCopy(separator: ", ") + ")"
    }

    func periodStart(_ column: String, type: ColumnType, grain: Grain, weekStart: WeekStart, zone: TimeZoneName) -> String {
        let day = [column] + shift(column, type: type, zone: zone)
        let modifiers: [String]
        switch (grain, weekStart) {
        case (.day, _): modifiers = []
        case (.week, .monday): modifiers = ["'-6 days'", "'weekday 1'"]
        case (.week, .sunday): modifiers = ["'-6 days'", "'weekday 0'"]
        case (.year, _): modifiers = ["'start of year'"]
        default: modifiers = ["'start of month'"]
        }
        return "date(" + (day + modifiers).joinedInOneCopy(separator: ", ") + ")"
    }

    /// The modifier that moves a UTC instant to local time in `zone`: none for UTC or a date. SQLite has no
    /// time-zone database, so the zone's offsets are written into the SQL at compile time, from Foundation's
    /// (ZoneOffsets: 1970 to 2100): a search over the instant's Unix seconds, in a subquery so they are computed
    /// once. An instant outside that range has no offset, and NULL as a modifier makes the date NULL: such a row
    /// falls in no period rather than in a wrong one.
    private func shift(_ column: String, type: ColumnType, zone: TimeZoneName) -> [String] {
        guard type == .timestamp, !zone.isUTC else { return [] }
        let seconds = identifier("s")
        return ["(SELECT \(Self.offsetSearch(zone, seconds: seconds)) || ' seconds' FROM (SELECT "
                + "CAST(strftime('%s', \(column)) AS INTEGER) AS \(seconds)))"]
    }

    private static let searches = Locked<[String: String]>([:])

    /// `seconds` → the zone's offset then, as a CASE that halves the transitions at each level (about 9 levels for
    /// a zone with daylight saving time: 260 transitions from 1970 to 2100), commented with the zone and range.
    private static func offsetSearch(_ zone: TimeZoneName, seconds: String) -> String {
        if let known = searches.withLock({ $0[zone.identifier] }) { return known }
        let spans = ZoneOffsets.of(zone).spans
        // Leaf i holds from bound i - 1 (inclusive) to bound i: NULL before the first span and after the last.
        let bounds = spans.map(\.start) + [ZoneOffsets.endInstant]
        let leaves = ["NULL"] + spans.map { String($0.offset) } + ["NULL"]
        func search(_ low: Int, _ high: Int) -> String {
            guard low < high else { return leaves[low] }
            let middle = (low + high) / 2
            return "CASE WHEN \(seconds) < \(bounds[middle]) THEN \(search(low, middle)) ELSE \(search(middle + 1, high)) END"
        }
        let text = "/* UTC offsets of \(zone.identifier), 1970-01-01 to 2100-01-01 (UTC), from the time-zone data "
            + "tally was built with; NULL outside */ " + search(0, leaves.count - 1)
        searches.withLock { $0[zone.identifier] = text }
        return text
    }

    func addDays(_ date: String, _ days: String) -> String { "date(\(date), '+' || \(days) || ' days')" }

    /// julianday keeps whole milliseconds (SQLite computes times in them), so rounding recovers them exactly.
    func epochMilliseconds(_ column: String, type: ColumnType) -> String {
        "CAST(ROUND((julianday(\(column)) - 2440587.5) * 86400000.0) AS INTEGER)"
    }

    func dayCount(from first: String, through last: String) -> String {
        "(CAST(julianday(\(last)) - julianday(\(first)) AS INTEGER) + 1)"
    }

    func shiftDays(_ date: String, by days: Int) -> String {
        "date(\(date), '\(days < 0 ? "-" : "+")\(abs(days)) days')"
    }

    var joinsLaterally: Bool { false }

    func shiftPeriods(_ date: String, by periods: Int, grain: Grain) -> String {
        let step = StandardSQL.periodStep(grain)
        return "date(\(date), '+\(step.count * periods) \(step.unit)s')"
    }

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

    /// The text PostgreSQL's ->> and BigQuery's JSON_VALUE give, so a field compares and groups alike everywhere:
    /// json_extract would give 5 for the number (never equal to the text '5') and 1 for true.
    func jsonText(_ column: String, path: [String]) -> String {
        typedField(column, path: path) { type, value in
            "CASE \(type) WHEN 'true' THEN 'true' WHEN 'false' THEN 'false' WHEN 'integer' THEN CAST(\(value) AS TEXT) "
                + "WHEN 'real' THEN CAST(\(value) AS TEXT) ELSE \(value) END"
        }
    }

    /// SQLite's JSON paths misread member names holding quotes, white space or other punctuation; any key but a
    /// plain identifier is looked up by json_each, which compares keys byte for byte.
    private func isPlain(_ path: [String]) -> Bool { path.allSatisfy(StandardSQL.isPlainMember) }

    /// `select` over the json_each row of `key` in `object`, whose columns are "member"."value" and "type".
    private func member(of object: String, _ key: String, _ select: String) -> String {
        "(SELECT \(select) FROM json_each(\(object)) AS \"member\" WHERE \"member\".\"key\" = \(literal(key)))"
    }

    /// json_extract gives JSON numbers as numbers, strings as text and true as 1, so the JSON type decides: a
    /// number as it is, text only when it parses as exactly one JSON number (no regular expressions in SQLite;
    /// the GLOB refuses the white space json_valid would allow), anything else NULL.
    func jsonNumber(_ column: String, path: [String]) -> String {
        func number(type: String, value: String) -> String {
            let parses = "\(value) NOT GLOB '*[^0-9eE.+-]*' AND json_valid(\(value))"
            return "CASE \(type) WHEN 'integer' THEN \(value) WHEN 'real' THEN \(value) WHEN 'text' THEN "
                + "CASE WHEN \(parses) THEN CASE WHEN json_type(\(value)) IN ('integer', 'real') "
                + "THEN CAST(\(value) AS REAL) END END END"
        }
        return typedField(column, path: path, read: number)
    }

    func glob(_ column: String, _ pattern: GlobPattern) -> String {
        // SQLite's LIKE ignores case; GLOB does not. Its own special characters in the text go in brackets.
        let glob = pattern.pieces.map { piece in
            switch piece {
            case .anyRun: return "*"
            case .anyOne: return "?"
            case .text(let text):
                var escaped = ""
                for character in text {
                    escaped += character == "[" || character == "?" || character == "*" ? "[\(character)]" : String(character)
                }
                return escaped
            }
        }.joined()
        return "\(column) GLOB \(literal(glob))"
    }

    /// CAST truncates toward zero, which is the floor of a non-negative number; FLOOR needs SQLite's optional
    /// math functions.
    func wholePart(_ expression: String) -> String { "CAST(\(expression) AS INTEGER)" }
    var percentileAggregate: (@Sendable (_ value: String, _ fraction: String) -> String)? { nil }

    func versionKey(_ column: String) -> (valid: String?, key: String) {
        // No regular expressions in SQLite: a version is valid when, after the 'v', it is digits and dots that split
        // into one to three parts of one to three digits, as the other dialects' pattern says. The parts are a JSON
        // array of strings, not of numbers: JSON refuses a number with a leading zero, and "3.05" is 3.5 on every
        // other engine. A subquery cuts and splits it once, so each test reads the names `v` and `a` instead of
        // repeating the expression that makes them (it was 1,500 characters per view). The key is NULL for anything
        // else, so it is written once, with no test before it that would repeat it.
        let (v, a) = (identifier("v"), identifier("a"))
        let parts = (0..<3).map { "json_extract(\(a), '$[\($0)]')" }
        let valid = "\(v) <> '' AND trim(\(v), '0123456789.') = '' AND json_valid(\(a)) AND json_array_length(\(a)) <= 3"
            + " AND length(\(parts[0])) BETWEEN 1 AND 3"
            + parts.dropFirst().map { " AND COALESCE(length(\($0)) BETWEEN 1 AND 3, 1)" }.joined()
        let number = "CAST(\(parts[0]) AS INTEGER) * 1000000 + COALESCE(CAST(\(parts[1]) AS INTEGER), 0) * 1000 + "
            + "COALESCE(CAST(\(parts[2]) AS INTEGER), 0)"
        let key = "(SELECT CASE WHEN \(valid) THEN \(number) END FROM (SELECT \(v), '[\"' || replace(\(v), '.', '\",\"') || '\"]' AS \(a) "
            + "FROM (SELECT CASE WHEN substr(\(column), 1, 1) = 'v' THEN substr(\(column), 2) ELSE \(column) END AS \(v))))"
        return (nil, key)
    }

    func knownBroken(key: String, bounds: [String]) -> String {
        StandardSQL.knownBrokenByCase(key: key, bounds: bounds, dialect: self)
    }

    func jsonString(_ column: String, path: [String]) -> String {
        func string(type: String, value: String) -> String { "CASE WHEN \(type) = 'text' THEN \(value) END" }
        return typedField(column, path: path, read: string)
    }

    /// A JSON field read through its JSON type (`read(type, value)`): by path where the member names are plain, by
    /// json_each where they are not (see jsonText).
    private func typedField(_ column: String, path: [String], read: (_ type: String, _ value: String) -> String) -> String {
        if isPlain(path) {
            let jsonPath = literal(StandardSQL.jsonPath(path))
            return "(" + read("json_type(\(column), \(jsonPath))", "json_extract(\(column), \(jsonPath))") + ")"
        }
        let object = path.count == 1 ? column : jsonText(column, path: Array(path.dropLast()))
        return member(of: object, path[path.count - 1], read("\"member\".\"type\"", "\"member\".\"value\""))
    }

    func nullSafeEquals(_ left: String, _ right: String) -> String { "\(left) IS \(right)" }

    /// Text compares by bytes already (the BINARY collation); times are text here, compared as instants through
    /// julianday, which reads every ISO form and offset (to the millisecond).
    func ordered(_ expression: String, type: ColumnType) -> String {
        switch type {
        case .timestamp, .date: "julianday(\(expression))"
        case .text, .integer, .float, .boolean, .json: expression
        }
    }

    /// SQLite has no CREATE OR REPLACE VIEW.
    func createView(_ name: String, select: String) -> String {
        String(concatenating: "DROP VIEW IF EXISTS ", name, ";\nCREATE VIEW ", name, " AS\n", select, ";\n")
    }
    /// A statement per view, dependents first: createView drops only its own view, which a view reading it would
    /// stop.
    func dropViews(_ ids: [String]) -> String? {
        ids.isEmpty ? nil : ids.map { "DROP VIEW IF EXISTS \(identifier($0));" }.joinedInOneCopy(separator: "\n")
    }
    var nameBytes: Int? { nil }
    /// The zones' offsets written into the SQL cover 1970 to 2100 only.
    var localDayCanBeNull: Bool { true }
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
