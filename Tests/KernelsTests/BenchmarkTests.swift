import Foundation
import Testing
@testable import Kernels

/// The benchmark harness on tiny shapes (it times, but nothing here asserts a time) and its cached file.
struct BenchmarkTests {
    static func tinyOptions(formats: [WeightFormat] = WeightFormat.allCases) throws -> BenchmarkOptions {
        var options = try BenchmarkOptions(quick: true, threads: 2, formats: formats)
        // k = 256: one K-quant super-block.
        options.gemvShapes = [MatrixShape(rows: 36, columns: 256)]
        options.gemmShape = MatrixShape(rows: 20, columns: 256)
        options.gemmTokens = [1, 5]
        options.rotationBytes = 1 << 15
        options.probeBytes = 1 << 16
        options.fmaIterations = 1000
        options.minimumRepeats = 2
        options.minimumSeconds = 0
        return options
    }

    @Test func runMeasuresEveryFormatOperationAndTokenCount() throws {
        var lines: [String] = []
        let report = try Benchmark.run(options: Self.tinyOptions()) { lines.append($0) }
        // 8 formats × (one GEMV shape + two GEMM token counts).
        #expect(report.results.count == 24)
        #expect(lines.contains { $0.hasPrefix("[24/24] q6_K gemm 20×256 n=5") })
        for result in report.results {
            #expect(result.repeats >= 2 && result.minSeconds <= result.medianSeconds && result.medianSeconds <= result.maxSeconds)
            // One token has a read paired with each repeat; the share is a ratio of two positive speeds.
            #expect((result.shareOfPairedRead != nil) == (result.n == 1), "\(result.format) \(result.op) n=\(result.n)")
            #expect(result.shareOfPairedRead.map { $0 > 0 && $0.isFinite } ?? true)
            // 2·m·k·n flops and m·k weights in the format's bytes, over the same median.
            let flops = 2.0 * Double(result.m * result.k * result.n)
            #expect(abs(result.gflops / (flops / result.medianSeconds / 1e9) - 1) < 2e-3)
            let bytes = Double(result.m * result.format.bytesPerRow(columns: result.k))
            #expect(abs(result.gbps / (bytes / result.medianSeconds / 1e9) - 1) < 2e-3)
            // Integer formats quantize the activations, and bf16 GEMM with AVX-512 BF16 rounds them to bf16.
            let roundsActivations = result.format.usesIntegerDotProducts
                || BF16DotProducts.apply(format: result.format, columns: result.k, tokens: result.n, path: .best)
            #expect(result.relativeError < (roundsActivations ? 0.02 : 1e-5))
        }
        #expect(report.result(.q4_0, .gemm)?.n == 5)
        #expect(report.result(.f16, .gemv)?.m == 36)
        #expect(report.machine.threads == 2)
        #expect(report.machine.memoryReadGBps > 0 && report.machine.fmaPeakGFLOPs > 0)
        #expect(report.machine.simd == KernelPath.best.requiredExtensions)
        #expect(report.machine.kernelPath == KernelPath.best.rawValue)
    }

    @Test func theScalarPathSaysSoInTheMachineRecord() throws {
        var options = try Self.tinyOptions(formats: [.q8_0])
        options.path = .scalar
        options.operations = [.gemv]
        let report = try Benchmark.run(options: options) { _ in }
        #expect(report.machine.simd.isEmpty)
        #expect(report.machine.kernelPath == "scalar")
        #expect(report.textTable().contains("scalar path"))
    }

