import Foundation
import Testing
@testable import TallyCore

/// The tests' copy of the seeds' Code Insights pings page (Fixtures/seeds), which DocsTests and ImportTests read.
@Suite struct SeedsPageTests {
    /// Every ping of the seeds' Code Insights page, by its heading.
    static let codeInsightsPings = [
        "Additions count, edits count, and removals count",
        "Hovers count",
        "UI customizations count",
        "Data point clicks count",
        "Page views count",
        "Unique page views count",
        "In-product landing page events (hover, data points click, template section clicks)",
        "Org-visible insights count (Total)",
        "First time insight creators count",
        "Total count of insights grouped by step size (days)",
        "Code Insights View/Click Creation Funnels",
        "View series counts",
        "Series counts",
        "View counts",
        "Total orgs with dashboards",
        "Total dashboard count",
        "Insights per dashboard",
    ]

    /// The copy has the seeds page's 17 pings, and it is the seeds' file, byte for byte, whenever the seeds are
    /// beside the repository.
    @Test func copyIsTheSeedsPage() throws {
        let text = try String(contentsOf: TestFiles.seedPingsPage, encoding: .utf8)
        #expect(text.hasPrefix("# Code Insights Pings"))
        let headings = text.split(separator: "\n").filter { $0.hasPrefix("### ") }
            .map { String($0.dropFirst(4)).trimmingWhitespace() }
        #expect(headings == Self.codeInsightsPings)
        if let shared = FileManager.default.contents(atPath: TestFiles.sharedSeedPingsPage.path) {
            #expect(shared == FileManager.default.contents(atPath: TestFiles.seedPingsPage.path))
        }
    }

}
