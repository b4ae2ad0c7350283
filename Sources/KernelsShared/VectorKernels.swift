/// The vector paths (AVX2 + FMA + F16C, or AVX-512 with VNNI), chosen at run time by `KernelPath.best`.
///
/// Each call computes a tile of R rows × T tokens at once, so every weight vector loaded is used T
/// times and every activation vector R times. GEMM walks tokens in blocks and k in chunks so a chunk
/// of activations stays in L2 while the row tiles stream past it. Float formats widen 8 weights at a
/// time to f32 and use FMA; q8_0/q4_0 use an exact integer dot product per block, scaled by d_w·d_x.
/// Rows the caller also repacked into interleaved groups of eight (`AVX2Job.interleaved`) are read as
/// panels, lane r = row r, for decode and GEMM alike (`multiplyPanels`); the row tiles below serve the
/// plain layout and the rows past the last whole group.
///
/// This one file is compiled twice, through a symbolic link in each target folder: in `KernelsAVX2` with
/// AVX2 + FMA + F16C and in `KernelsAVX512` with AVX-512 F/BW/VL/DQ/VNNI added. What differs between the two
/// builds lives in each target's `VectorWidth.swift` (tile sizes, the integer dot product: `vpmaddubsw` +
/// `vpmaddwd` or one `vpdpbusd`, how q8_0 weights become unsigned); this file never branches on the width
/// except to import the job. Each build must never run on a CPU without its extensions: `Kernels` calls
/// `multiply` only after `KernelPath.isAvailable` said yes.

#if arch(x86_64)
import _Builtin_intrinsics.intel
#if AVX512
import KernelsAVX2
#endif

/// A tile size known at compile time: value generics make each size its own fully unrolled function
/// whose accumulators live in registers.
struct TileShape<let rows: Int, let tokens: Int> {}

/// The vector matrix products; the only entry is `multiply`.
public enum VectorKernels {
    /// Tokens handled together, so their activation chunk stays in L2 (128 × 1024 f32 = 512 KiB).
    static let tokenBlock = 128
    /// Columns per chunk when several tokens share a row tile (a multiple of the 32-weight block); at
    /// least this, more when the token block is smaller.
    static let columnChunk = 1024
    /// Below this many tokens, rows are read one at a time as one sequential stream (decode). From 4 tokens
    /// the 4-row tiles win even from DRAM (one core, 14336×4096, n = 8: f32 43 → 22 ms, q8_0 22 → 16 ms).
    public static let fewTokens = 4
    /// Bytes ahead of its reads that decode prefetches each weight stream (four or two per core). Without it the
    /// hardware prefetchers left the K-quants' unpacking and the loads taking turns: 14336×4096, 2 threads, share
    /// of the paired read q4_K 72 → 88%, q5_K 65 → 81%, q6_K 54 → 86%, f16 88 → 106%; 1 and 4 KiB measured
    /// within a few points of 2 KiB (version 17 in Notes/kernels.md).
    static let prefetchDistance = 2048
    /// Tokens per GEMM tile of the plain layout (`VectorWidth`: as many as the build's vector registers hold).
    static let floatTileTokens = VectorWidth.floatTileTokens
    static let blockTileTokens = VectorWidth.blockTileTokens

    /// Computes output rows `rows` of `job` for every token. Never inlined into a caller (see AVX2Job.swift).
    @inline(never)
    public static func multiply(_ job: AVX2Job, rows: Range<Int>) {
        if job.format.isKQuant { return KQuantKernels.multiply(job, rows: rows) }
        if job.tokens < fewTokens { return multiplyFewTokens(job, rows: rows) }
        var rows = rows
        // Rows the job also has interleaved go by panels of sixteen (`multiplyPanels`).
        if job.interleaved != nil && rows.lowerBound % 8 == 0 {
            let end = max(rows.lowerBound, min(rows.upperBound, job.interleavedRows))
            if end > rows.lowerBound { multiplyPanels(job, rows: rows.lowerBound..<end) }
            rows = end..<rows.upperBound
            if rows.isEmpty { return }
        }
        let chunk = chunkColumns(job)
        // With many tokens, each row tile's chunk is copied once, contiguous, in the form the tiles read
        // fastest (f32 as is, f16/bf16 widened to f32, q4_0 nibbles spread to bytes, q8_0 levels made
        // unsigned where VNNI can use them) and reused by every token tile from L1.
        let repacks = job.tokens >= 4 && (job.format != .q8_0 || UnsignedBlocks<Q8_0Row>.isUseful)
        let scratch = UnsafeMutableRawPointer.allocate(byteCount: repacks ? 4 * chunk * 4 : 0, alignment: 64)
        let scaleScratch = UnsafeMutablePointer<Float>.allocate(capacity: scaleScratchCount)
        defer { scratch.deallocate(); scaleScratch.deallocate() }
        let tileTokens = job.format.usesIntegerDotProducts ? blockTileTokens : floatTileTokens
        forEachBlock(job, chunk: chunk) { tokens, columns in
            var row = rows.lowerBound
            while row < rows.upperBound {
                let rowCount = rows.upperBound - row >= 4 ? 4 : 1
                var source = _UnsafeRows(job, firstRow: row)
                if repacks { source = repack(source, rowCount: rowCount, columns: columns, into: scratch) }
                var token = tokens.lowerBound
                while token < tokens.upperBound {
                    let tokenCount = min(tileTokens, tokens.upperBound - token)
                    let at = _UnsafeTile(job: job, rows: source, row: row, token: token, columns: columns, accumulate: columns.lowerBound > 0,
                                         scaleScratch: scaleScratch)
                    switch source.format {
                    case .f32: withTileShape(rowCount: rowCount, tokenCount: tokenCount, FloatTile<F32Row>(at: at))
                    case .f16: withTileShape(rowCount: rowCount, tokenCount: tokenCount, FloatTile<F16Row>(at: at))
                    case .bf16: withTileShape(rowCount: rowCount, tokenCount: tokenCount, FloatTile<BF16Row>(at: at))
                    case .q8_0 where source.isUnpacked:
                        withTileShape(rowCount: rowCount, tokenCount: tokenCount, BlockTile<UnsignedBlocks<Q8_0Row>>(at: at))
                    case .q8_0: withTileShape(rowCount: rowCount, tokenCount: tokenCount, BlockTile<Q8_0Row>(at: at))
                    case .q4_0 where source.isUnpacked:
                        withTileShape(rowCount: rowCount, tokenCount: tokenCount, BlockTile<UnsignedBlocks<Q4_0Row>>(at: at))
                    case .q4_0: withTileShape(rowCount: rowCount, tokenCount: tokenCount, BlockTile<Q4_0Row>(at: at))
                    case .q4_K, .q5_K, .q6_K: preconditionFailure("K-quants go by KQuantKernels")
                    }
                    token += tokenCount
                }
                row += rowCount
            }
        }
    }

    // MARK: - Activations

