/// K-quant decode (one to three tokens) from the interleaved layout (`Kernels.InterleavedRows`): eight rows per
/// group, lane r = row r, so each vector load holds one field of all eight rows' super-block.
///
/// Read row by row (`KQuantKernels`), every row's super-block is unpacked on its own (the 6-bit scales and
/// mins, the fifth or sixth bits, a scale broadcast per sub-block), which made decode compute-bound at about
/// half of the paired read. Here one set of instructions unpacks the scales and mins of eight rows at once,
/// and every product is one `accumulateDot` of four weight bytes of eight rows with four activation bytes
/// broadcast: no shuffles, no horizontal sums until the group's eight outputs are stored together. Per
/// sub-block the exact int32 dot products are converted and multiplied by the rows' scales (sc·dot < 2^22:
/// exact); per super-block the totals are scaled by d and the mins' Σ m·(−Σx) by dmin, then by d_x. q6_K's
/// levels are read unsigned (0…63) and 32·Σx per 16 activations is taken off each 16-weight dot product.
/// Groups are read side by side, super-block by super-block, as `VectorKernels.decodePanels` reads the other
/// formats: four for one token, two for two or three, the groups left over one at a time. Each output still
/// sums its super-blocks in order, so the pairing never changes a result. Each group's stream is prefetched
/// `VectorKernels.prefetchDistance` bytes ahead, so memory streams while the super-blocks are unpacked.
///
/// Compiled twice like `VectorKernels.swift` (a symbolic link in each target folder; the dot product is
/// `VectorWidth.accumulateDot`: `vpdpbusd` on the AVX-512 build, where `VectorWidth.multiplyKQuantDecode` hands
/// every job to the 512-bit kernel, `KQuantDecode512`, which also reads this file's format descriptions). Reads
/// only whole groups of the layout; rows past the last group, and products of four tokens or more, stay with
/// `KQuantKernels`. Never inlined into the portable module; called only after the CPU check.

#if arch(x86_64)
import _Builtin_intrinsics.intel
#if AVX512
import KernelsAVX2
#endif

/// One token's activations as the decode kernels read them.
struct _KQuantDecodeToken {
    /// The token's k activation levels.
    let x: UnsafeRawPointer
    /// −Σx per 32 activations (q4_K, q5_K).
    let negativeSums: UnsafePointer<Float>
    /// Σx per 16 activations (q6_K; empty otherwise).
    let sums16: UnsafePointer<Int32>
}

/// A K-quant's super-block of eight interleaved rows, as the decode kernel reads it.
protocol _InterleavedKQuant {
    /// Bytes of one row's super-block; the group's takes eight times as many.
    static var bytesPerBlock: Int { get }
    /// Whether the kernel needs Σx per 16 activations.
    static var needsSums16: Bool { get }
    /// The eight rows' dot products with super-block `s` of `token`, before the activations' scale d_x.
    static func dot(_ block: UnsafeRawPointer, _ token: _KQuantDecodeToken, superBlock s: Int) -> SIMD8<Float>
}

/// Lane r: byte `index` of a field stored one byte per row (row r's at 8·index + r), zero- or sign-extended.
@inline(__always)
private func rowBytes(_ field: UnsafeRawPointer, _ index: Int) -> __m256i {
    _mm256_cvtepu8_epi32(_mm_set_epi64x(0, field.loadUnaligned(fromByteOffset: 8 * index, as: Int64.self)))
}

@inline(__always)
private func signedRowBytes(_ field: UnsafeRawPointer, _ index: Int) -> __m256i {
    _mm256_cvtepi8_epi32(_mm_set_epi64x(0, field.loadUnaligned(fromByteOffset: 8 * index, as: Int64.self)))
}

/// Lane r: row r's fp16 field (eight halves side by side) as f32.
@inline(__always)
private func rowHalves(_ field: UnsafeRawPointer) -> SIMD8<Float> {
    SIMD8<Float>(_mm256_cvtph_ps(field.loadUnaligned(as: __m128i.self)))
}

@inline(__always)
private func floats(_ v: __m256i) -> SIMD8<Float> { SIMD8<Float>(_mm256_cvtepi32_ps(v)) }

/// q4_K and q5_K, which share the header (d, dmin, twelve bytes of packed 6-bit scales and mins).
protocol _InterleavedMinsQuant: _InterleavedKQuant {
    /// Offset of the nibbles in a group's super-block; q5_K's fifth bits sit at 128.
    static var nibblesOffset: Int { get }
    static var hasFifthBits: Bool { get }
}

