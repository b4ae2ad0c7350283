/// The results of `infrabook bench`: the machine, its measured memory bandwidth and FMA peak, and one
/// entry per format × operation × shape. Codable in the `bench --format json` shape of DESIGN.md,
/// written with sorted keys so the cached file is byte-stable. Owns no measuring (see `Benchmark`).

import Foundation

/// Measured kernel performance on one machine, cached in `Content/data/benchmark.json`.
package struct BenchmarkReport: Sendable, Codable, Equatable {
    /// Bumped whenever the kernels change in a way that moves the figures; part of `cacheKey`.
    package static let currentKernelVersion = 19

    /// The kernel version that produced these figures.
    package var kernelVersion: Int
    /// Whether this was a `--quick` run (fewer shapes and repeats).
    package var quick: Bool
    package var machine: Machine
    package var results: [Result]

    /// The machine and what was measured on it as a whole.
    package struct Machine: Sendable, Codable, Equatable {
        /// CPU model name.
        package var cpu: String
        /// Logical cores online.
        package var cores: Int
        /// The vector extensions the kernels used: empty when the scalar path ran (no AVX2 here).
        package var simd: [String]
        /// "avx512", "avx2" or "scalar".
        package var kernelPath: String
        /// Worker threads every measurement used.
        package var threads: Int
        /// Reading a large buffer with all threads, GB/s (10^9 bytes per second).
        package var memoryReadGBps: Double
        /// Copying a large buffer with all threads, GB/s counting bytes read plus bytes written.
        package var memoryCopyGBps: Double
        /// f32 FMA throughput with all threads (independent 8-wide FMA chains), GFLOP/s.
        package var fmaPeakGFLOPs: Double

        package init(cpu: String, cores: Int, simd: [String], kernelPath: String, threads: Int,
                    memoryReadGBps: Double, memoryCopyGBps: Double, fmaPeakGFLOPs: Double) {
            self.cpu = cpu
            self.cores = cores
            self.simd = simd
            self.kernelPath = kernelPath
            self.threads = threads
            self.memoryReadGBps = memoryReadGBps
            self.memoryCopyGBps = memoryCopyGBps
            self.fmaPeakGFLOPs = fmaPeakGFLOPs
        }

        enum CodingKeys: String, CodingKey {
            case cpu, cores, simd, threads
            case kernelPath = "kernel_path"
            case memoryReadGBps = "memory_read_gbps"
            case memoryCopyGBps = "memory_copy_gbps"
            case fmaPeakGFLOPs = "fma_peak_gflops"
        }
    }

    /// One format × operation × shape.
    package struct Result: Sendable, Codable, Equatable {
        package var format: WeightFormat
        package var op: MatMulOperation
        /// Output rows.
        package var m: Int
        /// Inputs per row.
        package var k: Int
        /// Tokens.
        package var n: Int
        package var threads: Int
        package var repeats: Int
        package var medianSeconds: Double
        package var minSeconds: Double
        package var maxSeconds: Double
        /// 2·m·k·n / median, GFLOP/s.
        package var gflops: Double
        /// Weight bytes / median, GB/s.
        package var gbps: Double
        /// `gbps` over the same run's read bandwidth (GEMV: how close to memory-bound).
        package var shareOfReadBandwidth: Double
        /// `gflops` over the same run's FMA peak (GEMM: how close to compute-bound).
        package var shareOfFMAPeak: Double
        /// For one token (memory-bound): the median over the repeats of the repeat's GB/s over the GB/s of a read
        /// of as many bytes, with the same threads, just before it. The host's bandwidth swings within seconds;
        /// a pair shares its moment, so this compares the kernel with reading alone, not with the run's best spell.
        package var shareOfPairedRead: Double?
        /// ‖y − y_ref‖/‖y_ref‖ against a float64 product of the same dequantized weights (first 64 rows, up to 4 tokens).
        package var relativeError: Double
        /// ‖W_format − W‖/‖W‖ over the whole matrix: what storing the weights in this format costs.
        package var quantizationError: Double
        /// The kernel of its own this product ran (`MatMul.dedicatedKernel`: "avx512-bf16-dot", "avx512-f16-panels"),
        /// or nil when it ran the path's own tiles; absent from the JSON then.
        package var kernel: String?

        package init(format: WeightFormat, op: MatMulOperation, m: Int, k: Int, n: Int, threads: Int, repeats: Int,
                    medianSeconds: Double, minSeconds: Double, maxSeconds: Double, gflops: Double, gbps: Double,
                    shareOfReadBandwidth: Double, shareOfFMAPeak: Double, shareOfPairedRead: Double? = nil,
                    relativeError: Double, quantizationError: Double, kernel: String? = nil) {
            self.format = format
            self.op = op
            self.m = m
            self.k = k
            self.n = n
            self.threads = threads
            self.repeats = repeats
            self.medianSeconds = medianSeconds
            self.minSeconds = minSeconds
            self.maxSeconds = maxSeconds
            self.gflops = gflops
            self.gbps = gbps
            self.shareOfReadBandwidth = shareOfReadBandwidth
            self.shareOfFMAPeak = shareOfFMAPeak
            self.shareOfPairedRead = shareOfPairedRead
            self.relativeError = relativeError
            self.quantizationError = quantizationError
            self.kernel = kernel
        }

        enum CodingKeys: String, CodingKey {
            case format, op, m, k, n, threads, repeats, gflops, gbps, kernel
            case medianSeconds = "median_seconds"
            case minSeconds = "min_seconds"
            case maxSeconds = "max_seconds"
            case shareOfReadBandwidth = "share_of_read_bandwidth"
            case shareOfFMAPeak = "share_of_fma_peak"
            case shareOfPairedRead = "share_of_paired_read"
            case relativeError = "relative_error"
            case quantizationError = "quantization_error"
        }
    }

    enum CodingKeys: String, CodingKey {
        case quick, machine, results
        case kernelVersion = "kernel_version"
    }

    package init(kernelVersion: Int = currentKernelVersion, quick: Bool, machine: Machine, results: [Result]) {
        self.kernelVersion = kernelVersion
        self.quick = quick
        self.machine = machine
        self.results = results
    }

    /// Identifies the machine and kernel version; `build` warns when a cached report's differs from this machine's.
    package var cacheKey: String {
        Self.cacheKey(cpu: machine.cpu, cores: machine.cores, kernelPath: machine.kernelPath, kernelVersion: kernelVersion)
    }

    /// The key a fresh run on this machine would have (compare with a cached report's `cacheKey`).
    package static var currentCacheKey: String {
        let features = CPUFeatures.current
        return cacheKey(cpu: features.modelName, cores: features.logicalCores,
                        kernelPath: KernelPath.best.rawValue, kernelVersion: currentKernelVersion)
    }

    static func cacheKey(cpu: String, cores: Int, kernelPath: String, kernelVersion: Int) -> String {
        "\(cpu) | \(cores) cores | \(kernelPath) | kernels v\(kernelVersion)"
    }

    /// The result for `format` and `op`; for several shapes or token counts, the largest m, then the largest n
    /// (the shapes of Llama 3.1 8B's feed-forward projection, 14336×4096, and a 512-token prefill).
    package func result(_ format: WeightFormat, _ op: MatMulOperation) -> Result? {
        results.filter { $0.format == format && $0.op == op }.max { ($0.m, $0.n) < ($1.m, $1.n) }
    }

    // MARK: - The cached file

    /// Reads a report written by `write(to:)`.
    package static func load(from path: String) throws -> BenchmarkReport {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw KernelError.cacheFile(path: path, reason: "cannot read the benchmark results (\(error.localizedDescription)); run 'infrabook bench --format json' or 'infrabook build --rerun-bench'")
        }
        do { return try JSONDecoder().decode(BenchmarkReport.self, from: data) } catch {
            throw KernelError.cacheFile(path: path, reason: "not a benchmark results file: \(error)")
        }
    }

    /// The report as pretty JSON with sorted keys and a final newline: the same report gives the same bytes.
    package func jsonText() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try! encoder.encode(self), as: UTF8.self) + "\n"
    }

    /// Writes `jsonText()` to `path` (atomically, so a reader never sees half a file).
    package func write(to path: String) throws {
        do { try Data(jsonText().utf8).write(to: URL(fileURLWithPath: path), options: .atomic) } catch {
            throw KernelError.cacheFile(path: path, reason: "cannot write the benchmark results (\(error.localizedDescription))")
        }
    }
}