    /// Quantizes activation blocks `blocks` (32 values each, from `x`) to q8_0 exactly as the portable
    /// quantizer does: d = amax/127, levels = x·(1/d) rounded half away from zero (truncate, then step away
    /// from zero when the exact dropped fraction is at least ½), d stored rounded through fp16, and −Σ levels
    /// per block when `offsetSums` is given. Eight values per instruction instead of one.
    @inline(never)
    public static func quantizeActivations(_ x: UnsafePointer<Float>, blocks: Range<Int>, levels: UnsafeMutablePointer<Int8>,
                                           scales: UnsafeMutablePointer<Float>, offsetSums: UnsafeMutablePointer<Float>?) {
        let order = SIMD8<Int32>(0, 4, 1, 5, 2, 6, 3, 7)
        for block in blocks {
            let values = UnsafeRawPointer(x + block * 32)
            var v = InlineArray<4, SIMD8<Float>>(repeating: .zero)
            var amax = SIMD8<Float>.zero
            for i in 0..<4 {
                v[i] = values.loadUnaligned(fromByteOffset: 32 * i, as: SIMD8<Float>.self)
                let magnitude = unsafeBitCast(unsafeBitCast(v[i], to: SIMD8<UInt32>.self) & 0x7fff_ffff, to: SIMD8<Float>.self)
                amax = pointwiseMax(amax, magnitude)
            }
            let d = amax.max() / 127
            let inverse: Float = d != 0 ? 1 / d : 0
            var q = InlineArray<4, SIMD8<Int32>>(repeating: .zero)
            var sum = SIMD8<Int32>.zero
            for i in 0..<4 {
                let scaled = v[i] * inverse
                let truncated = unsafeBitCast(_mm256_cvttps_epi32(scaled), to: SIMD8<Int32>.self)
                let fraction = scaled - SIMD8<Float>(truncated)
                q[i] = truncated &+ SIMD8<Int32>.zero.replacing(with: 1, where: fraction .>= 0.5)
                    &- SIMD8<Int32>.zero.replacing(with: 1, where: fraction .<= -0.5)
                sum &+= q[i]
            }
            // Two saturating packs interleave 128-bit lanes; one dword permute puts the 32 bytes back in order.
            let words = (_mm256_packs_epi32(unsafeBitCast(q[0], to: __m256i.self), unsafeBitCast(q[1], to: __m256i.self)),
                         _mm256_packs_epi32(unsafeBitCast(q[2], to: __m256i.self), unsafeBitCast(q[3], to: __m256i.self)))
            let bytes = _mm256_permutevar8x32_epi32(_mm256_packs_epi16(words.0, words.1), unsafeBitCast(order, to: __m256i.self))
            UnsafeMutableRawPointer(levels + block * 32).storeBytes(of: bytes, as: __m256i.self)
            scales[block] = Float(Float16(d))
            offsetSums?[block] = Float(-sum.wrappedSum())
        }
    }

    /// Columns per chunk: the token block's activations for one chunk stay within about 512 KiB of L2 (whole
    /// rows for one token), and never fewer than `columnChunk`.
    static func chunkColumns(_ job: AVX2Job) -> Int {
        min(job.columns, max(columnChunk, 512 * 1024 / (4 * min(job.tokens, tokenBlock)) / 32 * 32))
    }

    /// Calls `body` for each block of up to `tokenBlock` tokens and, inside it, each chunk of `chunk` columns:
    /// the blocking that keeps a chunk of activations in L2 while the rows stream past it.
    @inline(__always)
    static func forEachBlock(_ job: AVX2Job, chunk: Int, _ body: (_ tokens: Range<Int>, _ columns: Range<Int>) -> Void) {
        for firstToken in stride(from: 0, to: job.tokens, by: tokenBlock) {
            for firstColumn in stride(from: 0, to: job.columns, by: chunk) {
                body(firstToken..<min(job.tokens, firstToken + tokenBlock), firstColumn..<min(job.columns, firstColumn + chunk))
            }
        }
    }

    // MARK: - Panels (GEMM on interleaved rows)

    /// Tokens per panel tile: 2 groups × 6 tokens = 12 accumulators beside two weight vectors and a broadcast.
    static let panelTokens = 6

    /// Products of interleaved rows (whole groups of eight, starting at a group): panels of two groups, lane r =
    /// row r, as outer products: float weights of sixteen rows for one column (two loads, widened in place)
    /// times each token's activation broadcast from memory; block formats as decode does them
    /// (`_InterleavedLayout.dot`), for each token of the tile in turn. Both operands are read in order and the
    /// weights need no copying; the blocking over tokens and columns is `forEachBlock`'s.
    static func multiplyPanels(_ job: AVX2Job, rows: Range<Int>) {
        switch job.format {
        case .f32: multiplyPanels(FloatPanels<F32Row>.self, job, rows: rows)
        case .f16: multiplyPanels(FloatPanels<F16Row>.self, job, rows: rows)
        case .bf16: multiplyPanels(FloatPanels<BF16Row>.self, job, rows: rows)
        case .q8_0: multiplyPanels(BlockPanels<InterleavedQ8_0>.self, job, rows: rows)
        case .q4_0: multiplyPanels(BlockPanels<InterleavedQ4_0>.self, job, rows: rows)
        case .q4_K, .q5_K, .q6_K: preconditionFailure("K-quants go by KQuantKernels")
        }
    }

    @inline(__always)
    static func multiplyPanels<Kernel: _PanelKernel>(_: Kernel.Type, _ job: AVX2Job, rows: Range<Int>) {
        // Decode reads several groups side by side over all columns: four (one token) or two (two or three)
        // sequential streams from memory. On the AMD host of versions 1–12 one stream read best (two: q4_0 95% →
        // 80% of a paired read); on this Intel host four streams read 1.13–1.43× one stream's GB/s (version 16 in
        // Notes/kernels.md). Its shape is picked once and the loop over groups compiled with the kernel:
        // picking it per group (a call through `withPanelShape` for every 64–128 KiB group) slowed f16 decode
        // from L3 or memory by a fifth, though not from L2, with the same inner loop.
        switch job.tokens {  // 1–3 tokens (fewer than `fewTokens`); any other count goes by the GEMM panels below
        case 1: return decodePanels(Kernel.self, job, rows: rows, TileShape<1, 1>())
        case 2: return decodePanels(Kernel.self, job, rows: rows, TileShape<1, 2>())
        case 3: return decodePanels(Kernel.self, job, rows: rows, TileShape<1, 3>())
        default: break
        }
        // With more tokens the weights come from cache and two groups share each broadcast.
        forEachBlock(job, chunk: chunkColumns(job)) { tokens, columns in
            for row in stride(from: rows.lowerBound, to: rows.upperBound, by: 16) {
                let groups = min(2, (rows.upperBound - row) / 8)
                for token in stride(from: tokens.lowerBound, to: tokens.upperBound, by: panelTokens) {
                    let at = _PanelPlace(job: job, firstRow: row, token: token, columns: columns, accumulate: columns.lowerBound > 0)
                    withPanelShape(groups: groups, tokens: min(panelTokens, tokens.upperBound - token), Panel<Kernel>(at: at))
                }
            }
        }
    }

    /// Decode: the groups of `rows` over all columns, for the job's 1–3 tokens; four groups side by side for one
    /// token, two for two or three (fewer accumulators), one for the groups left over; each group's stream
    /// prefetched ahead (`prefetchPanelStream`).
    @inline(__always)
    static func decodePanels<Kernel: _PanelKernel, let T: Int>(_: Kernel.Type, _ job: AVX2Job, rows: Range<Int>, _ shape: TileShape<1, T>) {
        if T == 1 {
            decodePanels(Kernel.self, job, rows: rows, TileShape<4, T>(), shape)
        } else {
            decodePanels(Kernel.self, job, rows: rows, TileShape<2, T>(), shape)
        }
    }