extension _InterleavedMinsQuant {
    static var needsSums16: Bool { false }

    /// Sub-block b's scale and min for the eight rows, as ggml's `get_scale_min_k4` unpacks them from the
    /// twelve bytes q: for b < 4 the low six bits of q[b] and q[b + 4]; above, four bits of q[b + 4] and the
    /// top two bits of q[b − 4] and q[b].
    @inline(__always)
    static func scaleAndMin(_ packed: UnsafeRawPointer, _ b: Int) -> (scale: SIMD8<Float>, min: SIMD8<Float>) {
        if b < 4 {
            let six = _mm256_set1_epi32(63)
            return (floats(_mm256_and_si256(rowBytes(packed, b), six)), floats(_mm256_and_si256(rowBytes(packed, b + 4), six)))
        }
        let shared = rowBytes(packed, b + 4)
        let scale = _mm256_or_si256(_mm256_and_si256(shared, _mm256_set1_epi32(15)), _mm256_slli_epi32(_mm256_srli_epi32(rowBytes(packed, b - 4), 6), 4))
        let minimum = _mm256_or_si256(_mm256_srli_epi32(shared, 4), _mm256_slli_epi32(_mm256_srli_epi32(rowBytes(packed, b), 6), 4))
        return (floats(scale), floats(minimum))
    }

    /// Bit b of each byte of `bits` moved to bit 4 (16-bit shifts; the mask drops what crossed a byte).
    @inline(__always)
    static func fifthBit(_ bits: __m256i, _ b: Int) -> __m256i {
        let shifted = b <= 4 ? _mm256_slli_epi16(bits, Int32(4 - b)) : _mm256_srli_epi16(bits, Int32(b - 4))
        return _mm256_and_si256(shifted, _mm256_set1_epi8(0x10))
    }

    @inline(__always)
    static func dot(_ block: UnsafeRawPointer, _ token: _KQuantDecodeToken, superBlock s: Int) -> SIMD8<Float> {
        let x = token.x + 256 * s, packed = block + 32
        let mask = _mm256_set1_epi8(0x0f)
        var total = SIMD8<Float>.zero, minTotal = SIMD8<Float>.zero
        // Run c: chunk j of each row holds elements 4j…4j+3 of sub-block 2c (low nibbles) and 2c + 1 (high).
        for c in 0..<4 {
            var low = _mm256_setzero_si256(), high = _mm256_setzero_si256()
            for j in 0..<8 {
                let nibbles = block.loadUnaligned(fromByteOffset: nibblesOffset + 32 * (8 * c + j), as: __m256i.self)
                var lowLevels = _mm256_and_si256(nibbles, mask), highLevels = _mm256_and_si256(_mm256_srli_epi16(nibbles, 4), mask)
                if hasFifthBits {
                    let bits = block.loadUnaligned(fromByteOffset: 128 + 32 * j, as: __m256i.self)
                    lowLevels = _mm256_or_si256(lowLevels, fifthBit(bits, 2 * c))
                    highLevels = _mm256_or_si256(highLevels, fifthBit(bits, 2 * c + 1))
                }
                low = accumulateDot(low, lowLevels, broadcastFour(x, 64 * c + 4 * j))
                high = accumulateDot(high, highLevels, broadcastFour(x, 64 * c + 32 + 4 * j))
            }
            @inline(__always) func add(_ dots: __m256i, subBlock b: Int) {
                let (scale, minimum) = scaleAndMin(packed, b)
                total = total.addingProduct(floats(dots), scale)
                // m·(−Σx) and their sum over the eight sub-blocks are exact integers.
                minTotal = minTotal.addingProduct(minimum, SIMD8(repeating: token.negativeSums[8 * s + b]))
            }
            add(low, subBlock: 2 * c)
            add(high, subBlock: 2 * c + 1)
        }
        return (rowHalves(block) * total).addingProduct(rowHalves(block + 16), minTotal)
    }
}

enum InterleavedQ4K: _InterleavedMinsQuant {
    static var bytesPerBlock: Int { AVX2Job.Format.q4_K.bytesPerBlock }
    static var nibblesOffset: Int { 128 }
    static var hasFifthBits: Bool { false }
}

