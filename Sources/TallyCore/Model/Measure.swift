public enum Aggregate: String, CaseIterable, Sendable {
    case count
    case uniqueUsers = "unique_users"
    case firstTimeUsers = "first_time_users"
    case retention
    case ratio
    case formula
    case sql

    /// Measures computed from rows of one source filtered by events.
    public var readsEvents: Bool { [.count, .uniqueUsers, .firstTimeUsers, .retention].contains(self) }
    /// Measures computed from other definitions.
    public var isDerived: Bool { self == .ratio || self == .formula }
    public var countsPeople: Bool { [.uniqueUsers, .firstTimeUsers, .retention].contains(self) }
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

public struct WhereClause: Sendable {
    public enum Operation: Sendable {
        case equals(ExampleValue)
        case notEquals(ExampleValue)
        case isIn([ExampleValue])
        case notIn([ExampleValue])
        case isNull(Bool)
    }

    public var field: Located<FieldPath>
    public var operation: Operation
    public var span: SourceSpan
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

public struct Measure: Sendable {
    public var span: SourceSpan
    public var aggregate: Located<Aggregate>
    /// Explicit grain; for ratio and formula nil means the coarsest input's.
    public var grain: Located<Grain>?
    public var weekStart: WeekStart
    public var identity: Located<IdentityMode>?
    public var groupBy: [Located<FieldPath>]
    public var filters: [WhereClause]
    public var cohortEvents: [Located<String>]
    public var days: [Located<Int>]
    public var numerator: Located<String>?
    public var denominator: Located<String>?
    public var expression: Located<FormulaExpression>?
    public var reads: [Located<String>]
    public var columns: [(name: Located<String>, type: Located<ColumnType>)]
    public var queries: [Dialect: Located<String>]

    public var identityMode: IdentityMode { identity?.value ?? .userID }

    /// Definitions this measure is computed from.
    public var inputs: [Located<String>] {
        switch aggregate.value {
        case .ratio: [numerator, denominator].compactMap { $0 }
        case .formula: expression?.value.references ?? []
        default: []
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
