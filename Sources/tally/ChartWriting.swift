import ArgumentParser
import Foundation
import TallyCore
import TallyRunner

/// Writes a definition's chart where --chart or --chart-dir says.
enum ChartWriting {
    /// `label` names the command in messages ("tally run").
    static func write(_ result: RunResult, to path: String, label: String) throws {
        let chart: SVGChart
        do {
            chart = try SVGChart(result)
        } catch {
            StandardError.write("\(label): error: \(error)\n")
            throw ExitCode(1)
        }
        if let failure = NamedOutputFile.write(chart.render(), to: path) {
            StandardError.write("\(label): error: the chart: \(failure)\n")
            throw ExitCode(1)
        }
    }

    /// Refuses a view that cannot be charted (no period_start) before any data is loaded or rows printed: a usage
    /// error (64), as --from on a view without periods is.
    static func requireChartable(_ view: CheckedView) throws {
        guard let refusal = SVGChart.refusal(id: view.id, columns: view.shape.map(\.name)) else { return }
        throw ValidationError(refusal.description)
    }
}
