/// The AVX-512 VNNI GEMM for q4_K and q5_K: ggml's rows stay the stored and exchanged format, and each call
/// repacks the rows it multiplies, a few hundred at a time, into panels of its own layout that many tokens
/// then reuse.
///
/// A panel holds eight rows per group, super-block by super-block, already decoded: per 32-weight sub-block
/// eight vectors of 4-byte chunks, lane r = row r's four levels (0…15 or 0…31), so one `vpdpbusd` with four
/// activation bytes broadcast adds four products to each of the eight rows' dot products at once, with no
/// unpacking, shuffling or horizontal sum left in the token loop. Beside the levels each sub-block's eight
/// integer scales and mins as f32 lanes, and the rows' d and dmin. Per token and sub-block the exact int32 dot
/// product is converted and multiplied by its scale (sc·dot < 2^22: exact), per super-block the total is
/// scaled by d·d_x and the mins' Σ m·(−Σx) by dmin·d_x, as `KQuantKernels` does row by row.
///
/// (The row-by-row kernel unpacks each super-block again for every four tokens and needs `vpmaddubsw` +
/// `vpmaddwd` + an add per 32 products; here the unpacking happens once per call and the products cost one
/// `vpdpbusd` each, plus one convert and one FMA per sub-block and token.)
///
/// Only in `KernelsAVX512` (it needs VNNI); called by `KQuantKernels.multiply` there, never from elsewhere.

#if arch(x86_64)
import _Builtin_intrinsics.intel
import KernelsAVX2

/// The q4_K and q5_K super-blocks, whose decoded levels the panels copy.
protocol _KQuantMinsBlock: _KQuantSuperBlock {
    /// Sub-block b's 32 levels in element order.
    var levels: InlineArray<8, __m256i> { get }
}

extension Q4KSuperBlock: _KQuantMinsBlock {}

extension Q5KSuperBlock: _KQuantMinsBlock {
    var levels: InlineArray<8, __m256i> { low.levels }
}

/// q4_K/q5_K GEMM from panels of decoded, interleaved rows.
enum KQuantPanels {
    /// Below this many tokens the row-by-row kernel runs instead: repacking a row costs about as much as
    /// multiplying it by a dozen tokens.
    static let minimumTokens = 16
    /// Tokens per tile: their activation chunks are broadcast from L1 while the panel streams from L2.
    static let tileTokens = 4
    /// Bytes of panel repacked at once (kept in L2 while every token passes over it).
    static let panelBytes = 1 << 20

    /// One group's bytes per super-block: 8 sub-blocks × 8 chunks × 32 bytes of levels, then per sub-block
    /// the eight rows' scales and mins (f32), then the rows' d and dmin.
    static let levelBytes = 2048
    static let scalesOffset = levelBytes
    static let minsOffset = levelBytes + 256
    static let dOffset = levelBytes + 512
    static let dminOffset = levelBytes + 544
    static let groupBlockBytes = levelBytes + 576

    /// Whether this product takes the panel path.
    static func applies(_ job: AVX2Job) -> Bool {
        (job.format == .q4_K || job.format == .q5_K) && job.tokens >= minimumTokens
    }

    /// Rows `rows` of `job` for every token: whole groups of eight from panels, the rest row by row.
    static func multiply(_ job: AVX2Job, rows: Range<Int>) {
        let superBlocks = job.columns / 256
        let groups = rows.count / 8
        let groupBytes = superBlocks * groupBlockBytes
        let panelGroups = max(1, min(groups, panelBytes / groupBytes))
        if groups > 0 {
            let scratch = UnsafeMutableRawPointer.allocate(byteCount: panelGroups * groupBytes, alignment: 64)
            defer { scratch.deallocate() }
            for firstGroup in stride(from: 0, to: groups, by: panelGroups) {
                let count = min(panelGroups, groups - firstGroup)
                let firstRow = rows.lowerBound + 8 * firstGroup
                for g in 0..<count {
                    let group = scratch + g * groupBytes
                    switch job.format {
                    case .q4_K: repack(Q4KSuperBlock.self, job, firstRow: firstRow + 8 * g, into: group)
                    default: repack(Q5KSuperBlock.self, job, firstRow: firstRow + 8 * g, into: group)
                    }
                }
                for token in stride(from: 0, to: job.tokens, by: tileTokens) {
                    for g in 0..<count {
                        tile(job, panel: scratch + g * groupBytes, firstRow: firstRow + 8 * g, token: token)
                    }
                }
            }
        }
        let rest = rows.lowerBound + 8 * groups..<rows.upperBound
        if !rest.isEmpty {
            switch job.format {
            case .q4_K: KQuantKernels.multiply(Q4KSuperBlock.self, job, rows: rest)
            default: KQuantKernels.multiply(Q5KSuperBlock.self, job, rows: rest)
            }
        }
    }

