/// Ratios between this report and another program's results in the same JSON shape (`infrabook bench
/// --compare FILE.json`): llama.cpp's ggml timed on the same machine, shapes and threads, for example.
/// Owns the matching of results (same format, op, m, k and n) and the ratio table; never measures, and
/// never reads the other file's machine record as ours.

import Foundation

extension BenchmarkReport {
    /// One matched pair: our result and the other program's.
    package struct Comparison: Sendable, Equatable {
        package var ours: Result
        package var theirs: Result
        /// Their median time over ours: above 1 when ours is faster.
        package var speedup: Double { theirs.medianSeconds / ours.medianSeconds }
    }

    /// Every result of ours that `other` also has (same format, op, m, k and n), in our order.
    package func comparisons(with other: BenchmarkReport) -> [Comparison] {
        results.compactMap { ours in
            other.results.first { $0.format == ours.format && $0.op == ours.op && $0.m == ours.m && $0.k == ours.k && $0.n == ours.n }
                .map { Comparison(ours: ours, theirs: $0) }
        }
    }

    /// The matched results side by side: medians, their ratio, and for one token each program's share of
    /// its own paired read. `label` names the other program ("ggml d99724f").
    package func comparisonTable(with other: BenchmarkReport, label: String) -> String {
        let pairs = comparisons(with: other)
        guard !pairs.isEmpty else {
            return "no result of \(label) has the format, op, m×k and n of one of ours; nothing to compare\n"
        }
        let header = ["format", "op", "m×k", "n", "ours ms", "\(label) ms", "ours ÷ theirs speed", "ours % paired", "theirs % paired"]
        let rows = pairs.map { pair in
            [pair.ours.format.rawValue, pair.ours.op.rawValue, "\(pair.ours.m)×\(pair.ours.k)", "\(pair.ours.n)",
             Self.fixed(pair.ours.medianSeconds * 1e3, 3), Self.fixed(pair.theirs.medianSeconds * 1e3, 3), Self.fixed(pair.speedup, 2),
             pair.ours.shareOfPairedRead.map { Self.fixed($0 * 100, 0) } ?? "–", pair.theirs.shareOfPairedRead.map { Self.fixed($0 * 100, 0) } ?? "–"]
        }
        return "compared with \(label) (\(other.machine.threads) threads): speed = their median time ÷ ours\n\n"
            + Self.alignedTable(header: header, rows: rows, leftColumns: 3)
    }
}
