/// The fast path: AVX2 + FMA + F16C, chosen at run time by `KernelPath.best`.
///
/// Each call computes a tile of R rows × T tokens at once, so every weight vector loaded is used T
/// times and every activation vector R times. GEMM walks tokens in blocks and k in chunks so a chunk
/// of activations stays in L2 while the row tiles stream past it. Float formats widen 8 weights at a
/// time to f32 and use FMA; q8_0/q4_0 use the integer dot product llama.cpp uses on AVX2
/// (`vpmaddubsw` then `vpmaddwd`), scaled per block by d_w·d_x.
/// This file must never run on a CPU without those extensions (see `CPUFeatures.supportsFastPath`).

#if arch(x86_64)
import _Builtin_intrinsics.intel

/// A tile size known at compile time: value generics make each size its own fully unrolled function
/// whose accumulators live in registers.
struct TileShape<let rows: Int, let tokens: Int> {}

enum AVX2Kernels {
    /// Tokens handled together, so their activation chunk stays in L2 (128 × 1024 f32 = 512 KiB).
    static let tokenBlock = 128
    /// Columns per chunk when several tokens share a row tile (a multiple of the 32-weight block).
    static let columnChunk = 1024

    static func multiply(_ job: _UnsafeMatMulJob, rows: Range<Int>) {
        // With few tokens each weight is read once anyway: no chunking, each output written once.
        let chunk = job.tokens < 4 ? job.columns : columnChunk
        for firstToken in stride(from: 0, to: job.tokens, by: tokenBlock) {
            let tokens = firstToken..<min(job.tokens, firstToken + tokenBlock)
            for firstColumn in stride(from: 0, to: job.columns, by: chunk) {
                let columns = firstColumn..<min(job.columns, firstColumn + chunk)
                var row = rows.lowerBound
                while row < rows.upperBound {
                    let rowCount = rows.upperBound - row >= 4 ? 4 : 1
                    var token = tokens.lowerBound
                    while token < tokens.upperBound {
                        let tokenCount = min(3, tokens.upperBound - token)
                        let at = _UnsafeTile(job: job, row: row, token: token, columns: columns, accumulate: firstColumn > 0)
                        switch job.format {
                        case .f32: floatTile(F32Row.self, at, rowCount: rowCount, tokenCount: tokenCount)
                        case .f16: floatTile(F16Row.self, at, rowCount: rowCount, tokenCount: tokenCount)
                        case .bf16: floatTile(BF16Row.self, at, rowCount: rowCount, tokenCount: tokenCount)
                        case .q8_0: blockTile(Q8_0Row.self, at, rowCount: rowCount, tokenCount: tokenCount)
                        case .q4_0: blockTile(Q4_0Row.self, at, rowCount: rowCount, tokenCount: tokenCount)
                        }
                        token += tokenCount
                    }
                    row += rowCount
                }
            }
        }
    }

    // MARK: - Float formats

    static func floatTile<Row: _AVX2FloatRow>(_ format: Row.Type, _ at: _UnsafeTile, rowCount: Int, tokenCount: Int) {
        switch (rowCount, tokenCount) {
        case (4, 3): floatTile(Row.self, at, TileShape<4, 3>())
        case (4, 2): floatTile(Row.self, at, TileShape<4, 2>())
        case (4, _): floatTile(Row.self, at, TileShape<4, 1>())
        case (_, 3): floatTile(Row.self, at, TileShape<1, 3>())
        case (_, 2): floatTile(Row.self, at, TileShape<1, 2>())
        default: floatTile(Row.self, at, TileShape<1, 1>())
        }
    }

    /// R × T dot products over `at.columns`, 8 columns per step, one FMA accumulator per output.
    @inline(__always)
    static func floatTile<Row: _AVX2FloatRow, let R: Int, let T: Int>(_: Row.Type, _ at: _UnsafeTile, _: TileShape<R, T>) {
        let job = at.job
        var sums = InlineArray<R, InlineArray<T, SIMD8<Float>>>(repeating: .init(repeating: .zero))
        var column = at.columns.lowerBound
        let vectorEnd = at.columns.lowerBound + at.columns.count / 8 * 8
        while column < vectorEnd {
            var x = InlineArray<T, SIMD8<Float>>(repeating: .zero)
            for t in 0..<T {
                x[t] = UnsafeRawPointer(job.x + (at.token + t) * job.columns + column).loadUnaligned(as: SIMD8<Float>.self)
            }
            for r in 0..<R {
                let w = Row.load8(job.weights + (at.row + r) * job.bytesPerRow, column: column)
                for t in 0..<T { sums[r][t] = sums[r][t].addingProduct(w, x[t]) }
            }
            column += 8
        }
        var results = InlineArray<R, InlineArray<T, Float>>(repeating: .init(repeating: 0))
        for r in 0..<R {
            for t in 0..<T {
                var total = sums[r][t].sum()
                // Columns past the last multiple of 8 (float formats accept any k).
                for j in vectorEnd..<at.columns.upperBound {
                    total += ScalarKernels.weight(job.weights + (at.row + r) * job.bytesPerRow, job.format, j)
                        * job.x[(at.token + t) * job.columns + j]
                }
                results[r][t] = total
            }
        }
        at.store(results)
    }

