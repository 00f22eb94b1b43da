/// Everything that differs between the SQL engines tally writes for. One conforming type per engine lives in this
/// folder, and DialectRegistry.swift maps each `Dialect` of tally.yaml to it. The requirements have no default
/// implementations on purpose: a new dialect that forgets one does not compile, and the compiler lists what it
/// lacks. Shared behaviour that several dialects choose is in `StandardSQL` (below), called explicitly.
///
/// Every identifier and literal that comes from a definition goes through `identifier` or `literal`; nothing is
/// pasted raw.
protocol SQLDialect: Sendable {
    // MARK: names and literals

    func identifier(_ name: String) -> String
    /// A possibly dotted table name (`events.event_logs`).
    func table(_ name: String) -> String
    func literal(_ text: String) -> String
    func boolean(_ flag: Bool) -> String
    /// NULL typed as a boolean, where the engine needs the type to be known.
    var nullBoolean: String { get }

    // MARK: casts

    func toDouble(_ expression: String) -> String
    func toText(_ expression: String) -> String
    func toInteger(_ expression: String) -> String

    // MARK: time

    /// The day a row falls on, as a DATE: for a timestamp column (UTC instants) the calendar date its instant has
    /// in `zone`; a date column is a day already, and is returned as it is (validation lets no zone other than UTC
    /// reach one). Never a silently wrong day: where the engine cannot place an instant in the zone, NULL.
    func localDate(_ column: String, type: ColumnType, zone: TimeZoneName) -> String
    /// The first day of the period a row falls in, as a DATE, its days those of `localDate`. Where the dialect
    /// writes indexes, this is exactly the expression of the index (indexes.sql), so a view filtered on
    /// period_start can use it.
    func periodStart(_ column: String, type: ColumnType, grain: Grain, weekStart: WeekStart, zone: TimeZoneName) -> String
    func addDays(_ date: String, _ days: String) -> String
    /// A timestamp (or a date, at its midnight UTC) as whole milliseconds since 1970-01-01 UTC, an exact integer
    /// on every engine: funnels order a person's events and bound their conversion window with it. Rounded to the
    /// nearest millisecond from the microseconds, halves away from zero (SQLite's julianday arithmetic is within a
    /// few microseconds of it): functions that truncate (Spark's unix_millis, BigQuery's UNIX_MILLIS, Postgres's
    /// FLOOR, Snowflake's EPOCH_MILLISECOND, DuckDB 1.x's epoch_ms) counted a step 0.4 ms after the one before,
    /// which rounds to the same instant.
    func epochMilliseconds(_ column: String, type: ColumnType) -> String
    /// The number of days from one date through another, both counted (a month's first and last days: 31).
    func dayCount(from first: String, through last: String) -> String
    /// A date moved by a constant number of days, earlier when negative.
    func shiftDays(_ date: String, by days: Int) -> String
    /// Whether a subquery in FROM may read the columns of the tables before it (LATERAL): windows then aggregate
    /// each period's rows on their own, which lets the planner scan one index range per period.
    var joinsLaterally: Bool { get }

    /// A period start moved later by whole periods of `grain` (`StandardSQL.periodStep`: day n days, week 7n days,
    /// month n months, year n years), as a DATE. Exact for period starts: a month's is its 1st, a year's January 1st.
    func shiftPeriods(_ date: String, by periods: Int, grain: Grain) -> String
    /// Every period start from `first` through `last` (DATE expressions, period starts of `grain`; NULL when a
    /// table has no rows, and then no periods), as a query whose one column is `period_start`.
    func periodSeries(from first: String, through last: String, grain: Grain) -> String

    // MARK: JSON and text

    /// A JSON field as text.
    func jsonText(_ column: String, path: [String]) -> String
    /// A case-sensitive glob test: `*` any run of characters, newlines included, `?` exactly one character.
    func glob(_ column: String, _ pattern: GlobPattern) -> String

    // MARK: aggregates

    /// The largest whole number at or below a non-negative number.
    func wholePart(_ expression: String) -> String
    /// The continuous percentile (linear interpolation between the two nearest values, as PostgreSQL's
    /// percentile_cont) as an aggregate function; nil where the engine has none, and views compute it with window
    /// functions to the same value.
    var percentileAggregate: (@Sendable (_ value: String, _ fraction: String) -> String)? { get }

    // MARK: versions and known_broken

