import Testing
@testable import Kernels

/// Every format × operation against a float64 product of the same dequantized weights, on fresh
/// seeded random inputs, with edge shapes; and each vector path this CPU runs against the scalar path.
struct MatMulTests {
    /// (m, k, n): m = 1 and odd m (a row tile of 4 plus leftovers), k not a multiple of 256 (32·3 = 96,
    /// 32·37 = 1184), n = 1 (GEMV), 3, 17 (token tiles plus leftovers), and n = 130 with k = 1088, which
    /// crosses the fast path's 128-token block and its 1024-column chunk (partial sums added across chunks);
    /// n = 7 with k = 288 leaves 3 tokens after a 4-token tile and one block after a group of eight.
    static let shapes: [(m: Int, k: Int, n: Int)] = [(1, 32, 1), (7, 96, 1), (5, 1184, 3), (13, 160, 17), (4, 2080, 5), (6, 1088, 130),
                                                      (9, 288, 7)]

    /// The K-quants' shapes: k in whole 256-weight super-blocks, the same m and n; (5, 4608, 130) crosses the
    /// K-quant kernel's token block (512 KiB of activation levels: 112 tokens of 4608).
    static let kQuantShapes: [(m: Int, k: Int, n: Int)] = [(1, 256, 1), (7, 512, 1), (5, 1280, 3), (13, 256, 17), (4, 2048, 5),
                                                           (6, 1024, 130), (9, 768, 7), (5, 4608, 130)]

    static func shapes(_ format: WeightFormat) -> [(m: Int, k: Int, n: Int)] { format.isKQuant ? kQuantShapes : shapes }

    /// The vector paths this CPU can run.
    static let vectorPaths = KernelPath.allCases.filter { $0 != .scalar && $0.isAvailable }

    static func product(_ format: WeightFormat, m: Int, k: Int, n: Int, path: KernelPath, threads: Int = 1,
                        interleaved: Bool = false, seed: UInt64) throws -> (y: [Float], weights: [Float], x: [Float]) {
        var generator = SeededGenerator(seed: seed)
        let plain = try QuantizedMatrix(quantizing: generator.normalValues(m * k), rows: m, columns: k, format: format)
        let matrix = interleaved ? plain.interleavingRows() : plain
        let x = generator.normalValues(n * k)
        let y = try MatMul.multiply(matrix, x, tokens: n, path: path, threads: threads)
        return (y, matrix.dequantized(), x)
    }

    /// The activations as the integer kernels see them: quantized to q8_0 and back, or for the K-quants to levels
    /// with one f32 scale per 256 values (as ggml's q8_K) and back.
    static func q8_0RoundTrip(_ x: [Float], k: Int, format: WeightFormat = .q8_0) throws -> [Float] {
        guard format.isKQuant else { return try QuantizedMatrix(quantizing: x, rows: x.count / k, columns: k, format: .q8_0).dequantized() }
        let quantized = x.withUnsafeBufferPointer { QuantizedActivations($0.baseAddress!, tokens: x.count / k, columns: k, scaleBlock: 256) }
        return (0..<x.count).map { quantized.scales.base[$0 / 256] * Float(quantized.levels.base[$0]) }
    }

    @Test(arguments: WeightFormat.allCases, KernelPath.allCases.filter(\.isAvailable))
    func matchesFloat64Reference(format: WeightFormat, path: KernelPath) throws {
        for (index, shape) in Self.shapes(format).enumerated() {
            let (y, w, x) = try Self.product(format, m: shape.m, k: shape.k, n: shape.n, path: path, seed: UInt64(100 + index))
            let reference = Reference.multiply(w, rows: shape.m, columns: shape.k, x, tokens: shape.n)
            let error = Reference.relativeError(y, reference)
            if format.usesIntegerDotProducts {
                // Against f32 activations the only loss is q8_0's rounding of x (step amax/127 per 32 values, ≈ 0.5%
                // of a Gaussian's σ); against the q8_0-rounded activations the integer dot products are exact and
                // only the f32 scaling and summation round (k ≤ 2080 terms of 2^-24 relative each).
                #expect(error < 0.015, "\(format) \(path) \(shape): \(error)")
                let exact = Reference.multiply(w, rows: shape.m, columns: shape.k, try Self.q8_0RoundTrip(x, k: shape.k, format: format), tokens: shape.n)
                #expect(Reference.relativeError(y, exact) < 2e-6, "\(format) \(path) \(shape)")
            } else if BF16DotProducts.apply(format: format, columns: shape.k, tokens: shape.n, path: path) {
                // bf16 activations (`bf16GEMMRoundsActivationsToBF16`).
                #expect(error < 3e-3, "\(format) \(path) \(shape): \(error)")
            } else {
                // f32 accumulation of k ≤ 2080 products: relative error a few × 2^-24 · √k.
                #expect(error < 2e-6, "\(format) \(path) \(shape): \(error)")
            }
        }
    }

