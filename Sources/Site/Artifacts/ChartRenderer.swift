import Basics
import Foundation
import Literate

/// Draws a `Chart` as inline SVG: axes with ticks, axis labels carrying units, one styled series per
/// entry (colour from CSS variables plus a dash pattern or hatch, so series stay apart in print and for
/// colour-blind readers), a legend, and a text alternative (`<title>`, `<desc>` and a data table).
///
/// Colours come from the page's stylesheet (`--chart-1` … and `currentColor`), so the same SVG reads
/// in light and dark mode. Output is deterministic: coordinates are printed with fixed decimals.
struct ChartRenderer {
    /// Makes element ids unique on the page (`chart-3`).
    var idPrefix: String

    private let width = 640.0
    private let plotTop = 40.0
    private let plotLeft = 72.0
    private let plotRight = 620.0
    private let plotBottom = 300.0
    private let dashes = ["", "6 4", "2 3", "10 3 2 3", "1 5", "12 6"]

    /// Whether the figure carries its own data table; off when the block shows the same data as a table
    /// of its own, so the data appears once.
    var includesDataTable = true

    func html(_ chart: Chart) -> String {
        let legendRows = (legendPositions(chart).map(\.row).max() ?? 0) + 1
        let height = plotBottom + 56 + Double(legendRows) * 20
        let titleID = "\(idPrefix)-title", descID = "\(idPrefix)-desc"
        var svg = "<figure class=\"chart\">\n"
        svg += "<svg class=\"chart-svg\" viewBox=\"0 0 \(NumberText.coordinate(width)) \(NumberText.coordinate(height))\" role=\"img\" aria-labelledby=\"\(titleID) \(descID)\" xmlns=\"http://www.w3.org/2000/svg\">\n"
        svg += "<title id=\"\(titleID)\">\(HTMLText.escape(chart.title))</title>\n"
        svg += "<desc id=\"\(descID)\">\(HTMLText.escape(description(chart)))</desc>\n"
        svg += "<text class=\"chart-title\" x=\"\(NumberText.coordinate(width / 2))\" y=\"20\" text-anchor=\"middle\">\(HTMLText.escape(chart.title))</text>\n"

        let xs = chart.series.flatMap { $0.points.map(\.x) }
        let ys = chart.series.flatMap { $0.points.map(\.y) }
        let isBar = chart.style == .bar
        let xScale: Scale
        if isBar {
            let count = max(chart.categories.count, (xs.max().map { Int($0) + 1 }) ?? 1)
            xScale = Scale.categories(count: count, from: plotLeft, to: plotRight)
        } else {
            xScale = Scale.make(values: xs, logarithmic: chart.logX, includeZero: false, from: plotLeft, to: plotRight,
                                binary: xs.allSatisfy(Self.isMultipleOf1024))
        }
        let yScale = Scale.make(values: ys, logarithmic: chart.logY, includeZero: !chart.logY, from: plotBottom, to: plotTop)

        svg += axes(chart, xScale: xScale, yScale: yScale, isBar: isBar, binaryX: xs.allSatisfy(Self.isMultipleOf1024))
        svg += "<g class=\"chart-series\">\n"
        for (index, series) in chart.series.enumerated() {
            svg += isBar
                ? bars(series, index: index, of: chart.series.count, xScale: xScale, yScale: yScale)
                : line(series, index: index, style: chart.style, xScale: xScale, yScale: yScale)
        }
        svg += "</g>\n"
        svg += legend(chart, isBar: isBar)
        svg += "</svg>\n"
        svg += "<figcaption>\(HTMLText.escape(chart.title))</figcaption>\n"
        if includesDataTable { svg += dataTable(chart) }
        return svg + "</figure>\n"
    }

    /// Charts in Markdown become their data table (the text alternative).
    func markdown(_ chart: Chart) -> String {
        TableRenderer(provenance: { _ in nil }).markdown(Self.table(of: chart))
    }

    // MARK: - Parts

