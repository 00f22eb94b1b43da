/// The places a hand-written query reads a table: the name right after FROM or JOIN, and the alias it is given
/// there, if any. Text in string literals, quoted identifiers and comments is never a reference, so a filter
/// like `name <> 'from events'` is left as written.
enum TableReferences {
    /// `query` with every reference to `table` (case-insensitive, as a whole dotted name) replaced by
    /// `replacement(alias)`: `alias` is what the query named it (`FROM events AS e`, `FROM events e`), nil when
    /// it gave no alias; the alias, when there is one, is consumed, so the replacement says it.
    static func replacing(_ table: String, in query: String, with replacement: (_ alias: String?) -> String) -> String {
        let characters = Array(query)
        let wanted = table.lowercased()
        var output = ""
        var index = 0
        // The last bare word read outside literals and comments, uppercased: FROM or JOIN before a table.
        var previousWord = ""

        func isWordCharacter(_ character: Character) -> Bool {
            character.isLetter || character.isNumber || character == "_" || character == "$" || character == "."
        }
        /// The end of the literal, quoted identifier or comment starting at `start`, or nil if none starts there.
        func skipped(from start: Int) -> Int? {
            let character = characters[start]
            let next = start + 1 < characters.count ? characters[start + 1] : nil
            if character == "'" || character == "\"" || character == "`" {
                var end = start + 1
                while end < characters.count {
                    if characters[end] == character {
                        // A doubled quote is the quote itself, inside.
                        if end + 1 < characters.count, characters[end + 1] == character { end += 2; continue }
                        return end + 1
                    }
                    end += 1
                }
                return characters.count
            }
            if character == "-", next == "-" {
                var end = start
                while end < characters.count, characters[end] != "\n" { end += 1 }
                return end
            }
            if character == "/", next == "*" {
                var end = start + 2
                while end + 1 < characters.count, !(characters[end] == "*" && characters[end + 1] == "/") { end += 1 }
                return min(end + 2, characters.count)
            }
            return nil
        }
        func word(at start: Int) -> (text: String, end: Int)? {
            guard start < characters.count, isWordCharacter(characters[start]) else { return nil }
            var end = start
            while end < characters.count, isWordCharacter(characters[end]) { end += 1 }
            return (String(characters[start..<end]), end)
        }
        func skippingSpace(_ start: Int) -> Int {
            var end = start
            while end < characters.count, characters[end].isWhitespace { end += 1 }
            return end
        }
        /// An alias after the table: `AS name`, `AS "name"`, or a bare name that is not a keyword.
        func alias(after start: Int) -> (text: String, end: Int)? {
            let at = skippingSpace(start)
            guard at > start || at == characters.count else { return nil }
            if let next = word(at: at), next.text.uppercased() == "AS" {
                let nameStart = skippingSpace(next.end)
                if nameStart < characters.count, characters[nameStart] == "\"" || characters[nameStart] == "`",
                   let end = skipped(from: nameStart) {
                    return (String(characters[nameStart..<end]), end)
                }
                return word(at: nameStart)
            }
            if let next = word(at: at), !Self.followers.contains(next.text.uppercased()) { return next }
            return nil
        }

        while index < characters.count {
            if let end = skipped(from: index) {
                output += String(characters[index..<end])
                index = end
                continue
            }
            guard let found = word(at: index) else {
                if !characters[index].isWhitespace { previousWord = "" }
                output.append(characters[index])
                index += 1
                continue
            }
            if found.text.lowercased() == wanted, previousWord == "FROM" || previousWord == "JOIN" {
                if let given = alias(after: found.end) {
                    output += replacement(given.text)
                    index = given.end
                } else {
                    output += replacement(nil)
                    index = found.end
                }
                previousWord = ""
                continue
            }
            previousWord = found.text.uppercased()
            output += found.text
            index = found.end
        }
        return output
    }

    /// Words that may follow a table in FROM and are not its alias.
    static let followers: Set<String> = [
        "WHERE", "JOIN", "INNER", "LEFT", "RIGHT", "FULL", "OUTER", "CROSS", "NATURAL", "ON", "USING", "GROUP", "ORDER",
        "HAVING", "LIMIT", "OFFSET", "UNION", "EXCEPT", "INTERSECT", "WINDOW", "QUALIFY", "LATERAL", "FETCH", "FOR",
        "TABLESAMPLE", "PIVOT", "UNPIVOT", "SAMPLE", "AT", "BEFORE", "FINAL", "WITH",
    ]
}
