/// The small values definitions are made of, each written and read back side by side so the two stay in step.
extension StoreWriter {
    mutating func exampleValue(_ value: ExampleValue) { nested { $0.exampleValueHere(value) } }

    private mutating func exampleValueHere(_ value: ExampleValue) {
        switch value {
        case .null: unsigned(0)
        case .bool(let flag): unsigned(1); bool(flag)
        case .integer(let number): unsigned(2); int(number)
        case .float(let number): unsigned(3); double(number)
        case .string(let text): unsigned(4); string(text)
        case .list(let values): unsigned(5); list(values) { $0.exampleValue($1) }
        case .object(let entries):
            unsigned(6)
            list(entries) { writer, entry in
                writer.string(entry.0)
                writer.exampleValue(entry.1)
            }
        }
    }

    mutating func fieldPath(_ path: FieldPath) {
        string(path.column)
        list(path.jsonPath) { $0.string($1) }
    }

    /// Its text: the parts are read from it again, as when it was decoded.
    mutating func version(_ version: Version) { string(version.text) }

    mutating func timeZone(_ zone: TimeZoneName) { string(zone.identifier) }

    mutating func glob(_ pattern: GlobPattern) {
        list(pattern.pieces) { writer, piece in
            switch piece {
            case .text(let text): writer.unsigned(0); writer.string(text)
            case .anyRun: writer.unsigned(1)
            case .anyOne: writer.unsigned(2)
            }
        }
    }

    mutating func filter(_ filter: WhereFilter) { nested { $0.filterHere(filter) } }

    private mutating func filterHere(_ filter: WhereFilter) {
        switch filter {
        case .clause(let clause): unsigned(0); self.clause(clause)
        case .anyOf(let filters, let anySpan): unsigned(1); list(filters) { $0.filter($1) }; span(anySpan)
        }
    }

    mutating func clause(_ clause: WhereClause) {
        located(clause.field) { $0.fieldPath($1) }
        switch clause.operation {
        case .equals(let value): unsigned(0); located(value) { $0.exampleValue($1) }
        case .notEquals(let value): unsigned(1); located(value) { $0.exampleValue($1) }
        case .isIn(let values): unsigned(2); list(values) { $0.located($1) { $0.exampleValue($1) } }
        case .notIn(let values): unsigned(3); list(values) { $0.located($1) { $0.exampleValue($1) } }
        case .isNull(let flag): unsigned(4); bool(flag)
        case .compare(let comparison, let value):
            unsigned(5); choice(comparison); located(value) { $0.exampleValue($1) }
        case .between(let low, let high):
            unsigned(6); located(low) { $0.exampleValue($1) }; located(high) { $0.exampleValue($1) }
        case .matches(let pattern, let text): unsigned(7); located(pattern) { $0.glob($1) }; string(text)
        }
        span(clause.span)
    }

    mutating func formula(_ expression: FormulaExpression) { nested { $0.formulaHere(expression) } }

    private mutating func formulaHere(_ expression: FormulaExpression) {
        switch expression {
        case .number(let number, let text): unsigned(0); double(number); string(text)
        case .reference(let reference): unsigned(1); input(reference)
        case .negate(let inner): unsigned(2); formula(inner)
        case .binary(let symbol, let left, let right):
            unsigned(3); string(String(symbol)); formula(left); formula(right)
        }
    }

    mutating func input(_ reference: InputReference) {
        located(reference.id)
        optional(reference.periodsAgo) { $0.located($1) { $0.int($1) } }
        span(reference.span)
    }

    mutating func window(_ window: Window) {
        switch window {
        case .trailingDays(let days): unsigned(0); int(days)
        case .toDate(let grain): unsigned(1); choice(grain)
        }
    }

    mutating func threshold(_ threshold: Threshold) {
        switch threshold.kind {
        case .days: unsigned(0)
        case .rows: unsigned(1)
        case .distinct(let path): unsigned(2); located(path) { $0.fieldPath($1) }
        }
        located(threshold.count) { $0.int($1) }
        span(threshold.span)
    }
}

