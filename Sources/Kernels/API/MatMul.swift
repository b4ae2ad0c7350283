/// The public entry to the kernels: y = W·x for one token (GEMV) or many (GEMM), on the scalar path
/// or a vector path, split over threads by rows. Owns argument checks, activation preparation and
/// threading; the arithmetic lives in `Scalar/ScalarKernels.swift`, in the `KernelsAVX2` and
/// `KernelsAVX512` modules, the only Swift built with vector extensions, and in the C modules `KernelsBF16`
/// and `KernelsF16` (`F16Panels.swift`), which this file calls only after the run-time CPU check.

internal import KernelsAVX2
internal import KernelsAVX512
internal import KernelsBF16

/// GEMV (one token: decode) or GEMM (many tokens: prefill).
package enum MatMulOperation: String, CaseIterable, Codable, Sendable {
    case gemv
    case gemm

    /// The operation called `name` (any case).
    package static func named(_ name: String) throws(KernelError) -> MatMulOperation {
        guard let operation = MatMulOperation(rawValue: name.lowercased()) else { throw .unknownOperation(name) }
        return operation
    }
}

/// Which implementation runs the arithmetic.
package enum KernelPath: String, CaseIterable, Codable, Sendable {
    /// Portable Swift loops; the reference the fast path is tested against.
    case scalar
    /// AVX2 + FMA + F16C vector code (x86-64 only).
    case avx2
    /// The AVX2 kernels compiled again with AVX-512 F/BW/VL/VNNI: 32 vector registers for larger GEMM tiles
    /// and `vpdpbusd` for the integer dot products (x86-64 only).
    case avx512

    /// The fastest path this CPU supports.
    package static var best: KernelPath { allCases.last(where: \.isAvailable) ?? .scalar }

    /// The path called `name` (any case).
    package static func named(_ name: String) throws(KernelError) -> KernelPath {
        guard let path = KernelPath(rawValue: name.lowercased()) else { throw .unknownKernelPath(name) }
        return path
    }

    /// The CPU extensions this path needs, as `/proc/cpuinfo` spells them.
    package var requiredExtensions: [String] {
        switch self {
        case .scalar: []
        case .avx2: ["avx2", "f16c", "fma"]
        case .avx512: ["avx2", "avx512_vnni", "avx512bw", "avx512dq", "avx512f", "avx512vl", "f16c", "fma"]
        }
    }

    /// Whether this CPU has every extension the path needs (and the path was compiled into this binary).
    package var isAvailable: Bool {
        #if arch(x86_64)
        return requiredExtensions.allSatisfy(CPUFeatures.current.extensions.contains)
        #else
        return self == .scalar
        #endif
    }

    /// Refuses a path this CPU cannot run.
    func checkAvailable() throws(KernelError) {
        guard isAvailable else {
            throw .invalidShape("the \(rawValue) path needs \(requiredExtensions.joined(separator: ", ")), which this CPU lacks")
        }
    }
}