    @inline(__always)
    static func decodePanels<Kernel: _PanelKernel, let G: Int, let T: Int>(_: Kernel.Type, _ job: AVX2Job, rows: Range<Int>,
                                                                         _ wide: TileShape<G, T>, _ single: TileShape<1, T>) {
        var row = rows.lowerBound
        while row + 8 * G <= rows.upperBound {
            Kernel.panel(_PanelPlace(job: job, firstRow: row, token: 0, columns: 0..<job.columns, accumulate: false, prefetches: true), wide)
            row += 8 * G
        }
        while row < rows.upperBound {
            Kernel.panel(_PanelPlace(job: job, firstRow: row, token: 0, columns: 0..<job.columns, accumulate: false, prefetches: true), single)
            row += 8
        }
    }

    /// Calls `body` with the shape `groups` (1 or 2) × `tokens` (1…6).
    @inline(__always)
    static func withPanelShape(groups: Int, tokens: Int, _ body: some _TileBody) {
        switch (groups == 2, tokens) {
        case (true, 1): body(TileShape<2, 1>())
        case (false, 1): body(TileShape<1, 1>())
        case (true, 2): body(TileShape<2, 2>())
        case (false, 2): body(TileShape<1, 2>())
        case (true, 3): body(TileShape<2, 3>())
        case (false, 3): body(TileShape<1, 3>())
        case (true, 4): body(TileShape<2, 4>())
        case (false, 4): body(TileShape<1, 4>())
        case (true, 5): body(TileShape<2, 5>())
        case (false, 5): body(TileShape<1, 5>())
        case (true, _): body(TileShape<2, 6>())
        case (false, _): body(TileShape<1, 6>())
        }
    }

    /// G groups of eight interleaved rows × T tokens over `at.columns`. With few tokens each output keeps
    /// C chains over alternate columns, so at least eight FMAs are independent (FMA latency 4, two per cycle).
    @inline(__always)
    static func floatPanel<Row: _VectorFloatRow, let G: Int, let T: Int>(_: Row.Type, _ at: _PanelPlace, _: TileShape<G, T>) {
        let job = at.job, k = job.columns
        let groupBytes = k * 8 * Row.bytesPerWeight
        let first = job.interleaved! + at.firstRow / 8 * groupBytes
        let chains = T >= 4 ? 1 : T == 1 ? 4 : 2
        var sums = InlineArray<G, InlineArray<T, InlineArray<4, SIMD8<Float>>>>(repeating: .init(repeating: .init(repeating: .zero)))
        @inline(__always) func step(_ column: Int, chain c: Int) {
            var w = InlineArray<G, SIMD8<Float>>(repeating: .zero)
            for g in 0..<G { w[g] = Row.load8(first + g * groupBytes, column: 8 * column) }
            for t in 0..<T {
                let x = SIMD8<Float>(repeating: job.x[(at.token + t) * k + column])
                for g in 0..<G { sums[g][t][c] = sums[g][t][c].addingProduct(w[g], x) }
            }
        }
        var column = at.columns.lowerBound
        while column + chains <= at.columns.upperBound {
            if at.prefetches {
                let offset = 8 * Row.bytesPerWeight * column
                for g in 0..<G {
                    prefetchPanelStream(first + g * groupBytes + offset, offset: offset, bytes: 8 * Row.bytesPerWeight * chains, streamBytes: groupBytes, streams: G)
                }
            }
            for c in 0..<chains { step(column + c, chain: c) }
            column += chains
        }
        while column < at.columns.upperBound {
            step(column, chain: 0)
            column += 1
        }
        storePanel(InlineArray<G, InlineArray<T, SIMD8<Float>>> { g in
            InlineArray { t in (sums[g][t][0] + sums[g][t][1]) + (sums[g][t][2] + sums[g][t][3]) }
        }, at)
    }

    /// G groups of eight interleaved block-format rows × T tokens over `at.columns` (whole blocks).
    @inline(__always)
    static func blockPanel<Layout: _InterleavedLayout, let G: Int, let T: Int>(_: Layout.Type, _ at: _PanelPlace, _: TileShape<G, T>) {
        let job = at.job, blocks = job.blocksPerRow, groupBlockBytes = 8 * Layout.bytesPerBlock
        let first = job.interleaved! + at.firstRow / 8 * blocks * groupBlockBytes
        var sums = InlineArray<G, InlineArray<T, SIMD8<Float>>>(repeating: .init(repeating: .zero))
        for block in at.columns.lowerBound / 32..<at.columns.upperBound / 32 {
            var rowScales = InlineArray<G, SIMD8<Float>>(repeating: .zero)
            for g in 0..<G {
                if at.prefetches {
                    prefetchPanelStream(first + (g * blocks + block) * groupBlockBytes, offset: block * groupBlockBytes, bytes: groupBlockBytes,
                                        streamBytes: blocks * groupBlockBytes, streams: G)
                }
                rowScales[g] = _mm256_cvtph_ps((first + (g * blocks + block) * groupBlockBytes).loadUnaligned(as: __m128i.self))
            }
            for t in 0..<T {
                let index = (at.token + t) * blocks + block
                let x = UnsafeRawPointer(job.levels! + index * 32)
                let offset = SIMD8<Float>(repeating: Layout.offset * (Layout.offset != 0 ? job.offsetSums![index] : 0))
                let scale = SIMD8<Float>(repeating: job.scales![index])
                for g in 0..<G {
                    let dots = _mm256_cvtepi32_ps(Layout.dot(first + (g * blocks + block) * groupBlockBytes + 16, x)) + offset
                    sums[g][t] = sums[g][t].addingProduct(dots, rowScales[g] * scale)
                }
            }
        }
        storePanel(sums, at)
    }

    /// Writes (or adds, after the first column chunk) each token's outputs of a panel (lane r of group g: row
    /// `firstRow + 8g + r`).
    @inline(__always)
    static func storePanel<let G: Int, let T: Int>(_ sums: InlineArray<G, InlineArray<T, SIMD8<Float>>>, _ at: _PanelPlace) {
        for g in 0..<G {
            for t in 0..<T {
                let output = UnsafeMutableRawPointer(at.job.y + (at.token + t) * at.job.rows + at.firstRow + 8 * g)
                let previous = at.accumulate ? output.loadUnaligned(as: SIMD8<Float>.self) : .zero
                output.storeBytes(of: previous + sums[g][t], as: SIMD8<Float>.self)
            }
        }
    }

    // MARK: - Few tokens (decode)

    /// One row at a time, so the weights are read as a single sequential stream: the hardware prefetcher
    /// keeps far more of it in flight than with four interleaved row streams (one core, 14336×4096 from
    /// DRAM: q8_0 10.3 → 19.3 GB/s, q4_0 7.3 → 10.3 GB/s). Several accumulators per output hide FMA
    /// latency; with more than 3 tokens the row is read again from L1 for each group of 3. Rows the job
    /// also has interleaved are read as panels of that layout instead (`multiplyPanels`).
    static func multiplyFewTokens(_ job: AVX2Job, rows: Range<Int>) {
        var first = rows.lowerBound
        if job.interleaved != nil && first % 8 == 0 {
            let end = max(first, min(rows.upperBound, job.interleavedRows))
            if end > first { multiplyPanels(job, rows: first..<end) }
            first = end
        }
        guard first < rows.upperBound else { return }
        let x = alignedActivations(job, firstRow: first)
        defer { x.free() }
        for row in first..<rows.upperBound {
            for token in stride(from: 0, to: job.tokens, by: 3) {
                let at = _UnsafeTile(job: job, rows: _UnsafeRows(job, firstRow: row), row: row, token: token,
                                     columns: 0..<job.columns, accumulate: false, scaleScratch: nil)
                switch job.format {
                case .f32: floatRow(F32Row.self, at, x.base)
                case .f16: floatRow(F16Row.self, at, x.base)
                case .bf16: floatRow(BF16Row.self, at, x.base)
                case .q8_0: blockRow(Q8_0Row.self, at)
                case .q4_0: blockRow(Q4_0Row.self, at)
                case .q4_K, .q5_K, .q6_K: preconditionFailure("K-quants go by KQuantKernels")
                }
            }
        }
    }

