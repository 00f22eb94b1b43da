/// A definition's main value over time as an SVG line chart: a line per series (group values, growth category,
/// funnel step), the periods some row marks known broken shaded, axes with dates and values, the definition's
/// title. Written from the rows alone, with fixed sizes and palette and no clock, so the same rows always give
/// the same bytes.
public struct SVGChart {
    public struct Unchartable: Error, CustomStringConvertible {
        public var description: String
    }

    /// One line: its label and its points in period order (a NULL value breaks the line).
    struct Series {
        var label: String
        var points: [(day: Int, value: Double?)]
    }

    let title: String
    let subtitle: String
    let series: [Series]
    let brokenDays: [Int]
    let days: [Int]
    /// Each day's place in `days`: a line joins only neighbouring periods.
    let dayPositions: [Int: Int]
    let valueName: String

    static let width = 800.0
    static let height = 440.0
    static let plot = (left: 70.0, top: 64.0, right: 600.0, bottom: 380.0)
    static let palette = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
                          "#bcbd22", "#17becf"]

    /// Why a view with these columns cannot be charted (no periods: its rows are not a series over time), or nil.
    /// Decided by the columns alone, so a command can refuse before it loads any data.
    public static func refusal(id: String, columns: [String]) -> Unchartable? {
        let period = ViewColumns(columns).period
        guard period != "period_start" else { return nil }
        return Unchartable(description: "\(id) has no period_start (" + (period == nil
            ? "grain total: one value, not a series over time"
            : "retention: its rows are cohorts and offsets, not periods")
            + "); --chart draws views with periods; use --format csv for its rows")
    }

    /// The chart of a view's rows; refused for views without periods, whose rows are not a series over time.
    public init(_ result: RunResult) throws(Unchartable) {
        if let refusal = Self.refusal(id: result.id, columns: result.columns) { throw refusal }
        let columns = ViewColumns(result.columns)
        let period = "period_start"
        guard let valueName = columns.values.first, let valueIndex = result.index(of: valueName),
              let periodIndex = result.index(of: period) else {
            throw Unchartable(description: "\(result.id) has no value column to chart")
        }
        self.valueName = valueName
        title = result.title
        let seriesIndexes = columns.series.compactMap(result.index)
        subtitle = "\(result.id): \(valueName) by \(period)"
            + (columns.series.isEmpty ? "" : ", a line per " + columns.series.joined(separator: " and "))
        var byLabel: [String: [(day: Int, value: Double?)]] = [:]
        var broken: Set<Int> = []
        var allDays: Set<Int> = []
        let brokenIndex = columns.knownBroken.flatMap(result.index)
        for row in result.rows {
            guard let text = row[periodIndex], let day = CalendarDay.number(text) else { continue }
            allDays.insert(day)
            var label = seriesIndexes.map { row[$0] ?? "(null)" }.joined(separator: " · ")
            // Views split a period's rows by known_broken, and only count and sum add up across the split: the
            // known-broken rows are a line of their own rather than added in.
            if let brokenIndex, row[brokenIndex] == "true" {
                broken.insert(day)
                label += label.isEmpty ? "\(valueName) (known broken)" : " (known broken)"
            }
            // Infinity (a float sum past the largest double) has no place on an axis: a gap, like NULL.
            byLabel[label, default: []].append((day, row[valueIndex].flatMap(Double.init).flatMap { $0.isFinite ? $0 : nil }))
        }
        series = byLabel.keys.sorted().map { label in
            Series(label: label.isEmpty ? valueName : label, points: byLabel[label]!.sorted { $0.day < $1.day })
        }
        brokenDays = broken.sorted()
        days = allDays.sorted()
        dayPositions = Dictionary(uniqueKeysWithValues: days.enumerated().map { ($1, $0) })
    }

    public func render() -> String {
        let plot = Self.plot
        let values = series.flatMap { $0.points.compactMap(\.value) }
        // The axis holds zero, so its span is at least each end's size and a tick is never far from one.
        let (low, high) = (min(0, values.min() ?? 0), max(0, values.max() ?? 1))
        let axis = NiceAxis(low: low, high: high > low ? high : low + 1)
        let firstDay = days.first ?? 0
        let lastDay = max(days.last ?? 1, firstDay + 1)
        // A period is drawn as the span to the next one; the last one as wide as the one before it.
        let step = days.count > 1 ? days[days.count - 1] - days[days.count - 2] : 1
        let spanEnd = Double(lastDay + (days.count > 1 ? step : 0))
        func x(_ day: Int) -> Double {
            plot.left + (Double(day - firstDay) / (spanEnd - Double(firstDay))) * (plot.right - plot.left)
        }
        func y(_ value: Double) -> Double {
            plot.bottom - (value - axis.low) / (axis.high - axis.low) * (plot.bottom - plot.top)
        }
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(f(Self.width))\" height=\"\(f(Self.height))\" "
            + "viewBox=\"0 0 \(f(Self.width)) \(f(Self.height))\" font-family=\"sans-serif\" font-size=\"12\">\n"
        svg += "<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n"
        svg += "<text x=\"\(f(plot.left))\" y=\"24\" font-size=\"16\" font-weight=\"bold\">\(escape(title))</text>\n"
        svg += "<text x=\"\(f(plot.left))\" y=\"44\" fill=\"#555555\">\(escape(subtitle))</text>\n"
        for run in brokenRuns(step: step) {
            svg += "<rect class=\"known-broken\" x=\"\(f(x(run.first)))\" y=\"\(f(plot.top))\" "
                + "width=\"\(f(x(run.end) - x(run.first)))\" height=\"\(f(plot.bottom - plot.top))\" fill=\"#d9d9d9\" "
                + "fill-opacity=\"0.6\"/>\n"
        }
        for tick in axis.ticks {
            svg += "<line x1=\"\(f(plot.left))\" y1=\"\(f(y(tick)))\" x2=\"\(f(plot.right))\" y2=\"\(f(y(tick)))\" "
                + "stroke=\"#eeeeee\"/>\n"
            svg += "<text x=\"\(f(plot.left - 6))\" y=\"\(f(y(tick) + 4))\" text-anchor=\"end\">"
                + "\(RunResult.number(tick))</text>\n"
        }
        svg += "<line x1=\"\(f(plot.left))\" y1=\"\(f(plot.bottom))\" x2=\"\(f(plot.right))\" y2=\"\(f(plot.bottom))\" stroke=\"#333333\"/>\n"
        svg += "<line x1=\"\(f(plot.left))\" y1=\"\(f(plot.top))\" x2=\"\(f(plot.left))\" y2=\"\(f(plot.bottom))\" stroke=\"#333333\"/>\n"
        for day in labelledDays() {
            svg += "<text x=\"\(f(x(day)))\" y=\"\(f(plot.bottom + 18))\" text-anchor=\"middle\">"
                + "\(CalendarDay.text(day))</text>\n"
        }
        svg += "<text x=\"\(f((plot.left + plot.right) / 2))\" y=\"\(f(plot.bottom + 40))\" text-anchor=\"middle\" "
            + "fill=\"#555555\">period_start</text>\n"
        svg += "<text transform=\"translate(16 \(f((plot.top + plot.bottom) / 2))) rotate(-90)\" text-anchor=\"middle\" "
            + "fill=\"#555555\">\(escape(valueName))</text>\n"
        for (index, line) in series.enumerated() {
            let color = Self.palette[index % Self.palette.count]
            for segment in segments(line.points) {
                let points = segment.map { "\(f(x($0.day))),\(f(y($0.value)))" }.joined(separator: " ")
                if segment.count == 1 {
                    svg += "<circle cx=\"\(f(x(segment[0].day)))\" cy=\"\(f(y(segment[0].value)))\" r=\"2.5\" fill=\"\(color)\"/>\n"
                } else {
                    svg += "<polyline fill=\"none\" stroke=\"\(color)\" stroke-width=\"2\" points=\"\(points)\"/>\n"
                }
            }
        }
        if series.isEmpty {
            svg += "<text x=\"\(f((plot.left + plot.right) / 2))\" y=\"\(f((plot.top + plot.bottom) / 2))\" "
                + "text-anchor=\"middle\" fill=\"#555555\">no rows</text>\n"
        }
        svg += legend()
        return svg + "</svg>\n"
    }

    /// Up to 20 labelled series to the right of the plot, then how many more; and the known-broken swatch.
    private func legend() -> String {
        let shown = 20
        var svg = ""
        var top = Self.plot.top
        for (index, line) in series.prefix(shown).enumerated() {
            let color = Self.palette[index % Self.palette.count]
            svg += "<line x1=\"615\" y1=\"\(f(top))\" x2=\"635\" y2=\"\(f(top))\" stroke=\"\(color)\" stroke-width=\"2\"/>\n"
            svg += "<text x=\"640\" y=\"\(f(top + 4))\">\(escape(line.label))</text>\n"
            top += 16
        }
        if series.count > shown {
            svg += "<text x=\"615\" y=\"\(f(top + 4))\" fill=\"#555555\">and \(series.count - shown) more</text>\n"
            top += 16
        }
        if !brokenDays.isEmpty {
            svg += "<rect x=\"615\" y=\"\(f(top - 6))\" width=\"20\" height=\"12\" fill=\"#d9d9d9\"/>\n"
            svg += "<text x=\"640\" y=\"\(f(top + 4))\">known-broken periods</text>\n"
        }
        return svg
    }

    /// Known-broken periods in runs of consecutive periods, each from its first day to the day after its last
    /// period ends: one shaded band per run.
    private func brokenRuns(step: Int) -> [(first: Int, end: Int)] {
        var runs: [(first: Int, end: Int)] = []
        for day in brokenDays {
            let next = days.first { $0 > day } ?? (day + step)
            if let last = runs.last, last.end == day {
                runs[runs.count - 1].end = next
            } else {
                runs.append((day, next))
            }
        }
        return runs
    }

    /// At most eight period labels, evenly spread, the first and last included.
    private func labelledDays() -> [Int] {
        guard days.count > 8 else { return days }
        return (0..<8).map { days[$0 * (days.count - 1) / 7] }
    }

    /// A series' runs of points to join: a NULL value ends a run, and so does a period the series has no row for
    /// (a known-broken period whose rows are a line of their own), so no line is drawn across it.
    private func segments(_ points: [(day: Int, value: Double?)]) -> [[(day: Int, value: Double)]] {
        var segments: [[(day: Int, value: Double)]] = [[]]
        var previous: Int?
        for point in points {
            let here = dayPositions[point.day]
            if let previous, let here, here != previous + 1, !segments[segments.count - 1].isEmpty { segments.append([]) }
            previous = here
            if let value = point.value {
                segments[segments.count - 1].append((point.day, value))
            } else if !segments[segments.count - 1].isEmpty {
                segments.append([])
            }
        }
        return segments.filter { !$0.isEmpty }
    }

    /// A coordinate to one decimal, the same on every platform.
    private func f(_ value: Double) -> String {
        // Coordinates lie on the canvas; one that does not (an axis spanning more than the largest double) is drawn
        // at its edge rather than trapping on the conversion below.
        let tenths = Int((min(max(value.isNaN ? 0 : value, -1e9), 1e9) * 10).rounded())
        let sign = tenths < 0 ? "-" : ""
        let magnitude = abs(tenths)
        return magnitude % 10 == 0 ? "\(sign)\(magnitude / 10)" : "\(sign)\(magnitude / 10).\(magnitude % 10)"
    }

    private func escape(_ text: String) -> String {
        text.escaping(["&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;"])
    }
}