    /// A release version's parts: 1 to 3 numbers of at most 3 digits after an optional 'v'; anything else
    /// (dev builds, branch builds, dates) is unknown. `valid` tests a version column, `key` orders releases
    /// numerically (3.9 < 3.31) as major * 1,000,000 + minor * 1,000 + patch. A nil `valid` says the key is
    /// NULL exactly for versions that are not releases, so it needs no test of its own.
    func versionKey(_ column: String) -> (valid: String?, key: String)
    /// known_broken of a row from its version key and the ascending bounds of the broken ranges (a key is inside
    /// a range exactly when an odd number of bounds lie at or below it). Never called with no bounds.
    func knownBroken(key: String, bounds: [String]) -> String

    // MARK: comparisons

    /// `left` equals `right`, NULL equal to NULL.
    func nullSafeEquals(_ left: String, _ right: String) -> String
    /// A column or literal as an operand of <, <=, >, >= or BETWEEN, so that every engine orders a type alike:
    /// text by its UTF-8 bytes whatever the database's collation, dates and timestamps as instants.
    func ordered(_ expression: String, type: ColumnType) -> String
    /// A JSON field as a number when its text is a number as JSON writes it (-12, 3.5, 1e3; a JSON string holding
    /// exactly such text counts), else NULL. Never an error, whatever the field holds: one bad row must not fail a
    /// whole query.
    func jsonNumber(_ column: String, path: [String]) -> String
    /// A JSON field's text when it holds a JSON string, else NULL: numbers and true/false have no text form that
    /// every engine writes alike.
    func jsonString(_ column: String, path: [String]) -> String

    // MARK: statements

    func createView(_ name: String, select: String) -> String
    /// What views.sql starts with to drop these views (by id, dependents first); nil where views are replaced in
    /// place.
    func dropViews(_ ids: [String]) -> String?
    /// How many bytes of a name the engine keeps when it cuts longer ones short without an error (PostgreSQL: 63),
    /// so that check can refuse two names alike that far; nil where a name is kept whole or refused.
    var nameBytes: Int? { get }
    /// The key of tally.yaml's mapping named after the dialect that names the schema its views are created in,
    /// and what it says (for the JSON Schema), where the dialect needs one: nil where a view resolves the names
    /// inside it as the session does (the search path, the default schema).
    var viewSchemaSetting: (key: String, description: String)? { get }
    /// Whether a row's local day in a zone other than UTC can be NULL though its time is not (SQLite's offsets,
    /// written into the SQL, end in 2100): such a row then ends no data, which the views say only where it can be.
    var localDayCanBeNull: Bool { get }
    /// How to create an index over a table's expressions (name, table, expressions); nil where the dialect writes
    /// no indexes.
    var createIndex: (@Sendable (_ name: String, _ table: String, _ expressions: [String]) -> String)? { get }

    // MARK: example tables

    /// The column type of a source column in the tables an example creates.
    func columnType(_ type: ColumnType) -> String
    /// A value of an example row, typed for its column.
    func typedLiteral(_ value: ExampleValue, type: ColumnType) -> String
    /// The start of the statement that inserts one example row into a table (quoted table and columns): the same
    /// for every row of the table, so it is made once. The row's typed values follow, separated by commas, then
    /// `insertEnd`.
    func insertHead(into table: String, columns: [String]) -> String
    /// What closes an insert after its values.
    var insertEnd: String { get }
}

extension SQLDialect {
    var viewSchemaSetting: (key: String, description: String)? { nil }
    var localDayCanBeNull: Bool { false }

    /// INSERT ... VALUES (, which every engine but Snowflake takes with any expression as a value.
    func insertHead(into table: String, columns: [String]) -> String {
        "INSERT INTO \(table) (" + columns.joinedInOneCopy(separator: ", ") + ") VALUES ("
    }

    /// VALUES ( closes with a parenthesis; Snowflake's SELECT with nothing.
    var insertEnd: String { ")" }

    func literal(_ value: ExampleValue) -> String {
        switch value {
        case .null: return "NULL"
        case .bool(let flag): return boolean(flag)
        case .integer(let number): return String(number)
        case .float(let number): return "\(number)"
        case .string(let text): return literal(text)
        case .list, .object: return literal(ExampleJSON.text(value))
        }
    }
}

extension SQLDialect {
    /// A name as the engine keeps it: whole, or where it cuts names (`nameBytes`) the longest run of its first
    /// characters within that many bytes, as PostgreSQL cuts them.
    func keptName(_ name: String) -> String {
        guard let limit = nameBytes, name.utf8.count > limit else { return name }
        var kept = ""
        var bytes = 0
        for scalar in name.unicodeScalars {
            bytes += UTF8.width(scalar)
            guard bytes <= limit else { break }
            kept.unicodeScalars.append(scalar)
        }
        return kept
    }
}

/// Behaviour that engines following the SQL standard share; dialects call these explicitly.
public enum StandardSQL {
    public static func identifier(_ name: String) -> String {
        name.enclosed(in: 0x22, escape: 0x22) { $0 == 0x22 }
    }

