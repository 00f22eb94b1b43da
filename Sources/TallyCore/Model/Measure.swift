/// The name of each measure, as `aggregate:` spells it.
public enum Aggregate: String, CaseIterable, Sendable {
    case count
    case uniqueUsers = "unique_users"
    case firstTimeUsers = "first_time_users"
    case retention
    case ratio
    case formula
    case sql

    /// Measures computed from rows of one source filtered by events.
    public var readsEvents: Bool {
        switch self {
        case .count, .uniqueUsers, .firstTimeUsers, .retention: true
        case .ratio, .formula, .sql: false
        }
    }

    /// Measures computed from other definitions.
    public var isDerived: Bool {
        switch self {
        case .ratio, .formula: true
        case .count, .uniqueUsers, .firstTimeUsers, .retention, .sql: false
        }
    }

    public var countsPeople: Bool {
        switch self {
        case .uniqueUsers, .firstTimeUsers, .retention: true
        case .count, .ratio, .formula, .sql: false
        }
    }
}

public enum Grain: String, CaseIterable, Sendable, Comparable {
    case day, week, month, total

    public static func < (lhs: Grain, rhs: Grain) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

public enum WeekStart: String, CaseIterable, Sendable {
    case monday, sunday
}

public enum IdentityMode: String, CaseIterable, Sendable {
    case userID = "user_id"
    case userOrAnonymous = "user_or_anonymous"
}

/// A column, or a field inside a JSON column: `argument.insightType`.
public struct FieldPath: Hashable, Sendable, CustomStringConvertible {
    public var column: String
    public var jsonPath: [String]

    public init(_ text: String) {
        let pieces = text.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        column = pieces[0]
        jsonPath = Array(pieces.dropFirst())
    }

    public var description: String { ([column] + jsonPath).joined(separator: ".") }

    /// The view column it becomes: the last segment in snake_case (insightType → insight_type).
    public var outputName: String { snakeCase(jsonPath.last ?? column) }
}

func snakeCase(_ name: String) -> String {
    if name.utf8.allSatisfy({ $0 < 0x80 }) { return asciiSnakeCase(name) }
    var output = ""
    var previous: Character?
    for character in name {
        if character.isUppercase {
            if let previous, previous.isLowercase || previous.isNumber { output += "_" }
            output += character.lowercased()
        } else if character == "-" || character == " " {
            output += "_"
        } else {
            output.append(character)
        }
        previous = character
    }
    return output
}

/// Arithmetic over other definitions, for formula measures.
public indirect enum FormulaExpression: Sendable {
    case number(Double, text: String)
    case reference(Located<String>)
    case negate(FormulaExpression)
    case binary(Character, FormulaExpression, FormulaExpression)

    public var references: [Located<String>] {
        switch self {
        case .number: []
        case .reference(let name): [name]
        case .negate(let inner): inner.references
        case .binary(_, let left, let right): left.references + right.references
        }
    }
}

/// What a definition computes: one case per aggregate, each with exactly the keys that aggregate takes. A new
/// aggregate is a new case, and the compiler points at every switch that must handle it.
public struct Measure: Sendable {
    /// The `measure` mapping.
    public var span: SourceSpan
    /// Its `aggregate` value, where diagnostics about the measure as a whole point.
    public var aggregateSpan: SourceSpan
    public var kind: Kind

    public enum Kind: Sendable {
        case count(Events)
        case uniqueUsers(People)
        case firstTimeUsers(People)
        case retention(Retention)
        case ratio(Ratio)
        case formula(Formula)
        case sql(Query)
    }

    /// Rows of one source, filtered, grouped and counted per period.
    public struct Events: Sendable {
        public var grain: Located<Grain>
        public var weekStart: WeekStart
        public var groupBy: [Located<FieldPath>]
        public var filters: [WhereFilter]
    }

    /// Events counted once per person.
    public struct People: Sendable {
        public var events: Events
        public var identity: Located<IdentityMode>?
    }

    /// Cohorts by first cohort event, and who returns on given days.
    public struct Retention: Sendable {
        public var identity: Located<IdentityMode>?
        public var filters: [WhereFilter]
        public var cohortEvents: [Located<String>]
        public var days: [Located<Int>]
    }