    @Test(arguments: WeightFormat.allCases, Self.vectorPaths)
    func vectorPathAgreesWithScalarPath(format: WeightFormat, path: KernelPath) throws {
        // Decode shapes with 8–17 rows: interleaved groups of eight, then rows left to the plain layout; and a
        // GEMM of 21 rows (a panel of two groups, one of one group, five plain rows) across two token blocks
        // and two column chunks; and decode wide enough for its side-by-side groups (four for one token, two
        // for two or three) with groups and plain rows left over on each of the three threads.
        let more: [(m: Int, k: Int, n: Int)] = format.isKQuant
            ? [(8, 256, 1), (13, 512, 2), (17, 1280, 3), (173, 512, 1), (109, 256, 1), (75, 768, 2), (61, 256, 3)]
            : [(8, 64, 1), (13, 288, 2), (17, 1184, 3), (21, 1088, 130), (100, 96, 1), (140, 64, 1), (61, 64, 2), (75, 160, 3)]
        for (index, shape) in (Self.shapes(format) + more).enumerated() {
            let scalar = try Self.product(format, m: shape.m, k: shape.k, n: shape.n, path: .scalar, seed: UInt64(200 + index)).y
            for interleaved in [false, true] {
                let fast = try Self.product(format, m: shape.m, k: shape.k, n: shape.n, path: path, threads: 3,
                                            interleaved: interleaved, seed: UInt64(200 + index)).y
                // Same integer block sums (the AVX-512 path adds q8_0's +128 offset and takes it off again, both
                // exact), same inputs; only the order of f32 additions differs. (bf16 GEMM with AVX-512 BF16 rounds
                // its activations: checked against the reference in `bf16GEMMRoundsActivationsToBF16`.)
                let bound = BF16DotProducts.apply(format: format, columns: shape.k, tokens: shape.n, path: path) ? 3e-3 : 1e-6
                #expect(Reference.relativeError(fast, scalar.map(Double.init)) < bound, "\(format) \(path) \(shape) interleaved \(interleaved)")
            }
        }
    }

    /// K-quant decode from the interleaved layout (`KQuantDecode`, eight rows per group, four groups side by side
    /// for one token and two for two or three): 1 to 3 threads, row counts that leave a partial group (37 = 4 groups
    /// + 5 plain rows; 23 split over two threads in whole groups of eight) and groups left over after the
    /// side-by-side ones (61 = 7 groups + 5 rows: 4 + 3 on one thread; 45 = 5 groups + 5 rows with two tokens;
    /// 43 = 5 groups + 3 rows with three), k up to 4608 (18 super-blocks); against the float64 product with the
    /// kernel's own activation rounding (exact integer dots, f32 scaling only) and against the scalar path. On each
    /// vector path this CPU has: the AVX2 build's 256-bit kernel and the AVX-512 build's `KQuantDecode512`.
    @Test(arguments: [WeightFormat.q4_K, .q5_K, .q6_K], Self.vectorPaths)
    func kQuantDecodeOnInterleavedRows(format: WeightFormat, path: KernelPath) throws {
        for (index, shape) in [(37, 4608, 1), (23, 1024, 2), (16, 2304, 3), (8, 256, 1), (61, 2304, 1), (45, 1280, 2), (43, 512, 3)]
            .enumerated() {
            for threads in [1, 2, 3] {
                let seed = UInt64(500 + index)
                let (y, w, x) = try Self.product(format, m: shape.0, k: shape.1, n: shape.2, path: path, threads: threads,
                                                 interleaved: true, seed: seed)
                let exact = Reference.multiply(w, rows: shape.0, columns: shape.1, try Self.q8_0RoundTrip(x, k: shape.1, format: format),
                                               tokens: shape.2)
                #expect(Reference.relativeError(y, exact) < 2e-6, "\(format) \(path) \(shape) threads \(threads)")
                let scalar = try Self.product(format, m: shape.0, k: shape.1, n: shape.2, path: .scalar, seed: seed).y
                #expect(Reference.relativeError(y, scalar.map(Double.init)) < 1e-6, "\(format) \(path) \(shape) threads \(threads)")
            }
        }
    }

