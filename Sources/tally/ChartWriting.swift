import ArgumentParser
import Foundation
import TallyCore
import TallyRunner

/// Writes a definition's chart where --chart or --chart-dir says.
enum ChartWriting {
    static func write(_ result: RunResult, to path: String) throws {
        let chart: SVGChart
        do {
            chart = try SVGChart(result)
        } catch {
            StandardError.write("tally: error: \(error)\n")
            throw ExitCode(1)
        }
        do {
            try Data(chart.render().utf8).write(to: URL(fileURLWithPath: path))
        } catch {
            StandardError.write("tally: error: \(path): cannot write the chart: \(error.localizedDescription)\n")
            throw ExitCode(1)
        }
    }
}
