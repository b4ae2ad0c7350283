/// The report as a plain-text table for `infrabook bench --format text`.

import Foundation

extension BenchmarkReport {
    /// A header about the machine, then one aligned row per result. "% read" is of the best read of the run;
    /// "% paired" (one token only) of reads taken just before each repeat.
    package func textTable() -> String {
        var lines: [String] = []
        let simd = machine.simd.isEmpty ? "scalar path: no AVX2/FMA/F16C on this CPU" : machine.simd.joined(separator: " ")
        lines.append("\(machine.cpu), \(machine.cores) cores, \(machine.threads) threads, kernels v\(kernelVersion) (\(simd))\(quick ? ", quick run" : "")")
        lines.append("memory read \(fixed(machine.memoryReadGBps, 1)) GB/s, copy \(fixed(machine.memoryCopyGBps, 1)) GB/s (read + written); "
            + "f32 FMA peak \(fixed(machine.fmaPeakGFLOPs, 1)) GFLOP/s")
        if !machine.simd.isEmpty { lines.append("weights repacked once into groups of eight interleaved rows for decode") }
        // Products that ran a kernel of their own, named once each (`MatMul.dedicatedKernel`).
        for name in Set(results.compactMap(\.kernel)).sorted() {
            lines.append("\(MatMul.dedicatedKernelSummaries[name] ?? name) [\(name)]")
        }
        lines.append("")
        let header = ["format", "op", "m×k", "n", "median ms", "min–max ms", "GB/s", "% read", "% paired", "GFLOP/s", "% peak", "rel. error", "quant. error"]
        var rows: [[String]] = []
        for r in results {
            rows.append([
                r.format.rawValue, r.op.rawValue, "\(r.m)×\(r.k)", "\(r.n)",
                fixed(r.medianSeconds * 1e3, 3), "\(fixed(r.minSeconds * 1e3, 3))–\(fixed(r.maxSeconds * 1e3, 3))",
                fixed(r.gbps, 1), fixed(r.shareOfReadBandwidth * 100, 0), r.shareOfPairedRead.map { fixed($0 * 100, 0) } ?? "–",
                fixed(r.gflops, 1), fixed(r.shareOfFMAPeak * 100, 0),
                String(format: "%.1e", r.relativeError), String(format: "%.1e", r.quantizationError),
            ])
        }
        return lines.joined(separator: "\n") + "\n" + Self.alignedTable(header: header, rows: rows, leftColumns: 3)
    }

    /// `header` and `rows` in columns two spaces apart: the first `leftColumns` left-aligned, the rest right-aligned.
    static func alignedTable(header: [String], rows: [[String]], leftColumns: Int) -> String {
        let widths = header.indices.map { column in ([header] + rows).map { $0[column].count }.max()! }
        return ([header] + rows).map { row in
            row.indices.map { column in
                column < leftColumns ? row[column].padding(toLength: widths[column], withPad: " ", startingAt: 0)
                    : String(repeating: " ", count: widths[column] - row[column].count) + row[column]
            }.joined(separator: "  ") + "\n"
        }.joined()
    }

    private func fixed(_ value: Double, _ digits: Int) -> String { Self.fixed(value, digits) }

    /// `value` with `digits` decimals.
    static func fixed(_ value: Double, _ digits: Int) -> String { String(format: "%.\(digits)f", value) }
}