    /// bf16 GEMM on AVX-512 BF16 (`vdpbf16ps`) rounds the activations to bf16, as ggml does: against the float64
    /// product of the same bf16 weights with the bf16-rounded activations only f32 accumulation rounds (< 2e-6);
    /// against the exact activations the rounding (≤ 2^-9 relative per value, random in sign) leaves about
    /// 2^-9/√3 ≈ 1.1e-3 of relative error, bounded here by 3e-3 (measured 1.2e-3 to 1.7e-3 on these shapes).
    @Test func bf16GEMMRoundsActivationsToBF16() throws {
        guard BF16DotProducts.isAvailable else { return }  // no AVX-512 BF16 on this CPU: the f32 path runs instead
        for (index, shape) in [(37, 4096, 64), (8, 64, 4), (5, 96, 130), (3, 32, 5)].enumerated() {
            let (y, w, x) = try Self.product(.bf16, m: shape.0, k: shape.1, n: shape.2, path: .avx512, threads: 2, seed: UInt64(400 + index))
            let rounded = x.map { HalfPrecision.float(bf16Bits: HalfPrecision.bf16Bits($0)) }
            let exact = Reference.multiply(w, rows: shape.0, columns: shape.1, rounded, tokens: shape.2)
            #expect(Reference.relativeError(y, exact) < 2e-6, "\(shape)")
            let error = Reference.relativeError(y, Reference.multiply(w, rows: shape.0, columns: shape.1, x, tokens: shape.2))
            #expect(error < 3e-3 && error > 1e-4, "\(shape): \(error)")
        }
    }

    /// f16 GEMM on the AVX-512 path widens 32-row panels of the interleaved rows to f32 in C (`F16Panels`, from 16
    /// tokens): m leaves a panel of 1–3 groups and plain rows on some thread (21 = 2 groups + 5 rows; 61 = 4 + 3
    /// groups + 5 rows; 8 = one group; 200 = 25 groups over three threads), k crosses the 256-column panels and ends
    /// inside one (300, 37, 1), n ends on 12-, 4- and 1-token tiles (16 = 12 + 4, 29 = 2·12 + 4 + 1) and crosses the
    /// 512-token block (531). The arithmetic is f32 like the other paths, so the bounds are theirs: against float64
    /// f32 rounding only (< 2e-6), against the scalar path the order of f32 additions (< 1e-6). The same products
    /// with the panels off on this CPU (plain rows, or the AVX2 path) give the same answers.
    @Test func f16PanelsAgreeWithScalarPath() throws {
        let shapes = [(21, 300, 16), (61, 37, 29), (8, 1, 17), (200, 600, 20), (40, 256, 531)]
        for (index, shape) in shapes.enumerated() {
            let seed = UInt64(600 + index)
            let scalar = try Self.product(.f16, m: shape.0, k: shape.1, n: shape.2, path: .scalar, seed: seed)
            let reference = Reference.multiply(scalar.weights, rows: shape.0, columns: shape.1, scalar.x, tokens: shape.2)
            for path in Self.vectorPaths {
                for interleaved in [true, false] {
                    for threads in [1, 2, 3] {
                        var generator = SeededGenerator(seed: seed)
                        let plain = try QuantizedMatrix(quantizing: generator.normalValues(shape.0 * shape.1), rows: shape.0,
                                                        columns: shape.1, format: .f16)
                        let matrix = interleaved ? plain.interleavingRows() : plain
                        // On an AVX-512 CPU the panels take exactly the interleaved products of the AVX-512 path.
                        #expect(F16Panels.apply(to: matrix, tokens: shape.2, path: path) == (interleaved && path == .avx512))
                        let y = try MatMul.multiply(matrix, scalar.x, tokens: shape.2, path: path, threads: threads)
                        let label = "\(shape) \(path) interleaved \(interleaved) threads \(threads)"
                        #expect(Reference.relativeError(y, reference) < 2e-6, "\(label)")
                        #expect(Reference.relativeError(y, scalar.y.map(Double.init)) < 1e-6, "\(label)")
                    }
                }
            }
        }
    }