    /// The float formats' activations copied so that the column where `floatRow` starts its vector loop (the
    /// first whose weight starts a cache line) starts a cache line too. A 256-bit load that straddles two lines
    /// costs a second L1 access and slows the weight stream (one core, 14336×4096 f32 from DRAM, rows 48 bytes
    /// into a line as a Swift array places them: 22.7 GB/s, both operands aligned: 25.7). The rows of one
    /// product all start at the same offset within a line whenever a row is a whole number of lines.
    static func alignedActivations(_ job: AVX2Job, firstRow: Int) -> (base: UnsafePointer<Float>, free: () -> Void) {
        guard !job.format.usesIntegerDotProducts else { return (job.x, {}) }
        let bytesPerWeight = job.format == .f32 ? 4 : 2
        let head = alignmentHead(job.weights + firstRow * job.bytesPerRow, bytesPerWeight: bytesPerWeight, columns: job.columns)
        let count = job.tokens * job.columns
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: 4 * count + 64, alignment: 64)
        let start = (buffer + (64 - 4 * head % 64) % 64).bindMemory(to: Float.self, capacity: count)
        start.initialize(from: job.x, count: count)
        return (UnsafePointer(start), { buffer.deallocate() })
    }

    /// Columns before the first weight of `row` that starts a 64-byte line (0 when the weights are not even
    /// aligned to their own size, which the loops then read unaligned).
    @inline(__always)
    static func alignmentHead(_ row: UnsafeRawPointer, bytesPerWeight: Int, columns: Int) -> Int {
        let offset = Int(bitPattern: row) % 64
        return offset % bytesPerWeight == 0 ? min(columns, (64 - offset) % 64 / bytesPerWeight) : 0
    }

    /// Blocks whose scales are gathered and multiplied together in `blockRow` and `blockTile`.
    static let scaleGroup = 8
    /// Floats of a GEMM tile's `scaleScratch`: two groups for up to 4 rows × `blockTileTokens`.
    static let scaleScratchCount = 2 * scaleGroup * 4 * blockTileTokens

    static func floatRow<Row: _VectorFloatRow>(_ format: Row.Type, _ at: _UnsafeTile, _ activations: UnsafePointer<Float>) {
        switch at.job.tokens - at.token {
        case 1: floatRow(Row.self, at, activations, TileShape<1, 1>())
        case 2: floatRow(Row.self, at, activations, TileShape<1, 2>())
        default: floatRow(Row.self, at, activations, TileShape<1, 3>())
        }
    }

    /// One row × T tokens, 32 columns per step into 4 accumulators per token. The columns before the row's
    /// first 64-byte line are done one at a time, so the vector loop's weight loads never straddle two lines,
    /// nor do its activation loads when `activations` comes from `alignedActivations`.
    @inline(__always)
    static func floatRow<Row: _VectorFloatRow, let T: Int>(_: Row.Type, _ at: _UnsafeTile, _ activations: UnsafePointer<Float>,
                                                          _: TileShape<1, T>) {
        let job = at.job, row = at.rows.row(0), k = job.columns
        @inline(__always) func x(_ t: Int, _ column: Int) -> SIMD8<Float> {
            UnsafeRawPointer(activations + (at.token + t) * k + column).loadUnaligned(as: SIMD8<Float>.self)
        }
        var sums = InlineArray<T, InlineArray<4, SIMD8<Float>>>(repeating: .init(repeating: .zero))
        let head = alignmentHead(row, bytesPerWeight: Row.bytesPerWeight, columns: k)
        var heads = InlineArray<T, Float>(repeating: 0)
        for j in 0..<head {
            for t in 0..<T { heads[t] += job.format.weight(row, j) * activations[(at.token + t) * k + j] }
        }
        var column = head
        while column + 32 <= k {
            for u in 0..<4 {
                let w = Row.load8(row, column: column + 8 * u)
                for t in 0..<T { sums[t][u] = sums[t][u].addingProduct(w, x(t, column + 8 * u)) }
            }
            column += 32
        }
        while column + 8 <= k {
            let w = Row.load8(row, column: column)
            for t in 0..<T { sums[t][0] = sums[t][0].addingProduct(w, x(t, column)) }
            column += 8
        }
        for t in 0..<T {
            var total = ((sums[t][0] + sums[t][1]) + (sums[t][2] + sums[t][3])).sum() + heads[t]
            for j in column..<k { total += job.format.weight(row, j) * activations[(at.token + t) * k + j] }
            job.y[(at.token + t) * job.rows + at.row] = total
        }
    }

    static func blockRow<Row: _VectorBlockRow>(_ format: Row.Type, _ at: _UnsafeTile) {
        switch at.job.tokens - at.token {
        case 1: blockRow(Row.self, at, TileShape<1, 1>())
        case 2: blockRow(Row.self, at, TileShape<1, 2>())
        default: blockRow(Row.self, at, TileShape<1, 3>())
        }
    }

    /// One row × T tokens, eight blocks (a group) per step. Per block only the unpack and the integer dot
    /// product remain; the eight blocks' int32 partial sums are reduced into one vector (lane u = block u,
    /// `laneSums`), converted once, offset once and multiplied by the eight d_w·d_x in one FMA. Scaling each
    /// block on its own (convert, FMA, a broadcast of its scale from a scratch written a group ahead, version
    /// 9) was 10–15% slower for q8_0 from L3 on one core (Notes/kernels.md, version 11).
    @inline(__always)
    static func blockRow<Row: _VectorBlockRow, let T: Int>(_: Row.Type, _ at: _UnsafeTile, _: TileShape<1, T>) {
        let job = at.job, row = at.rows.row(0), blocks = job.blocksPerRow
        let groups = blocks / scaleGroup
        // Two accumulators per token (even and odd groups) hide the FMA's latency.
        var sums = InlineArray<T, InlineArray<2, SIMD8<Float>>>(repeating: .init(repeating: .zero))
        for group in 0..<groups {
            let block = group * scaleGroup
            let weightScales = Row.scales8(row, block)
            for t in 0..<T {
                let index = (at.token + t) * blocks + block
                let scales = weightScales * UnsafeRawPointer(job.scales! + index).loadUnaligned(as: SIMD8<Float>.self)
                let levels = UnsafeRawPointer(job.levels! + index * 32)
                var perBlock = _mm256_cvtepi32_ps(laneSums { u in
                    let weights = Row.levels(row, block + u)
                    return blockDotInt(weights.unsigned, Row.signed(levels.loadUnaligned(fromByteOffset: 32 * u, as: __m256i.self), like: weights.levels))
                })
                if Row.offset != 0 { perBlock = perBlock.addingProduct(UnsafeRawPointer(job.offsetSums! + index).loadUnaligned(as: SIMD8<Float>.self), SIMD8(repeating: Row.offset)) }
                sums[t][group & 1] = sums[t][group & 1].addingProduct(perBlock, scales)
            }
        }
        // The last blocks (fewer than eight) one at a time, offset subtracted per block.
        for block in groups * scaleGroup..<blocks {
            let weights = Row.block(row, block)
            for t in 0..<T {
                sums[t][0] = sums[t][0].addingProduct(blockProduct(Row.self, weights, job, token: at.token + t, block: block), weights.scale)
            }
        }
        for t in 0..<T {
            job.y[(at.token + t) * job.rows + at.row] = (sums[t][0] + sums[t][1]).sum()
        }
    }

    /// Where a tile's d_w·d_x for `row` × `token` of group `group` start in its `scaleScratch`: two slots
    /// (even and odd groups), so a group's scales are written one step before they are read and the
    /// compiler cannot forward the stores into shuffles.
    @inline(__always)
    static func scaleSlot(row: Int, token: Int, tokens: Int, group: Int) -> Int {
        ((row * tokens + token) * 2 + (group & 1)) * scaleGroup
    }

    /// For the eight blocks of group `group` (counted from the tile's first column): gathers each row's eight
    /// weight scales into one vector, widens them with one `vcvtph2ps`, multiplies them by each token's eight
    /// activation scales and stores the d_w·d_x in the tile's scratch. For weights stored with an offset c
    /// (`Row.offset`) it also adds Σ_b d_w·d_x·c·(−Σx_b) to the first accumulator of each output, once per
    /// eight blocks instead of a subtraction per block (the accumulators' lanes are summed at the end, so
    /// which lane holds it is moot).
    @inline(__always)
    static func prepareScales<Row: _VectorBlockRow, let R: Int, let T: Int, let C: Int>(
        _: Row.Type, _ at: _UnsafeTile, group: Int, _ sums: inout InlineArray<R, InlineArray<T, InlineArray<C, SIMD8<Float>>>>
    ) {
        let job = at.job, blocks = job.blocksPerRow
        let block = at.columns.lowerBound / 32 + group * scaleGroup
        for r in 0..<R {
            let weightScales = Row.scales8(at.rows.row(r), block)
            for t in 0..<T {
                let index = (at.token + t) * blocks + block
                let scales = weightScales * UnsafeRawPointer(job.scales! + index).loadUnaligned(as: SIMD8<Float>.self)
                UnsafeMutableRawPointer(at.scaleScratch! + scaleSlot(row: r, token: t, tokens: T, group: group))
                    .storeBytes(of: scales, as: SIMD8<Float>.self)
                if Row.offset != 0 {
                    let offsets = UnsafeRawPointer(job.offsetSums! + index).loadUnaligned(as: SIMD8<Float>.self) * Row.offset
                    sums[r][t][0] = sums[r][t][0].addingProduct(scales, offsets)
                }
            }
        }
    }

    /// The dot product of one weight block with one token's activation block (offset removed), as 8 f32
    /// partial sums already multiplied by the activation scale d_x (the caller multiplies by d_w). For the
    /// blocks after the last whole group of eight.
    @inline(__always)
    static func blockProduct<Row: _VectorBlockRow>(_: Row.Type, _ weights: _VectorBlock, _ job: AVX2Job,
                                                 token: Int, block: Int) -> SIMD8<Float> {
        let index = token * job.blocksPerRow + block
        let x = UnsafeRawPointer(job.levels! + index * 32).loadUnaligned(as: __m256i.self)
        var dot = blockDot(weights.unsigned, Row.signed(x, like: weights.levels))
        // c·(−Σx) spread over the 8 lanes: an integer, and so is each eighth of it (c is 8 or 128).
        if Row.offset != 0 { dot += SIMD8(repeating: Row.offset / 8 * job.offsetSums![index]) }
        return dot * SIMD8(repeating: job.scales![index])
    }

    /// Copies `columns` of `rowCount` rows into `scratch`: float formats as f32 rows, q4_0/q8_0 as unsigned blocks.
    static func repack(_ source: _UnsafeRows, rowCount: Int, columns: Range<Int>, into scratch: UnsafeMutableRawPointer) -> _UnsafeRows {
        switch source.format {
        case .q4_0: return UnsignedBlocks<Q4_0Row>.repack(source, rowCount: rowCount, columns: columns, into: scratch)
        case .q8_0: return UnsignedBlocks<Q8_0Row>.repack(source, rowCount: rowCount, columns: columns, into: scratch)
        case .f32, .f16, .bf16, .q4_K, .q5_K, .q6_K: break
        }
        let floats = scratch.assumingMemoryBound(to: Float.self)
        let vectorEnd = columns.lowerBound + columns.count / 8 * 8
        for r in 0..<rowCount {
            let destination = floats + r * columns.count - columns.lowerBound
            let row = source.row(r)
            for column in Swift.stride(from: columns.lowerBound, to: vectorEnd, by: 8) {
                let widened = switch source.format {
                case .f16: F16Row.load8(row, column: column)
                case .bf16: BF16Row.load8(row, column: column)
                default: F32Row.load8(row, column: column)
                }
                UnsafeMutableRawPointer(destination + column).storeBytes(of: widened, as: SIMD8<Float>.self)
            }
            for column in vectorEnd..<columns.upperBound { destination[column] = source.format.weight(row, column) }
        }
        return _UnsafeRows(format: .f32, base: UnsafeRawPointer(floats - columns.lowerBound), stride: 4 * columns.count)
    }

    // MARK: - Float formats

    /// Calls `body` with the tile shape for `rowCount` rows (4, or 1 for the rows left over) × `tokenCount`
    /// tokens (at most `floatTileTokens` or `blockTileTokens`).
    @inline(__always)
    static func withTileShape(rowCount: Int, tokenCount: Int, _ body: some _TileBody) {
        switch (rowCount == 4, tokenCount) {
        case (true, 1): body(TileShape<4, 1>())
        case (false, 1): body(TileShape<1, 1>())
        case (true, 2): body(TileShape<4, 2>())
        case (false, 2): body(TileShape<1, 2>())
        default: VectorWidth.withWideTileShape(rowCount: rowCount, tokenCount: tokenCount, body)
        }
    }

    /// R × T dot products over `at.columns`, 8 columns per step, one FMA accumulator per output.
    @inline(__always)
    static func floatTile<Row: _VectorFloatRow, let R: Int, let T: Int>(_: Row.Type, _ at: _UnsafeTile, _: TileShape<R, T>) {
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
                let w = Row.load8(at.rows.row(r), column: column)
                for t in 0..<T { sums[r][t] = sums[r][t].addingProduct(w, x[t]) }
            }
            column += 8
        }
        // Columns past the last multiple of 8 (float formats accept any k), added into lane 0.
        for j in vectorEnd..<at.columns.upperBound {
            for r in 0..<R {
                let w = at.rows.format.weight(at.rows.row(r), j)
                for t in 0..<T { sums[r][t][0] += w * job.x[(at.token + t) * job.columns + j] }
            }
        }
        at.store(sums)
    }

    // MARK: - Block formats

    /// R × T block dot products: per 32-weight block an exact integer dot product of weight levels and
    /// q8_0 activation levels, converted to f32 and multiplied into the accumulator by d_w·d_x. Whole groups
    /// of eight blocks take their scales (and q4_0's offset) from `prepareScales`, as `blockRow` does; the
    /// blocks after the last whole group multiply their scales and subtract the offset one block at a time.
    @inline(__always)
    static func blockTile<Row: _VectorBlockRow, let R: Int, let T: Int>(_: Row.Type, _ at: _UnsafeTile, _: TileShape<R, T>) {
        let job = at.job
        let levels = job.levels!
        let blocksPerToken = job.blocksPerRow
        var sums = InlineArray<R, InlineArray<T, InlineArray<1, SIMD8<Float>>>>(repeating: .init(repeating: .init(repeating: .zero)))
        let first = at.columns.lowerBound / 32, end = at.columns.upperBound / 32
        let groups = (end - first) / scaleGroup
        // Activation levels are reloaded per row from L1 rather than held: registers go to accumulators.
        @inline(__always) func x(_ t: Int, _ block: Int) -> __m256i {
            UnsafeRawPointer(levels + ((at.token + t) * blocksPerToken + block) * 32).loadUnaligned(as: __m256i.self)
        }
        if groups > 0 { prepareScales(Row.self, at, group: 0, &sums) }
        for group in 0..<groups {
            if group + 1 < groups { prepareScales(Row.self, at, group: group + 1, &sums) }
            for u in 0..<scaleGroup {
                let block = first + group * scaleGroup + u
                for r in 0..<R {
                    let weights = Row.levels(at.rows.row(r), block)
                    for t in 0..<T {
                        let dot = blockDot(weights.unsigned, Row.signed(x(t, block), like: weights.levels))
                        let scale = SIMD8<Float>(repeating: at.scaleScratch![scaleSlot(row: r, token: t, tokens: T, group: group) + u])
                        sums[r][t][0] = sums[r][t][0].addingProduct(dot, scale)
                    }
                }
            }
        }
        for block in first + groups * scaleGroup..<end {
            for r in 0..<R {
                let weights = Row.block(at.rows.row(r), block)
                for t in 0..<T {
                    sums[r][t][0] = sums[r][t][0].addingProduct(blockProduct(Row.self, weights, job, token: at.token + t, block: block), weights.scale)
                }
            }
        }
        at.store(InlineArray<R, InlineArray<T, SIMD8<Float>>> { r in InlineArray { t in sums[r][t][0] } })
    }
}