/// Matrix products of a stored weight matrix with f32 activations.
package enum MatMul {
    /// y = W·x for `tokens` tokens: `activations` holds tokens × k values (token-major) and the result
    /// tokens × m. For q8_0 and q4_0 weights the activations are first quantized to q8_0, as llama.cpp does; for
    /// the K-quants to 8-bit levels with one scale per 256 values, as ggml's q8_K.
    package static func multiply(_ weights: QuantizedMatrix, _ activations: [Float], tokens: Int,
                                path: KernelPath = .best, threads: Int = 1) throws(KernelError) -> [Float] {
        guard tokens >= 1 else { throw .invalidShape("the token count n must be at least 1; found \(tokens)") }
        guard threads >= 1 else { throw .invalidThreadCount(threads) }
        guard activations.count == tokens * weights.columns else {
            throw .lengthMismatch(what: "the activations", expected: tokens * weights.columns, found: activations.count)
        }
        try path.checkAvailable()
        if BF16DotProducts.apply(to: weights, tokens: tokens, path: path) {
            return BF16DotProducts.multiply(weights, activations, tokens: tokens, threads: threads)
        }
        var output = [Float](repeating: 0, count: tokens * weights.rows)
        let prepared = PreparedActivations(activations, tokens: tokens, format: weights.format, path: path, threads: threads)
        // The scalar path reads the plain rows only.
        let interleaved = path == .scalar ? nil : weights.interleaved
        weights.bytes.withUnsafeBytes { w in
            (interleaved?.bytes ?? []).withUnsafeBytes { packed in
                output.withUnsafeMutableBufferPointer { y in
                    prepared.withJob(weights: w.baseAddress!, format: weights.format, rows: weights.rows,
                                     columns: weights.columns, output: y.baseAddress!) { job in
                        var job = job
                        if let interleaved, let base = packed.baseAddress {
                            job.interleaved = base
                            job.interleavedRows = interleaved.groups * InterleavedRows.groupRows
                        }
                        if F16Panels.apply(to: weights, tokens: tokens, path: path) {
                            F16Panels.multiply(job, threads: threads)
                        } else {
                            run(job, path: path, threads: threads)
                        }
                    }
                }
            }
        }
        return output
    }

    /// The kernel of its own that `multiply` runs for this product instead of the path's tiles, by the name `bench`
    /// reports, or nil: bf16 GEMM with `vdpbf16ps` (`BF16DotProducts`), f16 GEMM in 32-row f32 panels (`F16Panels`).
    package static func dedicatedKernel(for weights: QuantizedMatrix, tokens: Int, path: KernelPath) -> String? {
        if BF16DotProducts.apply(to: weights, tokens: tokens, path: path) { return BF16DotProducts.name }
        if F16Panels.apply(to: weights, tokens: tokens, path: path) { return F16Panels.name }
        return nil
    }

    /// What each name of `dedicatedKernel` does, for the benchmark's text header.
    package static let dedicatedKernelSummaries = [
        BF16DotProducts.name: "bf16 GEMM: AVX-512 BF16 dot products (vdpbf16ps) on activations rounded to bf16",
        F16Panels.name: "f16 GEMM: 32-row panels widened to f32 once, 512-bit f32 FMAs (activations stay f32)",
    ]

    /// Splits the rows over `threads` workers (in multiples of 8: two row tiles, one interleaved group) and
    /// runs `path` on each share.
    static func run(_ job: _UnsafeMatMulJob, path: KernelPath, threads: Int) {
        let units = (job.rows + 7) / 8
        let workers = min(threads, units)
        let work: @Sendable (Range<Int>) -> Void = { rows in
            switch path {
            case .scalar: ScalarKernels.multiply(job, rows: rows)
            case .avx2, .avx512:
                // `multiply` checked the CPU before taking this path (both modules exist for x86-64 only).
                #if arch(x86_64)
                if path == .avx512 {
                    KernelsAVX512.VectorKernels.multiply(job.vectorJob, rows: rows)
                } else {
                    KernelsAVX2.VectorKernels.multiply(job.vectorJob, rows: rows)
                }
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
            let first = units * worker / workers * 8
            let last = min(job.rows, units * (worker + 1) / workers * 8)
            if first < last { work(first..<last) }
        }
    }
}

/// bf16 GEMM with AVX-512 BF16 dot products (`vdpbf16ps`, the C module `KernelsBF16`): the activations are
/// rounded to bf16 (nearest even) as llama.cpp's ggml does for bf16 weights, then multiplied in pairs with
/// f32 accumulation; twice the products per instruction of widening the weights and FMA-ing in f32, for an
/// activation rounding error of at most 2^-9 relative per value (measured and bounded in `MatMulTests`).
enum BF16DotProducts {
    /// The kernel's name in `bench`'s results.
    static let name = "avx512-bf16-dot"

    /// Whether this CPU has the instruction (checked once).
    static let isAvailable: Bool = {
        #if arch(x86_64)
        return ["avx512f", "avx512vl", "avx512_bf16"].allSatisfy(CPUFeatures.current.extensions.contains)
        #else
        return false
        #endif
    }()

    /// bf16 weights on the AVX-512 path of a CPU with AVX-512 BF16, with enough tokens to be compute-bound (decode
    /// keeps f32 activations: it is bound by reading the weights) and k in whole 32-column steps.
    static func apply(to weights: QuantizedMatrix, tokens: Int, path: KernelPath) -> Bool {
        apply(format: weights.format, columns: weights.columns, tokens: tokens, path: path)
    }

    static func apply(format: WeightFormat, columns: Int, tokens: Int, path: KernelPath) -> Bool {
        format == .bf16 && path == .avx512 && isAvailable && tokens >= KernelsAVX2.VectorKernels.fewTokens && columns % 32 == 0
    }

    static func multiply(_ weights: QuantizedMatrix, _ activations: [Float], tokens: Int, threads: Int) -> [Float] {
        let m = weights.rows, k = weights.columns
        var rounded = [UInt16](repeating: 0, count: activations.count)
        activations.withUnsafeBufferPointer { x in
            rounded.withUnsafeMutableBufferPointer { infrabook_bf16_round(x.baseAddress!, activations.count, $0.baseAddress!) }
        }
        var output = [Float](repeating: 0, count: tokens * m)
        weights.bytes.withUnsafeBytes { w in
            rounded.withUnsafeBufferPointer { x in
                output.withUnsafeMutableBufferPointer { y in
                    let job = _UnsafeBF16Job(w: w.baseAddress!.assumingMemoryBound(to: UInt16.self), x: x.baseAddress!, y: y.baseAddress!)
                    // Shares of whole 4-row tiles, as `MatMul.run` splits rows.
                    let units = (m + 3) / 4, workers = max(1, min(threads, units))
                    _WorkerPool.shared.run(iterations: workers) { worker in
                        let first = units * worker / workers * 4, end = min(m, units * (worker + 1) / workers * 4)
                        if first < end { infrabook_bf16_gemm(job.w, job.x, job.y, m, k, tokens, first, end) }
                    }
                }
            }
        }
        return output
    }
}

/// The bf16 product's pointers, shared by the worker threads (each writes only its own rows).
struct _UnsafeBF16Job: @unchecked Sendable {
    let w: UnsafePointer<UInt16>
    let x: UnsafePointer<UInt16>
    let y: UnsafeMutablePointer<Float>
}

/// The activations in the form the format's kernels read: f32 as given, or quantized to q8_0.
struct PreparedActivations {
    let tokens: Int
    let floats: [Float]
    let quantized: QuantizedActivations?

    init(_ x: [Float], tokens: Int, format: WeightFormat, path: KernelPath, threads: Int) {
        self.tokens = tokens
        self.floats = x
        // q4_0 weights are stored with an offset; the AVX-512 kernels give q8_0 weights one too.
        // K-quants subtract each sub-block's min times Σx.
        let withOffsetSums = format == .q4_0 || (format == .q8_0 && path == .avx512) || format.isKQuant
        self.quantized = format.usesIntegerDotProducts
            ? x.withUnsafeBufferPointer {
                QuantizedActivations($0.baseAddress!, tokens: tokens, columns: x.count / tokens, withOffsetSums: withOffsetSums,
                                     threads: threads, vector: path != .scalar, scaleBlock: format.isKQuant ? 256 : 32)
            }
            : nil
    }

    /// Calls `body` with a job whose pointers stay valid for the duration of the call.
    func withJob<R>(weights: UnsafeRawPointer, format: WeightFormat, rows: Int, columns: Int,
                    output: UnsafeMutablePointer<Float>, _ body: (_UnsafeMatMulJob) -> R) -> R {
        floats.withUnsafeBufferPointer { x in
            guard let quantized else {
                return body(_UnsafeMatMulJob(format: format, weights: weights, rows: rows, columns: columns, tokens: tokens,
                                             x: x.baseAddress!, levels: nil, scales: nil, offsetSums: nil, y: output))
            }
            // The activations' buffers live as long as `quantized`, which outlives `body`.
            return withExtendedLifetime(quantized) {
                body(_UnsafeMatMulJob(format: format, weights: weights, rows: rows, columns: columns, tokens: tokens,
                                      x: x.baseAddress!, levels: quantized.levels.base, scales: quantized.scales.base,
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
    /// n × k q8_0 levels and n × k/32 scales (block formats; n × k/256 scales for the K-quants).
    let levels: UnsafePointer<Int8>?
    let scales: UnsafePointer<Float>?
    /// n × k/32 values −Σ q_j of each activation block (weights stored with an offset only).
    let offsetSums: UnsafePointer<Float>?
    /// n × m output, token-major.
    let y: UnsafeMutablePointer<Float>
    /// Rows 0..<interleavedRows again as `InterleavedRows`, for the vector paths' decode (nil: none).
    var interleaved: UnsafeRawPointer?
    var interleavedRows = 0

    var bytesPerRow: Int { format.bytesPerRow(columns: columns) }
    var blocksPerRow: Int { columns / 32 }

    /// The same product as the vector modules describe it (same pointers, same layouts).
    var vectorJob: AVX2Job {
        return AVX2Job(format: format.vectorFormat, weights: weights, rows: rows, columns: columns, tokens: tokens, x: x,
                       levels: levels, scales: scales, offsetSums: offsetSums, y: y,
                       interleaved: interleaved, interleavedRows: interleavedRows)
    }
}