    /// f16 GEMM keeps f32 activations on every path (no rounding to f16, which ggml does for f16 weights): activations
    /// with LLM-like outlier features (±1000 in four columns of 4096, the rest ~N(0, 1)), tiny ones (~1e-6, below
    /// f16's normal range of 6.1e-5) and mixed signs and scales still give f32 accuracy against float64 (< 2e-6).
    /// Rounding them to f16 would cost about 2^-11/√3 ≈ 3e-4 relative, and values near 1e-6 would keep only the
    /// four or five significant bits of f16's subnormals.
    @Test func f16GEMMKeepsF32Activations() throws {
        var generator = SeededGenerator(seed: 700)
        let (m, k, n) = (40, 4096, 24)
        let matrix = try QuantizedMatrix(quantizing: generator.normalValues(m * k).map { $0 * 0.02 }, rows: m, columns: k, format: .f16)
            .interleavingRows()
        let normal = generator.normalValues(n * k)
        let cases: [(String, [Float])] = [
            ("outliers", normal.enumerated().map { $0.offset % k < 4 ? ($0.element < 0 ? -1000 : 1000) : $0.element }),
            ("tiny", normal.map { $0 * 1e-6 }),
            ("mixed", normal.enumerated().map { $0.element * ($0.offset % 7 == 0 ? 500 : 0.01) }),
        ]
        for (name, x) in cases {
            for path in KernelPath.allCases.filter(\.isAvailable) {
                let y = try MatMul.multiply(matrix, x, tokens: n, path: path, threads: 2)
                let error = Reference.relativeError(y, Reference.multiply(matrix.dequantized(), rows: m, columns: k, x, tokens: n))
                #expect(error < 2e-6, "\(name) \(path): \(error)")
            }
        }
    }

