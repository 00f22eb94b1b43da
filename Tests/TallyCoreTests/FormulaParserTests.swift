import Testing
@testable import TallyCore

/// Formulas as hostile input: however long, an expression is one error or a tree every later walk can recurse
/// through (each walk of an expression, from its references to its SQL, recurses through its tree).
@Suite struct FormulaParserTests {
    static func parse(_ text: String) -> (Located<FormulaExpression>?, [Diagnostic]) {
        let context = DecodeContext(file: "definitions/g/f.yaml")
        let span = SourceSpan.line(5, of: "definitions/g/f.yaml", column: 44, endColumn: 44 + text.unicodeScalars.count + 2)
        let parsed = FormulaParser.parse(Located(text, at: span), context: context)
        return (parsed, context.diagnostics.diagnostics)
    }

    /// Depth of the tree: what a walk of it recurses through.
    static func depth(_ expression: FormulaExpression) -> Int {
        switch expression {
        case .number, .reference: 1
        case .negate(let inner): 1 + depth(inner)
        case .binary(_, let left, let right): 1 + max(depth(left), depth(right))
        }
    }

    /// An expression written over several lines (`expression: >-` or `|`) reads as on one line: line breaks and
    /// tabs are spaces, and a message quotes it on one line.
    @Test func lineBreaksAndTabsAreSpaces() throws {
        let (parsed, diagnostics) = Self.parse("searches_count\n  / weekly_searchers\n\t- previous(mau,\n 12)\n")
        #expect(diagnostics.isEmpty, "\(diagnostics)")
        let expression = try #require(parsed).value
        #expect(expression.references.map(\.id.value) == ["searches_count", "weekly_searchers", "mau"])
        #expect(expression.references.map(\.offset) == [0, 0, 12])
        guard case .binary("-", .binary("/", _, _), _) = expression else {
            Issue.record("not (a / b) - previous(c, 12): \(expression)")
            return
        }
        let (_, wrong) = Self.parse("searches_count\n  / \tweekly_searchers )")
        #expect(wrong.map(\.message) == ["expression 'searches_count / weekly_searchers )': unexpected ')'"])
    }

    @Test func tooManyOperatorsAreOneError() {
        for (name, text) in [("minus signs", String(repeating: "-", count: 200_000) + "a"),
                             ("terms", Array(repeating: "a", count: 50_000).joined(separator: " + ")),
                             ("products", Array(repeating: "a", count: 300).joined(separator: " * "))] {
            let (parsed, diagnostics) = Self.parse(text)
            #expect(parsed == nil, "\(name)")
            #expect(diagnostics.map(\.code) == [.invalidExpression], "\(name)")
            #expect(diagnostics.first?.message.hasSuffix(
                "more than \(FormulaParser.maxOperators) operators; make parts of it definitions of their own") == true, "\(name)")
        }
    }

    @Test func theMostOperatorsParse() throws {
        let terms = Array(repeating: "a", count: FormulaParser.maxOperators + 1).joined(separator: " - ")
        let (parsed, diagnostics) = Self.parse(terms)
        #expect(diagnostics.isEmpty)
        #expect(Self.depth(try #require(parsed).value) == FormulaParser.maxOperators + 1)
        let negations = String(repeating: "-", count: FormulaParser.maxOperators) + "a"
        #expect(Self.parse(negations).1.isEmpty)
    }
}