/// One tile's computation for whichever shape `VectorKernels.withTileShape` picks.
protocol _TileBody {
    func callAsFunction<let R: Int, let T: Int>(_ shape: TileShape<R, T>)
}

struct FloatTile<Row: _VectorFloatRow>: _TileBody {
    let at: _UnsafeTile
    @inline(__always)
    func callAsFunction<let R: Int, let T: Int>(_ shape: TileShape<R, T>) { VectorKernels.floatTile(Row.self, at, shape) }
}

struct BlockTile<Row: _VectorBlockRow>: _TileBody {
    let at: _UnsafeTile
    @inline(__always)
    func callAsFunction<let R: Int, let T: Int>(_ shape: TileShape<R, T>) { VectorKernels.blockTile(Row.self, at, shape) }
}

/// Where a panel is: its first row (a multiple of 8), first token, columns, and whether its sums add
/// to a previous column chunk's.
struct _PanelPlace {
    let job: AVX2Job
    let firstRow: Int
    let token: Int
    let columns: Range<Int>
    let accumulate: Bool
    /// Decode: each group's weights stream from memory, so they are prefetched ahead (`prefetchPanelStream`).
    var prefetches = false
}

/// A panel kernel for one weight layout: `VectorKernels.floatPanel` or `blockPanel` on its row type.
protocol _PanelKernel {
    static func panel<let G: Int, let T: Int>(_ at: _PanelPlace, _ shape: TileShape<G, T>)
}

