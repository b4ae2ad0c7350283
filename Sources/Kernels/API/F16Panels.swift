/// f16 GEMM in 512-bit registers on the AVX-512 path (the C module `KernelsF16`): from the decode layout's
/// groups of eight rows, 32 rows × 256 columns at a time are widened to f32 once and multiplied with every
/// token of the block by f32 FMAs, 32 rows × 12 tokens per step. The arithmetic is the f32 path's, so the
/// results agree with the other paths to f32 rounding; nothing is rounded to f16 but the weights, which are
/// stored so. Owns the choice of this product and its split over threads; never checks the CPU beyond the
/// path (the AVX-512 path needs avx512f, all the C kernel uses).

internal import KernelsAVX512
internal import KernelsF16

enum F16Panels {
    /// The kernel's name in `bench`'s results.
    static let name = "avx512-f16-panels"

    /// Fewest tokens that take the panels: with fewer, widening each 32 × 256 panel costs more than the Swift
    /// panels' widening in place. Same-binary pairs against the Swift panels (14336×4096, 2 threads, three rounds
    /// under load 4.6–4.9): n = 4 0.74–0.83×, n = 8 0.64–0.97×, n = 12 1.03–1.05×, n = 16 1.11–1.13×.
    static let minimumTokens = 16

    /// f16 weights with an interleaved copy of at least one group, on the AVX-512 path, with enough tokens.
    static func apply(format: WeightFormat, interleavedGroups: Int, tokens: Int, path: KernelPath) -> Bool {
        format == .f16 && path == .avx512 && interleavedGroups > 0 && tokens >= minimumTokens
    }

    static func apply(to weights: QuantizedMatrix, tokens: Int, path: KernelPath) -> Bool {
        apply(format: weights.format, interleavedGroups: weights.interleaved?.groups ?? 0, tokens: tokens, path: path)
    }

    /// The rows of `job`'s interleaved groups by the C panels, split over `threads` in shares of four groups (one
    /// panel); the rows past the last group (fewer than eight) by the AVX-512 build's plain-row tiles.
    static func multiply(_ job: _UnsafeMatMulJob, threads: Int) {
        let groups = job.interleavedRows / InterleavedRows.groupRows
        let weights = _UnsafeF16Groups(job.interleaved!.assumingMemoryBound(to: UInt16.self))
        let units = (groups + 3) / 4, workers = max(1, min(threads, units))
        _WorkerPool.shared.run(iterations: workers) { worker in
            let first = units * worker / workers * 4, end = min(groups, units * (worker + 1) / workers * 4)
            guard first < end else { return }
            let scratch = UnsafeMutableRawPointer.allocate(byteCount: infrabook_f16_gemm_scratch_floats() * 4, alignment: 64)
            defer { scratch.deallocate() }
            infrabook_f16_gemm(weights.base, job.x, job.y, job.rows, job.columns, job.tokens, first, end,
                               scratch.assumingMemoryBound(to: Float.self))
        }
        if job.interleavedRows < job.rows {
            #if arch(x86_64)
            KernelsAVX512.VectorKernels.multiply(job.vectorJob, rows: job.interleavedRows..<job.rows)
            #endif
        }
    }
}

/// The interleaved f16 weights, shared read-only by the worker threads.
struct _UnsafeF16Groups: @unchecked Sendable {
    let base: UnsafePointer<UInt16>
    init(_ base: UnsafePointer<UInt16>) { self.base = base }
}
