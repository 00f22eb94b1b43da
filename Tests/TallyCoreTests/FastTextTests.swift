import Testing
@testable import TallyCore

/// The byte-level text helpers give exactly what the standard library's versions give.
@Suite struct FastTextTests {
    @Test func joiningInOneCopyEqualsJoined() {
        let lists: [[String]] = [
            [], [""], ["", ""], ["one"], ["a", "b", "c"],
            ["smol", String(repeating: "a long line of generated text ", count: 40), ""],
            ["Über", "naïve 🙂", "\r\n", "\u{2028}", "e\u{301}"],
            (0..<1000).map { "line \($0)" },
        ]
        for list in lists {
            for separator in ["", ", ", "\n", "🙂 ", String(repeating: "-", count: 100)] {
                let joined = list.joinedInOneCopy(separator: separator)
                #expect(joined == list.joined(separator: separator))
                #expect(Array(joined.utf8) == Array(list.joined(separator: separator).utf8))
            }
        }
    }
}
