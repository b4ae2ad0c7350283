/// K-quant decode (one to three tokens) on the AVX-512 build, in 512-bit vectors, from the same interleaved
/// layout (`Kernels.InterleavedRows`) and with the same arithmetic as the 256-bit kernel (`KQuantDecode`).
///
/// One 64-byte load holds two 4-byte chunks of the eight rows of a group side by side (lanes 0–7 chunk j,
/// lanes 8–15 chunk j + 1, which the layout stores one after the other), so every `vpdpbusd` adds eight weights'
/// products to each row, twice as many per instruction as the 256-bit kernel, and the unpacking (masks, shifts,
/// fifth and sixth bits) runs once per 64 bytes instead of per 32. Its activation operand is read from a copy of
/// the token's levels spread once per call (64 bytes per eight levels: the first four in lanes 0–7, the next four
/// in lanes 8–15), so no broadcast or shuffle is left in the loop. The two halves of each exact int32 dot product
/// are added once per pair of sub-blocks (q6_K: per pair of 16-weight halves), which leaves the pair's results
/// side by side, lanes 0–7 the first sub-block's eight rows and 8–15 the second's, as the pair's scales and mins
/// are unpacked in one 16-lane vector; the activation sums they meet are spread per call the same way. Each
/// lane sums its sub-blocks and super-blocks in order; the two halves of an output meet once at the end.
///
/// Only in `KernelsAVX512` (it needs AVX-512 BW and VNNI); `VectorWidth.multiplyKQuantDecode` calls it for every
/// K-quant decode there, on whole groups only, so the 256-bit kernel runs only on the AVX2 build. It never reads
/// past the groups it is given and never changes the layout.

#if arch(x86_64)
import _Builtin_intrinsics.intel
import KernelsAVX2

/// One token's activations as the 512-bit kernel reads them, spread once per call (`KQuantDecode512.spread`).
struct _WideKQuantToken {
    /// 64 bytes per eight activation levels u: lanes 0–7 hold levels 8u…8u+3, lanes 8–15 levels 8u+4…8u+7.
    let x: UnsafeRawPointer
    /// 64 bytes per pair of the format's sum groups (`_WideKQuant.pairSums`): lanes 0–7 the first's value, 8–15 the second's.
    let sums: UnsafeRawPointer
}

/// A K-quant's super-block of eight interleaved rows, read in 512-bit vectors.
protocol _WideKQuant {
    /// Bytes of one row's super-block; the group's takes eight times as many.
    static var bytesPerBlock: Int { get }
    /// Pairs of activation sums per super-block that `pairSums` spreads.
    static var pairsPerSuperBlock: Int { get }
    /// Pair p's two activation sums of `token` as lane bit patterns.
    static func pairSums(_ job: AVX2Job, token: Int, pair p: Int) -> (first: UInt32, second: UInt32)
    /// The eight rows' dot products with super-block `s` of each token, before the activations' scale d_x, in two
    /// halves (lane r and lane 8 + r belong to row r).
    static func dots<let T: Int>(_ block: UnsafeRawPointer, _ tokens: InlineArray<T, _WideKQuantToken>, superBlock s: Int)
        -> InlineArray<T, SIMD16<Float>>
}

/// Lanes 0–7: bytes `index` of the eight rows of a field stored one byte per row (row r's at 8·index + r); lanes
/// 8–15: bytes `index + 1`. Zero- or sign-extended.
@inline(__always)
private func rowBytePair(_ field: UnsafeRawPointer, _ index: Int) -> __m512i {
    _mm512_cvtepu8_epi32(field.loadUnaligned(fromByteOffset: 8 * index, as: __m128i.self))
}

@inline(__always)
private func signedRowBytePair(_ field: UnsafeRawPointer, _ index: Int) -> __m512i {
    _mm512_cvtepi8_epi32(field.loadUnaligned(fromByteOffset: 8 * index, as: __m128i.self))
}

/// The eight rows' fp16 field as f32, in both halves.
@inline(__always)
private func rowHalvesTwice(_ field: UnsafeRawPointer) -> SIMD16<Float> {
    _mm512_cvtph_ps(_mm256_broadcastsi128_si256(field.loadUnaligned(as: __m128i.self)))
}