    private func description(_ chart: Chart) -> String {
        let kind = chart.style == .bar ? "Bar chart" : chart.style == .line ? "Line chart" : "Scatter chart"
        let names = chart.series.map(\.name).joined(separator: ", ")
        return "\(kind) of \(chart.yLabel) against \(chart.xLabel)\(chart.logY ? " (logarithmic)" : "") for: \(names). The data table follows the chart."
    }

    private func axes(_ chart: Chart, xScale: Scale, yScale: Scale, isBar: Bool, binaryX: Bool) -> String {
        var out = "<g class=\"chart-axes\">\n"
        for tick in yScale.ticks {
            let y = NumberText.coordinate(yScale.position(tick))
            out += "<line class=\"grid\" x1=\"\(NumberText.coordinate(plotLeft))\" x2=\"\(NumberText.coordinate(plotRight))\" y1=\"\(y)\" y2=\"\(y)\"/>"
            out += "<text class=\"tick\" x=\"\(NumberText.coordinate(plotLeft - 6))\" y=\"\(y)\" dy=\"0.32em\" text-anchor=\"end\">\(HTMLText.escape(NumberText.tick(tick, binaryThousands: false)))</text>\n"
        }
        if isBar {
            for (index, name) in chart.categories.enumerated() {
                let x = NumberText.coordinate(xScale.position(Double(index)))
                out += "<text class=\"tick\" x=\"\(x)\" y=\"\(NumberText.coordinate(plotBottom + 16))\" text-anchor=\"middle\">\(HTMLText.escape(name))</text>\n"
            }
        } else {
            for tick in xScale.ticks {
                let x = NumberText.coordinate(xScale.position(tick))
                out += "<line class=\"tick-mark\" x1=\"\(x)\" x2=\"\(x)\" y1=\"\(NumberText.coordinate(plotBottom))\" y2=\"\(NumberText.coordinate(plotBottom + 5))\"/>"
                out += "<text class=\"tick\" x=\"\(x)\" y=\"\(NumberText.coordinate(plotBottom + 18))\" text-anchor=\"middle\">\(HTMLText.escape(NumberText.tick(tick, binaryThousands: binaryX)))</text>\n"
            }
        }
        out += "<line class=\"axis\" x1=\"\(NumberText.coordinate(plotLeft))\" x2=\"\(NumberText.coordinate(plotRight))\" y1=\"\(NumberText.coordinate(plotBottom))\" y2=\"\(NumberText.coordinate(plotBottom))\"/>\n"
        out += "<line class=\"axis\" x1=\"\(NumberText.coordinate(plotLeft))\" x2=\"\(NumberText.coordinate(plotLeft))\" y1=\"\(NumberText.coordinate(plotTop))\" y2=\"\(NumberText.coordinate(plotBottom))\"/>\n"
        let middleX = NumberText.coordinate((plotLeft + plotRight) / 2)
        out += "<text class=\"axis-label\" x=\"\(middleX)\" y=\"\(NumberText.coordinate(plotBottom + 38))\" text-anchor=\"middle\">\(HTMLText.escape(chart.xLabel + (chart.logX ? " (log scale)" : "")))</text>\n"
        let middleY = NumberText.coordinate((plotTop + plotBottom) / 2)
        out += "<text class=\"axis-label\" transform=\"translate(16 \(middleY)) rotate(-90)\" text-anchor=\"middle\">\(HTMLText.escape(chart.yLabel + (chart.logY ? " (log scale)" : "")))</text>\n"
        return out + "</g>\n"
    }

