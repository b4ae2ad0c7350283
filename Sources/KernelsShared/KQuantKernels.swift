/// The vector path for ggml's K-quants (q4_K, q5_K, q6_K), read in ggml's own rows: no repacked copy.
///
/// Each super-block of 256 weights is unpacked once per tile into eight vectors of 32 levels (one per
/// 32-weight sub-block) and eight vectors of its integer sub-block scales as int16, and used for up to four
/// tokens. The activations have one scale per 256 values (as ggml's q8_K), so per token the whole super-block
/// is summed exactly in int32: per sub-block `vpmaddubsw` (levels × activations in pairs) and `vpmaddwd` with
/// the scales, then one convert and one FMA by d·d_x. (A first version on q8_0 activations needed each
/// sub-block's sum on its own, a `vphaddd` reduction per token and super-block, and ran GEMM at half this
/// speed.) q4_K/q5_K subtract dmin·Σ m·Σx with one more FMA from the activations' block sums; q6_K's levels
/// q − 32 are signed, so their sign moves onto the activations, as q8_0's does on AVX2.
/// Rows go one at a time; GEMM walks tokens in blocks whose levels stay in L2. Decode of the rows the caller
/// also interleaved goes by `KQuantDecode`, eight rows at a time.
///
/// Compiled twice like `VectorKernels.swift` (a symbolic link in each target folder). Never inlined into the
/// portable module; called only after the CPU check.

#if arch(x86_64)
import _Builtin_intrinsics.intel
#if AVX512
import KernelsAVX2
#endif

/// One super-block unpacked for its dot products.
protocol _KQuantSuperBlock {
    /// Bytes of one stored super-block.
    static var bytesPerBlock: Int { get }
    /// Whether weights carry a min (weight = d·sc·q − dmin·m) to subtract as dmin·Σ m·Σx.
    static var hasMins: Bool { get }
    init(_ block: UnsafeRawPointer)
    /// The super-block's scale d and min scale dmin (0 for q6_K).
    var d: Float { get }
    var dmin: Float { get }
    /// Lane b: sub-block b's 6-bit min m as f32 (zero for q6_K).
    var mins: SIMD8<Float> { get }
    /// Σ over sub-blocks of (integer scale × integer dot product with the levels at `x`), in 8 int32 lanes
    /// whose sum is the super-block's: exact, and converted once.
    func scaledDots(_ x: UnsafeRawPointer) -> __m256i
}

@inline(__always)
private func half(_ block: UnsafeRawPointer, _ offset: Int) -> Float {
    Float(Float16(bitPattern: block.loadUnaligned(fromByteOffset: offset, as: UInt16.self)))
}

/// The `vpshufb` control that copies 16-bit word `low` to every word of the low 128 bits and word `high` to
/// every word of the high 128 bits (within each half).
@inline(__always)
private func wordBroadcast(low: Int, high: Int) -> __m256i {
    _mm256_set_m128i(_mm_set1_epi16(Int16(0x0100 * (2 * high + 1) + 2 * high)), _mm_set1_epi16(Int16(0x0100 * (2 * low + 1) + 2 * low)))
}

/// Adds, per int32 lane, Σ (unsigned · signed) over the lane's four bytes times the lane's int16 scale:
/// `vpmaddubsw` (pairs fit int16: ≤ 63·127·2), then `vpmaddwd` with the scales.
@inline(__always)
private func addScaledDot(_ acc: __m256i, _ unsigned: __m256i, _ signed: __m256i, _ scales: __m256i) -> __m256i {
    _mm256_add_epi32(acc, _mm256_madd_epi16(_mm256_maddubs_epi16(unsigned, signed), scales))
}

/// q4_K: fp16 d, dmin; 12 bytes of scales and mins; 128 bytes of nibbles (run c: sub-blocks 2c low, 2c+1 high).
struct Q4KSuperBlock: _KQuantSuperBlock {
    static var bytesPerBlock: Int { AVX2Job.Format.q4_K.bytesPerBlock }
    static var hasMins: Bool { true }
    var levels: InlineArray<8, __m256i>
    /// Sub-block b's scale in every int16 lane.
    var scales: InlineArray<8, __m256i>
    let d: Float
    let dmin: Float
    let mins: SIMD8<Float>

    @inline(__always)
    init(_ block: UnsafeRawPointer) {
        self.init(block, nibbles: 16)
    }

