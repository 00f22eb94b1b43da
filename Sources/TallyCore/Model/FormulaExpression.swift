/// A ratio's numerator or denominator, or an id a formula names: another definition's view, read in the same
/// period or (`previous(mau, 12)`, `{definition: mau, periods_ago: 12}`) a whole number of the result's periods
/// earlier.
public struct InputReference: Sendable {
    public var id: Located<String>
    /// How many periods of the result's grain earlier the input is read; nil for the same period.
    public var periodsAgo: Located<Int>?
    /// The whole reference as written (`previous(mau, 12)`, or the ratio input's value), where errors about the
    /// shift point.
    public var span: SourceSpan

    public init(id: Located<String>, periodsAgo: Located<Int>? = nil, span: SourceSpan? = nil) {
        self.id = id
        self.periodsAgo = periodsAgo
        self.span = span ?? id.span
    }

    /// The shift in periods; 0 for the same period.
    public var offset: Int { periodsAgo?.value ?? 0 }

    /// The range a shift may take, in periods: up to 1000 (over 19 years of weeks, 83 of months).
    public static let periodsAgoRange = 1...1000
}

/// Arithmetic over other definitions, for formula measures.
public indirect enum FormulaExpression: Sendable {
    case number(Double, text: String)
    case reference(InputReference)
    case negate(FormulaExpression)
    case binary(Character, FormulaExpression, FormulaExpression)

    public var references: [InputReference] {
        switch self {
        case .number: []
        case .reference(let name): [name]
        case .negate(let inner): inner.references
        case .binary(_, let left, let right): left.references + right.references
        }
    }
}
