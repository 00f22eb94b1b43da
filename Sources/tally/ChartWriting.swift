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
        do {
            try Data(chart.render().utf8).write(to: URL(fileURLWithPath: path))
        } catch {
            StandardError.write("\(label): error: \(path): cannot write the chart: \(error.localizedDescription)\n")
            throw ExitCode(1)
        }
    }

    /// Refuses a view that cannot be charted (no period_start) before any data is loaded or rows printed.
    static func requireChartable(_ view: CheckedView, label: String) throws {
        guard let refusal = SVGChart.refusal(id: view.id, columns: view.shape.map(\.name)) else { return }
        StandardError.write("\(label): error: \(refusal)\n")
        throw ExitCode(1)
    }
}