    /// Explicit grain of a derived or hand-written measure; nil takes the coarsest input's.
    public struct Period: Sendable {
        public var grain: Located<Grain>?
        public var weekStart: WeekStart
    }

    public struct Ratio: Sendable {
        public var period: Period
        public var numerator: Located<String>
        public var denominator: Located<String>
    }

    public struct Formula: Sendable {
        public var period: Period
        public var expression: Located<FormulaExpression>
    }

    /// A query written by hand per dialect, with the columns it returns.
    public struct Query: Sendable {
        public var period: Period
        public var reads: [Located<String>]
        public var columns: [(name: Located<String>, type: Located<ColumnType>)]
        public var queries: [Dialect: Located<String>]
    }

    public var aggregate: Aggregate {
        switch kind {
        case .count: .count
        case .uniqueUsers: .uniqueUsers
        case .firstTimeUsers: .firstTimeUsers
        case .retention: .retention
        case .ratio: .ratio
        case .formula: .formula
        case .sql: .sql
        }
    }

    /// The grain the definition states; nil where it is implied (retention: days; derived: the inputs').
    public var grain: Located<Grain>? {
        switch kind {
        case .count(let events): events.grain
        case .uniqueUsers(let people), .firstTimeUsers(let people): people.events.grain
        case .retention: nil
        case .ratio(let ratio): ratio.period.grain
        case .formula(let formula): formula.period.grain
        case .sql(let query): query.period.grain
        }
    }

    public var weekStart: WeekStart {
        switch kind {
        case .count(let events): events.weekStart
        case .uniqueUsers(let people), .firstTimeUsers(let people): people.events.weekStart
        case .retention: .monday
        case .ratio(let ratio): ratio.period.weekStart
        case .formula(let formula): formula.period.weekStart
        case .sql(let query): query.period.weekStart
        }
    }

    public var identity: Located<IdentityMode>? {
        switch kind {
        case .uniqueUsers(let people), .firstTimeUsers(let people): people.identity
        case .retention(let retention): retention.identity
        case .count, .ratio, .formula, .sql: nil
        }
    }

    public var identityMode: IdentityMode { identity?.value ?? .userID }

    public var groupBy: [Located<FieldPath>] {
        switch kind {
        case .count(let events): events.groupBy
        case .uniqueUsers(let people), .firstTimeUsers(let people): people.events.groupBy
        case .retention, .ratio, .formula, .sql: []
        }
    }

    public var filters: [WhereFilter] {
        switch kind {
        case .count(let events): events.filters
        case .uniqueUsers(let people), .firstTimeUsers(let people): people.events.filters
        case .retention(let retention): retention.filters
        case .ratio, .formula, .sql: []
        }
    }

    public var cohortEvents: [Located<String>] {
        switch kind {
        case .retention(let retention): retention.cohortEvents
        case .count, .uniqueUsers, .firstTimeUsers, .ratio, .formula, .sql: []
        }
    }

    /// Sources a hand-written query reads besides its own table; only sql measures name any.
    public var reads: [Located<String>] {
        switch kind {
        case .sql(let query): query.reads
        case .count, .uniqueUsers, .firstTimeUsers, .retention, .ratio, .formula: []
        }
    }

    /// Definitions this measure is computed from, as written (a formula may name one twice).
    public var inputs: [Located<String>] {
        switch kind {
        case .ratio(let ratio): [ratio.numerator, ratio.denominator]
        case .formula(let formula): formula.expression.value.references
        case .count, .uniqueUsers, .firstTimeUsers, .retention, .sql: []
        }
    }
}

/// snakeCase for ASCII names, the usual case, on bytes: the same rule without Unicode's case tables.
private func asciiSnakeCase(_ name: String) -> String {
    var output: [UInt8] = []
    output.reserveCapacity(name.utf8.count + 4)
    var previous: UInt8?
    for byte in name.utf8 {
        if (0x41...0x5A).contains(byte) {
            if let previous, (0x61...0x7A).contains(previous) || (0x30...0x39).contains(previous) { output.append(0x5F) }
            output.append(byte + 0x20)
        } else if byte == 0x2D || byte == 0x20 {
            output.append(0x5F)
        } else {
            output.append(byte)
        }
        previous = byte
    }
    return String(decoding: output, as: UTF8.self)
}