enum FloatPanels<Row: _VectorFloatRow>: _PanelKernel {
    @inline(__always)
    static func panel<let G: Int, let T: Int>(_ at: _PanelPlace, _ shape: TileShape<G, T>) { VectorKernels.floatPanel(Row.self, at, shape) }
}

enum BlockPanels<Layout: _InterleavedLayout>: _PanelKernel {
    @inline(__always)
    static func panel<let G: Int, let T: Int>(_ at: _PanelPlace, _ shape: TileShape<G, T>) { VectorKernels.blockPanel(Layout.self, at, shape) }
}

/// One GEMM panel at `at`.
struct Panel<Kernel: _PanelKernel>: _TileBody {
    let at: _PanelPlace
    @inline(__always)
    func callAsFunction<let R: Int, let T: Int>(_ shape: TileShape<R, T>) { Kernel.panel(at, shape) }
}

/// Where a tile's weight rows are: the matrix itself, or a scratch copy (widened to f32, or unsigned blocks).
struct _UnsafeRows {
    /// How the rows are stored (f32 for a widened copy).
    let format: AVX2Job.Format
    /// Row 0, shifted so that column j of a row is at the format's offset for j.
    let base: UnsafeRawPointer
    /// Bytes from one row to the next.
    let stride: Int
    /// q4_0/q8_0 blocks as `UnsignedBlocks` holds them (f32 scale, then 32 unsigned bytes).
    let isUnpacked: Bool

    init(format: AVX2Job.Format, base: UnsafeRawPointer, stride: Int, isUnpacked: Bool = false) {
        self.format = format
        self.base = base
        self.stride = stride
        self.isUnpacked = isUnpacked
    }

    /// The rows of the matrix itself, from `firstRow` on.
    init(_ job: AVX2Job, firstRow: Int) {
        self.init(format: job.format, base: job.weights + firstRow * job.bytesPerRow, stride: job.bytesPerRow)
    }

    @inline(__always)
    func row(_ r: Int) -> UnsafeRawPointer { base + r * stride }
}

/// One tile: its weight rows, its first output row and token, its columns, and whether its sums add
/// to a previous column chunk's.
struct _UnsafeTile {
    let job: AVX2Job
    let rows: _UnsafeRows
    let row: Int
    let token: Int
    let columns: Range<Int>
    let accumulate: Bool
    /// GEMM's integer tiles: room for d_w·d_x of two groups of eight blocks for every row × token of the tile
    /// (`scaleScratchCount`). Decode needs none.
    let scaleScratch: UnsafeMutablePointer<Float>?

    /// Reduces each accumulator to its sum and writes (or adds) it to y. Four rows reduce together with
    /// three `vhaddps` and one add, instead of a shuffle tree per accumulator.
    @inline(__always)
    func store<let R: Int, let T: Int>(_ sums: InlineArray<R, InlineArray<T, SIMD8<Float>>>) {
        for t in 0..<T {
            let output = job.y + (token + t) * job.rows + row
            if R == 4 {
                let pairs = _mm256_hadd_ps(_mm256_hadd_ps(sums[0][t], sums[1][t]), _mm256_hadd_ps(sums[2][t], sums[3][t]))
                var totals = pairs.lowHalf + pairs.highHalf
                if accumulate { totals += UnsafeRawPointer(output).loadUnaligned(as: SIMD4<Float>.self) }
                UnsafeMutableRawPointer(output).storeBytes(of: totals, as: SIMD4<Float>.self)
            } else {
                for r in 0..<R { output[r] = (accumulate ? output[r] : 0) + sums[r][t].sum() }
            }
        }
    }
}

// MARK: - Reading 8 weights of a float format as f32

protocol _VectorFloatRow {
    /// Bytes of one stored weight.
    static var bytesPerWeight: Int { get }
    /// Weights `column ..< column + 8` of the row at `row`, widened to f32.
    static func load8(_ row: UnsafeRawPointer, column: Int) -> SIMD8<Float>
}

enum F32Row: _VectorFloatRow {
    static var bytesPerWeight: Int { 4 }
    @inline(__always)
    static func load8(_ row: UnsafeRawPointer, column: Int) -> SIMD8<Float> {
        row.loadUnaligned(fromByteOffset: 4 * column, as: SIMD8<Float>.self)
    }
}

enum F16Row: _VectorFloatRow {
    static var bytesPerWeight: Int { 2 }
    @inline(__always)
    static func load8(_ row: UnsafeRawPointer, column: Int) -> SIMD8<Float> {
        _mm256_cvtph_ps(row.loadUnaligned(fromByteOffset: 2 * column, as: __m128i.self))  // one vcvtph2ps
    }
}