    private func line(_ series: Chart.Series, index: Int, style: Chart.Style, xScale: Scale, yScale: Scale) -> String {
        let points = series.points.filter { $0.x.isFinite && $0.y.isFinite }
        var out = "<g class=\"series s\(index % 8)\">"
        if style == .line, points.count > 1 {
            let path = points.map { "\(NumberText.coordinate(xScale.position($0.x))),\(NumberText.coordinate(yScale.position($0.y)))" }
            let dash = dashes[index % dashes.count]
            out += "<polyline fill=\"none\" points=\"\(path.joined(separator: " "))\"\(dash.isEmpty ? "" : " stroke-dasharray=\"\(dash)\"")/>"
        }
        for point in points {
            out += "<circle cx=\"\(NumberText.coordinate(xScale.position(point.x)))\" cy=\"\(NumberText.coordinate(yScale.position(point.y)))\" r=\"3.5\">"
            out += "<title>\(HTMLText.escape(series.name)): \(NumberText.grouped(point.x)), \(NumberText.grouped(point.y))</title></circle>"
        }
        return out + "</g>\n"
    }

    private func bars(_ series: Chart.Series, index: Int, of count: Int, xScale: Scale, yScale: Scale) -> String {
        let band = xScale.bandWidth * 0.8
        let barWidth = band / Double(max(count, 1))
        var out = "<g class=\"series bar s\(index % 8)\">"
        for point in series.points where point.y.isFinite {
            let left = xScale.position(point.x) - band / 2 + Double(index) * barWidth
            let top = yScale.position(point.y)
            let base = yScale.position(yScale.lower)
            out += "<rect x=\"\(NumberText.coordinate(left))\" y=\"\(NumberText.coordinate(min(top, base)))\" width=\"\(NumberText.coordinate(barWidth - 1))\" height=\"\(NumberText.coordinate(abs(base - top)))\">"
            out += "<title>\(HTMLText.escape(series.name)): \(NumberText.grouped(point.y))</title></rect>"
        }
        return out + "</g>\n"
    }

    /// Where each legend entry starts: entries flow left to right, each as wide as its swatch and
    /// label (about 7 px a character at the chart's 12 px type), wrapping before the plot's right edge.
    private func legendPositions(_ chart: Chart) -> [(x: Double, row: Int)] {
        var places: [(x: Double, row: Int)] = []
        var x = plotLeft, row = 0
        for series in chart.series {
            let width = 24 + Double(series.name.count) * 7 + 24
            if x > plotLeft, x + width > plotRight + 40 {
                x = plotLeft
                row += 1
            }
            places.append((x, row))
            x += width
        }
        return places
    }

    private func legend(_ chart: Chart, isBar: Bool) -> String {
        var out = "<g class=\"chart-legend\">\n"
        for ((index, series), place) in zip(chart.series.enumerated(), legendPositions(chart)) {
            let x = place.x
            let y = plotBottom + 60 + Double(place.row) * 20
            out += "<g class=\"series s\(index % 8)\">"
            if isBar {
                out += "<rect x=\"\(NumberText.coordinate(x))\" y=\"\(NumberText.coordinate(y - 9))\" width=\"18\" height=\"10\"/>"
            } else {
                let dash = dashes[index % dashes.count]
                out += "<line x1=\"\(NumberText.coordinate(x))\" x2=\"\(NumberText.coordinate(x + 18))\" y1=\"\(NumberText.coordinate(y - 4))\" y2=\"\(NumberText.coordinate(y - 4))\"\(dash.isEmpty ? "" : " stroke-dasharray=\"\(dash)\"")/>"
            }
            out += "<text x=\"\(NumberText.coordinate(x + 24))\" y=\"\(NumberText.coordinate(y))\">\(HTMLText.escape(series.name))</text></g>\n"
        }
        return out + "</g>\n"
    }

    private func dataTable(_ chart: Chart) -> String {
        "<details class=\"chart-data\"><summary>Data table</summary>\n"
            + TableRenderer(provenance: { _ in nil }).html(Self.table(of: chart))
            + "</details>\n"
    }

    /// The chart's data as a table: one row per x (or category), one column per series.
    static func table(of chart: Chart) -> Table {
        var xs: [Double] = []
        for series in chart.series { for point in series.points where !xs.contains(point.x) { xs.append(point.x) } }
        xs.sort()
        let columns = [Table.Column(chart.xLabel)] + chart.series.map { Table.Column("\($0.name) — \(chart.yLabel)", alignment: .right) }
        let rows: [[Table.Cell]] = xs.map { x in
            let label: String
            if chart.style == .bar, let i = Int(exactly: x), chart.categories.indices.contains(i) {
                label = chart.categories[i]
            } else {
                label = NumberText.grouped(x)
            }
            return [Table.Cell(label)] + chart.series.map { series in
                Table.Cell(series.points.first { $0.x == x }.map { NumberText.grouped($0.y) } ?? "—")
            }
        }
        return Table(caption: chart.title, columns: columns, rows: rows)
    }

    static func isMultipleOf1024(_ value: Double) -> Bool {
        value >= 1024 && value.truncatingRemainder(dividingBy: 1024) == 0
    }
}

