/// Parses `mrr * 12`, `(a + b) / c`: numbers, definition ids, + - * /, parentheses, unary minus, and a
/// definition read whole periods earlier, `previous(mau)` (one period) or `previous(mau, 12)`.
struct FormulaParser {
    private let scalars: [Unicode.Scalar]
    private let located: Located<String>
    private var index = 0
    private var depth = 0
    private static let maxDepth = 32
    /// Operators so far (+ - * / and unary minus). Bounded because every walk of an expression recurses through
    /// its tree, whose depth grows with them: 50,000 terms, or 200,000 minus signs, overflowed the stack.
    private var operators = 0
    static let maxOperators = 256

    private struct Failure: Error {
        var message: String
        var offset: Int
        var length = 1
    }

    static func parse(_ text: Located<String>, context: DecodeContext) -> Located<FormulaExpression>? {
        var parser = FormulaParser(scalars: Array(text.value.unicodeScalars), located: text)
        do {
            let expression = try parser.parseSum()
            parser.skipSpaces()
            if parser.index < parser.scalars.count {
                throw Failure(message: "unexpected '\(parser.scalars[parser.index])'", offset: parser.index)
            }
            return Located(expression, at: text.span)
        } catch let failure as Failure {
            context.emit(.invalidExpression, "expression '\(quoted(text.value))': \(failure.message)",
                         at: parser.span(at: failure.offset, length: max(failure.length, 1)))
            return nil
        } catch {
            return nil
        }
    }

    private init(scalars: [Unicode.Scalar], located: Located<String>) {
        self.scalars = scalars
        self.located = located
    }

    /// A place inside the expression when it sits on one line; else the whole value.
    private func span(at offset: Int, length: Int) -> SourceSpan {
        let whole = located.span
        let width = whole.end.column - whole.start.column
        // A quoted value spans its two quotes as well.
        guard whole.start.line == whole.end.line, width == scalars.count || width == scalars.count + 2 else {
            return whole
        }
        let quote = width == scalars.count ? 0 : 1
        let start = SourcePosition(line: whole.start.line, column: whole.start.column + quote + offset)
        return whole.inSameFile(start: start, end: SourcePosition(line: start.line, column: start.column + length))
    }

    /// Spaces, and the line breaks and tabs of an expression written over several lines (`expression: >-`).
    private mutating func skipSpaces() {
        while index < scalars.count, Self.isSpace(scalars[index]) { index += 1 }
    }