    /// Decodes rows firstRow..<firstRow + 8 into one group of the panel (layout: `groupBlockBytes`).
    static func repack<Block: _KQuantMinsBlock>(_: Block.Type, _ job: AVX2Job, firstRow: Int, into group: UnsafeMutableRawPointer) {
        let superBlocks = job.columns / 256
        let chunk = group.bindMemory(to: UInt32.self, capacity: superBlocks * groupBlockBytes / 4)
        for r in 0..<8 {
            let row = job.weights + (firstRow + r) * job.bytesPerRow
            for s in 0..<superBlocks {
                let block = row + s * Block.bytesPerBlock
                let unpacked = Block(block)
                let base = s * groupBlockBytes / 4
                // Sub-block b's 4-byte chunk c goes to lane r of vector (b, c): an 8×8 transpose, done once per
                // call, written out element by element.
                for b in 0..<8 {
                    let levels = unsafeBitCast(unpacked.levels[b], to: SIMD8<UInt32>.self)
                    for c in 0..<8 { chunk[base + (8 * b + c) * 8 + r] = levels[c] }
                }
                let (scaleBits, minBits) = kQuantScalesAndMins(block + 4)
                let floats = (group + s * groupBlockBytes).assumingMemoryBound(to: Float.self)
                for b in 0..<8 {
                    floats[scalesOffset / 4 + 8 * b + r] = Float(UInt8(truncatingIfNeeded: scaleBits >> (8 * b)))
                    floats[minsOffset / 4 + 8 * b + r] = Float(UInt8(truncatingIfNeeded: minBits >> (8 * b)))
                }
                floats[dOffset / 4 + r] = unpacked.d
                floats[dminOffset / 4 + r] = unpacked.dmin
            }
        }
    }

    /// Eight rows × `tileTokens` tokens (the last tile repeats its last token rather than read past the
    /// activations; only real tokens are stored).
    @inline(__always)
    static func tile(_ job: AVX2Job, panel: UnsafeRawPointer, firstRow: Int, token: Int) {
        let superBlocks = job.columns / 256
        let levels = UnsafeRawPointer(job.levels!), scales = job.scales!, negativeSums = UnsafeRawPointer(job.offsetSums!)
        // Each token's activation levels, −Σx per 32 values and scales.
        var x = InlineArray<4, UnsafeRawPointer>(repeating: levels), negative = x
        var dx = InlineArray<4, UnsafePointer<Float>>(repeating: scales)
        for t in 0..<4 {
            let index = min(token + t, job.tokens - 1)
            x[t] = levels + index * job.columns
            negative[t] = negativeSums + 4 * index * superBlocks * 8
            dx[t] = scales + index * superBlocks
        }
        var sums = InlineArray<4, SIMD8<Float>>(repeating: .zero)
        for s in 0..<superBlocks {
            let block = panel + s * groupBlockBytes
            var totals = InlineArray<4, SIMD8<Float>>(repeating: .zero)
            var minTotals = InlineArray<4, SIMD8<Float>>(repeating: .zero)
            for b in 0..<8 {
                var dots = InlineArray<4, __m256i>(repeating: _mm256_setzero_si256())
                for c in 0..<8 {
                    let w = block.load(fromByteOffset: (8 * b + c) * 32, as: __m256i.self)
                    for t in 0..<4 {
                        let four = x[t].loadUnaligned(fromByteOffset: 256 * s + 32 * b + 4 * c, as: Int32.self)
                        dots[t] = _mm256_mask_dpbusd_epi32(dots[t], 0xFF, w, _mm256_set1_epi32(four))
                    }
                }
                let scale = block.load(fromByteOffset: scalesOffset + 32 * b, as: SIMD8<Float>.self)
                let minimum = block.load(fromByteOffset: minsOffset + 32 * b, as: SIMD8<Float>.self)
                for t in 0..<4 {
                    totals[t] = totals[t].addingProduct(SIMD8<Float>(_mm256_cvtepi32_ps(dots[t])), scale)
                    // −Σx of the token's sub-block: m·(−Σx) and their sum over eight sub-blocks are exact integers.
                    let negativeSum = negative[t].loadUnaligned(fromByteOffset: 4 * (8 * s + b), as: Float.self)
                    minTotals[t] = minTotals[t].addingProduct(minimum, SIMD8(repeating: negativeSum))
                }
            }
            let d = block.load(fromByteOffset: dOffset, as: SIMD8<Float>.self)
            let dmin = block.load(fromByteOffset: dminOffset, as: SIMD8<Float>.self)
            for t in 0..<4 {
                let scale = SIMD8<Float>(repeating: dx[t][s])
                sums[t] = sums[t].addingProduct(totals[t], d * scale)
                sums[t] = sums[t].addingProduct(minTotals[t], dmin * scale)
            }
        }
        for t in 0..<min(4, job.tokens - token) {
            let y = job.y + (token + t) * job.rows + firstRow
            for r in 0..<8 { y[r] = sums[t][r] }
        }
    }
}
#endif
