import Testing
@testable import TallyCore

/// The assembled files shared out in lanes after the last group job: two of even work when little was rendered.
@Suite struct AssemblyLanesTests {
    @Test func aOneEditBuildsFilesGoInTwoLanesOfEvenWork() {
        // The sizes of a 10,000-definition project's files (postgres, sqlite and bigquery views.sql, Catalog.swift).
        let sizes = [10_400_000, 16_100_000, 11_200_000, 4_900_000]
        let lanes = AssemblyLanes.split(sizes: sizes, rendered: 3_000)
        #expect(lanes == [[1, 3], [0, 2]])
        let loads = lanes.map { lane in lane.reduce(0) { $0 + sizes[$1] } }
        #expect(abs(loads[0] - loads[1]) <= 1_000_000)
    }

    @Test func aBuildThatRenderedMuchKeepsOneLane() {
        // Every piece of a second lane's files read back at once would add to the build's peak of memory.
        let sizes = [10_400_000, 16_100_000, 11_200_000, 4_900_000]
        #expect(AssemblyLanes.split(sizes: sizes, rendered: AssemblyLanes.renderedLimit + 1) == [[0, 1, 2, 3]])
        #expect(AssemblyLanes.split(sizes: sizes, rendered: AssemblyLanes.renderedLimit) == [[1, 3], [0, 2]])
    }

    @Test func oneFileOrNoneIsOneLane() {
        #expect(AssemblyLanes.split(sizes: [5_000], rendered: 0) == [[0]])
        #expect(AssemblyLanes.split(sizes: [], rendered: 0) == [[]])
        // A file with no last version (none yet, or unreadable) would have its taken pieces rendered again in
        // memory: one lane.
        #expect(AssemblyLanes.split(sizes: [0, 0, 0], rendered: 0) == [[0, 1, 2]])
        #expect(AssemblyLanes.split(sizes: [5_000, 0, 7_000], rendered: 0) == [[0, 1, 2]])
        // Files of equal size are shared out by count.
        #expect(AssemblyLanes.split(sizes: [5_000, 5_000, 5_000], rendered: 0) == [[0, 2], [1]])
    }
}