    private static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        scalar == " " || scalar == "\n" || scalar == "\t" || scalar == "\r"
    }

    /// The expression as messages quote it: on one line, each run of spaces and line breaks one space.
    private static func quoted(_ text: String) -> String {
        text.unicodeScalars.split(whereSeparator: isSpace).map { String(String.UnicodeScalarView($0)) }
            .joined(separator: " ")
    }

    private mutating func countOperator() throws {
        operators += 1
        guard operators <= Self.maxOperators else {
            throw Failure(message: "more than \(Self.maxOperators) operators; make parts of it definitions of their own",
                          offset: index)
        }
    }

    private mutating func parseSum() throws -> FormulaExpression {
        var left = try parseProduct()
        while true {
            skipSpaces()
            guard index < scalars.count, scalars[index] == "+" || scalars[index] == "-" else { return left }
            let operation = Character(scalars[index])
            try countOperator()
            index += 1
            left = .binary(operation, left, try parseProduct())
        }
    }

    private mutating func parseProduct() throws -> FormulaExpression {
        var left = try parseUnary()
        while true {
            skipSpaces()
            guard index < scalars.count, scalars[index] == "*" || scalars[index] == "/" else { return left }
            let operation = Character(scalars[index])
            try countOperator()
            index += 1
            left = .binary(operation, left, try parseUnary())
        }
    }

    private mutating func parseUnary() throws -> FormulaExpression {
        skipSpaces()
        guard index < scalars.count else { throw Failure(message: "ends where a value was expected", offset: index) }
        let scalar = scalars[index]
        if scalar == "-" {
            try countOperator()
            index += 1
            return .negate(try parseUnary())
        }
        if scalar == "(" {
            depth += 1
            guard depth <= Self.maxDepth else {
                throw Failure(message: "parentheses nest deeper than \(Self.maxDepth)", offset: index)
            }
            let open = index
            index += 1
            let inner = try parseSum()
            skipSpaces()
            guard index < scalars.count, scalars[index] == ")" else {
                throw Failure(message: "'(' is never closed", offset: open)
            }
            index += 1
            depth -= 1
            return inner
        }
        if ("0"..."9").contains(scalar) || scalar == "." {
            let start = index
            while index < scalars.count, ("0"..."9").contains(scalars[index]) || scalars[index] == "." { index += 1 }
            let text = String(String.UnicodeScalarView(scalars[start..<index]))
            guard let number = Double(text) else { throw Failure(message: "'\(text)' is not a number", offset: start) }
            return .number(number, text: text)
        }
        if ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || scalar == "_" {
            let start = index
            while index < scalars.count,
                  ("a"..."z").contains(scalars[index]) || ("A"..."Z").contains(scalars[index])
                      || ("0"..."9").contains(scalars[index]) || scalars[index] == "_" {
                index += 1
            }
            let name = String(String.UnicodeScalarView(scalars[start..<index]))
            let id = Located(name, at: span(at: start, length: index - start))
            let afterName = index
            skipSpaces()
            guard index < scalars.count, scalars[index] == "(" else {
                index = afterName
                return .reference(InputReference(id: id))
            }
            guard name == Self.previous else {
                throw Failure(message: "'\(name)' is not a function; the one function is \(Self.usage)", offset: start,
                              length: name.unicodeScalars.count)
            }
            return .reference(try parsePrevious(from: start))
        }
        throw Failure(message: "unexpected '\(scalar)'", offset: index)
    }

    static let previous = "previous"
    private static let usage = "previous(id) for one period earlier or previous(id, periods) for a whole number of "
        + "periods from \(InputReference.periodsAgoRange.lowerBound) to \(InputReference.periodsAgoRange.upperBound)"

    /// `previous(mau)` or `previous(mau, 12)`, from its '(' on; `start` is where `previous` starts.
    private mutating func parsePrevious(from start: Int) throws -> InputReference {
        index += 1
        skipSpaces()
        let idStart = index
        while index < scalars.count, Self.isNameScalar(scalars[index]) { index += 1 }
        guard index > idStart, !("0"..."9").contains(scalars[idStart]) else {
            throw Failure(message: "previous( takes a definition id first: \(Self.usage)", offset: idStart)
        }
        let name = String(String.UnicodeScalarView(scalars[idStart..<index]))
        let id = Located(name, at: span(at: idStart, length: index - idStart))
        skipSpaces()
        var periods: Located<Int>?
        if index < scalars.count, scalars[index] == "," {
            index += 1
            skipSpaces()
            let countStart = index
            while index < scalars.count, scalars[index] != ")", scalars[index] != ",", !Self.isSpace(scalars[index]) {
                index += 1
            }
            let text = String(String.UnicodeScalarView(scalars[countStart..<index]))
            guard text.unicodeScalars.allSatisfy({ ("0"..."9").contains($0) }), let count = Int(text),
                  InputReference.periodsAgoRange.contains(count) else {
                let found = text.isEmpty ? "nothing" : "'\(text)'"
                throw Failure(message: "the periods of previous(\(name), ...) must be a whole number from "
                                  + "\(InputReference.periodsAgoRange.lowerBound) to "
                                  + "\(InputReference.periodsAgoRange.upperBound), found \(found)",
                              offset: countStart, length: text.unicodeScalars.count)
            }
            periods = Located(count, at: span(at: countStart, length: index - countStart))
            skipSpaces()
        }
        guard index < scalars.count, scalars[index] == ")" else {
            let found = index < scalars.count ? "'\(scalars[index])'" : "the end"
            let expected = periods == nil ? "',' or ')' after '\(name)'" : "')' after the periods"
            throw Failure(message: "'previous(' is not closed: expected \(expected), found \(found); write \(Self.usage)",
                          offset: index)
        }
        index += 1
        // `previous(mau)` is one period earlier; the count, when written, is kept where it was written.
        let shift = periods ?? Located(1, at: span(at: start, length: index - start))
        return InputReference(id: id, periodsAgo: shift, span: span(at: start, length: index - start))
    }

    private static func isNameScalar(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar) || scalar == "_"
    }
}