    /// CREATE OR REPLACE VIEW, for the engines that replace a view in place.
    static func createOrReplaceView(_ name: String, select: String) -> String {
        String(concatenating: "CREATE OR REPLACE VIEW ", name, " AS\n", select, ";\n")
    }

    /// Each part of a dotted name quoted on its own.
    static func dottedTable(_ name: String, identifier: (String) -> String) -> String {
        name.split(separator: ".", omittingEmptySubsequences: false).map { identifier(String($0)) }
            .joinedInOneCopy(separator: ".")
    }

    /// Standard strings: only the quote is special (PostgreSQL's standard_conforming_strings is on).
    public static func literal(_ text: String) -> String { text.enclosed(in: 0x27, escape: 0x27) { $0 == 0x27 } }

    /// Strings that take backslash escapes (BigQuery, Spark, Snowflake): backslashes, quotes and line breaks are
    /// escaped, and other control characters as `control` writes them (\x01, or \u0001 where there is no \x).
    static func backslashLiteral(_ text: String, control: (UInt32) -> String) -> String {
        // Nearly every literal (event names, zones, patterns) has nothing to escape: answered from the bytes.
        if !text.containsByte(where: { $0 == 0x5C || $0 == 0x27 || $0 < 0x20 }) {
            return String(concatenating: "'", text, "'")
        }
        var output = "'"
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": output += "\\\\"
            case "'": output += "\\'"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case _ where scalar.value < 0x20: output += control(scalar.value)
            default: output.unicodeScalars.append(scalar)
            }
        }
        return output + "'"
    }

    /// A control character as \x and two hex digits.
    static func hexEscape(_ value: UInt32) -> String {
        let hex = String(value, radix: 16)
        return "\\x" + (hex.count == 1 ? "0" : "") + hex
    }

    /// A glob as a LIKE pattern whose escape character is the backslash.
    static func likePattern(_ pattern: GlobPattern) -> String {
        pattern.pieces.map { piece in
            switch piece {
            case .anyRun: return "%"
            case .anyOne: return "_"
            case .text(let text):
                return text.replacingAll("\\", with: "\\\\").replacingAll("%", with: "\\%").replacingAll("_", with: "\\_")
            }
        }.joined()
    }

    /// A glob as a regular expression matching the whole text, where `.` must also match newlines (the dialect
    /// anchors it and sets that flag).
    static func globRegex(_ pattern: GlobPattern) -> String {
        pattern.pieces.map { piece in
            switch piece {
            case .anyRun: return ".*"
            case .anyOne: return "."
            case .text(let text): return regexEscaped(text)
            }
        }.joined()
    }

    /// A JSON member name made only of ASCII letters, digits and _, which every JSONPath reads unquoted.
    static func isPlainMember(_ key: String) -> Bool {
        !key.isEmpty && !key.containsByte { !(($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x41 && $0 <= 0x5A)
                                            || ($0 >= 0x61 && $0 <= 0x7A) || $0 == 0x5F) }
    }

    /// A number as JSON writes it (-12, 3.5, 1e3), as a regular expression without anchors.
    static let jsonNumberRegex = "-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][-+]?[0-9]+)?"
    /// A release version (1 to 3 numbers of at most 3 digits after an optional 'v'), without anchors.
    static let versionRegex = "v?([0-9]{1,3})(\\.([0-9]{1,3}))?(\\.([0-9]{1,3}))?"

    /// The regular expression whose one capturing group is a version's `index`th number (1 to 3), matching only
    /// valid versions that have it (BigQuery's REGEXP_EXTRACT allows one group).
    static func versionPartRegex(_ index: Int) -> String {
        switch index {
        case 1: "^v?([0-9]{1,3})(?:\\.[0-9]{1,3}){0,2}$"
        case 2: "^v?[0-9]{1,3}\\.([0-9]{1,3})(?:\\.[0-9]{1,3})?$"
        default: "^v?[0-9]{1,3}\\.[0-9]{1,3}\\.([0-9]{1,3})$"
        }
    }

    /// The key of a version whose 'v' `bare` has cut, from its dot-separated parts, each through `cast` (CAST, or
    /// TRY_CAST where the key is computed for every row and must never fail).
    static func versionKeyBySplitting(_ bare: String, cast: String) -> String {
        versionKey { index in "COALESCE(\(cast)(NULLIF(split_part(\(bare), '.', \(index)), '') AS INTEGER), 0)" }
    }

    // MARK: dates as numbers of days (PostgreSQL, DuckDB)

    /// A date plus or minus a whole number of days.
    static func shiftDaysArithmetically(_ date: String, by days: Int) -> String {
        days < 0 ? "(\(date) - \(-days))" : "(\(date) + \(days))"
    }

    /// A date moved by whole periods: days as numbers, months and years as intervals.
    static func shiftPeriodsByInterval(_ date: String, by periods: Int, grain: Grain) -> String {
        let step = periodStep(grain)
        guard step.unit != "day" else { return shiftDaysArithmetically(date, by: step.count * periods) }
        return "CAST(\(date) + INTERVAL '\(step.count * periods) \(step.unit)' AS DATE)"
    }

    /// Every period start from `first` through `last` from generate_series over timestamps, which gives no rows
    /// for NULL bounds.
    static func generatedSeries(from first: String, through last: String, grain: Grain,
                                identifier: (String) -> String) -> String {
        let step = periodStep(grain)
        return "SELECT CAST(\(identifier("series")).\(identifier("day")) AS DATE) AS \(identifier("period_start"))\n"
            + "    FROM generate_series(CAST(\(first) AS TIMESTAMP), CAST(\(last) AS TIMESTAMP), "
            + "INTERVAL '\(step.count) \(step.unit)') AS \(identifier("series"))(\(identifier("day")))"
    }

    /// major * 1,000,000 + minor * 1,000 + patch, from each part's expression (a missing minor or patch as 0).
    static func versionKey(part: (Int) -> String) -> String {
        "(\(part(1)) * 1000000 + \(part(2)) * 1000 + \(part(3)))"
    }

    /// One CASE walking the ascending bounds: before the first, outside; then alternately inside and outside.
    static func knownBrokenByCase(key: String, bounds: [String], dialect: some SQLDialect) -> String {
        var branches = [String(concatenating: "WHEN ", key, " IS NULL THEN ", dialect.nullBoolean)]
        for (index, bound) in bounds.enumerated() {
            branches.append(String(concatenating: "WHEN ", key, " < ", bound, " THEN ", dialect.boolean(index % 2 == 1)))
        }
        return String(concatenating: "CASE ", branches.joinedInOneCopy(separator: " "), " ELSE ",
                      dialect.boolean(bounds.count % 2 == 1), " END")
    }

    /// `$."insightType"`: every member quoted, so any field name is safe.
    static func jsonPath(_ path: [String]) -> String {
        "$" + path.map { ".\"" + $0.replacingAll("\\", with: "\\\\").replacingAll("\"", with: "\\\"") + "\"" }.joined()
    }

    /// The step between two period starts of a grain, as a count and a unit (1 month, 7 days).
    static func periodStep(_ grain: Grain) -> (count: Int, unit: String) {
        switch grain {
        case .day, .total: (1, "day")
        case .week: (7, "day")
        case .month: (1, "month")
        case .year: (1, "year")
        }
    }

    /// Text that a regular expression matches literally. Only ASCII punctuation and the space are escaped: RE2
    /// refuses a backslash before a letter, a digit, a control character or anything beyond ASCII (an emoji).
    static func regexEscaped(_ text: String) -> String {
        // Most texts are letters, digits and underscores: nothing to escape, answered from the bytes.
        if !text.containsByte(where: { $0 == 0x20 || ($0.isASCIIPunctuation && $0 != 0x5F) || $0 >= 0x80 }) {
            return text
        }
        var output = ""
        for character in text {
            if let ascii = character.asciiValue, ascii == 0x20 || (ascii.isASCIIPunctuation && ascii != 0x5F) {
                output += "\\" + String(character)
            } else {
                output.append(character)
            }
        }
        return output
    }

    /// Typed engines read a JSON, timestamp or date literal through a cast to the column's type.
    static func castLiteral(_ value: ExampleValue, type: ColumnType, dialect: some SQLDialect) -> String {
        if value == .null { return "NULL" }
        switch type {
        case .json:
            return String(concatenating: "CAST(", dialect.literal(ExampleJSON.text(value)), " AS ", dialect.columnType(.json), ")")
        case .timestamp, .date:
            return String(concatenating: "CAST(", dialect.literal(value), " AS ", dialect.columnType(type), ")")
        case .text, .integer, .float, .boolean: return dialect.literal(value)
        }
    }
}

/// Example values as JSON text, for json columns (and for a json column's default when tally run loads data).
public enum ExampleJSON {
    static func value(_ value: ExampleValue) -> JSONValue {
        switch value {
        case .null: .null
        case .bool(let flag): .bool(flag)
        case .integer(let number): .integer(number)
        case .float(let number): .number(number)
        case .string(let text): .string(text)
        case .list(let items): .array(items.map(Self.value))
        case .object(let fields): .object(fields.map { ($0.0, Self.value($0.1)) })
        }
    }

    public static func text(_ value: ExampleValue) -> String { Self.value(value).serialized() }
}