    // MARK: - Block formats

    static func blockTile<Row: _AVX2BlockRow>(_ format: Row.Type, _ at: _UnsafeTile, rowCount: Int, tokenCount: Int) {
        switch (rowCount, tokenCount) {
        case (4, 3): blockTile(Row.self, at, TileShape<4, 3>())
        case (4, 2): blockTile(Row.self, at, TileShape<4, 2>())
        case (4, _): blockTile(Row.self, at, TileShape<4, 1>())
        case (_, 3): blockTile(Row.self, at, TileShape<1, 3>())
        case (_, 2): blockTile(Row.self, at, TileShape<1, 2>())
        default: blockTile(Row.self, at, TileShape<1, 1>())
        }
    }

    /// R × T block dot products: per 32-weight block an exact integer dot product of weight levels and
    /// q8_0 activation levels, converted to f32 and multiplied into the accumulator by d_w·d_x.
    @inline(__always)
    static func blockTile<Row: _AVX2BlockRow, let R: Int, let T: Int>(_: Row.Type, _ at: _UnsafeTile, _: TileShape<R, T>) {
        let job = at.job
        let levels = job.levels!, scales = job.scales!
        let blocksPerToken = job.blocksPerRow
        var sums = InlineArray<R, InlineArray<T, SIMD8<Float>>>(repeating: .init(repeating: .zero))
        let ones = _mm256_set1_epi16(1)
        for block in at.columns.lowerBound / 32..<at.columns.upperBound / 32 {
            var x = InlineArray<T, __m256i>(repeating: _mm256_setzero_si256())
            var offsetPairs = InlineArray<T, __m256i>(repeating: _mm256_setzero_si256())
            var xScale = InlineArray<T, SIMD8<Float>>(repeating: .zero)
            for t in 0..<T {
                let index = (at.token + t) * blocksPerToken + block
                x[t] = UnsafeRawPointer(levels + index * 32).loadUnaligned(as: __m256i.self)
                xScale[t] = SIMD8(repeating: scales[index])
                if let offset = Row.offset { offsetPairs[t] = _mm256_maddubs_epi16(offset, x[t]) }
            }
            for r in 0..<R {
                let weights = Row.block(job.weights + (at.row + r) * job.bytesPerRow, block)
                for t in 0..<T {
                    // Unsigned × signed byte products summed in pairs (int16, cannot overflow here),
                    // then in fours (int32): the exact integer dot product of the block, in 8 lanes.
                    var pairs = _mm256_maddubs_epi16(weights.unsigned, Row.signed(x[t], like: weights.levels))
                    if Row.offset != nil { pairs = _mm256_sub_epi16(pairs, offsetPairs[t]) }
                    let dot = _mm256_cvtepi32_ps(_mm256_madd_epi16(pairs, ones))
                    sums[r][t] = sums[r][t].addingProduct(dot, weights.scale * xScale[t])
                }
            }
        }
        var results = InlineArray<R, InlineArray<T, Float>>(repeating: .init(repeating: 0))
        for r in 0..<R {
            for t in 0..<T { results[r][t] = sums[r][t].sum() }
        }
        at.store(results)
    }
}

/// Where one tile's outputs go, and whether they add to a previous chunk's partial sums.
struct _UnsafeTile {
    let job: _UnsafeMatMulJob
    let row: Int
    let token: Int
    let columns: Range<Int>
    let accumulate: Bool

    @inline(__always)
    func store<let R: Int, let T: Int>(_ results: InlineArray<R, InlineArray<T, Float>>) {
        for t in 0..<T {
            for r in 0..<R {
                let index = (token + t) * job.rows + row + r
                job.y[index] = accumulate ? job.y[index] + results[r][t] : results[r][t]
            }
        }
    }
}

// MARK: - Reading 8 weights of a float format as f32