enum BF16Row: _VectorFloatRow {
    static var bytesPerWeight: Int { 2 }
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

/// The fp16 scales of eight consecutive blocks `blockBytes` apart, gathered with integer loads and shifts
/// (the integer units are idle in these loops) into one vector and widened with one `vcvtph2ps`.
@inline(__always)
func gatherScales(_ row: UnsafeRawPointer, _ first: Int, blockBytes: Int) -> SIMD8<Float> {
    let base = row + first * blockBytes
    @inline(__always) func bits(_ u: Int) -> UInt64 { UInt64(base.loadUnaligned(fromByteOffset: u * blockBytes, as: UInt16.self)) }
    let low = bits(0) | bits(1) &<< 16 | bits(2) &<< 32 | bits(3) &<< 48
    let high = bits(4) | bits(5) &<< 16 | bits(6) &<< 32 | bits(7) &<< 48
    return _mm256_cvtph_ps(_mm_set_epi64x(Int64(bitPattern: high), Int64(bitPattern: low)))
}

/// The exact integer dot product of one block as 8 int32 partial sums.
@inline(__always)
func blockDotInt(_ unsigned: __m256i, _ signed: __m256i) -> __m256i {
    VectorWidth.accumulateDot(_mm256_setzero_si256(), unsigned, signed)
}

/// The sums of the 8 lanes of each of 8 vectors, as one vector (lane u = Σ lanes of `v[u]`): six
/// `vphaddd`, two lane permutes and an add.
@inline(__always)
func laneSums(_ v: (Int) -> __m256i) -> __m256i {
    let q0123 = _mm256_hadd_epi32(_mm256_hadd_epi32(v(0), v(1)), _mm256_hadd_epi32(v(2), v(3)))
    let q4567 = _mm256_hadd_epi32(_mm256_hadd_epi32(v(4), v(5)), _mm256_hadd_epi32(v(6), v(7)))
    let a = unsafeBitCast(q0123, to: SIMD8<Int32>.self), b = unsafeBitCast(q4567, to: SIMD8<Int32>.self)
    let sums = SIMD8(lowHalf: a.lowHalf, highHalf: b.lowHalf) &+ SIMD8(lowHalf: a.highHalf, highHalf: b.highHalf)
    return unsafeBitCast(sums, to: __m256i.self)
}

/// The exact integer dot product of one block, 32 unsigned weight bytes with 32 signed activation
/// levels, as 8 f32 partial sums (each an integer below 2^24 in magnitude, so exact).
@inline(__always)
func blockDot(_ unsigned: __m256i, _ signed: __m256i) -> SIMD8<Float> {
    _mm256_cvtepi32_ps(blockDotInt(unsigned, signed))
}

/// A block's weights as the integer dot product wants them.
struct _VectorBlock {
    /// The bytes `blockDot` treats as unsigned.
    var unsigned: __m256i
    /// The signed levels (for q8_0 on AVX2, whose sign moves onto the activations).
    var levels: __m256i
    /// d, widened from fp16, in all 8 lanes.
    var scale: SIMD8<Float>
}

protocol _VectorBlockRow {
    /// The offset c the unsigned bytes carry (level + c), as a Float: 8 for q4_0, 128 for q8_0 made unsigned
    /// (AVX-512), 0 for q8_0 on AVX2. The kernels add c·(−Σx) per block, from the activations' `offsetSums`.
    static var offset: Float { get }
    static func block(_ row: UnsafeRawPointer, _ index: Int) -> _VectorBlock
    /// A block's bytes without its scale (`block` minus the scale's widening).
    static func levels(_ row: UnsafeRawPointer, _ index: Int) -> (unsigned: __m256i, levels: __m256i)
    /// The scales of blocks `first ..< first + 8`, widened to f32.
    static func scales8(_ row: UnsafeRawPointer, _ first: Int) -> SIMD8<Float>
    /// The activation levels with whatever sign correction `unsigned` needs.
    static func signed(_ x: __m256i, like levels: __m256i) -> __m256i
}

/// A row of ggml blocks as stored (`bytesPerBlock` bytes each, starting with the fp16 scale d).
protocol _GGMLBlockRow: _VectorBlockRow {
    static var bytesPerBlock: Int { get }
}

extension _GGMLBlockRow {
    @inline(__always)
    static func block(_ row: UnsafeRawPointer, _ index: Int) -> _VectorBlock {
        let (unsigned, levels) = levels(row, index)
        return _VectorBlock(unsigned: unsigned, levels: levels, scale: widenScale(at: row + index * bytesPerBlock))
    }

    @inline(__always)
    static func scales8(_ row: UnsafeRawPointer, _ first: Int) -> SIMD8<Float> { gatherScales(row, first, blockBytes: bytesPerBlock) }
}

enum Q8_0Row: _GGMLBlockRow {
    static var bytesPerBlock: Int { 34 }

    @inline(__always)
    static func levels(_ row: UnsafeRawPointer, _ index: Int) -> (unsigned: __m256i, levels: __m256i) {
        unsigned(row.loadUnaligned(fromByteOffset: index * bytesPerBlock + 2, as: __m256i.self))
    }

    /// 128 on AVX-512 (w + 128), 0 on AVX2 (|w|, the sign moved onto x): `VectorWidth`.
    static var offset: Float { VectorWidth.q8_0Offset }

    @inline(__always)
    static func unsigned(_ levels: __m256i) -> (unsigned: __m256i, levels: __m256i) { (VectorWidth.q8_0Unsigned(levels), levels) }

    @inline(__always)
    static func signed(_ x: __m256i, like levels: __m256i) -> __m256i { VectorWidth.q8_0Signed(x, like: levels) }
}

enum Q4_0Row: _GGMLBlockRow {
    static var bytesPerBlock: Int { 18 }
    static var offset: Float { 8 }

    @inline(__always)
    static func levels(_ row: UnsafeRawPointer, _ index: Int) -> (unsigned: __m256i, levels: __m256i) {
        let packed = row.loadUnaligned(fromByteOffset: index * bytesPerBlock + 2, as: __m128i.self)
        // Low nibbles are elements 0...15, high nibbles 16...31: the 16 bytes in both halves of the vector,
        // the upper half shifted right by 4 (one `vpsrlvq`), then both masked with one 256-bit AND.
        let shifted = _mm256_srlv_epi64(_mm256_set_m128i(packed, packed), _mm256_set_epi64x(4, 4, 0, 0))
        let nibbles = _mm256_and_si256(shifted, _mm256_set1_epi8(0x0f))
        return (nibbles, nibbles)
    }

