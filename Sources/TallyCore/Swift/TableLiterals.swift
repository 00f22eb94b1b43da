/// The Swift literals of an example's table statements, for one group's fixtures. Every example of a source
/// repeats its CREATE TABLE and the head of each insert, in each dialect: escaped once here and copied after,
/// they no longer cost an escape per example (a fifth of the fixtures' literal bytes).
struct TableLiterals {
    private struct Escaped {
        let create: [UInt8]
        let insertHead: [UInt8]
        let insertEnd: [UInt8]
    }

    /// By dialect, then by source name: one catalog's, since a group's fixtures make their own (another catalog,
    /// as `tally diff` compiles two, may hold other tables under the same names).
    private var escaped: [Dialect: [String: Escaped]] = [:]

    /// Writes the statement as one literal equal to its text.
    mutating func write(_ statement: ExampleSQL.TableStatement, in dialect: Dialect, into out: inout SourceBuffer) {
        switch statement {
        case .create(let table):
            out.append(byte: 0x22)
            out.append(bytes: parts(of: table, in: dialect).create)
            out.append(byte: 0x22)
        case .insert(let table, let values):
            let parts = parts(of: table, in: dialect)
            out.append(byte: 0x22)
            out.append(bytes: parts.insertHead)
            for (index, value) in values.enumerated() {
                if index > 0 { out.append(", ") }
                SwiftLiteral.writeEscaped(value, into: &out)
            }
            out.append(bytes: parts.insertEnd)
            out.append(byte: 0x22)
        }
    }

    private mutating func parts(of table: ExampleSQL.Tables.Table, in dialect: Dialect) -> Escaped {
        if let known = escaped[dialect]?[table.source] { return known }
        // What stands between the literal's quotes.
        func escape(_ text: String) -> [UInt8] { Array(SwiftLiteral.string(text).utf8.dropFirst().dropLast()) }
        let parts = Escaped(create: escape(table.create), insertHead: escape(table.insertHead),
                            insertEnd: escape(table.insertEnd))
        escaped[dialect, default: [:]][table.source] = parts
        return parts
    }
}