protocol _AVX2FloatRow {
    /// Weights `column ..< column + 8` of the row at `row`, widened to f32.
    static func load8(_ row: UnsafeRawPointer, column: Int) -> SIMD8<Float>
}

enum F32Row: _AVX2FloatRow {
    @inline(__always)
    static func load8(_ row: UnsafeRawPointer, column: Int) -> SIMD8<Float> {
        row.loadUnaligned(fromByteOffset: 4 * column, as: SIMD8<Float>.self)
    }
}

enum F16Row: _AVX2FloatRow {
    @inline(__always)
    static func load8(_ row: UnsafeRawPointer, column: Int) -> SIMD8<Float> {
        _mm256_cvtph_ps(row.loadUnaligned(fromByteOffset: 2 * column, as: __m128i.self))  // one vcvtph2ps
    }
}

enum BF16Row: _AVX2FloatRow {
    @inline(__always)
    static func load8(_ row: UnsafeRawPointer, column: Int) -> SIMD8<Float> {
        // bf16 is the top half of an f32: widen each 16-bit value and shift it up.
        let halves = row.loadUnaligned(fromByteOffset: 2 * column, as: SIMD8<UInt16>.self)
        return unsafeBitCast(SIMD8<UInt32>(truncatingIfNeeded: halves) &<< 16, to: SIMD8<Float>.self)
    }
}

// MARK: - Reading one 32-weight block of a block format as bytes

/// The fp16 scale at the start of a block, widened to f32 in all 8 lanes (`vpbroadcastw` + `vcvtph2ps`).
/// Converting a single Float16 compiles to `vpinsrw`, which merges into whatever register is free, often
/// an accumulator, and so chained every block to the previous block's FMA (see Notes/kernels.md).
@inline(__always)
func widenScale(at block: UnsafeRawPointer) -> SIMD8<Float> {
    _mm256_cvtph_ps(_mm_set1_epi16(block.loadUnaligned(as: Int16.self)))
}

/// A block's weights as the integer dot product wants them.
struct _AVX2Block {
    /// The bytes `vpmaddubsw` treats as unsigned.
    var unsigned: __m256i
    /// The signed levels (for q8_0, whose sign moves onto the activations).
    var levels: __m256i
    /// d, widened from fp16, in all 8 lanes.
    var scale: SIMD8<Float>
}

protocol _AVX2BlockRow {
    /// The stored offset (q4_0 stores q + 8) in every byte, or nil: the tile subtracts offset·x pairwise.
    static var offset: __m256i? { get }
    static func block(_ row: UnsafeRawPointer, _ index: Int) -> _AVX2Block
    /// The activation levels with whatever sign correction `unsigned` needs.
    static func signed(_ x: __m256i, like levels: __m256i) -> __m256i
}

enum Q8_0Row: _AVX2BlockRow {
    static var offset: __m256i? { nil }

    @inline(__always)
    static func block(_ row: UnsafeRawPointer, _ index: Int) -> _AVX2Block {
        let base = row + index * 34
        let levels = base.loadUnaligned(fromByteOffset: 2, as: __m256i.self)
        // |w| as unsigned bytes; the sign of w moves onto x in `signed` (so |w|·(sign(w)·x) = w·x).
        return _AVX2Block(unsigned: _mm256_sign_epi8(levels, levels), levels: levels,
                          scale: widenScale(at: base))
    }

    @inline(__always)
    static func signed(_ x: __m256i, like levels: __m256i) -> __m256i { _mm256_sign_epi8(x, levels) }
}

enum Q4_0Row: _AVX2BlockRow {
    static var offset: __m256i? { _mm256_set1_epi8(8) }

    @inline(__always)
    static func block(_ row: UnsafeRawPointer, _ index: Int) -> _AVX2Block {
        let base = row + index * 18
        let packed = base.loadUnaligned(fromByteOffset: 2, as: __m128i.self)
        let mask = _mm_set1_epi8(0x0f)
        // Low nibbles are elements 0...15, high nibbles 16...31: the two halves of the 32-byte vector.
        let low = _mm_and_si128(packed, mask)
        let high = _mm_and_si128(_mm_srli_epi16(packed, 4), mask)
        let nibbles = _mm256_set_m128i(high, low)
        return _AVX2Block(unsigned: nibbles, levels: nibbles,
                          scale: widenScale(at: base))
    }

    /// Nibbles are already unsigned (0...15); the −8 is subtracted from the pair sums (`offset`).
    @inline(__always)
    static func signed(_ x: __m256i, like levels: __m256i) -> __m256i { x }
}
#endif