/// Lanes 0–7: lanes 0–7 plus lanes 8–15 of `first`; lanes 8–15: the same of `second`.
@inline(__always)
private func halvesAdded(_ first: __m512i, _ second: __m512i) -> __m512i {
    _mm512_add_epi32(_mm512_permutex2var_epi64(first, SIMD8<Int64>(0, 1, 2, 3, 8, 9, 10, 11), second),
                     _mm512_permutex2var_epi64(first, SIMD8<Int64>(4, 5, 6, 7, 12, 13, 14, 15), second))
}

@inline(__always)
private func bytes(_ value: UInt8) -> __m512i { _mm512_set1_epi8(CChar(bitPattern: value)) }

/// q4_K and q5_K (header: d, dmin, twelve bytes of packed 6-bit scales and mins), where the 256-bit kernel's
/// description says the nibbles and fifth bits sit.
protocol _WideMinsQuant: _WideKQuant, _InterleavedMinsQuant {}

extension _WideMinsQuant {
    /// −Σx of sub-blocks 2p and 2p + 1 (f32).
    static var pairsPerSuperBlock: Int { 4 }

    static func pairSums(_ job: AVX2Job, token: Int, pair p: Int) -> (first: UInt32, second: UInt32) {
        let negativeSums = job.offsetSums! + token * job.columns / 32
        return (negativeSums[2 * p].bitPattern, negativeSums[2 * p + 1].bitPattern)
    }

    /// The scales and mins of sub-blocks 2c (lanes 0–7) and 2c + 1 (lanes 8–15), unpacked from the twelve bytes q
    /// as ggml's `get_scale_min_k4` does: for b < 4 the low six bits of q[b] and q[b + 4]; above, four bits of
    /// q[b + 4] and the top two bits of q[b − 4] and q[b].
    @inline(__always)
    static func scalesAndMins(_ packed: UnsafeRawPointer, pair c: Int) -> (scales: SIMD16<Float>, mins: SIMD16<Float>) {
        let b = 2 * c
        if b < 4 {
            let six = _mm512_set1_epi32(63)
            return (_mm512_cvtepi32_ps(_mm512_and_si512(rowBytePair(packed, b), six)),
                    _mm512_cvtepi32_ps(_mm512_and_si512(rowBytePair(packed, b + 4), six)))
        }
        let shared = rowBytePair(packed, b + 4)
        let scales = _mm512_or_si512(_mm512_and_si512(shared, _mm512_set1_epi32(15)),
                                     _mm512_slli_epi32(_mm512_srli_epi32(rowBytePair(packed, b - 4), 6), 4))
        let mins = _mm512_or_si512(_mm512_srli_epi32(shared, 4), _mm512_slli_epi32(_mm512_srli_epi32(rowBytePair(packed, b), 6), 4))
        return (_mm512_cvtepi32_ps(scales), _mm512_cvtepi32_ps(mins))
    }