    /// The nibbles at `block + nibbles` (q5_K reuses this with its fifth bits in front of them).
    @inline(__always)
    init(_ block: UnsafeRawPointer, nibbles: Int) {
        let (scaleBits, minBits) = kQuantScalesAndMins(block + 4)
        d = half(block, 0)
        dmin = half(block, 2)
        mins = _mm256_cvtepi32_ps(_mm256_cvtepu8_epi32(_mm_set_epi64x(0, Int64(bitPattern: minBits))))
        let words = _mm256_broadcastsi128_si256(_mm_cvtepu8_epi16(_mm_set_epi64x(0, Int64(bitPattern: scaleBits))))
        let mask = _mm256_set1_epi8(0x0f)
        levels = InlineArray(repeating: _mm256_setzero_si256())
        scales = InlineArray(repeating: _mm256_setzero_si256())
        for c in 0..<4 {
            let packed = block.loadUnaligned(fromByteOffset: nibbles + 32 * c, as: __m256i.self)
            levels[2 * c] = _mm256_and_si256(packed, mask)
            levels[2 * c + 1] = _mm256_and_si256(_mm256_srli_epi16(packed, 4), mask)
        }
        for b in 0..<8 { scales[b] = _mm256_shuffle_epi8(words, wordBroadcast(low: b, high: b)) }
    }

    @inline(__always)
    func scaledDots(_ x: UnsafeRawPointer) -> __m256i {
        var even = _mm256_setzero_si256(), odd = _mm256_setzero_si256()
        // A constant trip count, so the loop is unrolled and the arrays stay in registers (a `stride` loop was
        // not: indexed from memory, they were stored back to the stack on every token, 3–5× slower).
        for pair in 0..<4 {
            let b = 2 * pair
            even = addScaledDot(even, levels[b], x.loadUnaligned(fromByteOffset: 32 * b, as: __m256i.self), scales[b])
            odd = addScaledDot(odd, levels[b + 1], x.loadUnaligned(fromByteOffset: 32 * b + 32, as: __m256i.self), scales[b + 1])
        }
        return _mm256_add_epi32(even, odd)
    }
}

/// q5_K: q4_K's header, 32 bytes of fifth bits (bit b of byte l: element l of sub-block b), then the nibbles.
struct Q5KSuperBlock: _KQuantSuperBlock {
    static var bytesPerBlock: Int { AVX2Job.Format.q5_K.bytesPerBlock }
    static var hasMins: Bool { true }
    var low: Q4KSuperBlock
    var d: Float { low.d }
    var dmin: Float { low.dmin }
    var mins: SIMD8<Float> { low.mins }

    @inline(__always)
    init(_ block: UnsafeRawPointer) {
        low = Q4KSuperBlock(block, nibbles: 48)
        let fifth = block.loadUnaligned(fromByteOffset: 16, as: __m256i.self)
        let sixteen = _mm256_set1_epi8(16)
        for b in 0..<8 {
            let bit = _mm256_set1_epi8(Int8(bitPattern: UInt8(1 << b)))
            let set = _mm256_cmpeq_epi8(_mm256_and_si256(fifth, bit), bit)
            low.levels[b] = _mm256_or_si256(low.levels[b], _mm256_and_si256(set, sixteen))
        }
    }

    @inline(__always)
    func scaledDots(_ x: UnsafeRawPointer) -> __m256i { low.scaledDots(x) }
}

/// q6_K: 128 bytes of nibbles, 64 bytes of bit pairs, sixteen int8 scales, fp16 d. Each half of 128 weights
/// reads 64 nibble bytes (l and l + 32) and 32 pair bytes; its four sub-blocks are elements l, l + 32, l + 64
/// and l + 96 of the half.
struct Q6KSuperBlock: _KQuantSuperBlock {
    static var bytesPerBlock: Int { AVX2Job.Format.q6_K.bytesPerBlock }
    static var hasMins: Bool { false }
    /// |q − 32| and q − 32 (whose sign moves onto the activations) per 32-weight sub-block.
    var magnitudes: InlineArray<8, __m256i>
    var signs: InlineArray<8, __m256i>
    /// Per 32-weight sub-block: its two 16-weight scales as int16, the first in the low 128 bits, the second in the high.
    var scales: InlineArray<8, __m256i>
    let d: Float
    var dmin: Float { 0 }
    var mins: SIMD8<Float> { .zero }

