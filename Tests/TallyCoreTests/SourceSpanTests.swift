import Dispatch
import Testing
@testable import TallyCore

/// Spans name their file by a number (SpanFiles); they must still sort, compare and hash as by the path.
@Suite struct SourceSpanTests {
    private func span(_ file: String, line: Int = 1, column: Int = 1) -> SourceSpan {
        .line(line, of: file, column: column)
    }

    @Test func spansSortByPathWhateverOrderTheirFilesWereNumberedIn() {
        // Numbered z first: an order by number would put z before a.
        let late = span("span-order-test/z.yaml", line: 1)
        let early = span("span-order-test/a.yaml", line: 9)
        #expect(early < late)
        #expect(!(late < early))
        let sorted = [late, early, span("span-order-test/a.yaml", line: 2)].sorted()
        #expect(sorted.map { "\($0.file):\($0.start.line)" }
                    == ["span-order-test/a.yaml:2", "span-order-test/a.yaml:9", "span-order-test/z.yaml:1"])
        // Within one file, by position.
        #expect(span("span-order-test/z.yaml", line: 1, column: 2) < span("span-order-test/z.yaml", line: 1, column: 3))
    }

    @Test func spansOfOnePathAreEqualAndHashAlike() {
        let first = span("span-equality-test/" + "same.yaml", line: 3)
        let second = span(String("span-equality-test/same.yaml".reversed().reversed()), line: 3)
        #expect(first == second)
        #expect(Set([first, second]).count == 1)
        #expect(first != span("span-equality-test/other.yaml", line: 3))
        var moved = first
        moved.file = "span-equality-test/other.yaml"
        #expect(moved == span("span-equality-test/other.yaml", line: 3))
        #expect(moved.file == "span-equality-test/other.yaml")
    }

    @Test func aSpanMovedWithinItsFileKeepsTheFile() {
        let whole = SourceSpan(file: "span-move-test/f.yaml", start: SourcePosition(line: 2, column: 1),
                               end: SourcePosition(line: 2, column: 9))
        let part = whole.inSameFile(start: SourcePosition(line: 2, column: 4), end: SourcePosition(line: 2, column: 1))
        #expect(part.file == "span-move-test/f.yaml")
        // The end is never before the start, as for any span.
        #expect(part.end == part.start)
    }

    @Test func pathsNumberedOnManyThreadsAtOnceGetOneNumberEach() {
        let paths = (0..<200).map { "span-thread-test/\($0 % 50).yaml" }
        let numbers = Locked<[String: Set<SpanFiles.Number>]>([:])
        DispatchQueue.concurrentPerform(iterations: paths.count) { index in
            let number = SpanFiles.number(of: paths[index])
            numbers.withLock { _ = $0[paths[index], default: []].insert(number) }
        }
        let found = numbers.withLock { $0 }
        #expect(found.count == 50)
        #expect(found.values.allSatisfy { $0.count == 1 })
        #expect(Set(found.values.map { $0.first! }).count == 50)
        for (path, number) in found { #expect(SpanFiles.path(number.first!) == path) }
    }

    @Test func twoSpellingsOfOneNameAreTwoFilesKeptAsWritten() {
        let composed = span("span-spelling-test/\u{E9}.yaml")
        let decomposed = span("span-spelling-test/e\u{301}.yaml")
        #expect(composed != decomposed)
        #expect(Array(composed.file.utf8) == Array("span-spelling-test/\u{E9}.yaml".utf8))
        #expect(Array(decomposed.file.utf8) == Array("span-spelling-test/e\u{301}.yaml".utf8))
        // Sorted as String sorts them (one name), then by place.
        #expect(span("span-spelling-test/e\u{301}.yaml", line: 1) < span("span-spelling-test/\u{E9}.yaml", line: 2))
        #expect(span("span-spelling-test/\u{E9}.yaml", line: 1) < span("span-spelling-test/e\u{301}.yaml", line: 2))
    }
}
