import Basics
import Catalog

/// The text `infrabook calibrate` prints: one row per published speed figure (published, infrabook
/// before and after calibration, the error after, the leave-one-out error), then the median and
/// worst absolute error by kind, the fitted constants, and the records left out with their reasons.
///
/// Owns the wording and layout of that report only; it computes nothing the fit did not.
package struct CalibrationReport: Sendable {
    package var outcome: CalibrationFit.Outcome

    package init(outcome: CalibrationFit.Outcome) { self.outcome = outcome }

    /// The median and worst absolute value of `errors`, as "12% median, worst 40%"; "none" when empty.
    package static func spread(_ errors: [Double]) -> String {
        guard let summary = MeasurementComparison.summary(errors: errors) else { return "none" }
        return "\(magnitude(summary.median)) median, worst \(magnitude(summary.worst))"
    }

    static func magnitude(_ fraction: Double) -> String { NumberText.fixed(fraction * 100, places: 0) + "%" }

    static func percent(_ fraction: Double) -> String {
        (fraction >= 0 ? "+" : "") + NumberText.fixed(fraction * 100, places: 0) + "%"
    }

    static func figure(_ value: Double) -> String {
        value >= 100 ? NumberText.grouped(Int(value.rounded())) : NumberText.fixed(value, places: 3)
    }

    package var text: String {
        var lines: [String] = []
        let header = ["Record", "Figure", "Published", "Before", "After", "Error", "Leave-one-out"]
        var table: [[String]] = [header]
        for row in outcome.rows {
            table.append([row.measurement.id, row.figure, Self.figure(row.published), Self.figure(row.before), Self.figure(row.after),
                          Self.percent(row.errorAfter), row.leaveOneOutError.map(Self.percent) ?? "not fitted"])
        }
        let widths = header.indices.map { column in table.map { $0[column].count }.max() ?? 0 }
        for (index, cells) in table.enumerated() {
            let padded = cells.enumerated().map { column, cell in
                column < 2 ? cell.padding(toLength: widths[column], withPad: " ", startingAt: 0)
                    : String(repeating: " ", count: widths[column] - cell.count) + cell
            }
            lines.append(padded.joined(separator: "  "))
            if index == 0 { lines.append(widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")) }
        }
        lines.append("")
        for kind in MeasurementComparison.Kind.allCases {
            let rows = outcome.rows.filter { $0.kind == kind }
            guard !rows.isEmpty else { continue }
            let loo = rows.compactMap(\.leaveOneOutError)
            let optimistic = MeasurementComparison.mostOptimistic(loo, kind: kind).map {
                "; most optimistic left out \(Self.percent($0 * kind.optimisticSign))"
            } ?? ""
            lines.append("\(kind.rawValue) (\(NumberText.count(rows.count, "figure"))): before \(Self.spread(rows.map(\.errorBefore))); "
                         + "after \(Self.spread(rows.map(\.errorAfter))); leave-one-out \(Self.spread(loo))\(optimistic)")
        }
        for fit in outcome.calibration.fits {
            let engines = fit.engines.isEmpty ? "" : " (\(fit.engines.joined(separator: ", ")))"
            let models = fit.models.map { ", \($0.phrase)" } ?? ""
            lines.append("\(fit.architecture)\(engines)\(models): memory efficiency \(NumberText.fixed(fit.memoryBandwidthEfficiency, places: 3)), "
                         + (fit.expertMemoryEfficiency.map { "routed experts' weights \(NumberText.fixed($0, places: 3)), " } ?? "")
                         + "compute efficiency \(NumberText.fixed(fit.computeEfficiency, places: 3)), "
                         + "step overhead \(NumberText.fixed(fit.stepOverheadSeconds * 1000, places: 3)) ms, "
                         + (fit.requestOverheadSeconds.map { "request overhead \(NumberText.fixed($0 * 1000, places: 3)) ms, " } ?? "")
                         + (fit.allReduceLatencySeconds.map { "all-reduce latency \(NumberText.fixed($0 * 1e6, places: 1)) µs, " } ?? "")
                         + "fitted to \(NumberText.count(fit.records.count, "figure")) on \(outcome.calibration.date)")
        }
        for (architecture, figures) in outcome.tooFew {
            lines.append("\(architecture): \(NumberText.count(figures, "figure")), fewer than \(CalibrationFit.minimumFigures); defaults kept")
        }
        for beyond in outcome.beyondCeiling {
            lines.append("beyond the ceiling \(beyond.measurement.id): \(beyond.figure) published \(Self.figure(beyond.published)), but "
                         + "\(Self.figure(beyond.ceiling)) is the most its deployment allows as described (every step at the GPU's full "
                         + "bandwidth and compute, no communication, no overhead): check its precision, KV cache precision and layout")
        }
        for skipped in outcome.skipped {
            lines.append("skipped \(skipped.measurement.id): \(skipped.reason)")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