    @inline(__always)
    init(_ block: UnsafeRawPointer) {
        d = half(block, 208)
        let mask = _mm256_set1_epi8(0x0f), pair = _mm256_set1_epi8(0x30), offset = _mm256_set1_epi8(32)
        magnitudes = InlineArray(repeating: _mm256_setzero_si256())
        signs = InlineArray(repeating: _mm256_setzero_si256())
        scales = InlineArray(repeating: _mm256_setzero_si256())
        for h in 0..<2 {
            let low0 = block.loadUnaligned(fromByteOffset: 64 * h, as: __m256i.self)
            let low1 = block.loadUnaligned(fromByteOffset: 64 * h + 32, as: __m256i.self)
            let high = block.loadUnaligned(fromByteOffset: 128 + 32 * h, as: __m256i.self)
            // Bits 2i, 2i+1 of each pair byte are bits 4 and 5 of sub-block 4h + i: moved there with 16-bit
            // shifts (the masks keep bits from crossing into the next byte).
            let levels: InlineArray<4, __m256i> = [
                _mm256_or_si256(_mm256_and_si256(low0, mask), _mm256_and_si256(_mm256_slli_epi16(high, 4), pair)),
                _mm256_or_si256(_mm256_and_si256(low1, mask), _mm256_and_si256(_mm256_slli_epi16(high, 2), pair)),
                _mm256_or_si256(_mm256_and_si256(_mm256_srli_epi16(low0, 4), mask), _mm256_and_si256(high, pair)),
                _mm256_or_si256(_mm256_and_si256(_mm256_srli_epi16(low1, 4), mask), _mm256_and_si256(_mm256_srli_epi16(high, 2), pair)),
            ]
            for i in 0..<4 {
                let signed = _mm256_sub_epi8(levels[i], offset)
                signs[4 * h + i] = signed
                magnitudes[4 * h + i] = _mm256_abs_epi8(signed)
            }
        }
        // The sixteen scales as int16: words 0–7 (sub-blocks 0–3) in both halves, then words 8–15 (sub-blocks 4–7).
        @inline(__always) func words(_ offset: Int) -> __m256i {
            _mm256_broadcastsi128_si256(_mm_cvtepi8_epi16(_mm_set_epi64x(0, block.loadUnaligned(fromByteOffset: offset, as: Int64.self))))
        }
        let first = words(192), second = words(200)
        for b in 0..<8 {
            scales[b] = _mm256_shuffle_epi8(b < 4 ? first : second, wordBroadcast(low: 2 * (b % 4), high: 2 * (b % 4) + 1))
        }
    }

    /// Pair sums |q − 32|·(±x) ≤ 32·127·2 fit int16; `vpmaddwd` multiplies them by the 16-weight scales.
    @inline(__always)
    func scaledDots(_ x: UnsafeRawPointer) -> __m256i {
        var even = _mm256_setzero_si256(), odd = _mm256_setzero_si256()
        for pair in 0..<4 {
            let b = 2 * pair
            let x0 = _mm256_sign_epi8(x.loadUnaligned(fromByteOffset: 32 * b, as: __m256i.self), signs[b])
            let x1 = _mm256_sign_epi8(x.loadUnaligned(fromByteOffset: 32 * b + 32, as: __m256i.self), signs[b + 1])
            even = addScaledDot(even, magnitudes[b], x0, scales[b])
            odd = addScaledDot(odd, magnitudes[b + 1], x1, scales[b + 1])
        }
        return _mm256_add_epi32(even, odd)
    }
}

/// The K-quant products; the only entry is `multiply`.
public enum KQuantKernels {
    /// Tokens per tile: each unpacked super-block serves this many.
    static let tileTokens = 4
    /// Activation levels a token block may hold, so they stay in L2 while the rows stream past.
    static let tokenBlockBytes = 512 * 1024

    /// Computes output rows `rows` of `job` (a K-quant) for every token. Never inlined into a caller.
    @inline(never)
    public static func multiply(_ job: AVX2Job, rows: Range<Int>) {
        // The AVX-512 build multiplies q4_K/q5_K GEMM from repacked panels (`KQuantPanels`).
        if VectorWidth.multiplyKQuantPanels(job, rows: rows) { return }
        var rows = rows
        // Decode reads the rows the job also has interleaved, eight at a time (`KQuantDecode`).
        if job.tokens < VectorKernels.fewTokens && job.interleaved != nil && rows.lowerBound % 8 == 0 {
            let end = rows.lowerBound + max(0, min(rows.upperBound, job.interleavedRows) - rows.lowerBound) / 8 * 8
            if end > rows.lowerBound { KQuantDecode.multiply(job, rows: rows.lowerBound..<end) }
            rows = end..<rows.upperBound
            if rows.isEmpty { return }
        }
        switch job.format {
        case .q4_K: multiply(Q4KSuperBlock.self, job, rows: rows)
        case .q5_K: multiply(Q5KSuperBlock.self, job, rows: rows)
        case .q6_K: multiply(Q6KSuperBlock.self, job, rows: rows)
        default: preconditionFailure("KQuantKernels multiplies K-quants only")
        }
    }