enum InterleavedQ5K: _InterleavedMinsQuant {
    static var bytesPerBlock: Int { AVX2Job.Format.q5_K.bytesPerBlock }
    static var nibblesOffset: Int { 384 }
    static var hasFifthBits: Bool { true }
}

/// q6_K: 32 chunks of low nibbles, 16 of high bit pairs, sixteen scale bytes per row, then d (at 1664). In
/// half h, chunk j of the nibbles (and chunk 8 + j) and chunk j of the pairs hold elements 4j…4j+3 of its
/// four sub-blocks (see `Q6KSuperBlock`).
enum InterleavedQ6K: _InterleavedKQuant {
    static var bytesPerBlock: Int { AVX2Job.Format.q6_K.bytesPerBlock }
    static var needsSums16: Bool { true }

    @inline(__always)
    static func dot(_ block: UnsafeRawPointer, _ token: _KQuantDecodeToken, superBlock s: Int) -> SIMD8<Float> {
        let x = token.x + 256 * s, sums16 = token.sums16 + 16 * s, scales = block + 1536
        let mask = _mm256_set1_epi8(0x0f), pair = _mm256_set1_epi8(0x30)
        var total = SIMD8<Float>.zero
        for h in 0..<2 {
            // Each half of a sub-block (16 weights) has its own scale: its dot products are finished apart.
            for half in 0..<2 {
                var a0 = _mm256_setzero_si256(), a1 = a0, a2 = a0, a3 = a0
                for step in 0..<4 {
                    let j = 4 * half + step
                    let first = block.loadUnaligned(fromByteOffset: 32 * (16 * h + j), as: __m256i.self)
                    let second = block.loadUnaligned(fromByteOffset: 32 * (16 * h + 8 + j), as: __m256i.self)
                    let bits = block.loadUnaligned(fromByteOffset: 1024 + 32 * (8 * h + j), as: __m256i.self)
                    let at = 128 * h + 4 * j
                    a0 = accumulateDot(a0, _mm256_or_si256(_mm256_and_si256(first, mask), _mm256_and_si256(_mm256_slli_epi16(bits, 4), pair)),
                                       broadcastFour(x, at))
                    a1 = accumulateDot(a1, _mm256_or_si256(_mm256_and_si256(second, mask), _mm256_and_si256(_mm256_slli_epi16(bits, 2), pair)),
                                       broadcastFour(x, at + 32))
                    a2 = accumulateDot(a2, _mm256_or_si256(_mm256_and_si256(_mm256_srli_epi16(first, 4), mask), _mm256_and_si256(bits, pair)),
                                       broadcastFour(x, at + 64))
                    a3 = accumulateDot(a3, _mm256_or_si256(_mm256_and_si256(_mm256_srli_epi16(second, 4), mask),
                                                           _mm256_and_si256(_mm256_srli_epi16(bits, 2), pair)),
                                       broadcastFour(x, at + 96))
                }
                @inline(__always) func add(_ dots: __m256i, _ i: Int) {
                    // Sub-block 4h + i, weights 16·half…: Σ (q − 32)·x = Σ q·x − 32·Σx, exact in int32.
                    let group = 2 * (4 * h + i) + half
                    let centred = _mm256_sub_epi32(dots, _mm256_set1_epi32(32 * sums16[group]))
                    total = total.addingProduct(floats(centred), floats(signedRowBytes(scales, group)))
                }
                add(a0, 0)
                add(a1, 1)
                add(a2, 2)
                add(a3, 3)
            }
        }
        return rowHalves(block + 1664) * total
    }
}

/// The K-quant decode kernel; the only entry is `multiply`.
enum KQuantDecode {
    /// Rows `rows` (whole groups of the interleaved layout, from a group's first row) for every token.
    static func multiply(_ job: AVX2Job, rows: Range<Int>) {
        // The AVX-512 build reads two chunks per vector (`KQuantDecode512`).
        if VectorWidth.multiplyKQuantDecode(job, rows: rows) { return }
        switch job.format {
        case .q4_K: multiply(InterleavedQ4K.self, job, rows: rows)
        case .q5_K: multiply(InterleavedQ5K.self, job, rows: rows)
        case .q6_K: multiply(InterleavedQ6K.self, job, rows: rows)
        default: preconditionFailure("KQuantDecode reads K-quants only")
        }
    }

