import Dispatch
import Foundation

/// The micro-benchmark behind `infrabook bench` and `build --rerun-bench`: measures the machine's read
/// bandwidth and FMA peak, then GEMV and GEMM for each format on real model shapes, with warm-up,
/// repeats and medians, checking every product against a float64 reference. Owns timing and the
/// choice of shapes; never prints (progress goes through a callback) and never writes files.

/// The shape of a weight matrix: m output rows × k inputs.
package struct MatrixShape: Sendable, Codable, Equatable, CustomStringConvertible {
    package var rows: Int
    package var columns: Int
    package init(rows: Int, columns: Int) { self.rows = rows; self.columns = columns }
    package var description: String { "\(rows)×\(columns)" }
}

/// What `Benchmark.run` measures and how hard it tries.
package struct BenchmarkOptions: Sendable {
    /// Fewer shapes and repeats: under 30 s on 2 cores.
    package var quick: Bool
    /// Worker threads for every kernel and probe.
    package var threads: Int
    package var formats: [WeightFormat]
    package var operations: [MatMulOperation]
    /// GEMV weight shapes.
    package var gemvShapes: [MatrixShape]
    /// The GEMM weight shape and the token counts it is run with.
    package var gemmShape: MatrixShape
    package var gemmTokens: [Int]
    /// Every measurement rotates through copies of the weights totalling at least this many bytes, so no
    /// read is served from cache (the last-level cache here is 32 MiB).
    package var rotationBytes: Int
    /// Bytes the bandwidth probe reads.
    package var probeBytes: Int
    /// Steps of the FMA probe's loop per thread (each step is 12 eight-wide FMAs).
    package var fmaIterations: Int
    /// Each measurement repeats until it has run `minimumRepeats` times and `minimumSeconds` in all.
    package var minimumRepeats: Int
    package var minimumSeconds: Double
    /// Which kernels run (the fastest this CPU supports unless a caller asks for the scalar path).
    package var path: KernelPath
    /// Whether the weights are also repacked into the decode layout (`InterleavedRows`), as a runtime would at
    /// load time; false times decode on ggml's plain rows, to measure what the layout gains.
    package var decodeLayout = true
    /// Seed of the random weights and activations (fixed, so quantization errors repeat exactly).
    package var seed: UInt64

    /// The standard run: GEMV on every projection shape of Llama 3.1 8B (from its config.json: hidden_size
    /// 4096, 8 KV heads of 128, intermediate_size 14336): 1024×4096 (k, v), 4096×4096 (q, output),
    /// 14336×4096 (gate, up) and 4096×14336 (down), so a page can sum one token's decode through the model;
    /// GEMM on 14336×4096 with 1, 8, 64 and 512 tokens. `quick` keeps only 4096×4096 and fewer repeats.
    package init(quick: Bool = false, threads: Int = CPUFeatures.current.logicalCores,
                formats: [WeightFormat] = WeightFormat.allCases, operations: [MatMulOperation] = MatMulOperation.allCases,
                path: KernelPath = .best) throws(KernelError) {
        guard threads >= 1 else { throw .invalidThreadCount(threads) }
        guard threads <= Self.maximumThreads else {
            throw .invalidShape("--threads \(threads) is more than \(Self.maximumThreads); this machine has \(CPUFeatures.current.logicalCores) cores")
        }
        self.quick = quick
        self.threads = threads
        self.formats = formats
        self.operations = operations
        self.path = path
        self.seed = 2026
        let small = MatrixShape(rows: 4096, columns: 4096)
        let large = MatrixShape(rows: 14336, columns: 4096)
        gemvShapes = quick ? [small] : [MatrixShape(rows: 1024, columns: 4096), small, large, MatrixShape(rows: 4096, columns: 14336)]
        gemmShape = quick ? small : large
        gemmTokens = [1, 8, 64, 512]
        rotationBytes = 256 << 20
        probeBytes = quick ? 256 << 20 : 512 << 20
        fmaIterations = quick ? 2_000_000 : 5_000_000
        minimumRepeats = quick ? 3 : 5
        minimumSeconds = quick ? 0.2 : 0.6
    }

    /// More threads than this is a typing mistake, not a request.
    package static let maximumThreads = 1024
}