    /// Nibbles are already unsigned (0...15); the 8 comes off per group (`offset`).
    @inline(__always)
    static func signed(_ x: __m256i, like levels: __m256i) -> __m256i { x }
}

// MARK: - Interleaved rows (decode)

/// One block of eight interleaved rows (`Kernels.InterleavedRows`) as the decode kernel reads it.
protocol _InterleavedLayout {
    /// Bytes of one row's block; a group's block is eight times as large.
    static var bytesPerBlock: Int { get }
    /// The offset c the unsigned levels carry, as in `_VectorBlockRow.offset`.
    static var offset: Float { get }
    /// The eight rows' integer dot products (lane r: row r, c·Σx included) of the levels at `levels` (after
    /// the scales) with one token's 32 activation levels at `x`.
    static func dot(_ levels: UnsafeRawPointer, _ x: UnsafeRawPointer) -> __m256i
}

/// `acc` plus, in each int32 lane, the dot product of that lane's four unsigned bytes with its four signed ones.
@inline(__always)
func accumulateDot(_ acc: __m256i, _ unsigned: __m256i, _ signed: __m256i) -> __m256i {
    VectorWidth.accumulateDot(acc, unsigned, signed)
}

/// LLVM's prefetch intrinsic, reached through its symbol name: Swift 6.3 imports `_mm_prefetch` (a macro) not at
/// all, and `_m_prefetch` as a call without effects, which the optimiser deletes.
@_silgen_name("llvm.prefetch.p0")
func _llvmPrefetch(_ address: UnsafeRawPointer, _ write: Int32, _ locality: Int32, _ data: Int32)

/// Asks for the cache lines `VectorKernels.prefetchDistance` bytes past the `bytes` bytes at `start` of one of
/// decode's weight streams (`prefetcht0`: a hint, which never faults, whatever the address).
@inline(__always)
func prefetchAhead(_ start: UnsafeRawPointer, bytes: Int) {
    var line = 0
    repeat {
        _llvmPrefetch(start + VectorKernels.prefetchDistance + line, 0, 3, 1)
        line += 64
    } while line < bytes
}

/// `prefetchAhead` for the `bytes` bytes at `start`, `offset` bytes into one of a panel's `streams` weight
/// streams, each `streamBytes` long, one after another. Near its end a stream would prefetch the next stream of
/// its own panel, already being read, and every stream but the first would begin the next panel cold; there it
/// prefetches the same place in the next panel (`streams` streams on) instead. (14336×4096, 2 threads, AVX-512
/// build, median share of the paired read: q4_K 91 → 95%, q5_K 89 → 92%, q6_K 90 → 92% in version 18.)
@inline(__always)
func prefetchPanelStream(_ start: UnsafeRawPointer, offset: Int, bytes: Int, streamBytes: Int, streams: Int) {
    let pastTheEnd = offset + bytes + VectorKernels.prefetchDistance > streamBytes
    prefetchAhead(pastTheEnd ? start + (streams - 1) * streamBytes : start, bytes: bytes)
}

/// Four activation levels `x[first ..< first + 4]` in every int32 lane (`vpbroadcastd` from memory).
@inline(__always)
func broadcastFour(_ x: UnsafeRawPointer, _ first: Int) -> __m256i {
    _mm256_set1_epi32(x.loadUnaligned(fromByteOffset: first, as: Int32.self))
}

enum InterleavedQ8_0: _InterleavedLayout {
    static var bytesPerBlock: Int { Q8_0Row.bytesPerBlock }
    static var offset: Float { Q8_0Row.offset }

    /// Eight chunks: chunk c holds levels 4c…4c+3 of each row.
    @inline(__always)
    static func dot(_ levels: UnsafeRawPointer, _ x: UnsafeRawPointer) -> __m256i {
        var even = _mm256_setzero_si256(), odd = _mm256_setzero_si256()
        for chunk in 0..<8 {
            let w = levels.loadUnaligned(fromByteOffset: 32 * chunk, as: __m256i.self)
            let (unsigned, signedLevels) = Q8_0Row.unsigned(w)
            let products = Q8_0Row.signed(broadcastFour(x, 4 * chunk), like: signedLevels)
            if chunk & 1 == 0 { even = accumulateDot(even, unsigned, products) } else { odd = accumulateDot(odd, unsigned, products) }
        }
        return _mm256_add_epi32(even, odd)
    }
}

enum InterleavedQ4_0: _InterleavedLayout {
    static var bytesPerBlock: Int { Q4_0Row.bytesPerBlock }
    static var offset: Float { Q4_0Row.offset }

    /// Four chunks: chunk c holds ggml's packed bytes 4c…4c+3 of each row, whose low nibbles are elements
    /// 4c…4c+3 and high nibbles elements 16+4c…16+4c+3.
    @inline(__always)
    static func dot(_ levels: UnsafeRawPointer, _ x: UnsafeRawPointer) -> __m256i {
        var low = _mm256_setzero_si256(), high = _mm256_setzero_si256()
        let mask = _mm256_set1_epi8(0x0f)
        for chunk in 0..<4 {
            let packed = levels.loadUnaligned(fromByteOffset: 32 * chunk, as: __m256i.self)
            low = accumulateDot(low, _mm256_and_si256(packed, mask), broadcastFour(x, 4 * chunk))
            high = accumulateDot(high, _mm256_and_si256(_mm256_srli_epi16(packed, 4), mask), broadcastFour(x, 16 + 4 * chunk))
        }
        return _mm256_add_epi32(low, high)
    }
}

/// Blocks of `Source` as GEMM's scratch holds them: the f32 scale, then the 32 unsigned bytes (36 bytes),
/// so each token tile loads a block with one vector load and one broadcast and nothing to unpack.
enum UnsignedBlocks<Source: _VectorBlockRow>: _VectorBlockRow {
    static var bytesPerBlock: Int { 36 }

    /// Worth a repacking pass: q4_0 always (its nibbles are spread once instead of per token tile); q8_0
    /// only where its unsigned bytes need no sign on the activations (AVX-512).
    static var isUseful: Bool { Source.offset != 0 }

    static var offset: Float { Source.offset }

    /// Converts blocks `columns / 32` of `rowCount` rows of `source` into `scratch`.
    static func repack(_ source: _UnsafeRows, rowCount: Int, columns: Range<Int>, into scratch: UnsafeMutableRawPointer) -> _UnsafeRows {
        let blocks = columns.lowerBound / 32..<columns.upperBound / 32
        let stride = blocks.count * bytesPerBlock
        for r in 0..<rowCount {
            for block in blocks {
                let unpacked = Source.block(source.row(r), block)
                let destination = scratch + r * stride + (block - blocks.lowerBound) * bytesPerBlock
                destination.storeBytes(of: unpacked.scale[0], as: Float.self)
                destination.storeBytes(of: unpacked.unsigned, toByteOffset: 4, as: __m256i.self)
            }
        }
        // Shifted back so that block index b of the matrix finds chunk block b − first.
        return _UnsafeRows(format: source.format, base: scratch - blocks.lowerBound * bytesPerBlock, stride: stride, isUnpacked: true)
    }

    @inline(__always)
    static func block(_ row: UnsafeRawPointer, _ index: Int) -> _VectorBlock {
        let base = row + index * bytesPerBlock
        let unsigned = base.loadUnaligned(fromByteOffset: 4, as: __m256i.self)
        return _VectorBlock(unsigned: unsigned, levels: unsigned, scale: SIMD8(repeating: base.loadUnaligned(as: Float.self)))
    }

    @inline(__always)
    static func levels(_ row: UnsafeRawPointer, _ index: Int) -> (unsigned: __m256i, levels: __m256i) {
        let unsigned = row.loadUnaligned(fromByteOffset: index * bytesPerBlock + 4, as: __m256i.self)
        return (unsigned, unsigned)
    }

    @inline(__always)
    static func scales8(_ row: UnsafeRawPointer, _ first: Int) -> SIMD8<Float> {
        @inline(__always) func d(_ u: Int) -> Float { row.loadUnaligned(fromByteOffset: (first + u) * bytesPerBlock, as: Float.self) }
        return SIMD8(d(0), d(1), d(2), d(3), d(4), d(5), d(6), d(7))
    }

    @inline(__always)
    static func signed(_ x: __m256i, like levels: __m256i) -> __m256i { x }
}
#endif