    @inline(never)
    static func multiply<Layout: _InterleavedKQuant>(_: Layout.Type, _ job: AVX2Job, rows: Range<Int>) {
        let levels = UnsafeRawPointer(job.levels!)
        // q6_K's Σx per 16 activations, once per call (the same for every group).
        let sums16 = UnsafeMutablePointer<Int32>.allocate(capacity: Layout.needsSums16 ? job.tokens * job.columns / 16 : 1)
        defer { sums16.deallocate() }
        if Layout.needsSums16 {
            for i in 0..<job.tokens * job.columns / 16 {
                sums16[i] = SIMD16<Int32>(truncatingIfNeeded: levels.loadUnaligned(fromByteOffset: 16 * i, as: SIMD16<Int8>.self)).wrappedSum()
            }
        }
        let tokens = (0..<job.tokens).map { token in
            _KQuantDecodeToken(x: levels + token * job.columns, negativeSums: job.offsetSums! + token * job.columns / 32,
                               sums16: sums16 + (Layout.needsSums16 ? token * job.columns / 16 : 0))
        }
        let groups = rows.lowerBound / 8..<rows.upperBound / 8
        switch job.tokens {  // 1–3 tokens (fewer than `VectorKernels.fewTokens`)
        case 1: decode(Layout.self, job, tokens, groups: groups, TileShape<4, 1>(), TileShape<1, 1>())
        case 2: decode(Layout.self, job, tokens, groups: groups, TileShape<2, 2>(), TileShape<1, 2>())
        default: decode(Layout.self, job, tokens, groups: groups, TileShape<2, 3>(), TileShape<1, 3>())
        }
    }

    /// Groups `groups` in panels of G side by side (G sequential streams from memory, as `VectorKernels.decodePanels`
    /// reads the other formats), the groups left over one at a time.
    @inline(__always)
    static func decode<Layout: _InterleavedKQuant, let G: Int, let T: Int>(_: Layout.Type, _ job: AVX2Job, _ tokens: [_KQuantDecodeToken],
                                                                         groups: Range<Int>, _ wide: TileShape<G, T>,
                                                                         _ single: TileShape<1, T>) {
        walkPanels(groups, width: G) { panel(Layout.self, job, tokens, firstGroup: $0, wide) } single: {
            panel(Layout.self, job, tokens, firstGroup: $0, single)
        }
    }

    /// Calls `wide` with the first group of each run of `width` groups side by side in `groups`, then `single` with
    /// each group left over (both K-quant decode kernels walk their groups this way).
    @inline(__always)
    static func walkPanels(_ groups: Range<Int>, width: Int, _ wide: (Int) -> Void, single: (Int) -> Void) {
        var group = groups.lowerBound
        while group + width <= groups.upperBound {
            wide(group)
            group += width
        }
        while group < groups.upperBound {
            single(group)
            group += 1
        }
    }

    /// G groups from `firstGroup` × T tokens over every super-block, each group's stream prefetched ahead
    /// (`prefetchPanelStream`). Each output's sum runs over the super-blocks in order whatever G is, so the results
    /// do not depend on how the groups were paired.
    @inline(__always)
    static func panel<Layout: _InterleavedKQuant, let G: Int, let T: Int>(_: Layout.Type, _ job: AVX2Job, _ tokens: [_KQuantDecodeToken],
                                                                        firstGroup: Int, _: TileShape<G, T>) {
        let superBlocks = job.columns / 256, groupBlockBytes = 8 * Layout.bytesPerBlock, scales = job.scales!
        let first = job.interleaved! + firstGroup * superBlocks * groupBlockBytes
        var sums = InlineArray<G, InlineArray<T, SIMD8<Float>>>(repeating: .init(repeating: .zero))
        for s in 0..<superBlocks {
            for g in 0..<G {
                // With several tokens the super-block comes from memory once, then from L1.
                let block = first + (g * superBlocks + s) * groupBlockBytes
                prefetchPanelStream(block, offset: s * groupBlockBytes, bytes: groupBlockBytes, streamBytes: superBlocks * groupBlockBytes, streams: G)
                for t in 0..<T {
                    sums[g][t] = sums[g][t].addingProduct(Layout.dot(block, tokens[t], superBlock: s), SIMD8(repeating: scales[t * superBlocks + s]))
                }
            }
        }
        for g in 0..<G {
            for t in 0..<T {
                UnsafeMutableRawPointer(job.y + t * job.rows + 8 * (firstGroup + g)).storeBytes(of: sums[g][t], as: SIMD8<Float>.self)
            }
        }
    }
}
#endif