    @inline(__always)
    static func multiply<Block: _KQuantSuperBlock>(_: Block.Type, _ job: AVX2Job, rows: Range<Int>) {
        let blockTokens = max(tileTokens, tokenBlockBytes / job.columns / tileTokens * tileTokens)
        for first in stride(from: 0, to: job.tokens, by: blockTokens) {
            let end = min(job.tokens, first + blockTokens)
            for row in rows {
                var token = first
                while token < end {
                    switch end - token {
                    case 1: tile(Block.self, job, row: row, token: token, TileShape<1, 1>())
                    case 2: tile(Block.self, job, row: row, token: token, TileShape<1, 2>())
                    case 3: tile(Block.self, job, row: row, token: token, TileShape<1, 3>())
                    default: tileOfFour(Block.self, job, row: row, token: token)
                    }
                    token += tileTokens
                }
            }
        }
    }

    /// One row × T tokens over all columns: per super-block one exact integer total per token, converted and
    /// scaled by d·d_x; q4_K/q5_K's mins as (m·(−Σx)) times dmin·d_x, from the activations' block sums.
    @inline(__always)
    static func tile<Block: _KQuantSuperBlock, let T: Int>(_: Block.Type, _ job: AVX2Job, row: Int, token: Int, _: TileShape<1, T>) {
        let weights = job.weights + row * job.bytesPerRow, superBlocks = job.columns / 256
        var sums = InlineArray<T, SIMD8<Float>>(repeating: .zero), minSums = InlineArray<T, SIMD8<Float>>(repeating: .zero)
        for superBlock in 0..<superBlocks {
            let unpacked = Block(weights + superBlock * Block.bytesPerBlock)
            for t in 0..<T { accumulate(unpacked, job, index: (token + t) * superBlocks + superBlock, &sums[t], &minSums[t]) }
        }
        for t in 0..<T { job.y[(token + t) * job.rows + row] = (sums[t] + minSums[t]).sum() }
    }

    /// `tile` for four tokens with the token loop written out: LLVM did not unroll `tile`'s for T = 4 (its body
    /// is large), which left the accumulators in memory, indexed by token.
    @inline(__always)
    static func tileOfFour<Block: _KQuantSuperBlock>(_: Block.Type, _ job: AVX2Job, row: Int, token: Int) {
        let weights = job.weights + row * job.bytesPerRow, superBlocks = job.columns / 256
        var s0 = SIMD8<Float>.zero, s1 = SIMD8<Float>.zero, s2 = SIMD8<Float>.zero, s3 = SIMD8<Float>.zero
        var m0 = SIMD8<Float>.zero, m1 = SIMD8<Float>.zero, m2 = SIMD8<Float>.zero, m3 = SIMD8<Float>.zero
        for superBlock in 0..<superBlocks {
            let unpacked = Block(weights + superBlock * Block.bytesPerBlock)
            accumulate(unpacked, job, index: token * superBlocks + superBlock, &s0, &m0)
            accumulate(unpacked, job, index: (token + 1) * superBlocks + superBlock, &s1, &m1)
            accumulate(unpacked, job, index: (token + 2) * superBlocks + superBlock, &s2, &m2)
            accumulate(unpacked, job, index: (token + 3) * superBlocks + superBlock, &s3, &m3)
        }
        let y = job.y + token * job.rows + row
        y[0] = (s0 + m0).sum()
        y[job.rows] = (s1 + m1).sum()
        y[2 * job.rows] = (s2 + m2).sum()
        y[3 * job.rows] = (s3 + m3).sum()
    }

    /// One super-block × one token (activation super-block `index`) added into `sum` and `minSum`.
    @inline(__always)
    static func accumulate<Block: _KQuantSuperBlock>(_ unpacked: Block, _ job: AVX2Job, index: Int,
                                                     _ sum: inout SIMD8<Float>, _ minSum: inout SIMD8<Float>) {
        let dx = job.scales![index]
        let total = _mm256_cvtepi32_ps(unpacked.scaledDots(UnsafeRawPointer(job.levels! + 256 * index)))
        sum = sum.addingProduct(total, SIMD8(repeating: unpacked.d * dx))
        if Block.hasMins {
            // offsetSums holds −Σx per 32 values: m·(−Σx) is an exact integer below 2^18.
            let negativeSums = UnsafeRawPointer(job.offsetSums! + 8 * index).loadUnaligned(as: SIMD8<Float>.self)
            minSum = minSum.addingProduct(unpacked.mins * negativeSums, SIMD8(repeating: unpacked.dmin * dx))
        }
    }
}
#endif
