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

    func utcDate(_ column: String, type: ColumnType) -> String {
        type == .date ? column : "CAST(\(column) AT TIME ZONE 'UTC' AS DATE)"
    }

    func periodStart(_ column: String, type: ColumnType, grain: Grain, weekStart: WeekStart) -> String {
        let instant = type == .date ? "CAST(\(column) AS TIMESTAMP)" : "(\(column) AT TIME ZONE 'UTC')"
        switch (grain, weekStart) {
        case (.day, _): return type == .date ? column : "CAST(date_trunc('day', \(instant)) AS DATE)"
        case (.week, .sunday):
            return "CAST(date_trunc('week', \(instant) + INTERVAL '1 day') - INTERVAL '1 day' AS DATE)"
        default: return "CAST(date_trunc('\(grain.rawValue)', \(instant)) AS DATE)"
        }
    }

    func addDays(_ date: String, _ days: String) -> String { "(\(date) + \(days))" }

    func shiftDays(_ date: String, by days: Int) -> String {
        days < 0 ? "(\(date) - \(-days))" : "(\(date) + \(days))"
    }

    var joinsLaterally: Bool { true }

    func periodSeries(from first: String, through last: String, grain: Grain) -> String {
        let step = StandardSQL.periodStep(grain)
        return "SELECT CAST(\(identifier("series")).\(identifier("day")) AS DATE) AS \(identifier("period_start"))\n"
            + "    FROM generate_series(CAST(\(first) AS TIMESTAMP), CAST(\(last) AS TIMESTAMP), "
            + "INTERVAL '\(step.count) \(step.unit)') AS \(identifier("series"))(\(identifier("day")))"
    }

    func jsonText(_ column: String, path: [String]) -> String {
        if path.count == 1 { return "(\(column) ->> \(literal(path[0])))" }
        return "(\(column) #>> ARRAY[\(path.map(literal).joined(separator: ", "))])"
    }

    func glob(_ column: String, _ pattern: String) -> String {
        // LIKE is case-sensitive in PostgreSQL; backslash is its default escape.
        let like = pattern.split(separator: "*", omittingEmptySubsequences: false).map(String.init).map { piece in
            piece.replacingAll("\\", with: "\\\\").replacingAll("%", with: "\\%").replacingAll("_", with: "\\_")
        }.joined(separator: "%")
        return "\(column) LIKE \(literal(like))"
    }

    func number(fromText text: String) -> String {
        "CASE WHEN \(text) ~ \(literal(StandardSQL.numberPattern)) THEN CAST(\(text) AS DOUBLE PRECISION) END"
    }
    func wholePart(_ expression: String) -> String { "FLOOR(\(expression))" }
    var percentileAggregate: (@Sendable (_ value: String, _ fraction: String) -> String)? {
        { value, fraction in "percentile_cont(\(fraction)) WITHIN GROUP (ORDER BY \(value))" }
    }

    func versionKey(_ column: String) -> (valid: String, key: String) {
        // One cheap regular-expression test guards split_part, which is cheaper than capturing.
        let bare = "ltrim(\(column), 'v')"
        func part(_ index: Int) -> String {
            "COALESCE(CAST(NULLIF(split_part(\(bare), '.', \(index)), '') AS INTEGER), 0)"
        }
        return ("\(column) ~ \(literal("^v?([0-9]{1,3})(\\.([0-9]{1,3}))?(\\.([0-9]{1,3}))?$"))",
                "(\(part(1)) * 1000000 + \(part(2)) * 1000 + \(part(3)))")
    }

    /// PostgreSQL pulls the inner layer up and repeats the key expression at every reference, so the key is
    /// referenced once, through width_bucket.
    func knownBroken(key: String, bounds: [String]) -> String {
        "(width_bucket(\(key), ARRAY[\(bounds.joined(separator: ", "))]) % 2 = 1)"
    }

    func nullSafeEquals(_ left: String, _ right: String) -> String { "\(left) IS NOT DISTINCT FROM \(right)" }

    func createView(_ name: String, select: String) -> String { "CREATE OR REPLACE VIEW \(name) AS\n\(select);\n" }
    func dropView(_ name: String) -> String? { "DROP VIEW IF EXISTS \(name);" }
    var createIndex: (@Sendable (_ name: String, _ table: String, _ expressions: [String]) -> String)? {
        { name, table, expressions in
            // PostgreSQL truncates identifiers to 63 bytes; truncating here keeps the name the server would use.
            "CREATE INDEX IF NOT EXISTS \(identifier(String(name.prefix(63))))\n    ON \(self.table(table)) ("
                + expressions.joined(separator: ", ") + ");"
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