/// Runs the benchmark.
package enum Benchmark {
    /// Measures everything `options` asks for; `progress` receives one short line per step (for a status line).
    package static func run(options: BenchmarkOptions, progress: (String) -> Void) throws -> BenchmarkReport {
        guard options.probeBytes >= 128 * options.threads, options.probeBytes % 256 == 0, options.fmaIterations >= 1 else {
            throw KernelError.invalidShape("the probes need at least 128 bytes per thread in whole 256-byte lines and one FMA step")
        }
        try options.path.checkAvailable()
        for shape in options.gemvShapes + [options.gemmShape] {
            for format in options.formats { try QuantizedMatrix.validate(rows: shape.rows, columns: shape.columns, format: format) }
        }
        guard options.gemmTokens.allSatisfy({ $0 >= 1 && $0 <= 65536 }) else {
            throw KernelError.invalidShape("GEMM token counts must be between 1 and 65536; found \(options.gemmTokens)")
        }
        progress("measuring memory bandwidth (\(options.probeBytes >> 20) MiB, \(options.threads) threads) and the FMA peak")
        var ceilings = MachineProbe.Ceilings(options)
        // One token is memory-bound: each of its repeats is paired with a read of as many bytes.
        let pairedRead = options.gemvShapes.isEmpty && !options.gemmTokens.contains(1)
            ? nil : TimedReads(bytes: options.probeBytes, threads: options.threads, path: options.path)

        var plan: [(shape: MatrixShape, op: MatMulOperation, tokens: [Int])] = []
        if options.operations.contains(.gemv) { plan += options.gemvShapes.map { ($0, .gemv, [1]) } }
        if options.operations.contains(.gemm) { plan.append((options.gemmShape, .gemm, options.gemmTokens)) }
        let steps = plan.reduce(0) { $0 + $1.tokens.count } * options.formats.count
        var step = 0
        var results: [BenchmarkReport.Result] = []
        var throughputs: [(gbps: Double, gflops: Double)] = []  // unrounded, for the shares
        var generator = SeededGenerator(seed: options.seed)
        // Shapes share their random weights across formats: the same matrix in each format.
        var weights: (shape: MatrixShape, values: [Float])?
        for entry in plan {
            let key = entry.shape.description
            if weights?.shape != entry.shape {
                weights = nil  // free the previous shape's weights first
                progress("generating \(key) random weights")
                weights = (entry.shape, generator.normalValues(entry.shape.rows * entry.shape.columns))
            }
            let original = weights!.values
            for format in options.formats {
                let plain = try QuantizedMatrix(quantizing: original, rows: entry.shape.rows, columns: entry.shape.columns, format: format)
                // Weights are repacked once for decode, as a runtime would at load time: the vector paths read
                // that layout for one to three tokens and the plain rows otherwise.
                let matrix = options.path == .scalar || !options.decodeLayout ? plain : plain.interleavingRows()
                let dequantized = plain.dequantized()
                let quantizationError = Reference.relativeError(dequantized, original)
                for tokens in entry.tokens {
                    step += 1
                    progress("[\(step)/\(steps)] \(format.rawValue) \(entry.op.rawValue) \(key) n=\(tokens)")
                    let timing = try measure(matrix, tokens: tokens, options: options, bestReadGBps: &ceilings.readGBps,
                                             pairedRead: tokens == 1 ? pairedRead : nil, generator: &generator, progress: progress)
                    let error = checkedError(timing.output, dequantized, matrix: matrix, activations: timing.activations, tokens: tokens)
                    let flops = 2 * Double(matrix.rows) * Double(matrix.columns) * Double(tokens)
                    let gflops = flops / timing.median / 1e9
                    let gbps = Double(matrix.bytes.count) / timing.median / 1e9
                    throughputs.append((gbps, gflops))
                    results.append(BenchmarkReport.Result(
                        format: format, op: entry.op, m: matrix.rows, k: matrix.columns, n: tokens, threads: options.threads,
                        repeats: timing.repeats, medianSeconds: rounded(timing.median), minSeconds: rounded(timing.min),
                        maxSeconds: rounded(timing.max), gflops: rounded(gflops), gbps: rounded(gbps),
                        shareOfReadBandwidth: 0, shareOfFMAPeak: 0,  // set once the ceilings are final
                        shareOfPairedRead: timing.shareOfPairedRead.map(rounded),
                        relativeError: rounded(error), quantizationError: rounded(quantizationError),
                        kernel: MatMul.dedicatedKernel(for: matrix, tokens: tokens, path: options.path)))
                }
            }
        }
        // The ceilings again at the end, keeping the better of the two: a burst of other work during the
        // first measurement would otherwise inflate every share.
        progress("measuring memory bandwidth and the FMA peak again")
        ceilings.keepBest(MachineProbe.Ceilings(options))
        for i in results.indices {
            results[i].shareOfReadBandwidth = rounded(throughputs[i].gbps / ceilings.readGBps)
            results[i].shareOfFMAPeak = rounded(throughputs[i].gflops / ceilings.fmaGFLOPs)
        }
        let features = CPUFeatures.current
        let machine = BenchmarkReport.Machine(
            cpu: features.modelName, cores: features.logicalCores,
            simd: options.path.requiredExtensions, kernelPath: options.path.rawValue,
            threads: options.threads, memoryReadGBps: rounded(ceilings.readGBps), memoryCopyGBps: rounded(ceilings.copyGBps),
            fmaPeakGFLOPs: rounded(ceilings.fmaGFLOPs))
        return BenchmarkReport(quick: options.quick, machine: machine, results: results)
    }

    struct Measurement {
        var median: Double
        var min: Double
        var max: Double
        var repeats: Int
        /// Median of each repeat's GB/s over its paired read's (nil without paired reads).
        var shareOfPairedRead: Double?
        var output: [Float]
        var activations: [Float]
    }

    /// Warm-up, then repeats until both minimums are met, walking through fresh copies of the weights
    /// so that every product reads its weights from memory, as decode and prefill do.
    static func measure(_ matrix: QuantizedMatrix, tokens: Int, options: BenchmarkOptions, attempts: Int = 4,
                        bestReadGBps: inout Double, pairedRead: TimedReads? = nil, generator: inout SeededGenerator,
                        progress: (String) -> Void) throws -> Measurement {
        let copies = max(1, (options.rotationBytes + matrix.bytes.count - 1) / matrix.bytes.count)
        let sets = [matrix] + (1..<copies).map { _ in matrix.freshCopy() }
        let activations = generator.normalValues(tokens * matrix.columns)
        // Warm-up: one product wakes the worker threads and the code; every copy was just written, so its
        // pages are already mapped.
        let output = try MatMul.multiply(sets[0], activations, tokens: tokens, path: options.path, threads: options.threads)
        var times: [Double] = []
        var pairedShares: [Double] = []
        var checksum: Float = 0
        // The threads use their cores fully while they work (memory stalls included) and spin between
        // shares, so process CPU time ≈ threads × wall time unless other programs took a core; then the
        // repeats are measured again, up to `attempts` times (this machine is shared with compilers).
        let cores = Double(min(options.threads, CPUFeatures.current.logicalCores))
        var best: (times: [Double], pairedShares: [Double], median: Double)?
        for attempt in 1...attempts {
            times = []
            pairedShares = []
            var total = 0.0
            let cpuStart = Timing.processCPUSeconds()
            var wall = 0.0
            while times.count < options.minimumRepeats || total < options.minimumSeconds {
                let set = sets[times.count % sets.count]
                var y: [Float] = []
                var readGBps: Double?
                let started = DispatchTime.now().uptimeNanoseconds
                if let pairedRead { readGBps = pairedRead.gbps(bytes: matrix.bytes.count) }
                let seconds = try Timing.secondsThrowing {
                    y = try MatMul.multiply(set, activations, tokens: tokens, path: options.path, threads: options.threads)
                }
                wall += Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
                if let readGBps { pairedShares.append(Double(matrix.bytes.count) / seconds / 1e9 / readGBps) }
                checksum += y[times.count % y.count]
                times.append(seconds)
                total += seconds
                if times.count >= 1000 { break }
            }
            let busy = (Timing.processCPUSeconds() - cpuStart) / wall
            // Other virtual machines on the host share its memory bandwidth: what this one can read swings
            // between about half and all of the best read within a minute. The read ceiling is sampled after
            // every measurement, so the shares are of the best read seen anywhere in the run (a ceiling probed
            // only in a slow spell once put every GEMV above 100%). Measuring again when that sample fell short
            // was tried: in a run where the host gave 46–54% for minutes, 46 repeats found no faster spell.
            // With one token each repeat also has its own read just before it (`TimedReads`), which moves with
            // the host and so gives a share that does not depend on when the best spell happened.
            bestReadGBps = max(bestReadGBps, MachineProbe.readBandwidth(bytes: options.probeBytes, threads: options.threads,
                                                                        repeats: 1, path: options.path))
            let median = Timing.median(times)
            if best == nil || median < best!.median { best = (times, pairedShares, median) }
            if busy >= 0.85 * cores { break }
            if attempt < attempts {
                progress("  other programs took \(Int(((cores - busy) / cores * 100).rounded()))% of the cores; measuring again")
            }
        }
        times = best!.times
        pairedShares = best!.pairedShares
        precondition(!checksum.isNaN, "a product was NaN")
        return Measurement(median: Timing.median(times), min: times.min()!, max: times.max()!, repeats: times.count,
                           shareOfPairedRead: pairedShares.isEmpty ? nil : Timing.median(pairedShares),
                           output: output, activations: activations)
    }

    /// relative_error of the first 64 rows and up to 4 tokens against the float64 reference.
    static func checkedError(_ output: [Float], _ dequantized: [Float], matrix: QuantizedMatrix, activations: [Float], tokens: Int) -> Double {
        let rows = min(64, matrix.rows), checkedTokens = min(4, tokens)
        let reference = Reference.multiply(dequantized, rows: matrix.rows, columns: matrix.columns,
                                           Array(activations[0..<checkedTokens * matrix.columns]), tokens: checkedTokens, rowLimit: rows)
        var sample: [Float] = []
        for t in 0..<checkedTokens { sample += output[t * matrix.rows..<t * matrix.rows + rows] }
        return Reference.relativeError(sample, reference)
    }

    /// Four significant digits: the figures are noisy well beyond that, and short numbers keep the cache readable.
    static func rounded(_ value: Double) -> Double {
        guard value.isFinite, value != 0 else { return value }
        let scale = pow(10, 3 - floor(log10(abs(value))))
        return (value * scale).rounded() / scale
    }
}

extension Timing {
    /// CPU time of the whole process (all threads), in seconds.
    static func processCPUSeconds() -> Double {
        var now = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now)
        return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
    }

    static func secondsThrowing(_ body: () throws -> Void) rethrows -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        try body()
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }
}