    /// A product that ran a kernel of its own says which in its result and once in the text header: f16 GEMM from 16
    /// tokens in 32-row f32 panels and bf16 GEMM with `vdpbf16ps` on a CPU whose AVX-512 path has them; the path's own
    /// tiles (fewer tokens, the AVX2 path) name none.
    @Test func dedicatedKernelsAreNamed() throws {
        var options = try Self.tinyOptions(formats: [.f16, .bf16])
        options.operations = [.gemm]
        options.gemmTokens = [5, 16]
        for path in KernelPath.allCases.filter(\.isAvailable) {
            options.path = path
            let report = try Benchmark.run(options: options) { _ in }
            let onAVX512 = path == .avx512
            #expect(report.results.first { $0.format == .f16 && $0.n == 16 }?.kernel == (onAVX512 ? "avx512-f16-panels" : nil))
            #expect(report.results.first { $0.format == .f16 && $0.n == 5 }?.kernel == nil)
            #expect(report.results.first { $0.format == .bf16 && $0.n == 16 }?.kernel
                    == (onAVX512 && BF16DotProducts.isAvailable ? "avx512-bf16-dot" : nil))
            #expect(report.textTable().contains("[avx512-f16-panels]") == onAVX512)
            #expect(report.jsonText().contains("\"kernel\" : \"avx512-f16-panels\"") == onAVX512)
        }
    }

    @Test func badOptionsAreRefused() throws {
        #expect(throws: KernelError.invalidThreadCount(0)) { try BenchmarkOptions(threads: 0) }
        #expect(throws: KernelError.self) { try BenchmarkOptions(threads: 100_000) }
        var options = try Self.tinyOptions(formats: [.q4_0])
        options.gemvShapes = [MatrixShape(rows: 8, columns: 100)]
        #expect(throws: KernelError.columnsNotMultipleOfBlock(format: .q4_0, columns: 100)) { try Benchmark.run(options: options) { _ in } }
        options = try Self.tinyOptions()
        options.gemmShape = MatrixShape(rows: 1 << 20, columns: 1 << 20)
        #expect(throws: KernelError.self) { try Benchmark.run(options: options) { _ in } }
    }

    @Test func cachedFileRoundTripsByteForByte() throws {
        let report = BenchmarkReport(quick: false, machine: .init(
            cpu: "AMD EPYC", cores: 2, simd: ["avx2", "f16c", "fma"], kernelPath: "avx2", threads: 2,
            memoryReadGBps: 20.5, memoryCopyGBps: 24.1, fmaPeakGFLOPs: 190), results: [
            .init(format: .q4_0, op: .gemv, m: 14336, k: 4096, n: 1, threads: 2, repeats: 40, medianSeconds: 0.00226,
                  minSeconds: 0.0021, maxSeconds: 0.0031, gflops: 52, gbps: 14.6, shareOfReadBandwidth: 0.712,
                  shareOfFMAPeak: 0.274, relativeError: 0.0065, quantizationError: 0.086),
        ])
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("benchmark-\(UUID().uuidString).json").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try report.write(to: path)
        let loaded = try BenchmarkReport.load(from: path)
        #expect(loaded == report)
        #expect(loaded.jsonText() == (try String(contentsOfFile: path, encoding: .utf8)))
        // DESIGN.md's `bench --format json` keys, plus quantization_error.
        let text = report.jsonText()
        for key in ["\"machine\"", "\"cpu\"", "\"cores\"", "\"simd\"", "\"memory_read_gbps\"", "\"results\"", "\"format\" : \"q4_0\"",
                    "\"op\" : \"gemv\"", "\"median_seconds\"", "\"gflops\"", "\"gbps\"", "\"relative_error\"", "\"quantization_error\""] {
            #expect(text.contains(key), "missing \(key)")
        }
        #expect(report.cacheKey == "AMD EPYC | 2 cores | avx2 | kernels v\(BenchmarkReport.currentKernelVersion)")
    }

    @Test func loadingAMissingFileSaysHowToCreateIt() {
        do {
            _ = try BenchmarkReport.load(from: "/nonexistent/benchmark.json")
            Issue.record("loading a missing file succeeded")
        } catch {
            #expect("\(error)".contains("/nonexistent/benchmark.json") && "\(error)".contains("infrabook bench"))
        }
    }

    @Test func comparisonPairsResultsOfTheSameFormatShapeAndTokens() throws {
        func result(_ format: WeightFormat, _ op: MatMulOperation, n: Int, median: Double, share: Double? = nil) -> BenchmarkReport.Result {
            .init(format: format, op: op, m: 4096, k: 4096, n: n, threads: 2, repeats: 5, medianSeconds: median, minSeconds: median,
                  maxSeconds: median, gflops: 1, gbps: 1, shareOfReadBandwidth: 0, shareOfFMAPeak: 0, shareOfPairedRead: share,
                  relativeError: 0, quantizationError: 0)
        }
        let machine = BenchmarkReport.Machine(cpu: "x", cores: 2, simd: [], kernelPath: "avx512", threads: 2, memoryReadGBps: 1,
                                              memoryCopyGBps: 1, fmaPeakGFLOPs: 1)
        let ours = BenchmarkReport(quick: false, machine: machine, results: [
            result(.q4_K, .gemv, n: 1, median: 0.001, share: 0.9), result(.q4_K, .gemm, n: 512, median: 0.1), result(.bf16, .gemm, n: 512, median: 0.2),
        ])
        var other = machine
        other.cpu = "ggml d99724f"
        // Theirs: the same q4_K GEMV twice as slow, the GEMM with another token count (not a match), no bf16.
        let theirs = BenchmarkReport(kernelVersion: 0, quick: false, machine: other, results: [
            result(.q4_K, .gemm, n: 64, median: 0.02), result(.q4_K, .gemv, n: 1, median: 0.002, share: 0.45),
        ])
        let pairs = ours.comparisons(with: theirs)
        #expect(pairs.count == 1)
        #expect(pairs.first?.speedup == 2)
        let table = ours.comparisonTable(with: theirs, label: "ggml d99724f")
        #expect(table.contains("q4_K    gemv  4096×4096  1") && table.contains("2.00") && table.contains("90") && table.contains("45"))
        #expect(BenchmarkReport(quick: false, machine: machine, results: []).comparisonTable(with: theirs, label: "g").hasPrefix("no result of g"))
    }
}
