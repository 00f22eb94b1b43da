/// What differs between PostgreSQL, SQLite and BigQuery in the SQL tally writes. Every identifier and literal
/// that comes from a definition goes through `identifier` or `literal`; nothing is pasted raw.
struct SQLDialect: Sendable {
    let dialect: Dialect

    init(_ dialect: Dialect) {
        self.dialect = dialect
    }

    // MARK: names and literals

    func identifier(_ name: String) -> String {
        switch dialect {
        case .postgres, .sqlite: return "\"" + name.replacingAll("\"", with: "\"\"") + "\""
        case .bigquery: return "`" + name.replacingAll("\\", with: "\\\\").replacingAll("`", with: "\\`") + "`"
        }
    }

    /// A possibly dotted table name (`events.event_logs`): each part quoted.
    func table(_ name: String) -> String {
        if dialect == .bigquery { return identifier(name) }
        return name.split(separator: ".", omittingEmptySubsequences: false).map { identifier(String($0)) }
            .joined(separator: ".")
    }

    func literal(_ text: String) -> String {
        switch dialect {
        case .postgres, .sqlite:
            // Standard strings: only the quote is special (PostgreSQL's standard_conforming_strings is on).
            return "'" + text.replacingAll("'", with: "''") + "'"
        case .bigquery:
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
    }

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

    func boolean(_ flag: Bool) -> String {
        dialect == .sqlite ? (flag ? "1" : "0") : (flag ? "TRUE" : "FALSE")
    }

    var nullBoolean: String {
        switch dialect {
        case .postgres: "CAST(NULL AS BOOLEAN)"
        case .sqlite: "NULL"
        case .bigquery: "CAST(NULL AS BOOL)"
        }
    }

    func toDouble(_ expression: String) -> String {
        switch dialect {
        case .postgres: "CAST(\(expression) AS DOUBLE PRECISION)"
        case .sqlite: "CAST(\(expression) AS REAL)"
        case .bigquery: "CAST(\(expression) AS FLOAT64)"
        }
    }

    func toText(_ expression: String) -> String {
        dialect == .bigquery ? "CAST(\(expression) AS STRING)" : "CAST(\(expression) AS TEXT)"
    }

    // MARK: time

    /// The UTC date a row falls on, for a timestamp or date column.
    func utcDate(_ column: String, type: ColumnType) -> String {
        switch (dialect, type) {
        case (.postgres, .date): "\(column)"
        case (.postgres, _): "CAST(\(column) AT TIME ZONE 'UTC' AS DATE)"
        case (.sqlite, _): "date(\(column))"
        case (.bigquery, .date): "\(column)"
        case (.bigquery, _): "DATE(\(column))"
        }
    }

    /// The first day of the period a row falls in. In PostgreSQL this is exactly the expression of the index
    /// tally emits (indexes.sql), so a view filtered on period_start can use it.
    func periodStart(_ column: String, type: ColumnType, grain: Grain, weekStart: WeekStart) -> String {
        switch dialect {
        case .postgres:
            let instant = type == .date ? "CAST(\(column) AS TIMESTAMP)" : "(\(column) AT TIME ZONE 'UTC')"
            switch (grain, weekStart) {
            case (.day, _): return type == .date ? column : "CAST(date_trunc('day', \(instant)) AS DATE)"
            case (.week, .sunday):
                return "CAST(date_trunc('week', \(instant) + INTERVAL '1 day') - INTERVAL '1 day' AS DATE)"
            default: return "CAST(date_trunc('\(grain.rawValue)', \(instant)) AS DATE)"
            }
        case .sqlite:
            switch (grain, weekStart) {
            case (.day, _): return "date(\(column))"
            case (.week, .monday): return "date(\(column), '-6 days', 'weekday 1')"
            case (.week, .sunday): return "date(\(column), '-6 days', 'weekday 0')"
            default: return "date(\(column), 'start of month')"
            }
        case .bigquery:
            let day = utcDate(column, type: type)
            switch (grain, weekStart) {
            case (.day, _): return day
            // The casts are no-ops in BigQuery; they keep period_start a DATE in engines that read BigQuery SQL.
            case (.week, .monday): return "CAST(DATE_TRUNC(\(day), WEEK(MONDAY)) AS DATE)"
            // Written through Monday weeks so that every engine reading BigQuery SQL agrees on Sunday weeks.
            case (.week, .sunday):
                return "CAST(DATE_SUB(DATE_TRUNC(DATE_ADD(\(day), INTERVAL 1 DAY), WEEK(MONDAY)), INTERVAL 1 DAY) AS DATE)"
            default: return "CAST(DATE_TRUNC(\(day), MONTH) AS DATE)"
            }
        }
    }

    func addDays(_ date: String, _ days: String) -> String {
        switch dialect {
        case .postgres: "(\(date) + \(days))"
        case .sqlite: "date(\(date), '+' || \(days) || ' days')"
        case .bigquery: "CAST(DATE_ADD(\(date), INTERVAL \(days) DAY) AS DATE)"
        }
    }

    // MARK: JSON and text

    /// A JSON field as text.
    func jsonText(_ column: String, path: [String]) -> String {
        switch dialect {
        case .postgres:
            if path.count == 1 { return "(\(column) ->> \(literal(path[0])))" }
            return "(\(column) #>> ARRAY[\(path.map(literal).joined(separator: ", "))])"
        case .sqlite:
            // SQLite's JSON paths misread member names holding quotes, white space or other punctuation; any key
            // but a plain identifier is looked up by json_each, which compares keys byte for byte.
            let plain = path.allSatisfy { key in
                !key.isEmpty && !key.containsByte { !(($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x41 && $0 <= 0x5A)
                                                    || ($0 >= 0x61 && $0 <= 0x7A) || $0 == 0x5F) }
            }
            guard !plain else {
                return "json_extract(\(column), \(literal(jsonPath(path))))"
            }
            return path.reduce(column) { object, key in
                "(SELECT \"member\".\"value\" FROM json_each(\(object)) AS \"member\" WHERE \"member\".\"key\" = \(literal(key)))"
            }
        case .bigquery:
            return "JSON_VALUE(\(column), \(literal(jsonPath(path))))"
        }
    }

    /// `$."insightType"`: every member quoted, so any field name is safe.
    private func jsonPath(_ path: [String]) -> String {
        "$" + path.map { ".\"" + $0.replacingAll("\\", with: "\\\\").replacingAll("\"", with: "\\\"") + "\"" }.joined()
    }

    /// A case-sensitive glob test, `*` matching any run of characters.
    func glob(_ column: String, _ pattern: String) -> String {
        let pieces = pattern.split(separator: "*", omittingEmptySubsequences: false).map(String.init)
        switch dialect {
        case .postgres:
            // LIKE is case-sensitive in PostgreSQL; backslash is its default escape.
            let like = pieces.map { piece in
                piece.replacingAll("\\", with: "\\\\").replacingAll("%", with: "\\%").replacingAll("_", with: "\\_")
            }.joined(separator: "%")
            return "\(column) LIKE \(literal(like))"
        case .sqlite:
            // SQLite's LIKE ignores case; GLOB does not. Its own special characters go in brackets.
            let glob = pieces.map { piece in
                var escaped = ""
                for character in piece {
                    escaped += character == "[" || character == "?" ? "[\(character)]" : String(character)
                }
                return escaped
            }.joined(separator: "*")
            return "\(column) GLOB \(literal(glob))"
        case .bigquery:
            // A regular expression: BigQuery's LIKE has no ESCAPE clause that other engines read the same way.
            let regex = "^" + pieces.map(Self.regexEscaped).joined(separator: ".*") + "$"
            return "REGEXP_CONTAINS(\(column), \(literal(regex)))"
        }
    }

    static func regexEscaped(_ text: String) -> String {
        var output = ""
        for character in text {
            if character.isLetter || character.isNumber || character == "_" {
                output.append(character)
            } else {
                output += "\\" + String(character)
            }
        }
        return output
    }

    // MARK: versions

    /// A release version's parts: 1 to 3 numbers of at most 3 digits after an optional 'v'; anything else
    /// (dev builds, branch builds, dates) is unknown. The key orders releases numerically: 3.9 < 3.31.
    func versionKey(_ column: String) -> (valid: String, key: String) {
        let pattern = "^v?([0-9]{1,3})(\\.([0-9]{1,3}))?(\\.([0-9]{1,3}))?$"
        switch dialect {
        case .postgres:
            // One cheap regular-expression test guards split_part, which is cheaper than capturing.
            let bare = "ltrim(\(column), 'v')"
            func part(_ index: Int) -> String {
                "COALESCE(CAST(NULLIF(split_part(\(bare), '.', \(index)), '') AS INTEGER), 0)"
            }
            return ("\(column) ~ \(literal(pattern))",
                    "(\(part(1)) * 1000000 + \(part(2)) * 1000 + \(part(3)))")
        case .sqlite:
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
        case .bigquery:
            func part(_ index: Int) -> String {
                let capture = (1...3).map { $0 == index ? "([0-9]{1,3})" : "[0-9]{1,3}" }
                let regex = index == 1
                    ? "^v?([0-9]{1,3})(?:\\.[0-9]{1,3}){0,2}$"
                    : index == 2 ? "^v?[0-9]{1,3}\\.([0-9]{1,3})(?:\\.[0-9]{1,3})?$"
                    : "^v?\(capture[0])\\.\(capture[1])\\.\(capture[2])$"
                return "CAST(REGEXP_EXTRACT(\(column), \(literal(regex))) AS INT64)"
            }
            let key = "(\(part(1)) * 1000000 + COALESCE(\(part(2)), 0) * 1000 + COALESCE(\(part(3)), 0))"
            return ("REGEXP_CONTAINS(\(column), \(literal(pattern)))", key)
        }
    }
}

/// Example values as JSON text, for json columns.
enum ExampleJSON {
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

    static func text(_ value: ExampleValue) -> String { Self.value(value).serialized() }
}
