import Testing
@testable import TallyCore

/// Names for other tools (the dbt project and profile, the LookML model, dbt unit tests) made from free text.
@Suite struct ExportNameTests {
    @Test func lettersDigitsAndSingleUnderscoresStartingWithALetter() {
        #expect(ExportName.from("Sourcegraph analytics") == "sourcegraph_analytics")
        #expect(ExportName.from("  two  spaces -- and dashes ") == "two_spaces_and_dashes")
        #expect(ExportName.from("2024 metrics") == "tally_2024_metrics")
        #expect(ExportName.from("") == "tally")
    }

    /// An accented letter keeps its letter: "Ünïcode" had lost them, leaving "n_code".
    @Test func accentedLettersKeepTheirLetter() {
        #expect(ExportName.from("2024 Metrics – Ünïcode") == "tally_2024_metrics_unicode")
        #expect(ExportName.from("Café métriques") == "cafe_metriques")
    }
}