    @inline(__always)
    static func dots<let T: Int>(_ block: UnsafeRawPointer, _ tokens: InlineArray<T, _WideKQuantToken>, superBlock s: Int)
        -> InlineArray<T, SIMD16<Float>> {
        let mask = bytes(0x0f), sixteen = bytes(16)
        var totals = InlineArray<T, SIMD16<Float>>(repeating: .zero), minTotals = totals
        // Run c: chunk j of each row holds elements 4j…4j+3 of sub-block 2c (low nibbles) and 2c + 1 (high);
        // load p holds chunks 2p and 2p + 1, elements 8p…8p+7.
        for c in 0..<4 {
            var low = InlineArray<T, __m512i>(repeating: _mm512_setzero_si512()), high = low
            for p in 0..<4 {
                let nibbles = block.loadUnaligned(fromByteOffset: nibblesOffset + 256 * c + 64 * p, as: __m512i.self)
                var lowLevels = _mm512_and_si512(nibbles, mask), highLevels = _mm512_and_si512(_mm512_srli_epi16(nibbles, 4), mask)
                if hasFifthBits {
                    // Bit b of each byte of the fifth bits (chunks 2p and 2p + 1 too) adds 16 to sub-block b's level.
                    let bits = block.loadUnaligned(fromByteOffset: 128 + 64 * p, as: __m512i.self)
                    lowLevels = _mm512_mask_add_epi8(lowLevels, _mm512_test_epi8_mask(bits, bytes(1 << (2 * c))), lowLevels, sixteen)
                    highLevels = _mm512_mask_add_epi8(highLevels, _mm512_test_epi8_mask(bits, bytes(2 << (2 * c))), highLevels, sixteen)
                }
                for t in 0..<T {
                    // Levels 8u…8u+7 with u = 32s + 8c + p (low nibbles) and u + 4 (high).
                    let x = tokens[t].x + 64 * (32 * s + 8 * c + p)
                    low[t] = _mm512_dpbusd_epi32(low[t], lowLevels, x.load(as: __m512i.self))
                    high[t] = _mm512_dpbusd_epi32(high[t], highLevels, x.load(fromByteOffset: 256, as: __m512i.self))
                }
            }
            let (scales, mins) = scalesAndMins(block + 32, pair: c)
            for t in 0..<T {
                // sc·dot < 2^22 and m·(−Σx) are exact in f32, as in the 256-bit kernel.
                totals[t] = totals[t].addingProduct(_mm512_cvtepi32_ps(halvesAdded(low[t], high[t])), scales)
                minTotals[t] = minTotals[t].addingProduct(mins, tokens[t].sums.load(fromByteOffset: 64 * (4 * s + c), as: SIMD16<Float>.self))
            }
        }
        let d = rowHalvesTwice(block), dmin = rowHalvesTwice(block + 16)
        return InlineArray { t in (totals[t] * d).addingProduct(minTotals[t], dmin) }
    }
}

// The formats' geometry (bytes per block, where the nibbles and fifth bits sit) is the 256-bit kernel's.
extension InterleavedQ4K: _WideMinsQuant {}
extension InterleavedQ5K: _WideMinsQuant {}

extension InterleavedQ6K: _WideKQuant {
    /// 32·Σx of the 16-activation groups 2p and 2p + 1 (int32): the levels are read unsigned (0…63).
    static var pairsPerSuperBlock: Int { 8 }

    static func pairSums(_ job: AVX2Job, token: Int, pair p: Int) -> (first: UInt32, second: UInt32) {
        let x = UnsafeRawPointer(job.levels! + token * job.columns + 32 * p)
        @inline(__always) func sum(_ at: Int) -> UInt32 {
            UInt32(bitPattern: 32 * SIMD16<Int32>(truncatingIfNeeded: x.loadUnaligned(fromByteOffset: at, as: SIMD16<Int8>.self)).wrappedSum())
        }
        return (sum(0), sum(16))
    }

