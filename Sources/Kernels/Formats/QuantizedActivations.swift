/// Activations quantized to 8-bit levels on the fly, as llama.cpp does before integer dot products: q8_0 (one
/// scale per 32 values) for q8_0 and q4_0 weights, one scale per 256 values (as ggml's q8_K) for the K-quants,
/// whose kernels then sum a whole super-block's scaled integer products before converting. Split into arrays
/// (levels, scales, block sums) so each block's 32 levels are one load.

internal import KernelsAVX2

/// `tokens` rows of k activations in q8_0: the levels and the fp16-rounded scale of each block.
/// Every array starts on a 64-byte line, so no 32-byte load of a block's levels straddles two cache lines
/// (Swift arrays start 16 or 48 bytes into one; Zen 4 hides most of that cost, so this measured about even).
struct QuantizedActivations {
    let tokens: Int
    let columns: Int
    /// tokens × columns levels in [-127, 127].
    let levels: LineAlignedArray<Int8>
    /// Values sharing one scale: 32 (q8_0) or 256 (a K-quant super-block).
    let scaleBlock: Int
    /// tokens × (columns/scaleBlock) scales: rounded through fp16 as `block_q8_0.d` is for 32 values, kept in
    /// f32 as `block_q8_K.d` is for 256.
    let scales: LineAlignedArray<Float>
    /// tokens × (columns/32) values −Σ q_j of each block, or empty. Weights stored with an offset (q4_0's
    /// level + 8, or q8_0's level + 128 where the AVX-512 kernels make them unsigned) give Σ (level + c)·q;
    /// the kernels add c·(−Σ q) weighted by d_w·d_x, for eight blocks at once instead of once per block.
    let offsetSums: LineAlignedArray<Float>

    var blocksPerToken: Int { columns / 32 }

    /// Quantizes on `threads` threads (in shares of whole blocks) when there are enough blocks to share: for a
    /// prefill that would otherwise leave every other core idle for a few percent of the product.
    /// `vector`: quantize with the AVX2 module's loop (the same results; the caller checked the CPU).
    /// `scaleBlock`: 32, or 256 for the K-quants (always on the portable loop).
    init(_ x: UnsafePointer<Float>, tokens: Int, columns: Int, withOffsetSums: Bool = false, threads: Int = 1, vector: Bool = false,
         scaleBlock: Int = 32) {
        self.tokens = tokens
        self.columns = columns
        self.scaleBlock = scaleBlock
        let blocks = tokens * columns / scaleBlock
        let levels = LineAlignedArray<Int8>(count: tokens * columns)
        let scales = LineAlignedArray<Float>(count: blocks)
        let offsetSums = LineAlignedArray<Float>(count: withOffsetSums ? tokens * columns / 32 : 0)
        let job = _UnsafeQuantizeJob(x: x, levels: levels.base, scales: scales.base, offsetSums: withOffsetSums ? offsetSums.base : nil,
                                     vector: vector && scaleBlock == 32, scaleBlock: scaleBlock)
        let workers = max(1, min(threads, blocks * scaleBlock / 32 / 64))
        _WorkerPool.shared.run(iterations: workers) { worker in
            job.quantize(blocks: blocks * worker / workers..<blocks * (worker + 1) / workers)
        }
        self.levels = levels
        self.scales = scales
        self.offsetSums = offsetSums
    }
}

/// Raw pointers to the activations and their quantized arrays, shared by the threads that quantize them;
/// each thread writes only its own blocks.
struct _UnsafeQuantizeJob: @unchecked Sendable {
    let x: UnsafePointer<Float>
    let levels: UnsafeMutablePointer<Int8>
    let scales: UnsafeMutablePointer<Float>
    let offsetSums: UnsafeMutablePointer<Float>?
    let vector: Bool
    let scaleBlock: Int

    /// Quantizes blocks `blocks` of `scaleBlock` values.
    func quantize(blocks: Range<Int>) {
        #if arch(x86_64)
        if vector {
            return VectorKernels.quantizeActivations(x, blocks: blocks, levels: levels, scales: scales, offsetSums: offsetSums)
        }
        #endif
        for block in blocks {
            let first = block * scaleBlock
            if scaleBlock == 32 {
                let d = BlockQuantization.q8_0Levels(x + first, into: levels + first)
                scales[block] = HalfPrecision.float(f16Bits: HalfPrecision.f16Bits(d))
            } else {
                scales[block] = BlockQuantization.q8_0Levels(x + first, count: scaleBlock, into: levels + first)
            }
            guard let offsetSums else { continue }
            for sub in stride(from: first, to: first + scaleBlock, by: 32) {
                var sum: Int32 = 0
                for j in sub..<sub + 32 { sum += Int32(levels[j]) }
                // |Σ q| ≤ 32·127, so −Σ q (and any multiple the kernels take of it, up to 128) is an exact Float.
                offsetSums[sub / 32] = Float(-sum)
            }
        }
    }
}

/// A fixed-length array of plain values whose first element starts a 64-byte cache line; freed with its last reference.
final class LineAlignedArray<Element: BitwiseCopyable> {
    let base: UnsafeMutablePointer<Element>
    let count: Int

    /// `count` zeroed elements.
    init(count: Int) {
        self.count = count
        let raw = UnsafeMutableRawPointer.allocate(byteCount: max(1, count) * MemoryLayout<Element>.stride, alignment: 64)
        raw.initializeMemory(as: UInt8.self, repeating: 0, count: max(1, count) * MemoryLayout<Element>.stride)
        base = raw.assumingMemoryBound(to: Element.self)
    }

    deinit { UnsafeMutableRawPointer(base).deallocate() }
}
