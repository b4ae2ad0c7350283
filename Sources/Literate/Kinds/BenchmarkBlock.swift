import Basics
import Foundation
import Kernels
import Sizing

/// The `benchmark` block: shows the cached kernel measurements (`Content/data/benchmark.json`) as a
/// table and a roofline chart, and makes every figure addressable from prose.
///
/// ````markdown
/// ```{benchmark id=b caption="Kernels on the build machine"}
/// formats: [q8_0, q4_0]     # default: every format measured
/// ops: gemv                 # default: gemv and gemm
/// tokens: 512               # which GEMM n `b.<format>.gemm` means (default: the largest measured)
/// model: llama-3.1-8b       # optional: one token's decode through this model's projections
/// ```
/// ````
///
/// Result fields: `b.machine.memory_read_gbps`, `.memory_copy_gbps`, `.fma_peak_gflops`, `.cores`,
/// `.threads`, `.cpu`; and per format and op `b.q4_0.gemv.gbps`, `.gflops`, `.median_seconds`,
/// `.share_of_read_bandwidth`, `.share_of_fma_peak`, `.relative_error`, `.quantization_error`, `.m`, `.k`, `.n`, and for
/// one token `.share_of_paired_read` (against reads taken just before each repeat).
/// `b.<format>.gemv` is the largest GEMV shape and `b.<format>.gemm` the GEMM at `tokens`; every other
/// measurement is there too as `b.<format>.gemv_4096x4096` and `b.<format>.gemm_n8`.
/// With `model`, `b.decode.<format>.seconds` and `.tokens_per_second` are one token's time through that
/// model's decoder projections, each shape's measured one-token product counted as often as a token
/// multiplies it (`ModelSpec.decodeSeconds`; formats with every shape measured), and `b.decode.q4_K_M` the
/// same for llama.cpp's Q4_K_M mix when q4_K and q6_K were measured.
/// Bandwidths carry the unit B/s and throughputs FLOP/s, so they print as `14.6 GB/s` and `123 GFLOP/s`.
/// This kind never measures anything: `infrabook bench` and `build --rerun-bench` do.
package struct BenchmarkBlock: BlockKind {
    package let name = "benchmark"
    package let keys = ["formats", "ops", "tokens", "model"]

    package init() {}

    package func evaluate(_ input: BlockInput, context: EvaluationContext) throws -> BlockOutput {
        guard let report = context.benchmark else {
            throw Diagnostic.error(at: input.location, "no benchmark results are loaded: the build reads Content/data/benchmark.json; "
                + "create it with 'infrabook bench --format json > Content/data/benchmark.json' or 'infrabook build --rerun-bench'")
        }
        let measuredFormats = WeightFormat.allCases.filter { format in report.results.contains { $0.format == format } }
        let formats = try names(input["formats"], all: measuredFormats.map(\.rawValue), what: "format").map { WeightFormat(rawValue: $0)! }
        let ops = try names(input["ops"], all: MatMulOperation.allCases.map(\.rawValue), what: "operation").map { MatMulOperation(rawValue: $0)! }
        let gemmTokens = Set(report.results.filter { $0.op == .gemm }.map(\.n)).sorted()
        var tokens = gemmTokens.last
        if let node = input["tokens"] {
            let requested = try node.positiveWhole(.count, name: "tokens")
            guard gemmTokens.contains(requested) else {
                throw Diagnostic.error(at: node.location, "no GEMM was measured with \(requested) tokens; measured: "
                    + gemmTokens.map(String.init).joined(separator: ", "))
            }
            tokens = requested
        }
        let shown = report.results.filter { formats.contains($0.format) && ops.contains($0.op) }
        guard !shown.isEmpty else { throw Diagnostic.error(at: input.location, "the cached benchmark has no results for these formats and operations") }

        var recorded: [RecordedValue] = []
        let provenance = "measured by 'infrabook bench' on \(report.cacheKey)"
        func record(_ name: String, _ value: Value, _ formula: String) -> Value {
            recorded.append(RecordedValue(name: name, value: value, formula: "\(formula) (\(provenance))"))
            return value
        }
        let machine = report.machine
        var fields: [Value.Field] = [Value.Field("machine", .record([
            Value.Field("cpu", .text(machine.cpu)),
            Value.Field("cores", .number(Double(machine.cores), .none)),
            Value.Field("threads", .number(Double(machine.threads), .none)),
            Value.Field("memory_read_gbps", record("machine.memory_read_gbps", .number(machine.memoryReadGBps * 1e9, .bytesPerSecond),
                                                   "reading \(machine.threads) threads' shares of a buffer larger than the caches")),
            Value.Field("memory_copy_gbps", record("machine.memory_copy_gbps", .number(machine.memoryCopyGBps * 1e9, .bytesPerSecond),
                                                   "copying a buffer larger than the caches, bytes read plus written")),
            Value.Field("fma_peak_gflops", record("machine.fma_peak_gflops", .number(machine.fmaPeakGFLOPs * 1e9, .flopsPerSecond),
                                                  "12 independent 8-wide f32 FMA chains per thread")),
        ]))]
        for format in formats {
            var perOp: [Value.Field] = []
            for result in shown where result.format == format {
                let key = result.op == .gemv ? "gemv_\(result.m)x\(result.k)" : "gemm_n\(result.n)"
                perOp.append(Value.Field(key, resultRecord(result, path: "\(format.rawValue).\(key)", record: record)))
            }
            if ops.contains(.gemv), let main = shown.filter({ $0.format == format && $0.op == .gemv }).max(by: { $0.m < $1.m }) {
                perOp.insert(Value.Field("gemv", resultRecord(main, path: "\(format.rawValue).gemv", record: record)), at: 0)
            }
            if ops.contains(.gemm), let main = shown.first(where: { $0.format == format && $0.op == .gemm && $0.n == tokens }) {
                perOp.insert(Value.Field("gemm", resultRecord(main, path: "\(format.rawValue).gemm", record: record)), at: 0)
            }
            fields.append(Value.Field(format.rawValue, .record(perOp)))
        }
        if input["model"] != nil {
            fields.append(Value.Field("decode", try decodeRecord(input, report: report, formats: formats, context: context, record: record)))
        }
        return BlockOutput(result: .record(fields), artifacts: [.table(table(shown, report: report, caption: input.caption)),
                                                                 .chart(roofline(shown, machine: machine))],
                           recorded: recorded)
    }

    /// `model`'s one-token decode time through its decoder projections, per format, from this report's
    /// one-token medians of exactly its shapes.
    private func decodeRecord(_ input: BlockInput, report: BenchmarkReport, formats: [WeightFormat], context: EvaluationContext,
                              record: (String, Value, String) -> Value) throws -> Value {
        var problems: [Diagnostic] = []
        let models = EngineInputs.models(input, key: "model", catalog: context.catalog, problems: &problems)
        if !problems.isEmpty { throw Diagnostics(problems) }
        guard let model = models.first, models.count == 1 else {
            throw Diagnostic.error(at: input["model"]?.location ?? input.location, "'model' names one model; found \(models.count)")
        }
        func gemv(_ rows: Int, _ columns: Int, _ format: String) -> Double? {
            report.results.first { $0.op == .gemv && $0.n == 1 && $0.m == rows && $0.k == columns && $0.format.rawValue == format }?.medianSeconds
        }
        var fields = [Value.Field("model", .text(model.id))]
        func add(_ name: String, _ seconds: Double?, _ stored: String) {
            guard let seconds, seconds > 0 else { return }
            let how = "one token through \(model.id)'s decoder projections \(stored): Σ over its m×k shapes of (matrices a token multiplies × median one-token seconds of that m×k)"
            fields.append(Value.Field(name, .record([
                Value.Field("seconds", record("decode.\(name).seconds", .number(seconds, .seconds), how)),
                Value.Field("tokens_per_second", record("decode.\(name).tokens_per_second", .number(1 / seconds, .tokensPerSecond), "1 / (\(how))")),
            ])))
        }
        for format in formats { add(format.rawValue, model.decodeSeconds(format: format.rawValue, gemv: gemv), "in \(format.rawValue)") }
        add("q4_K_M", Q4KMRecipe.decodeSeconds(model, gemv: gemv), "as llama.cpp's Q4_K_M recipe stores them (q6_K on the layers use_more_bits picks, q4_K elsewhere)")
        guard fields.count > 1 else {
            let shapes = Set(model.projectionShapes.map { "\($0.rows)×\($0.columns)" }).sorted().joined(separator: ", ")
            throw Diagnostic.error(at: input["model"]?.location ?? input.location,
                                   "the cached benchmark lacks one-token products of some of \(model.id)'s shapes (\(shapes)) in these formats; "
                                   + "'infrabook bench --model \(model.id)' times them")
        }
        return .record(fields)
    }

    /// A list (or one name) of allowed names, each checked with a suggestion; absent means `all`.
    private func names(_ node: YAMLNode?, all: [String], what: String) throws -> [String] {
        guard let node else { return all }
        var chosen: [String] = []
        var problems: [Diagnostic] = []
        for item in try node.list() {
            // Any case, as `bench --formats` takes them (ggml spells the K-quants q4_K).
            let name = try item.string()
            if let match = all.first(where: { $0.lowercased() == name.lowercased() }) { chosen.append(match) } else {
                problems.append(.error(at: item.location, "no benchmark results for \(what) '\(name)'" + NearestNames.hint(name, among: all)))
            }
        }
        if !problems.isEmpty { throw Diagnostics(problems) }
        return chosen
    }

    private func resultRecord(_ r: BenchmarkReport.Result, path: String, record: (String, Value, String) -> Value) -> Value {
        let shape = "\(r.format.rawValue) \(r.op.rawValue) \(r.m)×\(r.k), n = \(r.n), median of \(r.repeats) runs"
        let paired = r.shareOfPairedRead.map { share in
            Value.Field("share_of_paired_read", record("\(path).share_of_paired_read", .number(share, .ratio),
                                                       "median over the runs of GB/s of weights / GB/s of a read of as many bytes just before, \(shape)"))
        }
        return .record([
            Value.Field("gbps", record("\(path).gbps", .number(r.gbps * 1e9, .bytesPerSecond), "weight bytes / median seconds, \(shape)")),
            Value.Field("gflops", record("\(path).gflops", .number(r.gflops * 1e9, .flopsPerSecond), "2·m·k·n / median seconds, \(shape)")),
            Value.Field("median_seconds", .number(r.medianSeconds, .seconds)),
            Value.Field("share_of_read_bandwidth", record("\(path).share_of_read_bandwidth", .number(r.shareOfReadBandwidth, .ratio),
                                                          "GB/s of weights / measured read bandwidth, \(shape)")),
            Value.Field("share_of_fma_peak", record("\(path).share_of_fma_peak", .number(r.shareOfFMAPeak, .ratio),
                                                    "GFLOP/s / measured FMA peak, \(shape)")),
            Value.Field("relative_error", .number(r.relativeError, .ratio)),
            Value.Field("quantization_error", .number(r.quantizationError, .ratio)),
            Value.Field("m", .number(Double(r.m), .none)),
            Value.Field("k", .number(Double(r.k), .none)),
            Value.Field("n", .number(Double(r.n), .none)),
        ] + (paired.map { [$0] } ?? []))
    }

    private func table(_ results: [BenchmarkReport.Result], report: BenchmarkReport, caption: String?) -> Table {
        let m = report.machine
        let about = "\(m.cpu), \(m.threads) threads, \(m.simd.isEmpty ? "scalar kernels" : m.simd.joined(separator: "+")); "
            + "read \(fixed(m.memoryReadGBps, 1)) GB/s, FMA peak \(fixed(m.fmaPeakGFLOPs, 0)) GFLOP/s"
        // Reports from before paired reads existed have no such column.
        let paired = results.contains { $0.shareOfPairedRead != nil }
        let columns = [Table.Column("Format"), Table.Column("Op"), Table.Column("m×k", alignment: .right), Table.Column("n", alignment: .right),
                       Table.Column("Median ms", alignment: .right), Table.Column("GB/s", alignment: .right), Table.Column("% of read", alignment: .right)]
            + (paired ? [Table.Column("% of paired read", alignment: .right)] : [])
            + [Table.Column("GFLOP/s", alignment: .right), Table.Column("% of FMA peak", alignment: .right),
               Table.Column("Relative error", alignment: .right), Table.Column("Quantization error", alignment: .right)]
        let rows = results.map { r in
            [Table.Cell(r.format.rawValue), Table.Cell(r.op.rawValue), Table.Cell("\(r.m)×\(r.k)"), Table.Cell("\(r.n)"),
             Table.Cell(fixed(r.medianSeconds * 1e3, 3)), Table.Cell(fixed(r.gbps, 1)), Table.Cell(fixed(r.shareOfReadBandwidth * 100, 0) + "%")]
                + (paired ? [Table.Cell(r.shareOfPairedRead.map { fixed($0 * 100, 0) + "%" } ?? "–")] : [])
                + [Table.Cell(fixed(r.gflops, 1)), Table.Cell(fixed(r.shareOfFMAPeak * 100, 0) + "%"),
                   Table.Cell(scientific(r.relativeError)), Table.Cell(scientific(r.quantizationError))]
        }
        return Table(caption: caption.map { "\($0) (\(about))" } ?? about, columns: columns, rows: rows)
    }

    /// GFLOP/s against arithmetic intensity (FLOP per byte of weights read), under the roof the same
    /// run measured: min(read bandwidth × intensity, FMA peak).
    private func roofline(_ results: [BenchmarkReport.Result], machine: BenchmarkReport.Machine) -> Chart {
        func intensity(_ r: BenchmarkReport.Result) -> Double { r.gflops / max(r.gbps, 1e-12) }
        let xs = results.map(intensity)
        let low = (xs.min() ?? 1) / 2, high = (xs.max() ?? 1) * 2
        let ridge = machine.fmaPeakGFLOPs / machine.memoryReadGBps
        var roof = [(x: low, y: machine.memoryReadGBps * low)]
        if ridge > low && ridge < high { roof.append((x: ridge, y: machine.fmaPeakGFLOPs)) }
        roof.append((x: high, y: min(machine.fmaPeakGFLOPs, machine.memoryReadGBps * high)))
        var series = [Chart.Series(name: "roof: measured read bandwidth and FMA peak", points: roof)]
        for format in WeightFormat.allCases {
            let points = results.filter { $0.format == format }.map { (x: intensity($0), y: $0.gflops) }.sorted { $0.x < $1.x }
            if !points.isEmpty { series.append(Chart.Series(name: format.rawValue, points: points)) }
        }
        return Chart(title: "Roofline of the measured kernels", style: .line, xLabel: "FLOP per byte of weights",
                     yLabel: "GFLOP/s", series: series, logX: true, logY: true)
    }

    private func fixed(_ value: Double, _ digits: Int) -> String {
        let scale = pow(10.0, Double(digits))
        let rounded = (value * scale).rounded() / scale
        return digits == 0 ? String(Int(rounded)) : String(format: "%.\(digits)f", rounded)
    }

    private func scientific(_ value: Double) -> String { String(format: "%.1e", value) }
}
