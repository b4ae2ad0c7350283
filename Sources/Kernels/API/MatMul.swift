/// The public entry to the kernels: y = W·x for one token (GEMV) or many (GEMM), on the scalar path
/// or the AVX2 path, split over threads by rows. Owns argument checks, activation preparation and
/// threading; the arithmetic lives in `Scalar/ScalarKernels.swift` and in the `KernelsAVX2` module, the
/// only code built with AVX2/FMA/F16C, which this file calls only after the run-time CPU check.

internal import KernelsAVX2

/// GEMV (one token: decode) or GEMM (many tokens: prefill).
public enum MatMulOperation: String, CaseIterable, Codable, Sendable {
    case gemv
    case gemm
}

/// Which implementation runs the arithmetic.
public enum KernelPath: String, CaseIterable, Codable, Sendable {
    /// Portable Swift loops; the reference the fast path is tested against.
    case scalar
    /// AVX2 + FMA + F16C vector code (x86-64 only).
    case avx2

    /// The fastest path this CPU supports.
    public static var best: KernelPath { CPUFeatures.current.supportsFastPath ? .avx2 : .scalar }
}

/// Matrix products of a stored weight matrix with f32 activations.
public enum MatMul {
    /// y = W·x for `tokens` tokens: `activations` holds tokens × k values (token-major) and the result
    /// tokens × m. For q8_0 and q4_0 weights the activations are first quantized to q8_0, as llama.cpp does.
    public static func multiply(_ weights: QuantizedMatrix, _ activations: [Float], tokens: Int,
                                path: KernelPath = .best, threads: Int = 1) throws(KernelError) -> [Float] {
        guard tokens >= 1 else { throw .invalidShape("the token count n must be at least 1; found \(tokens)") }
        guard threads >= 1 else { throw .invalidThreadCount(threads) }
        guard activations.count == tokens * weights.columns else {
            throw .lengthMismatch(what: "the activations", expected: tokens * weights.columns, found: activations.count)
        }
        if path == .avx2 && !CPUFeatures.current.supportsFastPath {
            throw .invalidShape("the avx2 path needs AVX2, FMA and F16C, which this CPU lacks")
        }
        var output = [Float](repeating: 0, count: tokens * weights.rows)
        let prepared = PreparedActivations(activations, tokens: tokens, format: weights.format)
        weights.bytes.withUnsafeBytes { w in
            output.withUnsafeMutableBufferPointer { y in
                prepared.withJob(weights: w.baseAddress!, format: weights.format, rows: weights.rows,
                                 columns: weights.columns, output: y.baseAddress!) { job in
                    run(job, path: path, threads: threads)
                }
            }
        }
        return output
    }

    /// Splits the rows over `threads` workers (in multiples of 4, the row tile) and runs `path` on each share.
    static func run(_ job: _UnsafeMatMulJob, path: KernelPath, threads: Int) {
        let tiles = (job.rows + 3) / 4
        let workers = min(threads, tiles)
        let work: @Sendable (Range<Int>) -> Void = { rows in
            switch path {
            case .scalar: ScalarKernels.multiply(job, rows: rows)
            case .avx2:
                // `multiply` checked the CPU before taking this path (KernelsAVX2 exists for x86-64 only).
                #if arch(x86_64)
                AVX2Kernels.multiply(job.avx2, rows: rows)
                #else
                ScalarKernels.multiply(job, rows: rows)
                #endif
            }
        }
        if workers <= 1 {
            work(0..<job.rows)
            return
        }
        _WorkerPool.shared.run(iterations: workers) { worker in
            let first = tiles * worker / workers * 4
            let last = min(job.rows, tiles * (worker + 1) / workers * 4)
            if first < last { work(first..<last) }
        }
    }
}

/// The activations in the form the format's kernels read: f32 as given, or quantized to q8_0.
struct PreparedActivations {
    let tokens: Int
    let floats: [Float]
    let quantized: QuantizedActivations?

    init(_ x: [Float], tokens: Int, format: WeightFormat) {
        self.tokens = tokens
        self.floats = x
        self.quantized = format.usesIntegerDotProducts
            ? x.withUnsafeBufferPointer {
                QuantizedActivations($0.baseAddress!, tokens: tokens, columns: x.count / tokens, withOffsetPairs: format == .q4_0)
            }
            : nil
    }

    /// Calls `body` with a job whose pointers stay valid for the duration of the call.
    func withJob<R>(weights: UnsafeRawPointer, format: WeightFormat, rows: Int, columns: Int,
                    output: UnsafeMutablePointer<Float>, _ body: (_UnsafeMatMulJob) -> R) -> R {
        floats.withUnsafeBufferPointer { x in
            guard let quantized else {
                return body(_UnsafeMatMulJob(format: format, weights: weights, rows: rows, columns: columns, tokens: tokens,
                                             x: x.baseAddress!, levels: nil, scales: nil, offsetPairs: nil, offsetSums: nil, y: output))
            }
            // The activations' buffers live as long as `quantized`, which outlives `body`.
            return withExtendedLifetime(quantized) {
                body(_UnsafeMatMulJob(format: format, weights: weights, rows: rows, columns: columns, tokens: tokens,
                                      x: x.baseAddress!, levels: quantized.levels.base, scales: quantized.scales.base,
                                      offsetPairs: quantized.offsetPairs.count > 0 ? quantized.offsetPairs.base : nil,
                                      offsetSums: quantized.offsetSums.count > 0 ? quantized.offsetSums.base : nil, y: output))
            }
        }
    }
}

/// Raw pointers to one product's operands, shared by the worker threads. Each worker writes only the
/// output rows of its own range, so sharing is safe although the compiler cannot prove it.
struct _UnsafeMatMulJob: @unchecked Sendable {
    let format: WeightFormat
    let weights: UnsafeRawPointer
    /// m
    let rows: Int
    /// k
    let columns: Int
    /// n
    let tokens: Int
    /// n × k activations (f32 formats).
    let x: UnsafePointer<Float>
    /// n × k q8_0 levels and n × k/32 scales (block formats).
    let levels: UnsafePointer<Int8>?
    let scales: UnsafePointer<Float>?
    /// n × k/2 sums 8·(q_2j + q_2j+1) of the activation levels (q4_0 weights only).
    let offsetPairs: UnsafePointer<Int16>?
    /// n × k/32 values −8·Σ x_j of each activation block (q4_0 weights only).
    let offsetSums: UnsafePointer<Float>?
    /// n × m output, token-major.
    let y: UnsafeMutablePointer<Float>

    var bytesPerRow: Int { format.bytesPerRow(columns: columns) }
    var blocksPerRow: Int { columns / 32 }

    /// The same product as the AVX2 module describes it (same pointers, same layouts).
    var avx2: AVX2Job {
        let layout: AVX2Job.Format = switch format {
        case .f32: .f32
        case .f16: .f16
        case .bf16: .bf16
        case .q8_0: .q8_0
        case .q4_0: .q4_0
        }
        return AVX2Job(format: layout, weights: weights, rows: rows, columns: columns, tokens: tokens, x: x,
                       levels: levels, scales: scales, offsetPairs: offsetPairs, offsetSums: offsetSums, y: y)
    }
}