    @inline(__always)
    static func dots<let T: Int>(_ block: UnsafeRawPointer, _ tokens: InlineArray<T, _WideKQuantToken>, superBlock s: Int)
        -> InlineArray<T, SIMD16<Float>> {
        let mask = bytes(0x0f), pair = bytes(0x30)
        var totals = InlineArray<T, SIMD16<Float>>(repeating: .zero)
        for h in 0..<2 {
            // Sub-block i's dot products over its first 16 weights (loads 0 and 1: chunks 0–3) or its last (loads 2, 3).
            @inline(__always) func half(_ which: Int) -> InlineArray<4, InlineArray<T, __m512i>> {
                var acc = InlineArray<4, InlineArray<T, __m512i>>(repeating: .init(repeating: _mm512_setzero_si512()))
                for step in 0..<2 {
                    let p = 2 * which + step
                    let first = block.loadUnaligned(fromByteOffset: 32 * (16 * h + 2 * p), as: __m512i.self)
                    let second = block.loadUnaligned(fromByteOffset: 32 * (16 * h + 8 + 2 * p), as: __m512i.self)
                    let bits = block.loadUnaligned(fromByteOffset: 1024 + 32 * (8 * h + 2 * p), as: __m512i.self)
                    let levels: InlineArray<4, __m512i> = [
                        _mm512_or_si512(_mm512_and_si512(first, mask), _mm512_and_si512(_mm512_slli_epi16(bits, 4), pair)),
                        _mm512_or_si512(_mm512_and_si512(second, mask), _mm512_and_si512(_mm512_slli_epi16(bits, 2), pair)),
                        _mm512_or_si512(_mm512_and_si512(_mm512_srli_epi16(first, 4), mask), _mm512_and_si512(bits, pair)),
                        _mm512_or_si512(_mm512_and_si512(_mm512_srli_epi16(second, 4), mask),
                                        _mm512_and_si512(_mm512_srli_epi16(bits, 2), pair)),
                    ]
                    for t in 0..<T {
                        // Sub-block 4h + i's levels 8p…8p+7: u = 32s + 16h + 4i + p.
                        let x = tokens[t].x + 64 * (32 * s + 16 * h + p)
                        for i in 0..<4 {
                            acc[i][t] = _mm512_dpbusd_epi32(acc[i][t], levels[i], x.load(fromByteOffset: 256 * i, as: __m512i.self))
                        }
                    }
                }
                return acc
            }
            let first = half(0), second = half(1)
            for i in 0..<4 {
                // Groups 2P and 2P + 1 (P = 4h + i) side by side: Σ (q − 32)·x = Σ q·x − 32·Σx, exact in int32.
                let pairIndex = 4 * h + i
                let scales = _mm512_cvtepi32_ps(signedRowBytePair(block + 1536, 2 * pairIndex))
                for t in 0..<T {
                    let centred = _mm512_sub_epi32(halvesAdded(first[i][t], second[i][t]),
                                                   tokens[t].sums.load(fromByteOffset: 64 * (8 * s + pairIndex), as: __m512i.self))
                    totals[t] = totals[t].addingProduct(_mm512_cvtepi32_ps(centred), scales)
                }
            }
        }
        let d = rowHalvesTwice(block + 1664)
        return InlineArray { t in totals[t] * d }
    }
}

/// The 512-bit K-quant decode kernel; the only entry is `multiply`.
enum KQuantDecode512 {
    /// Rows `rows` (whole groups of the interleaved layout, from a group's first row) for one to three tokens.
    static func multiply(_ job: AVX2Job, rows: Range<Int>) {
        switch job.format {
        case .q4_K: multiply(InterleavedQ4K.self, job, rows: rows)
        case .q5_K: multiply(InterleavedQ5K.self, job, rows: rows)
        case .q6_K: multiply(InterleavedQ6K.self, job, rows: rows)
        default: preconditionFailure("KQuantDecode512 reads K-quants only")
        }
    }

    @inline(never)
    static func multiply<Layout: _WideKQuant>(_: Layout.Type, _ job: AVX2Job, rows: Range<Int>) {
        let superBlocks = job.columns / 256
        // Per token: 8 bytes of spread levels per level, then 64 bytes per pair of sums.
        let spreadBytes = 8 * job.columns, tokenBytes = spreadBytes + 64 * Layout.pairsPerSuperBlock * superBlocks
        let scratch = UnsafeMutableRawPointer.allocate(byteCount: job.tokens * tokenBytes, alignment: 64)
        defer { scratch.deallocate() }
        spread(Layout.self, job, into: scratch, tokenBytes: tokenBytes)
        let groups = rows.lowerBound / 8..<rows.upperBound / 8
        switch job.tokens {  // 1–3 tokens (fewer than `VectorKernels.fewTokens`)
        case 1: decode(Layout.self, job, scratch, tokenBytes, groups: groups, TileShape<4, 1>(), TileShape<1, 1>())
        case 2: decode(Layout.self, job, scratch, tokenBytes, groups: groups, TileShape<2, 2>(), TileShape<1, 2>())
        default: decode(Layout.self, job, scratch, tokenBytes, groups: groups, TileShape<2, 3>(), TileShape<1, 3>())
        }
    }