extension StoreReader {
    mutating func exampleValue() throws -> ExampleValue { try nested { try $0.exampleValueHere() } }

    private mutating func exampleValueHere() throws -> ExampleValue {
        switch try unsigned() {
        case 0: return .null
        case 1: return .bool(try bool())
        case 2: return .integer(try int())
        case 3: return .float(try double())
        case 4: return .string(try string())
        case 5: return .list(try list { try $0.exampleValue() })
        case 6: return .object(try list { reader in (try reader.string(), try reader.exampleValue()) })
        default: throw StoreDamage()
        }
    }

    mutating func fieldPath() throws -> FieldPath {
        FieldPath(column: try string(), jsonPath: try list { try $0.string() })
    }

    mutating func version() throws -> Version {
        guard let version = Version(try string()) else { throw StoreDamage() }
        return version
    }

    /// Accepted again, as the YAML decoder accepts it: the time zone data can change under the same binary.
    mutating func timeZone() throws -> TimeZoneName {
        guard let zone = TimeZoneName(try string()) else { throw StoreDamage() }
        return zone
    }

    mutating func glob() throws -> GlobPattern {
        GlobPattern(pieces: try list { reader -> GlobPattern.Piece in
            switch try reader.unsigned() {
            case 0: return .text(try reader.string())
            case 1: return .anyRun
            case 2: return .anyOne
            default: throw StoreDamage()
            }
        })
    }

    mutating func filter() throws -> WhereFilter { try nested { try $0.filterHere() } }

    private mutating func filterHere() throws -> WhereFilter {
        switch try unsigned() {
        case 0: return .clause(try clause())
        case 1: return .anyOf(try list { try $0.filter() }, span: try span())
        default: throw StoreDamage()
        }
    }

    mutating func clause() throws -> WhereClause {
        let field = try located { try $0.fieldPath() }
        let operation: WhereClause.Operation
        switch try unsigned() {
        case 0: operation = .equals(try located { try $0.exampleValue() })
        case 1: operation = .notEquals(try located { try $0.exampleValue() })
        case 2: operation = .isIn(try list { try $0.located { try $0.exampleValue() } })
        case 3: operation = .notIn(try list { try $0.located { try $0.exampleValue() } })
        case 4: operation = .isNull(try bool())
        case 5: operation = .compare(try choice(), try located { try $0.exampleValue() })
        case 6:
            operation = .between(low: try located { try $0.exampleValue() },
                                 high: try located { try $0.exampleValue() })
        case 7: operation = .matches(try located { try $0.glob() }, text: try string())
        default: throw StoreDamage()
        }
        return WhereClause(field: field, operation: operation, span: try span())
    }

    mutating func formula() throws -> FormulaExpression { try nested { try $0.formulaHere() } }

    private mutating func formulaHere() throws -> FormulaExpression {
        switch try unsigned() {
        case 0: return .number(try double(), text: try string())
        case 1: return .reference(try input())
        case 2: return .negate(try formula())
        case 3:
            let symbol = try string()
            guard symbol.count == 1, let character = symbol.first else { throw StoreDamage() }
            return .binary(character, try formula(), try formula())
        default: throw StoreDamage()
        }
    }

    mutating func input() throws -> InputReference {
        InputReference(id: try located(),
                       periodsAgo: try optional { try $0.located { try $0.int(in: InputReference.periodsAgoRange) } },
                       span: try span())
    }

    mutating func window() throws -> Window {
        switch try unsigned() {
        case 0: return .trailingDays(try int(in: 1...3660))
        case 1: return .toDate(try choice())
        default: throw StoreDamage()
        }
    }

    mutating func threshold() throws -> Threshold {
        let kind: Threshold.Kind
        switch try unsigned() {
        case 0: kind = .days
        case 1: kind = .rows
        case 2: kind = .distinct(try located { try $0.fieldPath() })
        default: throw StoreDamage()
        }
        let range = if case .days = kind { Threshold.daysRange } else { Threshold.countRange }
        return Threshold(kind: kind, count: try located { try $0.int(in: range) }, span: try span())
    }
}