/// A value axis from a round number to a round number in about five steps of 1, 2 or 5 times a power of ten.
struct NiceAxis {
    let low: Double
    let high: Double
    let ticks: [Double]

    init(low: Double, high: Double) {
        // Each side divided first: the span of two values near the largest double would overflow.
        let rough = high / 5 - low / 5
        let exponent = Int((rough > 0 ? rough : 1).log10Floor)
        let mantissa = [1, 2, 5, 10].first { Double($0) * pow10(exponent) >= rough } ?? 10
        // Ticks are whole multiples of the step, scaled once, so 3 × 0.2 prints as 0.6 and not 0.6000000000000001.
        func tick(_ multiple: Int) -> Double {
            exponent >= 0 ? Double(multiple * mantissa) * pow10(exponent) : Double(multiple * mantissa) / pow10(-exponent)
        }
        let step = Double(mantissa) * pow10(exponent)
        let first = Int((low / step).rounded(.down))
        var last = Int((high / step).rounded(.up))
        if last <= first { last = first + 1 }
        // Near the largest double the last tick can overflow: the axis then ends at the largest double, unticked.
        self.low = tick(first).isFinite ? tick(first) : -.greatestFiniteMagnitude
        self.high = tick(last).isFinite ? tick(last) : .greatestFiniteMagnitude
        ticks = (first...last).map(tick).filter(\.isFinite)
    }
}