    /// Each token's levels, eight at a time, as two int32 lanes' worth spread over the two halves of 64 bytes;
    /// then its pairs of sums (`_WideKQuant.pairSums`) the same way. Built once per call, read by every group.
    static func spread<Layout: _WideKQuant>(_: Layout.Type, _ job: AVX2Job, into scratch: UnsafeMutableRawPointer, tokenBytes: Int) {
        let levels = UnsafeRawPointer(job.levels!)
        for token in 0..<job.tokens {
            let x = levels + token * job.columns, out = scratch + token * tokenBytes
            for u in 0..<job.columns / 8 {
                let lanes = SIMD16<Int32>(lowHalf: SIMD8(repeating: x.loadUnaligned(fromByteOffset: 8 * u, as: Int32.self)),
                                          highHalf: SIMD8(repeating: x.loadUnaligned(fromByteOffset: 8 * u + 4, as: Int32.self)))
                out.storeBytes(of: lanes, toByteOffset: 64 * u, as: SIMD16<Int32>.self)
            }
            let sums = out + 8 * job.columns
            for p in 0..<job.columns / 256 * Layout.pairsPerSuperBlock {
                let (first, second) = Layout.pairSums(job, token: token, pair: p)
                sums.storeBytes(of: SIMD16<UInt32>(lowHalf: SIMD8(repeating: first), highHalf: SIMD8(repeating: second)),
                                toByteOffset: 64 * p, as: SIMD16<UInt32>.self)
            }
        }
    }

    /// Groups `groups` in panels of G side by side (G sequential streams from memory, as `KQuantDecode` reads them),
    /// the groups left over one at a time.
    @inline(__always)
    static func decode<Layout: _WideKQuant, let G: Int, let T: Int>(_: Layout.Type, _ job: AVX2Job, _ scratch: UnsafeRawPointer,
                                                                   _ tokenBytes: Int, groups: Range<Int>, _ wide: TileShape<G, T>,
                                                                   _ single: TileShape<1, T>) {
        let tokens = InlineArray<T, _WideKQuantToken> { t in
            _WideKQuantToken(x: scratch + t * tokenBytes, sums: scratch + t * tokenBytes + 8 * job.columns)
        }
        KQuantDecode.walkPanels(groups, width: G) { panel(Layout.self, job, tokens, firstGroup: $0, wide) } single: {
            panel(Layout.self, job, tokens, firstGroup: $0, single)
        }
    }

    /// G groups from `firstGroup` × T tokens over every super-block, each group's stream prefetched ahead as the
    /// 256-bit kernel does (`prefetchPanelStream`: near its end, into the next panel's stream). Each
    /// output's sum runs over the super-blocks in order whatever G is, so the results do not depend on how the
    /// groups were paired.
    @inline(__always)
    static func panel<Layout: _WideKQuant, let G: Int, let T: Int>(_: Layout.Type, _ job: AVX2Job, _ tokens: InlineArray<T, _WideKQuantToken>,
                                                                  firstGroup: Int, _: TileShape<G, T>) {
        let superBlocks = job.columns / 256, groupBlockBytes = 8 * Layout.bytesPerBlock, scales = job.scales!
        let first = job.interleaved! + firstGroup * superBlocks * groupBlockBytes
        var sums = InlineArray<G, InlineArray<T, SIMD16<Float>>>(repeating: .init(repeating: .zero))
        for s in 0..<superBlocks {
            for g in 0..<G {
                let block = first + (g * superBlocks + s) * groupBlockBytes
                prefetchPanelStream(block, offset: s * groupBlockBytes, bytes: groupBlockBytes, streamBytes: superBlocks * groupBlockBytes, streams: G)
                let dots = Layout.dots(block, tokens, superBlock: s)
                for t in 0..<T {
                    sums[g][t] = sums[g][t].addingProduct(dots[t], SIMD16(repeating: scales[t * superBlocks + s]))
                }
            }
        }
        for g in 0..<G {
            for t in 0..<T {
                UnsafeMutableRawPointer(job.y + t * job.rows + 8 * (firstGroup + g))
                    .storeBytes(of: sums[g][t].lowHalf + sums[g][t].highHalf, as: SIMD8<Float>.self)
            }
        }
    }
}
#endif