/// Maps data values to SVG coordinates and picks readable tick values (1, 2, 5 × 10ⁿ; powers of ten on
/// logarithmic axes, or the data's own values when there are few of them).
struct Scale {
    var lower: Double
    var upper: Double
    var logarithmic: Bool
    var from: Double
    var to: Double
    var ticks: [Double]
    var bandWidth: Double = 0

    func position(_ value: Double) -> Double {
        let fraction: Double
        if logarithmic {
            let v = max(value, lower)
            fraction = (log10(v) - log10(lower)) / max(log10(upper) - log10(lower), 1e-12)
        } else {
            fraction = (value - lower) / max(upper - lower, 1e-12)
        }
        return from + (to - from) * fraction
    }

    static func categories(count: Int, from: Double, to: Double) -> Scale {
        let band = (to - from) / Double(max(count, 1))
        return Scale(lower: -0.5, upper: Double(count) - 0.5, logarithmic: false, from: from, to: to,
                     ticks: (0..<count).map(Double.init), bandWidth: band)
    }

    /// `binary`: the values are multiples of 1,024 (context lengths), so linear ticks step by a power of
    /// two times 1,024 (32K, 64K, 96K) rather than by 1, 2 or 5 × 10ⁿ (which would read 48.8K).
    static func make(values: [Double], logarithmic: Bool, includeZero: Bool, from: Double, to: Double, binary: Bool = false) -> Scale {
        let finite = values.filter { $0.isFinite && (!logarithmic || $0 > 0) }
        guard var low = finite.min(), var high = finite.max() else {
            return Scale(lower: 0, upper: 1, logarithmic: false, from: from, to: to, ticks: [0, 0.5, 1])
        }
        if logarithmic {
            let distinct = Array(Set(finite)).sorted()
            let lowPower = pow(10, floor(log10(low))), highPower = pow(10, ceil(log10(high)))
            if distinct.count <= 10 {
                // Few values (context lengths 4K…128K): tick at the data itself, tightly framed.
                return Scale(lower: low / 1.15, upper: high * 1.15, logarithmic: true, from: from, to: to, ticks: distinct)
            }
            var ticks: [Double] = []
            var power = lowPower
            while power <= highPower * 1.0001 { ticks.append(power); power *= 10 }
            return Scale(lower: lowPower, upper: highPower, logarithmic: true, from: from, to: to, ticks: ticks)
        }
        if includeZero { low = min(low, 0); high = max(high, 0) }
        if low == high { low -= 1; high += 1 }
        let step = binary ? binaryStep((high - low) / 5) : niceStep((high - low) / 5)
        let lower = floor(low / step) * step, upper = ceil(high / step) * step
        var ticks: [Double] = []
        var tick = lower
        while tick <= upper + step / 2 { ticks.append(abs(tick) < step / 1e6 ? 0 : tick); tick += step }
        return Scale(lower: lower, upper: upper, logarithmic: false, from: from, to: to, ticks: ticks)
    }

    /// The nearest power of two times 1,024 at or above `rough`.
    static func binaryStep(_ rough: Double) -> Double {
        var step = 1024.0
        while step < rough { step *= 2 }
        return step
    }

    /// The nearest 1, 2 or 5 × 10ⁿ at or above `rough`.
    static func niceStep(_ rough: Double) -> Double {
        let power = pow(10, floor(log10(rough)))
        let fraction = rough / power
        let nice: Double = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10
        return nice * power
    }
}