    /// Paths and operations are found by name in any case; a near miss is suggested.
    @Test func pathsAndOperationsByName() throws {
        #expect(try KernelPath.named("AVX512") == .avx512)
        #expect(try MatMulOperation.named("GEMV") == .gemv)
        #expect(throws: KernelError.unknownKernelPath("avx3")) { try KernelPath.named("avx3") }
        #expect(KernelError.unknownKernelPath("avx3").description
                == "unknown kernel path 'avx3'; expected one of scalar, avx2, avx512; did you mean 'avx2'?")
        #expect(KernelError.unknownOperation("gemx").description.hasSuffix("; did you mean 'gemv'?"))
    }

    /// The best path is the widest this CPU runs, and asking for one it cannot run is an error that names
    /// what is missing (on this machine every path may run; then only the ordering is checked).
    @Test func pathsNeedTheirExtensions() throws {
        #expect(KernelPath.best.isAvailable)
        #expect(KernelPath.allCases.filter(\.isAvailable).last == KernelPath.best)
        #expect(Set(KernelPath.avx2.requiredExtensions).isSubset(of: KernelPath.avx512.requiredExtensions))
        let matrix = try QuantizedMatrix(quantizing: [Float](repeating: 1, count: 64), rows: 2, columns: 32, format: .q8_0)
        for path in KernelPath.allCases where !path.isAvailable {
            #expect(throws: KernelError.self) { try MatMul.multiply(matrix, [Float](repeating: 1, count: 32), tokens: 1, path: path) }
        }
    }

    /// The float formats' decode loop does the columns before a row's first 64-byte line one at a time; rows
    /// shorter than that head, and rows that are not whole lines (so each starts at another offset), must
    /// still give the product. Row lengths 1–45 and matrices of several sizes place the rows at many offsets.
    @Test(arguments: [WeightFormat.f32, .f16, .bf16])
    func floatDecodeHandlesEveryRowOffset(format: WeightFormat) throws {
        // Interleaved too: 9 and 17 rows are whole groups plus one plain row, and any k leaves columns
        // after the last whole step of the panels' chains (n = 7 is a GEMM panel).
        for k in [1, 3, 8, 13, 20, 37, 45] {
            for (m, n) in [(9, 1), (6, 2), (5, 3), (17, 7)] {
                for interleaved in [false, true] {
                    let (y, w, x) = try Self.product(format, m: m, k: k, n: n, path: .best, threads: 2, interleaved: interleaved,
                                                     seed: UInt64(300 + k * 10 + m))
                    let error = Reference.relativeError(y, Reference.multiply(w, rows: m, columns: k, x, tokens: n))
                    #expect(error < 2e-6, "\(format) m \(m) k \(k) n \(n) interleaved \(interleaved): \(error)")
                }
            }
        }
    }

    @Test func threadsSplitRowsWithoutChangingResults() throws {
        let one = try Self.product(.q4_0, m: 37, k: 64, n: 2, path: .best, threads: 1, seed: 9).y
        let many = try Self.product(.q4_0, m: 37, k: 64, n: 2, path: .best, threads: 4, seed: 9).y
        #expect(one == many)
    }

    /// q4_K/q5_K GEMM on the AVX-512 path repacks whole groups of eight rows into panels (`KQuantPanels`, from
    /// 16 tokens): 24 rows are three whole groups and whole 4-token tiles; 187 rows of k = 4608 (47 KiB of
    /// panel per group, 22 groups per 1 MiB panel) need two panels, leave three rows to the row-by-row kernel
    /// and end on a partial tile of 2 tokens; 2 threads split the groups. The integer dot products are exact,
    /// so only the order of f32 additions differs from the scalar path.
    @Test(arguments: [WeightFormat.q4_K, .q5_K])
    func kQuantPanelsAgreeWithScalarPath(format: WeightFormat) throws {
        guard KernelPath.avx512.isAvailable else { return }  // the panels are the AVX-512 build's only
        for (index, shape) in [(24, 512, 16), (187, 4608, 18), (40, 1280, 33)].enumerated() {
            let scalar = try Self.product(format, m: shape.0, k: shape.1, n: shape.2, path: .scalar, seed: UInt64(500 + index))
            for threads in [1, 2] {
                let fast = try Self.product(format, m: shape.0, k: shape.1, n: shape.2, path: .avx512, threads: threads, seed: UInt64(500 + index)).y
                #expect(Reference.relativeError(fast, scalar.y.map(Double.init)) < 1e-6, "\(format) \(shape) threads \(threads)")
                // Against float64 with exact activations: only the activations' 8-bit rounding (as in
                // `matchesFloat64Reference`).
                let reference = Reference.multiply(scalar.weights, rows: shape.0, columns: shape.1, scalar.x, tokens: shape.2)
                #expect(Reference.relativeError(fast, reference) < 0.015, "\(format) \(shape)")
                // Against float64 with the activations as the kernel sees them (8-bit levels, one scale per 256):
                // f32 scaling and summation only.
                let rounded = try Self.q8_0RoundTrip(scalar.x, k: shape.1, format: format)
                let exact = Reference.multiply(scalar.weights, rows: shape.0, columns: shape.1, rounded, tokens: shape.2)
                #expect(Reference.relativeError(fast, exact) < 2e-6, "\(format) \(shape)")
            }
        }
    }

    @Test func rejectsBadArguments() throws {
        let matrix = try QuantizedMatrix(quantizing: [Float](repeating: 1, count: 64), rows: 2, columns: 32, format: .q8_0)
        #expect(throws: KernelError.invalidThreadCount(0)) { try MatMul.multiply(matrix, [Float](repeating: 1, count: 32), tokens: 1, threads: 0) }
        #expect(throws: KernelError.lengthMismatch(what: "the activations", expected: 64, found: 32)) {
            try MatMul.multiply(matrix, [Float](repeating: 1, count: 32), tokens: 2)
        }
        #expect(throws: KernelError.self) { try QuantizedMatrix(quantizing: [], rows: 0, columns: 32, format: .f32) }
    }
}