private func pow10(_ exponent: Int) -> Double {
    var value = 1.0
    if exponent >= 0 { for _ in 0..<exponent { value *= 10 } } else { for _ in 0..<(-exponent) { value /= 10 } }
    return value
}

private extension Double {
    /// floor(log10(self)) for a positive number, by counting digits: no libm, the same everywhere.
    var log10Floor: Double {
        guard isFinite, self > 0 else { return 0 }
        var exponent = 0.0
        var value = self
        while value >= 10 { value /= 10; exponent += 1 }
        while value < 1 { value *= 10; exponent -= 1 }
        return exponent
    }
}

/// Calendar days as numbers (days since 1970-01-01, proleptic Gregorian) and back, for placing periods in time
/// without a calendar library or time zone.
enum CalendarDay {
    static func number(_ text: String) -> Int? {
        guard TimeText.isDate(Substring(text.prefix(10))) else { return nil }
        let parts = text.prefix(10).split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3 else { return nil }
        return days(year: parts[0], month: parts[1], day: parts[2])
    }

    /// Howard Hinnant's days_from_civil.
    static func days(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146097 + dayOfEra - 719468
    }

    /// civil_from_days, as YYYY-MM-DD.
    static func text(_ number: Int) -> String {
        let z = number + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let dayOfEra = z - era * 146097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthPart = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthPart + 2) / 5 + 1
        let month = monthPart < 10 ? monthPart + 3 : monthPart - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        func pad(_ value: Int, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
    }
}
