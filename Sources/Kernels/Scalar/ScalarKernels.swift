/// The portable path: one output at a time, plain loops, the arithmetic the formats define
/// (integer block dot products scaled by d_w·d_x for q8_0/q4_0, as llama.cpp's reference does; for the
/// K-quants a super-block's exact integer total, as ggml's `vec_dot_q*_K_q8_K`).
/// It is the reference the AVX2 path is tested against, so it stays simple rather than fast.

enum ScalarKernels {
    static func multiply(_ job: _UnsafeMatMulJob, rows: Range<Int>) {
        for token in 0..<job.tokens {
            for row in rows {
                job.y[token * job.rows + row] = dot(job, row: row, token: token)
            }
        }
    }

    static func dot(_ job: _UnsafeMatMulJob, row: Int, token: Int) -> Float {
        let w = job.weights + row * job.bytesPerRow
        let k = job.columns
        switch job.format {
        case .f32, .f16, .bf16:
            let x = job.x + token * k
            var sum: Float = 0
            for j in 0..<k { sum += weight(w, job.format, j) * x[j] }
            return sum
        case .q8_0, .q4_0:
            let levels = job.levels! + token * k
            let scales = job.scales! + token * job.blocksPerRow
            var sum: Float = 0
            for block in 0..<job.blocksPerRow {
                var integerSum: Int32 = 0
                let q = levels + block * 32
                if job.format == .q8_0 {
                    let base = w + block * 34
                    for j in 0..<32 { integerSum += Int32(base.load(fromByteOffset: 2 + j, as: Int8.self)) * Int32(q[j]) }
                    sum += Float(integerSum) * (HalfPrecision.float(f16Bits: base.loadUnaligned(as: UInt16.self)) * scales[block])
                } else {
                    let base = w + block * 18
                    for j in 0..<16 {
                        let byte = base.load(fromByteOffset: 2 + j, as: UInt8.self)
                        integerSum += (Int32(byte & 0x0f) - 8) * Int32(q[j]) + (Int32(byte >> 4) - 8) * Int32(q[j + 16])
                    }
                    sum += Float(integerSum) * (HalfPrecision.float(f16Bits: base.loadUnaligned(as: UInt16.self)) * scales[block])
                }
            }
            return sum
        case .q4_K, .q5_K, .q6_K:
            return kQuantDot(job, row: w, token: token)
        }
    }

    /// One K-quant row with one token's activations (one scale d_x per 256 values, as ggml's q8_K): per
    /// super-block the integer dot products of its sub-blocks times their integer scales are summed exactly,
    /// then q4_K/q5_K add d_x·(d·Σ sc·Σqx − dmin·Σ m·Σx) and q6_K adds d_x·d·Σ sc·Σ(q − 32)·x, as ggml's
    /// `vec_dot_q*_K_q8_K` do.
    static func kQuantDot(_ job: _UnsafeMatMulJob, row: UnsafeRawPointer, token: Int) -> Float {
        let format = job.format, superBlocks = job.columns / KQuantization.superBlock
        let levels = job.levels! + token * job.columns, scales = job.scales! + token * superBlocks
        var sum: Float = 0
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: KQuantization.superBlock) { q in
            for superBlock in 0..<superBlocks {
                let block = row + superBlock * format.bytesPerBlock
                let x = levels + superBlock * KQuantization.superBlock
                KQuantization.levels(block, format: format, into: q.baseAddress!)
                if format == .q6_K {
                    let (d, sc) = KQuantization.q6Scales(block)
                    var total: Int32 = 0
                    for sub in 0..<16 {
                        var dot: Int32 = 0
                        for i in 16 * sub..<16 * sub + 16 { dot += (Int32(q[i]) - 32) * Int32(x[i]) }
                        total += Int32(sc[sub]) * dot
                    }
                    sum += scales[superBlock] * (d * Float(total))
                } else {
                    let (d, dmin, sc, m) = KQuantization.scalesAndMins(block)
                    var total: Int32 = 0, minTotal: Int32 = 0
                    for sub in 0..<8 {
                        var dot: Int32 = 0, xSum: Int32 = 0
                        for i in 32 * sub..<32 * sub + 32 {
                            dot += Int32(q[i]) * Int32(x[i])
                            xSum += Int32(x[i])
                        }
                        total += Int32(sc[sub]) * dot
                        minTotal += Int32(m[sub]) * xSum
                    }
                    sum += scales[superBlock] * (d * Float(total) - dmin * Float(minTotal))
                }
            }
        }
        return sum
    }

    @inline(__always)
    static func weight(_ row: UnsafeRawPointer, _ format: WeightFormat, _ j: Int) -> Float {
        switch format {
        case .f32: row.loadUnaligned(fromByteOffset: 4 * j, as: Float.self)
        case .f16: HalfPrecision.float(f16Bits: row.loadUnaligned(fromByteOffset: 2 * j, as: UInt16.self))
        case .bf16: HalfPrecision.float(bf16Bits: row.loadUnaligned(fromByteOffset: 2 * j, as: UInt16.self))
        default: preconditionFailure("block formats use integer dot products")
        }
    }
}
